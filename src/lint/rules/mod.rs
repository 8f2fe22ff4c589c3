//! One file per rule: its metadata, documentation and check.

pub mod comment_enum;
pub mod comment_enum_value;
pub mod comment_field;
pub mod comment_message;
pub mod comment_oneof;
pub mod comment_rpc;
pub mod comment_service;
pub mod directory_same_package;
pub mod enum_first_value_zero;
pub mod enum_no_allow_alias;
pub mod enum_pascal_case;
pub mod enum_value_name_not_reserved;
pub mod enum_value_number_no_reuse;
pub mod enum_value_number_not_reserved;
pub mod enum_value_prefix;
pub mod enum_value_upper_snake_case;
pub mod enum_zero_value_suffix;
pub mod field_lower_snake_case;
pub mod field_name_not_reserved;
pub mod field_no_descriptor;
pub mod field_not_required;
pub mod field_number_in_range;
pub mod field_number_no_reuse;
pub mod field_number_not_reserved;
pub mod file_lower_snake_case;
pub mod import_no_public;
pub mod import_no_weak;
pub mod import_used;
pub mod message_pascal_case;
pub mod oneof_lower_snake_case;
pub mod package_defined;
pub mod package_directory_match;
pub mod package_lower_snake_case;
pub mod package_no_import_cycle;
pub mod package_same_csharp_namespace;
pub mod package_same_directory;
pub mod package_same_go_package;
pub mod package_same_java_multiple_files;
pub mod package_same_java_package;
pub mod package_same_php_namespace;
pub mod package_same_ruby_package;
pub mod package_same_swift_prefix;
pub mod package_version_suffix;
pub mod protovalidate;
pub mod reserved_no_overlap;
pub mod rpc_no_client_streaming;
pub mod rpc_no_server_streaming;
pub mod rpc_pascal_case;
pub mod rpc_request_response_unique;
pub mod rpc_request_standard_name;
pub mod rpc_response_standard_name;
pub mod service_pascal_case;
pub mod service_suffix;
pub mod stable_package_no_import_unstable;
pub mod syntax_specified;

/// What every rule file needs.
/// The categories of protowright's own rules (number reuse, reserved names and numbers, ranges):
/// MINIMAL and everything above it, in every config version, so they are on by default.
pub(crate) const OWN_RULE_CATEGORIES: crate::check::PerVersion = {
    use crate::check::Category::{Basic, Default, Minimal, Standard};
    const ALL: &[crate::check::Category] = &[Minimal, Basic, Default, Standard];
    crate::check::PerVersion {
        v1beta1: Some(ALL),
        v1: Some(ALL),
        v2: Some(ALL),
    }
};

pub(crate) mod prelude {
    #[allow(unused_imports)]
    pub(crate) use std::collections::{BTreeMap, BTreeSet};

    #[allow(unused_imports)]
    pub(crate) use super::{comment_check, line_of, same_file_option, OWN_RULE_CATEGORIES};
    pub(crate) use crate::check::{Category, Kind, PerVersion, RuleMeta};
    #[allow(unused_imports)]
    pub(crate) use crate::lint::{
        child,
        names::{
            package_version, to_lower_snake_case, to_pascal_case, to_upper_snake_case, Stability,
        },
        registry::{Check, Rule},
        Ctx, EnumEl, EnumValueEl, FieldEl, FileEl, Files, ImportEl, MessageEl, MethodEl, OneofEl,
        ServiceEl,
    };
}

use prelude::*;

/// The 1-based line where the element at `path` starts (0 when it has no location).
pub(crate) fn line_of(file: &FileEl<'_>, path: &[i32]) -> i32 {
    file.location(path)
        .and_then(|l| l.span.first().copied())
        .map_or(0, |line| line + 1)
}

/// The `COMMENT_*` rules: the element at `path` needs a leading comment with at least one
/// non-empty line that is not a `buf:lint:ignore` directive. Elements without a location (map
/// entries, synthetic elements) are skipped.
pub(crate) fn comment_check(
    ctx: &mut Ctx<'_>,
    file: &FileEl<'_>,
    path: &[i32],
    type_name: &str,
    name: &str,
) {
    let Some(location) = file.location(path) else {
        return;
    };
    let comment = location.leading_comments.as_deref().unwrap_or("");
    let valid = comment
        .split('\n')
        .map(str::trim)
        .any(|line| !line.is_empty() && !line.starts_with(crate::lint::COMMENT_IGNORE_PREFIX));
    if !valid {
        ctx.report(
            file,
            Some(path),
            format!("{type_name} {name:?} should have a non-empty comment for documentation."),
        );
    }
}

/// The `PACKAGE_SAME_*` rules: all files of a package have the same value for a file option
/// (unset counts as a value of its own).
pub(crate) fn same_file_option(
    ctx: &mut Ctx<'_>,
    files: &Files<'_>,
    option: &str,
    path: &[i32],
    value: fn(&prost_types::FileOptions) -> Option<String>,
) {
    let mut by_package: BTreeMap<&str, Vec<&FileEl<'_>>> = BTreeMap::new();
    for file in &files.targets {
        by_package.entry(file.package()).or_default().push(file);
    }
    for (pkg, pkg_files) in by_package {
        let values: BTreeSet<String> = pkg_files
            .iter()
            .map(|f| f.proto.options.as_ref().and_then(value).unwrap_or_default())
            .collect();
        if values.len() < 2 {
            continue;
        }
        let unset = values.contains("");
        let joined = values
            .iter()
            .filter(|v| !v.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(",");
        let message = if unset {
            format!("Files in package {pkg:?} have both values {joined:?} and no value for option {option:?} and all values must be equal.")
        } else {
            format!("Files in package {pkg:?} have multiple values {joined:?} for option {option:?} and all values must be equal.")
        };
        for file in pkg_files {
            let at = file.location(path).map(|_| path);
            ctx.report(file, at, message.clone());
        }
    }
}
