//! Every breaking rule, registered once. Adding a rule: its file in `rules/`, one line here, one
//! fixture directory in `tests/fixtures/breaking/`.

use prost_reflect::EnumValueDescriptor;
use std::collections::BTreeMap;

use super::{
    element::{EnumEl, FieldEl, MessageEl, MethodEl, ServiceEl, Side},
    rules, Ctx,
};
use crate::check::RuleMeta;

/// Both sides at once (deleted files and packages, package-level deletions).
pub type SidesFn = fn(&mut Ctx<'_>, &Side, &Side);
/// A file pair: (previous, current) file indexes.
pub type FileFn = fn(&mut Ctx<'_>, usize, usize);
pub type MessageFn = fn(&mut Ctx<'_>, &MessageEl, &MessageEl);
/// Fields paired by number within a message, and extensions by (extendee, number).
pub type FieldFn = fn(&mut Ctx<'_>, &FieldEl, &FieldEl);
pub type EnumFn = fn(&mut Ctx<'_>, &EnumEl, &EnumEl);
/// The values of one number in an enum: (current enum, previous values by name, current values
/// by name).
pub type EnumValuesFn = fn(
    &mut Ctx<'_>,
    &EnumEl,
    &BTreeMap<String, EnumValueDescriptor>,
    &BTreeMap<String, EnumValueDescriptor>,
);
pub type ServiceFn = fn(&mut Ctx<'_>, &ServiceEl, &ServiceEl);
pub type MethodFn = fn(&mut Ctx<'_>, &MethodEl, &MethodEl);

/// What a rule compares. Rules never walk or pair; the engine does, once.
#[derive(Clone, Copy)]
pub enum Check {
    Sides(SidesFn),
    File(FileFn),
    Message(MessageFn),
    Field(FieldFn),
    Enum(EnumFn),
    EnumValues(EnumValuesFn),
    Service(ServiceFn),
    Method(MethodFn),
}

/// A breaking rule: its metadata and its checks (none for deprecated rules, which select their
/// replacements).
pub struct Rule {
    pub meta: RuleMeta,
    pub checks: &'static [Check],
}

/// Every breaking rule, in ID order (the catalogue sorts).
pub static RULES: &[&Rule] = &[
    &rules::enum_no_delete::RULE,
    &rules::enum_same_json_format::RULE,
    &rules::enum_same_type::RULE,
    &rules::enum_value_no_delete::RULE,
    &rules::enum_value_no_delete_unless_name_reserved::RULE,
    &rules::enum_value_no_delete_unless_number_reserved::RULE,
    &rules::enum_value_same_name::RULE,
    &rules::extension_message_no_delete::RULE,
    &rules::extension_no_delete::RULE,
    &rules::field_no_delete::RULE,
    &rules::field_no_delete_unless_name_reserved::RULE,
    &rules::field_no_delete_unless_number_reserved::RULE,
    &rules::field_same_cardinality::RULE,
    &rules::field_same_cpp_string_type::RULE,
    &rules::field_same_ctype::RULE,
    &rules::field_same_default::RULE,
    &rules::field_same_java_utf8_validation::RULE,
    &rules::field_same_json_name::RULE,
    &rules::field_same_jstype::RULE,
    &rules::field_same_label::RULE,
    &rules::field_same_name::RULE,
    &rules::field_same_oneof::RULE,
    &rules::field_same_type::RULE,
    &rules::field_same_utf8_validation::RULE,
    &rules::field_wire_compatible_cardinality::RULE,
    &rules::field_wire_compatible_type::RULE,
    &rules::field_wire_json_compatible_cardinality::RULE,
    &rules::field_wire_json_compatible_type::RULE,
    &rules::file_no_delete::RULE,
    &rules::file_same_cc_enable_arenas::RULE,
    &rules::file_same_cc_generic_services::RULE,
    &rules::file_same_csharp_namespace::RULE,
    &rules::file_same_go_package::RULE,
    &rules::file_same_java_generic_services::RULE,
    &rules::file_same_java_multiple_files::RULE,
    &rules::file_same_java_outer_classname::RULE,
    &rules::file_same_java_package::RULE,
    &rules::file_same_java_string_check_utf8::RULE,
    &rules::file_same_objc_class_prefix::RULE,
    &rules::file_same_optimize_for::RULE,
    &rules::file_same_package::RULE,
    &rules::file_same_php_class_prefix::RULE,
    &rules::file_same_php_generic_services::RULE,
    &rules::file_same_php_metadata_namespace::RULE,
    &rules::file_same_php_namespace::RULE,
    &rules::file_same_py_generic_services::RULE,
    &rules::file_same_ruby_package::RULE,
    &rules::file_same_swift_prefix::RULE,
    &rules::file_same_syntax::RULE,
    &rules::message_no_delete::RULE,
    &rules::message_no_remove_standard_descriptor_accessor::RULE,
    &rules::message_same_json_format::RULE,
    &rules::message_same_message_set_wire_format::RULE,
    &rules::message_same_required_fields::RULE,
    &rules::oneof_no_delete::RULE,
    &rules::package_enum_no_delete::RULE,
    &rules::package_extension_no_delete::RULE,
    &rules::package_message_no_delete::RULE,
    &rules::package_no_delete::RULE,
    &rules::package_service_no_delete::RULE,
    &rules::reserved_enum_no_delete::RULE,
    &rules::reserved_message_no_delete::RULE,
    &rules::rpc_no_delete::RULE,
    &rules::rpc_same_client_streaming::RULE,
    &rules::rpc_same_idempotency_level::RULE,
    &rules::rpc_same_request_type::RULE,
    &rules::rpc_same_response_type::RULE,
    &rules::rpc_same_server_streaming::RULE,
    &rules::service_no_delete::RULE,
];

/// The metadata of every breaking rule.
pub fn metas() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|r| &r.meta).collect()
}

pub fn get(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.id == id)
}
