//! One file per breaking rule: its metadata, documentation and check.

pub mod common;
pub mod enum_no_delete;
pub mod enum_same_json_format;
pub mod enum_same_type;
pub mod enum_value_no_delete;
pub mod enum_value_no_delete_unless_name_reserved;
pub mod enum_value_no_delete_unless_number_reserved;
pub mod enum_value_same_name;
pub mod extension_message_no_delete;
pub mod extension_no_delete;
pub mod field_no_delete;
pub mod field_no_delete_unless_name_reserved;
pub mod field_no_delete_unless_number_reserved;
pub mod field_same_cardinality;
pub mod field_same_cpp_string_type;
pub mod field_same_ctype;
pub mod field_same_default;
pub mod field_same_java_utf8_validation;
pub mod field_same_json_name;
pub mod field_same_jstype;
pub mod field_same_label;
pub mod field_same_name;
pub mod field_same_oneof;
pub mod field_same_type;
pub mod field_same_utf8_validation;
pub mod field_wire_compatible_cardinality;
pub mod field_wire_compatible_type;
pub mod field_wire_json_compatible_cardinality;
pub mod field_wire_json_compatible_type;
pub mod file_no_delete;
pub mod file_same_cc_enable_arenas;
pub mod file_same_cc_generic_services;
pub mod file_same_csharp_namespace;
pub mod file_same_go_package;
pub mod file_same_java_generic_services;
pub mod file_same_java_multiple_files;
pub mod file_same_java_outer_classname;
pub mod file_same_java_package;
pub mod file_same_java_string_check_utf8;
pub mod file_same_objc_class_prefix;
pub mod file_same_optimize_for;
pub mod file_same_package;
pub mod file_same_php_class_prefix;
pub mod file_same_php_generic_services;
pub mod file_same_php_metadata_namespace;
pub mod file_same_php_namespace;
pub mod file_same_py_generic_services;
pub mod file_same_ruby_package;
pub mod file_same_swift_prefix;
pub mod file_same_syntax;
pub mod message_no_delete;
pub mod message_no_remove_standard_descriptor_accessor;
pub mod message_same_json_format;
pub mod message_same_message_set_wire_format;
pub mod message_same_required_fields;
pub mod oneof_no_delete;
pub mod package_enum_no_delete;
pub mod package_extension_no_delete;
pub mod package_message_no_delete;
pub mod package_no_delete;
pub mod package_service_no_delete;
pub mod reserved_enum_no_delete;
pub mod reserved_message_no_delete;
pub mod rpc_no_delete;
pub mod rpc_same_client_streaming;
pub mod rpc_same_idempotency_level;
pub mod rpc_same_request_type;
pub mod rpc_same_response_type;
pub mod rpc_same_server_streaming;
pub mod service_no_delete;

/// What every rule file uses.
pub(crate) mod prelude {
    pub use std::collections::BTreeMap;

    pub use prost_reflect::{EnumValueDescriptor, Kind as FieldKind};
    pub use prost_types::field_descriptor_proto::Label;

    pub use super::super::{
        element::{Cardinality, EnumEl, FieldEl, MessageEl, MethodEl, ServiceEl, Side},
        registry::{Check, Rule},
        At, Ctx,
    };
    pub use super::common::*;
    pub use crate::check::{Category, Kind, PerVersion, RuleMeta};
}
