//! Every lint rule, registered once. Adding a rule: its file in `rules/`, one line here, one
//! fixture directory in `tests/fixtures/lint/`.

use super::{
    element::{
        EnumEl, EnumValueEl, FieldEl, FileEl, Files, ImportEl, MessageEl, MethodEl, OneofEl,
        ServiceEl,
    },
    rules, Ctx,
};
use crate::check::RuleMeta;

/// A check of Files elements.
pub type FilesFn = fn(&mut Ctx<'_>, &Files<'_>);
/// A check of FileEl elements.
pub type FileFn = fn(&mut Ctx<'_>, &FileEl<'_>);
/// A check of ImportEl elements.
pub type ImportFn = fn(&mut Ctx<'_>, &ImportEl<'_>);
/// A check of MessageEl elements.
pub type MessageFn = fn(&mut Ctx<'_>, &MessageEl<'_>);
/// A check of FieldEl elements.
pub type FieldFn = fn(&mut Ctx<'_>, &FieldEl<'_>);
/// A check of OneofEl elements.
pub type OneofFn = fn(&mut Ctx<'_>, &OneofEl<'_>);
/// A check of EnumEl elements.
pub type EnumFn = fn(&mut Ctx<'_>, &EnumEl<'_>);
/// A check of EnumValueEl elements.
pub type EnumValueFn = fn(&mut Ctx<'_>, &EnumValueEl<'_>);
/// A check of ServiceEl elements.
pub type ServiceFn = fn(&mut Ctx<'_>, &ServiceEl<'_>);
/// A check of MethodEl elements.
pub type MethodFn = fn(&mut Ctx<'_>, &MethodEl<'_>);

/// How a rule checks: the element kind it receives. Rules never walk the tree; the engine walks
/// each file once and calls every enabled rule for every element of the kind it asked for.
#[derive(Clone, Copy)]
pub enum Check {
    /// All files of the run at once (package and directory consistency, cycles, RPC reuse).
    Files(FilesFn),
    File(FileFn),
    Import(ImportFn),
    Message(MessageFn),
    /// Fields and extensions (in messages and at file level).
    Field(FieldFn),
    Oneof(OneofFn),
    Enum(EnumFn),
    EnumValue(EnumValueFn),
    Service(ServiceFn),
    Method(MethodFn),
}

/// A lint rule: its metadata and its checks.
pub struct Rule {
    pub meta: RuleMeta,
    pub checks: &'static [Check],
    /// Whether the rule works on parsed, unlinked descriptors, so it also runs on files that do
    /// not compile (our own `FIELD_NUMBER_*`, `ENUM_VALUE_*`, `RESERVED_NO_OVERLAP` rules).
    /// Every other rule needs the linked model.
    pub unlinked: bool,
}

/// Every lint rule, in no particular order (the catalogue sorts).
pub static RULES: &[&Rule] = &[
    // buf's rules.
    &rules::comment_enum::RULE,
    &rules::comment_enum_value::RULE,
    &rules::comment_field::RULE,
    &rules::comment_message::RULE,
    &rules::comment_oneof::RULE,
    &rules::comment_rpc::RULE,
    &rules::comment_service::RULE,
    &rules::directory_same_package::RULE,
    &rules::enum_first_value_zero::RULE,
    &rules::enum_no_allow_alias::RULE,
    &rules::enum_pascal_case::RULE,
    &rules::enum_value_prefix::RULE,
    &rules::enum_value_upper_snake_case::RULE,
    &rules::enum_zero_value_suffix::RULE,
    &rules::field_lower_snake_case::RULE,
    &rules::field_no_descriptor::RULE,
    &rules::field_not_required::RULE,
    &rules::file_lower_snake_case::RULE,
    &rules::import_no_public::RULE,
    &rules::import_no_weak::RULE,
    &rules::import_used::RULE,
    &rules::message_pascal_case::RULE,
    &rules::oneof_lower_snake_case::RULE,
    &rules::package_defined::RULE,
    &rules::package_directory_match::RULE,
    &rules::package_lower_snake_case::RULE,
    &rules::package_no_import_cycle::RULE,
    &rules::package_same_csharp_namespace::RULE,
    &rules::package_same_directory::RULE,
    &rules::package_same_go_package::RULE,
    &rules::package_same_java_multiple_files::RULE,
    &rules::package_same_java_package::RULE,
    &rules::package_same_php_namespace::RULE,
    &rules::package_same_ruby_package::RULE,
    &rules::package_same_swift_prefix::RULE,
    &rules::package_version_suffix::RULE,
    &rules::protovalidate::RULE,
    &rules::rpc_no_client_streaming::RULE,
    &rules::rpc_no_server_streaming::RULE,
    &rules::rpc_pascal_case::RULE,
    &rules::rpc_request_response_unique::RULE,
    &rules::rpc_request_standard_name::RULE,
    &rules::rpc_response_standard_name::RULE,
    &rules::service_pascal_case::RULE,
    &rules::service_suffix::RULE,
    &rules::stable_package_no_import_unstable::RULE,
    &rules::syntax_specified::RULE,
    // Our own rules, on unlinked descriptors.
    &rules::enum_value_name_not_reserved::RULE,
    &rules::enum_value_number_no_reuse::RULE,
    &rules::enum_value_number_not_reserved::RULE,
    &rules::field_name_not_reserved::RULE,
    &rules::field_number_in_range::RULE,
    &rules::field_number_no_reuse::RULE,
    &rules::field_number_not_reserved::RULE,
    &rules::reserved_no_overlap::RULE,
];

/// The metadata of every lint rule.
pub fn metas() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|r| &r.meta).collect()
}

pub fn get(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.id == id)
}
