//! Python naming as protoc writes it (protobuf's `compiler/python/helpers.cc`): modules,
//! aliases, keyword escaping, nested names, declaration order.

use prost_reflect::{EnumDescriptor, FieldDescriptor, FileDescriptor, MessageDescriptor};

pub(super) const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "print",
];

/// Whether a name is reserved in Python (protoc's list, which includes `print`).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether any dotted segment of a module path is a keyword.
pub fn contains_keyword(module: &str) -> bool {
    module.split('.').any(is_keyword)
}

pub(super) fn strip_proto(name: &str) -> &str {
    name.strip_suffix(".protodevel")
        .or_else(|| name.strip_suffix(".proto"))
        .unwrap_or(name)
}

/// `a/b-c.proto` → `a.b_c_pb2`.
pub fn module_name(file: &str) -> String {
    format!(
        "{}_pb2",
        strip_proto(file).replace('-', "_").replace('/', ".")
    )
}

/// `google/protobuf/timestamp.proto` → `google_dot_protobuf_dot_timestamp__pb2`.
pub fn module_alias(file: &str) -> String {
    module_name(file).replace('_', "__").replace('.', "_dot_")
}

/// `from a.b import c` / `import c` for a dotted module path; relative paths (`.c`, `..a.c`)
/// give `from . import c`, `from ..a import c`.
pub(super) fn import_statement(module: &str) -> String {
    let rest = module.trim_start_matches('.');
    let dots = &module[..module.len() - rest.len()];
    match rest.rfind('.') {
        Some(dot) => format!("from {dots}{} import {}", &rest[..dot], &rest[dot + 1..]),
        None if !dots.is_empty() => format!("from {dots} import {rest}"),
        None => format!("import {rest}"),
    }
}

/// The module path `from` uses to import `dep`'s `_pb2` module: absolute (`a.b.c_pb2`), or
/// relative to `from`'s package (`.c_pb2`, `..a.c_pb2`) when `local` (the files generated into
/// the same output directory, option `relative_imports`) contains `dep`.
pub fn module_ref(
    from: &str,
    dep: &str,
    local: Option<&std::collections::BTreeSet<String>>,
) -> String {
    let module = module_name(dep);
    if !local.is_some_and(|l| l.contains(dep)) {
        return module;
    }
    let from_module = module_name(from);
    let here: Vec<&str> = from_module.split('.').collect();
    let here = &here[..here.len() - 1];
    let there: Vec<&str> = module.split('.').collect();
    let common = here
        .iter()
        .zip(&there[..there.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "{}{}",
        ".".repeat(here.len() - common + 1),
        there[common..].join(".")
    )
}

/// Names of the containing messages and the element itself, joined by `sep`; with `.`, keyword
/// names go through `getattr`/`globals()` as protoc writes them.
pub(super) fn nested_name(name: &str, parents: &[String], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parents
        .iter()
        .chain(std::iter::once(&name.to_string()))
        .enumerate()
    {
        if i == 0 {
            out = if sep == "." && is_keyword(part) {
                format!("globals()['{part}']")
            } else {
                part.clone()
            };
        } else if sep == "." && is_keyword(part) {
            out = format!("getattr({out}, '{part}')");
        } else {
            out = format!("{out}{sep}{part}");
        }
    }
    out
}

/// Fields in declaration order (prost-reflect iterates them by number).
pub(super) fn fields_in_order(m: &MessageDescriptor) -> Vec<FieldDescriptor> {
    m.descriptor_proto()
        .field
        .iter()
        .filter_map(|f| m.get_field_by_name(f.name()))
        .collect()
}

/// Enum value names in declaration order (prost-reflect iterates aliases by number).
pub(super) fn value_names(e: &EnumDescriptor) -> Vec<String> {
    e.enum_descriptor_proto()
        .value
        .iter()
        .map(|v| v.name().to_string())
        .collect()
}

pub(super) fn message_parents(mut parent: Option<MessageDescriptor>) -> Vec<String> {
    let mut names = Vec::new();
    while let Some(p) = parent {
        names.push(p.name().to_string());
        parent = p.parent_message();
    }
    names.reverse();
    names
}

pub(super) fn message_nested_name(m: &MessageDescriptor, sep: &str) -> String {
    nested_name(m.name(), &message_parents(m.parent_message()), sep)
}

pub(super) fn enum_nested_name(e: &EnumDescriptor, sep: &str) -> String {
    nested_name(e.name(), &message_parents(e.parent_message()), sep)
}

/// `_OUTER_INNER`: the module-level name of a descriptor object in `_pb2.py`.
pub(super) fn descriptor_var(nested_underscored: &str) -> String {
    format!("_{}", nested_underscored.to_ascii_uppercase())
}

pub(super) fn dependency_names(file: &FileDescriptor) -> Vec<String> {
    file.file_descriptor_proto().dependency.clone()
}

pub(super) fn public_dependency_names(file: &FileDescriptor) -> Vec<String> {
    let proto = file.file_descriptor_proto();
    proto
        .public_dependency
        .iter()
        .filter_map(|i| proto.dependency.get(*i as usize).cloned())
        .collect()
}

pub(super) fn pool_file(file: &FileDescriptor, name: &str) -> Option<FileDescriptor> {
    file.parent_pool().get_file_by_name(name)
}
