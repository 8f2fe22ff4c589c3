//! Checks protoc and buf make after linking that protox does not.

use std::collections::BTreeMap;

use prost_reflect::DescriptorPool;

use crate::finding::{Finding, COMPILE};

/// The span a linked file's source info records for a path (the model may keep source info out of
/// the pool: see [`super::Keep`]).
pub type Locate<'a> = dyn Fn(&prost_reflect::FileDescriptor, &[i32]) -> Option<Vec<i32>> + 'a;

/// How a file is shown in findings: its external path.
fn shown(external: &BTreeMap<String, String>, name: &str) -> String {
    external
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// Whether a file says `optimize_for = LITE_RUNTIME`.
fn is_lite(file: &prost_reflect::FileDescriptor) -> bool {
    const LITE_RUNTIME: i32 = 3;
    file.file_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.optimize_for)
        == Some(LITE_RUNTIME)
}

/// The first lite file a file that is not lite imports (protoc and buf refuse it).
pub fn lite_import(file: &prost_reflect::FileDescriptor) -> Option<prost_reflect::FileDescriptor> {
    if is_lite(file) {
        return None;
    }
    file.dependencies().find(is_lite)
}

/// `optimize_for = LITE_RUNTIME` files may only be imported by lite files: a file that is not
/// lite importing one that is, is a compile error at the import (buf: "`LITE_RUNTIME` file
/// imported in non-`LITE_RUNTIME` file").
/// `text` gives a file's source, to point at the imported name as buf does.
pub fn lite_imports(
    pool: &DescriptorPool,
    external: &BTreeMap<String, String>,
    text: impl Fn(&str) -> Option<std::sync::Arc<str>>,
    locate: &Locate<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in pool.files() {
        if is_lite(&file) {
            continue;
        }
        for dep in file.dependencies().filter(is_lite) {
            let index = file
                .file_descriptor_proto()
                .dependency
                .iter()
                .position(|d| d == dep.name());
            let (start_line, mut start_column, end_line, mut end_column) = index
                .and_then(|i| locate(&file, &[3, i as i32]))
                .map(|span| super::span_to_position(&span))
                .unwrap_or((1, 1, 1, 1));
            // The quoted name within the statement.
            if let Some(line) = text(file.name())
                .and_then(|t| t.lines().nth(start_line as usize - 1).map(str::to_string))
            {
                let chars: Vec<char> = line.chars().collect();
                let from = start_column as usize - 1;
                if let Some(open) = (from..chars.len()).find(|&i| matches!(chars[i], '"' | '\'')) {
                    let close = (open + 1..chars.len()).find(|&i| chars[i] == chars[open]);
                    start_column = open as u32 + 1;
                    if let (Some(close), true) = (close, end_line == start_line) {
                        end_column = close as u32 + 2;
                    }
                }
            }
            out.push(Finding {
                path: shown(external, file.name()),
                start_line,
                start_column,
                end_line,
                end_column,
                rule: COMPILE.into(),
                message: "`LITE_RUNTIME` file imported in non-`LITE_RUNTIME` file".into(),
                policy: None,
            });
        }
    }
    out
}

/// A field or enum value whose name its parent reserves is a compile error at the name (buf:
/// "use of reserved message field name" / "use of reserved enum value name"; protox accepts it).
pub fn reserved_names(
    pool: &DescriptorPool,
    external: &BTreeMap<String, String>,
    locate: &Locate<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut report = |file: &prost_reflect::FileDescriptor, path: &[i32], message: &str| {
        let name_path: Vec<i32> = path.iter().copied().chain([1]).collect();
        let span = locate(file, &name_path)
            .map(|span| super::span_to_position(&span))
            .unwrap_or((1, 1, 1, 1));
        out.push(Finding {
            path: shown(external, file.name()),
            start_line: span.0,
            start_column: span.1,
            end_line: span.2,
            end_column: span.3,
            rule: COMPILE.into(),
            message: message.into(),
            policy: None,
        });
    };
    for message in pool.all_messages() {
        let reserved: Vec<&str> = message.reserved_names().collect();
        if reserved.is_empty() {
            continue;
        }
        for field in message.fields() {
            if reserved.contains(&field.name()) {
                report(
                    &message.parent_file(),
                    field.path(),
                    "use of reserved message field name",
                );
            }
        }
    }
    for enumeration in pool.all_enums() {
        let reserved: Vec<&str> = enumeration.reserved_names().collect();
        if reserved.is_empty() {
            continue;
        }
        for value in enumeration.values() {
            if reserved.contains(&value.name()) {
                report(
                    &enumeration.parent_file(),
                    value.path(),
                    "use of reserved enum value name",
                );
            }
        }
    }
    out
}
