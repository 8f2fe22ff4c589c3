//! The Python target: `_pb2.py`, `_pb2.pyi` and `_pb2_grpc.py`, matching protoc's built-in
//! Python generators and grpcio-tools' gRPC plugin byte for byte.
//!
//! Everything printed is computed here — module names and aliases, keyword handling, imports,
//! the embedded descriptor and its offsets, type hints, docstrings. The templates in
//! `templates/python/` only lay the values out.

use std::collections::{BTreeSet, HashMap, HashSet};

use prost::encoding::{decode_key, decode_varint, WireType};
use prost_reflect::{
    Cardinality, EnumDescriptor, FieldDescriptor, FileDescriptor, Kind, MessageDescriptor,
};
use prost_types::source_code_info::Location;
use serde::Serialize;

use super::{escape, safe_relative_path, Files};
use crate::{
    model::{FileEncoding, Model},
    render::Renderer,
    Error, Result,
};

/// What the generators stamp into their output. The defaults are grpcio-tools 1.85.1 with its
/// bundled protoc 35.1.
#[derive(Debug, Clone, Serialize)]
pub struct Versions {
    /// `# Protobuf Python Version:` in `_pb2.py`.
    pub protobuf_python: String,
    /// The runtime version `_pb2.py` checks for: major, minor, patch, suffix.
    pub runtime_major: u32,
    pub runtime_minor: u32,
    pub runtime_patch: u32,
    pub runtime_suffix: String,
    /// `GRPC_GENERATED_VERSION` in `_pb2_grpc.py`.
    pub grpc: String,
}

impl Default for Versions {
    fn default() -> Self {
        Versions {
            protobuf_python: "7.35.1".into(),
            runtime_major: 7,
            runtime_minor: 35,
            runtime_patch: 1,
            runtime_suffix: String::new(),
            grpc: "1.85.1".into(),
        }
    }
}

/// Which Python file to generate per `.proto` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PyKind {
    /// `protoc --python_out`: `x_pb2.py`.
    Pb2,
    /// `protoc --pyi_out`: `x_pb2.pyi`.
    Pyi,
    /// `grpc_python` plugin: `x_pb2_grpc.py`.
    Grpc,
}

impl PyKind {
    pub fn template(self) -> &'static str {
        match self {
            PyKind::Pb2 => "python/pb2.py",
            PyKind::Pyi => "python/pb2.pyi",
            PyKind::Grpc => "python/pb2_grpc.py",
        }
    }
}

/// Generates one kind of Python file for each named file of the model.
pub fn generate(
    model: &Model,
    files: &[String],
    kind: PyKind,
    versions: &Versions,
    renderer: &Renderer,
) -> Result<Files> {
    let mut out = Files::new();
    for name in files {
        let file = model
            .pool
            .get_file_by_name(name)
            .ok_or_else(|| Error::other(format!("{name}: not in the compiled model")))?;
        let (path, text) = match kind {
            PyKind::Pb2 => {
                let view = pb2_view(model, &file, versions)?;
                (
                    view.output_path.clone(),
                    renderer.render(kind.template(), &view)?,
                )
            }
            PyKind::Pyi => {
                let view = pyi_view(&file);
                (
                    view.output_path.clone(),
                    renderer.render(kind.template(), &view)?,
                )
            }
            PyKind::Grpc => {
                let view = grpc_view(&file, versions);
                (
                    view.output_path.clone(),
                    renderer.render(kind.template(), &view)?,
                )
            }
        };
        out.insert(safe_relative_path(&path, "python")?, text);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Naming (protobuf's compiler/python/helpers.cc)

const KEYWORDS: &[&str] = &[
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

fn strip_proto(name: &str) -> &str {
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

/// `from a.b import c` / `import c` for a dotted module path.
fn import_statement(module: &str) -> String {
    match module.rfind('.') {
        Some(dot) => format!("from {} import {}", &module[..dot], &module[dot + 1..]),
        None => format!("import {module}"),
    }
}

/// Names of the containing messages and the element itself, joined by `sep`; with `.`, keyword
/// names go through `getattr`/`globals()` as protoc writes them.
fn nested_name(name: &str, parents: &[String], sep: &str) -> String {
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
fn fields_in_order(m: &MessageDescriptor) -> Vec<FieldDescriptor> {
    m.descriptor_proto()
        .field
        .iter()
        .filter_map(|f| m.get_field_by_name(f.name()))
        .collect()
}

/// Enum value names in declaration order (prost-reflect iterates aliases by number).
fn value_names(e: &EnumDescriptor) -> Vec<String> {
    e.enum_descriptor_proto()
        .value
        .iter()
        .map(|v| v.name().to_string())
        .collect()
}

fn message_parents(mut parent: Option<MessageDescriptor>) -> Vec<String> {
    let mut names = Vec::new();
    while let Some(p) = parent {
        names.push(p.name().to_string());
        parent = p.parent_message();
    }
    names.reverse();
    names
}

fn message_nested_name(m: &MessageDescriptor, sep: &str) -> String {
    nested_name(m.name(), &message_parents(m.parent_message()), sep)
}

fn enum_nested_name(e: &EnumDescriptor, sep: &str) -> String {
    nested_name(e.name(), &message_parents(e.parent_message()), sep)
}

/// `_OUTER_INNER`: the module-level name of a descriptor object in `_pb2.py`.
fn descriptor_var(nested_underscored: &str) -> String {
    format!("_{}", nested_underscored.to_ascii_uppercase())
}

// ---------------------------------------------------------------------------------------------
// Comments

fn locations(file: &FileDescriptor) -> HashMap<Vec<i32>, Location> {
    file.file_descriptor_proto()
        .source_code_info
        .as_ref()
        .map(|info| {
            info.location
                .iter()
                .map(|l| (l.path.clone(), l.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Comments of one element, as shown to templates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comments {
    pub leading: String,
    pub trailing: String,
    pub leading_detached: Vec<String>,
}

fn comments(locs: &HashMap<Vec<i32>, Location>, path: &[i32]) -> Comments {
    locs.get(path)
        .map(|l| Comments {
            leading: l.leading_comments.clone().unwrap_or_default(),
            trailing: l.trailing_comments.clone().unwrap_or_default(),
            leading_detached: l.leading_detached_comments.clone(),
        })
        .unwrap_or_default()
}

/// gRPC's docstring: detached, leading and trailing comment lines (like `std::getline`), each
/// with leading spaces removed; a placeholder when there are none.
fn grpc_docstring(c: &Comments) -> String {
    fn lines(text: &str, out: &mut Vec<String>) {
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('\n') {
                Some(i) => {
                    out.push(rest[..i].to_string());
                    rest = &rest[i + 1..];
                }
                None => {
                    out.push(rest.to_string());
                    rest = "";
                }
            }
        }
    }
    let mut all = Vec::new();
    for d in &c.leading_detached {
        lines(d, &mut all);
        all.push(String::new());
    }
    lines(&c.leading, &mut all);
    lines(&c.trailing, &mut all);
    if all.is_empty() {
        return "\"\"\"Missing associated documentation comment in .proto file.\"\"\"".into();
    }
    let mut out = String::from("\"\"\"");
    for line in &all {
        out.push_str(line.trim_start_matches(' '));
        out.push('\n');
    }
    out.push_str("\"\"\"");
    out
}

// ---------------------------------------------------------------------------------------------
// Encoded descriptor walking

/// Payloads of every length-delimited occurrence of field `number` in an encoded message.
fn payloads(message: &[u8], number: u32) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut buf = message;
    while !buf.is_empty() {
        let Ok((n, wt)) = decode_key(&mut buf) else {
            break;
        };
        match wt {
            WireType::Varint => {
                if decode_varint(&mut buf).is_err() {
                    break;
                }
            }
            WireType::SixtyFourBit => buf = buf.get(8..).unwrap_or_default(),
            WireType::ThirtyTwoBit => buf = buf.get(4..).unwrap_or_default(),
            WireType::LengthDelimited => {
                let Ok(len) = decode_varint(&mut buf) else {
                    break;
                };
                let len = len as usize;
                if len > buf.len() {
                    break;
                }
                if n == number {
                    out.push(&buf[..len]);
                }
                buf = &buf[len..];
            }
            _ => break,
        }
    }
    out
}

/// The `options` of an encoded element, escaped as protoc prints them; `None` when empty.
fn options_value(element: &[u8], options_field: u32) -> Option<String> {
    payloads(element, options_field)
        .last()
        .filter(|o| !o.is_empty())
        .map(|o| format!("b'{}'", escape::c_escape(o)))
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return 0;
    }
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// _pb2.py

/// The view of one `_pb2.py` file.
#[derive(Debug, Serialize)]
pub struct Pb2View {
    /// The `.proto` file name (`greeter/v1/greeter.proto`).
    pub proto_name: String,
    /// The proto package.
    pub package: String,
    /// The Python module (`greeter.v1.greeter_pb2`).
    pub module_name: String,
    /// The output path (`greeter/v1/greeter_pb2.py`).
    pub output_path: String,
    pub versions: Versions,
    /// One per dependency, in import order.
    pub imports: Vec<Pb2Import>,
    /// Modules re-exported with `from … import *` (public imports).
    pub public_imports: Vec<String>,
    /// The serialized FileDescriptorProto (no source info, source-retention options removed),
    /// escaped for a Python bytes literal.
    pub serialized: String,
    /// `_loaded_options`/`_serialized_options` fixes in protoc's order.
    pub option_fixes: Vec<OptionFix>,
    /// `_serialized_start`/`_serialized_end` of every message, enum and service.
    pub intervals: Vec<Interval>,
    /// `option py_generic_services = true` with services.
    pub generic_services: bool,
    /// Messages and enums (nested ones flattened), for custom templates.
    pub types: Vec<TypeNode>,
    pub services: Vec<ServiceNode>,
}

#[derive(Debug, Serialize)]
pub struct Pb2Import {
    /// The `.proto` file imported.
    pub proto_name: String,
    /// Its Python module.
    pub module: String,
    /// The alias the module is bound to.
    pub alias: String,
    /// `from a.b import c` (or `import c`).
    pub statement: String,
    /// The module path has a keyword: imported through `importlib`.
    pub importlib: bool,
    /// The first `importlib` import (print `import importlib` before it).
    pub first_importlib: bool,
    /// Aliases forwarded from this dependency's public imports.
    pub public_aliases: Vec<PublicAlias>,
}

#[derive(Debug, Serialize)]
pub struct PublicAlias {
    pub alias: String,
    pub module: String,
    /// The alias of the directly imported module that forwards it.
    pub copy_from: String,
}

#[derive(Debug, Serialize)]
pub struct OptionFix {
    /// The Python expression of the descriptor (`_globals['_MSG'].fields_by_name['x']`).
    pub target: String,
    /// Its serialized options as a bytes literal; `null` only for the file without options.
    pub value: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Interval {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Serialize)]
pub struct TypeNode {
    /// `message` or `enum`.
    pub kind: &'static str,
    pub proto_name: String,
    pub full_name: String,
    /// The Python name (`Outer.Inner`).
    pub name: String,
    /// The module-level descriptor variable (`_OUTER_INNER`).
    pub descriptor_name: String,
    pub comments: Comments,
}

#[derive(Debug, Serialize)]
pub struct ServiceNode {
    pub proto_name: String,
    pub full_name: String,
    pub name: String,
    pub descriptor_name: String,
    pub comments: Comments,
}

fn dependency_names(file: &FileDescriptor) -> Vec<String> {
    file.file_descriptor_proto().dependency.clone()
}

fn public_dependency_names(file: &FileDescriptor) -> Vec<String> {
    let proto = file.file_descriptor_proto();
    proto
        .public_dependency
        .iter()
        .filter_map(|i| proto.dependency.get(*i as usize).cloned())
        .collect()
}

fn pool_file(file: &FileDescriptor, name: &str) -> Option<FileDescriptor> {
    file.parent_pool().get_file_by_name(name)
}

fn copy_public_aliases(copy_from: &str, file: Option<FileDescriptor>, out: &mut Vec<PublicAlias>) {
    let Some(file) = file else { return };
    for dep in public_dependency_names(&file) {
        out.push(PublicAlias {
            alias: module_alias(&dep),
            module: module_name(&dep),
            copy_from: copy_from.to_string(),
        });
        copy_public_aliases(copy_from, pool_file(&file, &dep), out);
    }
}

pub fn pb2_view(model: &Model, file: &FileDescriptor, versions: &Versions) -> Result<Pb2View> {
    let name = file.name().to_string();
    if name == "google/protobuf/descriptor.proto" {
        return Err(Error::other(
            "google/protobuf/descriptor.proto: generating the Python descriptor module itself is not supported",
        ));
    }
    let bytes = model
        .encode_file(
            &name,
            FileEncoding {
                protoc_option_order: false,
                include_source_info: false,
                explicit_json_names_only: true,
                strip_source_retention: true,
                protoc_float_defaults: true,
            },
        )
        .ok_or_else(|| Error::other(format!("{name}: not in the compiled model")))?;
    let locs = locations(file);

    let mut imports = Vec::new();
    let mut seen_importlib = false;
    for dep in dependency_names(file) {
        let module = module_name(&dep);
        let alias = module_alias(&dep);
        let importlib = contains_keyword(&module);
        let first_importlib = importlib && !seen_importlib;
        seen_importlib |= importlib;
        let mut public_aliases = Vec::new();
        copy_public_aliases(&alias, pool_file(file, &dep), &mut public_aliases);
        imports.push(Pb2Import {
            proto_name: dep.clone(),
            statement: import_statement(&module),
            module,
            alias,
            importlib,
            first_importlib,
            public_aliases,
        });
    }
    let public_imports = public_dependency_names(file)
        .iter()
        .map(|d| module_name(d))
        .collect();

    // Option fixes, in FixAllDescriptorOptions' order.
    let mut option_fixes = Vec::new();
    match options_value(&bytes, 8) {
        Some(v) => fix("DESCRIPTOR", Some(v), &mut option_fixes),
        None => option_fixes.push(OptionFix {
            target: "DESCRIPTOR".into(),
            value: None,
        }),
    }
    let enum_protos = payloads(&bytes, 5);
    let message_protos = payloads(&bytes, 4);
    let service_protos = payloads(&bytes, 6);
    let ext_protos = payloads(&bytes, 7);
    for (e, proto) in file.enums().zip(enum_protos.iter()) {
        fix_enum(&e, proto, &mut option_fixes);
    }
    for (x, proto) in file.extensions().zip(ext_protos.iter()) {
        fix(x.name(), options_value(proto, 8), &mut option_fixes);
    }
    for (m, proto) in file.messages().zip(message_protos.iter()) {
        fix_message(&m, proto, &mut option_fixes);
    }
    for (s, sp) in file.services().zip(service_protos.iter()) {
        let var = descriptor_var(s.name());
        fix(&var, options_value(sp, 3), &mut option_fixes);
        for (m, mp) in s.methods().zip(payloads(sp, 2)) {
            fix(
                &format!("{var}.methods_by_name['{}']", m.name()),
                options_value(mp, 4),
                &mut option_fixes,
            );
        }
    }

    // Offsets.
    let mut intervals = Vec::new();
    for (e, proto) in file.enums().zip(enum_protos.iter()) {
        let name = descriptor_var(&enum_nested_name(&e, "_"));
        intervals.push(interval(&bytes, name, proto));
    }
    for (m, proto) in file.messages().zip(message_protos.iter()) {
        message_intervals(&bytes, &m, proto, &mut intervals);
    }
    for (s, sp) in file.services().zip(service_protos.iter()) {
        intervals.push(interval(&bytes, descriptor_var(s.name()), sp));
    }

    let mut types = Vec::new();
    for m in file.messages() {
        collect_types(&m, &locs, &mut types);
    }
    for e in file.enums() {
        types.push(enum_node(&e, &locs));
    }
    let services = file
        .services()
        .map(|s| ServiceNode {
            proto_name: s.name().into(),
            full_name: s.full_name().into(),
            name: s.name().into(),
            descriptor_name: descriptor_var(s.name()),
            comments: comments(&locs, s.path()),
        })
        .collect();
    let generic_services = file.services().len() > 0
        && file
            .file_descriptor_proto()
            .options
            .as_ref()
            .and_then(|o| o.py_generic_services)
            .unwrap_or(false);

    Ok(Pb2View {
        proto_name: name.clone(),
        package: file.package_name().into(),
        module_name: module_name(&name),
        output_path: format!("{}.py", module_name(&name).replace('.', "/")),
        versions: versions.clone(),
        imports,
        public_imports,
        serialized: escape::c_hex_escape(&bytes),
        option_fixes,
        intervals,
        generic_services,
        types,
        services,
    })
}

/// Records an options fix when the element has options (protoc's
/// `PrintDescriptorOptionsFixingCode`): `_MSG.fields_by_name['x']` → `_globals['_MSG']…`.
fn fix(target: &str, value: Option<String>, out: &mut Vec<OptionFix>) {
    if value.is_some() {
        let target = match target.find('.') {
            Some(dot) => format!("_globals['{}']{}", &target[..dot], &target[dot..]),
            None => format!("_globals['{target}']"),
        };
        out.push(OptionFix { target, value });
    }
}

fn fix_enum(e: &EnumDescriptor, proto: &[u8], out: &mut Vec<OptionFix>) {
    let var = descriptor_var(&enum_nested_name(e, "_"));
    fix(&var, options_value(proto, 3), out);
    for (v, vp) in value_names(e).into_iter().zip(payloads(proto, 2)) {
        fix(
            &format!("{var}.values_by_name[\"{v}\"]"),
            options_value(vp, 3),
            out,
        );
    }
}

/// Nested messages, oneofs, enums, fields, extensions, then the message itself.
fn fix_message(m: &MessageDescriptor, proto: &[u8], out: &mut Vec<OptionFix>) {
    let var = descriptor_var(&message_nested_name(m, "_"));
    for (n, np) in m.child_messages().zip(payloads(proto, 3)) {
        fix_message(&n, np, out);
    }
    for (o, op) in m.oneofs().zip(payloads(proto, 8)) {
        fix(
            &format!("{var}.oneofs_by_name['{}']", o.name()),
            options_value(op, 2),
            out,
        );
    }
    for (e, ep) in m.child_enums().zip(payloads(proto, 4)) {
        fix_enum(&e, ep, out);
    }
    for (f, fp) in fields_in_order(m).into_iter().zip(payloads(proto, 2)) {
        fix(
            &format!("{var}.fields_by_name['{}']", f.name()),
            options_value(fp, 8),
            out,
        );
    }
    for (x, xp) in m.child_extensions().zip(payloads(proto, 6)) {
        fix(
            &format!("{var}.extensions_by_name['{}']", x.name()),
            options_value(xp, 8),
            out,
        );
    }
    fix(&var, options_value(proto, 7), out);
}

/// Where an element's bytes first occur in the file's bytes.
fn interval(file: &[u8], name: String, proto: &[u8]) -> Interval {
    let start = find(file, proto);
    Interval {
        name,
        start,
        end: start + proto.len(),
    }
}

fn message_intervals(file: &[u8], m: &MessageDescriptor, proto: &[u8], out: &mut Vec<Interval>) {
    out.push(interval(
        file,
        descriptor_var(&message_nested_name(m, "_")),
        proto,
    ));
    for (n, np) in m.child_messages().zip(payloads(proto, 3)) {
        message_intervals(file, &n, np, out);
    }
    for (e, ep) in m.child_enums().zip(payloads(proto, 4)) {
        out.push(interval(
            file,
            descriptor_var(&enum_nested_name(&e, "_")),
            ep,
        ));
    }
}

fn enum_node(e: &EnumDescriptor, locs: &HashMap<Vec<i32>, Location>) -> TypeNode {
    TypeNode {
        kind: "enum",
        proto_name: e.name().into(),
        full_name: e.full_name().into(),
        name: enum_nested_name(e, "."),
        descriptor_name: descriptor_var(&enum_nested_name(e, "_")),
        comments: comments(locs, e.path()),
    }
}

fn collect_types(
    m: &MessageDescriptor,
    locs: &HashMap<Vec<i32>, Location>,
    out: &mut Vec<TypeNode>,
) {
    out.push(TypeNode {
        kind: "message",
        proto_name: m.name().into(),
        full_name: m.full_name().into(),
        name: message_nested_name(m, "."),
        descriptor_name: descriptor_var(&message_nested_name(m, "_")),
        comments: comments(locs, m.path()),
    });
    for e in m.child_enums() {
        out.push(enum_node(&e, locs));
    }
    for n in m.child_messages() {
        collect_types(&n, locs, out);
    }
}

// ---------------------------------------------------------------------------------------------
// _pb2.pyi

/// The view of one `_pb2.pyi` file.
#[derive(Debug, Serialize)]
pub struct PyiView {
    pub proto_name: String,
    pub output_path: String,
    /// Some field is a Timestamp or Duration: `import datetime`.
    pub has_datetime: bool,
    /// Imports of dependencies (and their public imports), in protoc's order.
    pub imports: Vec<PyiImport>,
    pub has_repeated: bool,
    pub has_enums: bool,
    pub has_extendable: bool,
    pub has_well_known_type: bool,
    pub has_messages: bool,
    pub has_generic_services: bool,
    pub has_iterable: bool,
    pub has_mapping: bool,
    pub has_optional: bool,
    pub has_union: bool,
    /// Top-level messages and enums of public imports, re-exported.
    pub public_classes: Vec<PublicClass>,
    /// Extensions of public imports.
    pub public_extensions: Vec<PyiExtension>,
    /// Top-level enum values of public imports.
    pub public_enum_values: Vec<PyiEnumValue>,
    pub enums: Vec<PyiEnum>,
    /// Top-level enum values, re-exported at module level.
    pub enum_values: Vec<PyiEnumValue>,
    pub extensions: Vec<PyiExtension>,
    pub messages: Vec<PyiMessage>,
    /// Services, for `py_generic_services`.
    pub services: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PyiImport {
    pub proto_name: String,
    pub module: String,
    pub alias: String,
    pub statement: String,
    pub importlib: bool,
    pub first_importlib: bool,
}

#[derive(Debug, Serialize)]
pub struct PublicClass {
    pub module: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct PyiExtension {
    pub proto_name: String,
    pub full_name: String,
    /// `FOO_FIELD_NUMBER`.
    pub constant_name: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct PyiEnumValue {
    pub name: String,
    /// The enum's Python type expression.
    pub type_name: String,
}

#[derive(Debug, Serialize)]
pub struct PyiEnum {
    pub proto_name: String,
    pub full_name: String,
    pub name: String,
    /// The enum's Python type expression (`Outer.Color`, `_other_pb2.Color`).
    pub type_name: String,
    /// Indentation of the `class` line.
    pub indent: String,
    pub values: Vec<PyiEnumValue>,
    pub comments: Comments,
}

#[derive(Debug, Serialize)]
pub struct PyiField {
    pub proto_name: String,
    pub name: String,
    /// The attribute type.
    pub type_name: String,
    /// The `__init__` parameter type.
    pub init_type: String,
    pub comments: Comments,
}

#[derive(Debug, Serialize)]
pub struct PyiMessage {
    pub proto_name: String,
    pub full_name: String,
    pub name: String,
    /// Indentation of the `class` line.
    pub indent: String,
    /// `, _well_known_types.Timestamp` for well-known types with a Python mixin.
    pub extra_base: String,
    /// Field names in `__slots__` (keywords left out).
    pub slots: Vec<String>,
    /// Exactly one slot (Python needs a trailing comma).
    pub single_slot: bool,
    pub extendable: bool,
    pub enums: Vec<PyiEnum>,
    pub messages: Vec<PyiMessage>,
    pub extensions: Vec<PyiExtension>,
    /// `FOO_FIELD_NUMBER` for every field.
    pub field_numbers: Vec<String>,
    /// Typed attributes (keywords left out).
    pub fields: Vec<PyiField>,
    /// The name of `__init__`'s self parameter (`self`, or `self_` when a field is `self`).
    pub init_self: String,
    /// Some field is a keyword: `__init__` takes `**kwargs`.
    pub init_kwargs: bool,
    pub comments: Comments,
}

struct PyiContext<'a> {
    file: &'a FileDescriptor,
    import_map: HashMap<String, String>,
    locs: HashMap<Vec<i32>, Location>,
}

const WELL_KNOWN_MIXINS: &[&str] = &[
    "google.protobuf.Any",
    "google.protobuf.Duration",
    "google.protobuf.FieldMask",
    "google.protobuf.ListValue",
    "google.protobuf.Struct",
    "google.protobuf.Timestamp",
];

#[derive(Default)]
struct ImportFlags {
    repeated: bool,
    iterable: bool,
    enums: bool,
    extendable: bool,
    mapping: bool,
    optional: bool,
    union: bool,
    well_known: bool,
    datetime: bool,
}

fn is_datetime(m: &MessageDescriptor) -> bool {
    matches!(
        m.full_name(),
        "google.protobuf.Duration" | "google.protobuf.Timestamp"
    )
}

fn check_imports(m: &MessageDescriptor, flags: &mut ImportFlags) {
    if m.extension_ranges().len() > 0 {
        flags.extendable = true;
    }
    if m.child_enums().len() > 0 {
        flags.enums = true;
    }
    if WELL_KNOWN_MIXINS.contains(&m.full_name()) {
        flags.well_known = true;
    }
    for f in fields_in_order(m).into_iter() {
        if is_keyword(f.name()) {
            continue;
        }
        flags.optional = true;
        if f.is_list() || f.is_map() {
            flags.repeated = true;
        }
        if f.is_map() {
            flags.mapping = true;
            if let Kind::Message(entry) = f.kind() {
                let value = entry.map_entry_value_field();
                match value.kind() {
                    Kind::Message(v) => {
                        flags.union = true;
                        if is_datetime(&v) {
                            flags.datetime = true;
                        }
                    }
                    Kind::Enum(_) => flags.union = true,
                    _ => {}
                }
            }
        } else {
            if f.is_list() {
                flags.iterable = true;
            }
            match f.kind() {
                Kind::Message(v) => {
                    flags.union = true;
                    flags.mapping = true;
                    if is_datetime(&v) {
                        flags.datetime = true;
                    }
                }
                Kind::Enum(_) => flags.union = true,
                _ => {}
            }
        }
    }
    for n in m.child_messages() {
        check_imports(&n, flags);
    }
}

impl PyiContext<'_> {
    fn alias_for(&self, file: &FileDescriptor) -> String {
        self.import_map
            .get(file.name())
            .cloned()
            .unwrap_or_else(|| {
                let module = module_name(file.name());
                format!("_{}", module.rsplit('.').next().unwrap_or(&module))
            })
    }

    fn message_name(&self, m: &MessageDescriptor) -> String {
        let name = message_nested_name(m, ".");
        if m.parent_file().name() != self.file.name() {
            format!("{}.{name}", self.alias_for(&m.parent_file()))
        } else {
            name
        }
    }

    fn enum_name(&self, e: &EnumDescriptor) -> String {
        let name = enum_nested_name(e, ".");
        if e.parent_file().name() != self.file.name() {
            format!("{}.{name}", self.alias_for(&e.parent_file()))
        } else {
            name
        }
    }

    fn field_type(&self, f: &FieldDescriptor, containing: &MessageDescriptor) -> String {
        match f.kind() {
            Kind::Int32
            | Kind::Sint32
            | Kind::Sfixed32
            | Kind::Uint32
            | Kind::Fixed32
            | Kind::Int64
            | Kind::Sint64
            | Kind::Sfixed64
            | Kind::Uint64
            | Kind::Fixed64 => "int".into(),
            Kind::Double | Kind::Float => "float".into(),
            Kind::Bool => "bool".into(),
            Kind::Enum(e) => self.enum_name(&e),
            Kind::String => "str".into(),
            Kind::Bytes => "bytes".into(),
            Kind::Message(m) => {
                let name = self.message_name(&m);
                if containing.parent_message().is_some() && name == containing.name() {
                    format!("{}.{name}", module_name(f.parent_file().name()))
                } else {
                    name
                }
            }
        }
    }

    fn extension(&self, x: &prost_reflect::ExtensionDescriptor) -> PyiExtension {
        PyiExtension {
            proto_name: x.name().into(),
            full_name: x.full_name().into(),
            constant_name: format!("{}_FIELD_NUMBER", x.name()).to_ascii_uppercase(),
            name: x.name().into(),
        }
    }

    fn enum_view(&self, e: &EnumDescriptor, indent: &str) -> PyiEnum {
        let type_name = self.enum_name(e);
        PyiEnum {
            proto_name: e.name().into(),
            full_name: e.full_name().into(),
            name: e.name().into(),
            indent: indent.into(),
            values: value_names(e)
                .into_iter()
                .map(|v| PyiEnumValue {
                    name: v,
                    type_name: type_name.clone(),
                })
                .collect(),
            type_name,
            comments: comments(&self.locs, e.path()),
        }
    }

    fn message_view(&self, m: &MessageDescriptor, indent: &str) -> PyiMessage {
        let inner = format!("{indent}    ");
        let slots: Vec<String> = fields_in_order(m)
            .into_iter()
            .filter(|f| !is_keyword(f.name()))
            .map(|f| f.name().to_string())
            .collect();
        let mut fields = Vec::new();
        for f in fields_in_order(m)
            .into_iter()
            .filter(|f| !is_keyword(f.name()))
        {
            let (type_name, init_type) = if f.is_map() {
                let Kind::Message(entry) = f.kind() else {
                    unreachable!("map fields have entry messages")
                };
                let key = self.field_type(&entry.map_entry_key_field(), m);
                let value_field = entry.map_entry_value_field();
                let value = self.field_type(&value_field, m);
                let container = if matches!(value_field.kind(), Kind::Message(_)) {
                    "_containers.MessageMap"
                } else {
                    "_containers.ScalarMap"
                };
                (
                    format!("{container}[{key}, {value}]"),
                    format!("_Mapping[{key}, {value}]"),
                )
            } else {
                let base = self.field_type(&f, m);
                let init = match f.kind() {
                    Kind::Message(msg) => {
                        let extra = match msg.full_name() {
                            "google.protobuf.Timestamp" => "datetime.datetime, ",
                            "google.protobuf.Duration" => "datetime.timedelta, ",
                            _ => "",
                        };
                        format!("_Union[{extra}{base}, _Mapping]")
                    }
                    Kind::Enum(e) => format!("_Union[{}, str]", self.enum_name(&e)),
                    _ => base.clone(),
                };
                if f.is_list() {
                    let container = if matches!(f.kind(), Kind::Message(_)) {
                        "_containers.RepeatedCompositeFieldContainer"
                    } else {
                        "_containers.RepeatedScalarFieldContainer"
                    };
                    (format!("{container}[{base}]"), format!("_Iterable[{init}]"))
                } else {
                    (base, init)
                }
            };
            fields.push(PyiField {
                proto_name: f.name().into(),
                name: f.name().into(),
                type_name,
                init_type,
                comments: comments(&self.locs, f.path()),
            });
        }
        let mut init_self = String::from("self");
        while m.get_field_by_name(&init_self).is_some() {
            init_self.push('_');
        }
        PyiMessage {
            proto_name: m.name().into(),
            full_name: m.full_name().into(),
            name: m.name().into(),
            indent: indent.into(),
            extra_base: if WELL_KNOWN_MIXINS.contains(&m.full_name()) {
                format!(", _well_known_types.{}", m.name())
            } else {
                String::new()
            },
            single_slot: slots.len() == 1,
            slots,
            extendable: m.extension_ranges().len() > 0,
            enums: m
                .child_enums()
                .map(|e| self.enum_view(&e, &inner))
                .collect(),
            messages: m
                .child_messages()
                .map(|n| self.message_view(&n, &inner))
                .collect(),
            extensions: m.child_extensions().map(|x| self.extension(&x)).collect(),
            field_numbers: fields_in_order(m)
                .into_iter()
                .map(|f| format!("{}_FIELD_NUMBER", f.name().to_ascii_uppercase()))
                .collect(),
            fields,
            init_self,
            init_kwargs: fields_in_order(m).into_iter().any(|f| is_keyword(f.name())),
            comments: comments(&self.locs, m.path()),
        }
    }
}

pub fn pyi_view(file: &FileDescriptor) -> PyiView {
    let name = file.name().to_string();
    let mut flags = ImportFlags {
        enums: file.enums().len() > 0,
        ..Default::default()
    };
    for m in file.messages() {
        check_imports(&m, &mut flags);
    }
    let mut ctx = PyiContext {
        file,
        import_map: HashMap::new(),
        locs: locations(file),
    };
    let mut imports = Vec::new();
    let mut seen_aliases = HashSet::new();
    let mut has_importlib = false;
    let mut import_one = |dep: &str, ctx: &mut PyiContext<'_>| {
        let module = module_name(dep);
        let leaf = module.rsplit('.').next().unwrap_or(&module).to_string();
        let mut alias = format!("_{leaf}");
        while seen_aliases.contains(&alias) {
            alias.push_str("_1");
        }
        let importlib = contains_keyword(&module);
        let first_importlib = importlib && !has_importlib;
        has_importlib |= importlib;
        if !importlib {
            ctx.import_map.insert(dep.to_string(), alias.clone());
            seen_aliases.insert(alias.clone());
        }
        imports.push(PyiImport {
            proto_name: dep.into(),
            statement: import_statement(&module),
            module,
            alias,
            importlib,
            first_importlib,
        });
    };
    for dep in dependency_names(file) {
        import_one(&dep, &mut ctx);
        if let Some(d) = pool_file(file, &dep) {
            for p in public_dependency_names(&d) {
                import_one(&p, &mut ctx);
            }
        }
    }
    let mut public_classes = Vec::new();
    let mut public_extensions = Vec::new();
    let mut public_enum_values = Vec::new();
    for dep in public_dependency_names(file) {
        let Some(d) = pool_file(file, &dep) else {
            continue;
        };
        let module = module_name(&dep);
        for m in d.messages() {
            public_classes.push(PublicClass {
                module: module.clone(),
                name: m.name().into(),
            });
        }
        for e in d.enums() {
            public_classes.push(PublicClass {
                module: module.clone(),
                name: e.name().into(),
            });
        }
        for x in d.extensions() {
            public_extensions.push(ctx.extension(&x));
        }
        for e in d.enums() {
            let type_name = ctx.enum_name(&e);
            for v in value_names(&e) {
                public_enum_values.push(PyiEnumValue {
                    name: v,
                    type_name: type_name.clone(),
                });
            }
        }
    }
    let enums: Vec<PyiEnum> = file.enums().map(|e| ctx.enum_view(&e, "")).collect();
    let enum_values = enums
        .iter()
        .flat_map(|e| {
            e.values.iter().map(|v| PyiEnumValue {
                name: v.name.clone(),
                type_name: v.type_name.clone(),
            })
        })
        .collect();
    let generic = file.services().len() > 0
        && file
            .file_descriptor_proto()
            .options
            .as_ref()
            .and_then(|o| o.py_generic_services)
            .unwrap_or(false);
    PyiView {
        output_path: format!("{}.pyi", module_name(&name).replace('.', "/")),
        proto_name: name,
        has_datetime: flags.datetime,
        imports,
        has_repeated: flags.repeated,
        has_enums: flags.enums,
        has_extendable: flags.extendable,
        has_well_known_type: flags.well_known,
        has_messages: file.messages().len() > 0,
        has_generic_services: generic,
        has_iterable: flags.iterable,
        has_mapping: flags.mapping,
        has_optional: flags.optional,
        has_union: flags.union,
        public_classes,
        public_extensions,
        public_enum_values,
        enums,
        enum_values,
        extensions: file.extensions().map(|x| ctx.extension(&x)).collect(),
        messages: file.messages().map(|m| ctx.message_view(&m, "")).collect(),
        services: if generic {
            file.services().map(|s| s.name().to_string()).collect()
        } else {
            Vec::new()
        },
    }
}

// ---------------------------------------------------------------------------------------------
// _pb2_grpc.py

/// The view of one `_pb2_grpc.py` file.
#[derive(Debug, Serialize)]
pub struct GrpcView {
    pub proto_name: String,
    pub output_path: String,
    /// The file name without `.proto`, `-` replaced by `_` (for the version message).
    pub file_stem: String,
    pub versions: Versions,
    /// Modules of request and response types, sorted by (module, alias).
    pub imports: Vec<GrpcImport>,
    pub services: Vec<GrpcService>,
}

#[derive(Debug, Serialize)]
pub struct GrpcImport {
    pub module: String,
    pub alias: String,
    pub statement: String,
}

#[derive(Debug, Serialize)]
pub struct GrpcService {
    pub proto_name: String,
    pub full_name: String,
    pub name: String,
    /// The docstring (`"""…"""`), lines after the first unindented.
    pub docstring: String,
    pub methods: Vec<GrpcMethod>,
    pub comments: Comments,
}

#[derive(Debug, Serialize)]
pub struct GrpcMethod {
    pub proto_name: String,
    pub name: String,
    /// `unary_unary`, `unary_stream`, `stream_unary` or `stream_stream`.
    pub arity: String,
    /// `request` or `request_iterator`.
    pub request_param: String,
    /// `module_alias.Message` of the request and response.
    pub request_type: String,
    pub response_type: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    pub docstring: String,
    pub comments: Comments,
}

fn grpc_module_name(file: &str) -> String {
    module_name(file)
}

fn grpc_type(m: &MessageDescriptor) -> String {
    let mut names = message_parents(m.parent_message());
    names.push(m.name().into());
    format!(
        "{}.{}",
        module_alias(m.parent_file().name()),
        names.join(".")
    )
}

pub fn grpc_view(file: &FileDescriptor, versions: &Versions) -> GrpcView {
    let name = file.name().to_string();
    let locs = locations(file);
    let stem = name
        .strip_suffix(".proto")
        .unwrap_or(&name)
        .replace('-', "_");
    let mut imports = BTreeSet::new();
    for s in file.services() {
        for m in s.methods() {
            for t in [m.input(), m.output()] {
                let f = t.parent_file().name().to_string();
                imports.insert((grpc_module_name(&f), module_alias(&f)));
            }
        }
    }
    let services = file
        .services()
        .map(|s| {
            let c = comments(&locs, s.path());
            GrpcService {
                proto_name: s.name().into(),
                full_name: s.full_name().into(),
                name: s.name().into(),
                docstring: grpc_docstring(&c),
                methods: s
                    .methods()
                    .map(|m| {
                        let c = comments(&locs, m.path());
                        let cs = m.is_client_streaming();
                        let ss = m.is_server_streaming();
                        GrpcMethod {
                            proto_name: m.name().into(),
                            name: m.name().into(),
                            arity: format!(
                                "{}_{}",
                                if cs { "stream" } else { "unary" },
                                if ss { "stream" } else { "unary" }
                            ),
                            request_param: if cs { "request_iterator" } else { "request" }.into(),
                            request_type: grpc_type(&m.input()),
                            response_type: grpc_type(&m.output()),
                            client_streaming: cs,
                            server_streaming: ss,
                            docstring: grpc_docstring(&c),
                            comments: c,
                        }
                    })
                    .collect(),
                comments: c,
            }
        })
        .collect();
    GrpcView {
        // The path follows the module (`a/b.c.proto` → `a/b/c_pb2_grpc.py`); the message in the
        // file keeps the stem (`a/b.c_pb2_grpc.py`), as grpcio-tools writes them.
        output_path: format!("{}_grpc.py", module_name(&name).replace('.', "/")),
        file_stem: stem,
        proto_name: name,
        versions: versions.clone(),
        imports: imports
            .into_iter()
            .map(|(module, alias)| GrpcImport {
                statement: import_statement(&module),
                module,
                alias,
            })
            .collect(),
        services,
    }
}

/// Cardinality helper kept for templates that want it.
pub fn is_required(f: &FieldDescriptor) -> bool {
    f.cardinality() == Cardinality::Required
}

/// The view of one file as the template sees it (JSON), for docs and tests.
pub fn view_json(
    model: &Model,
    file: &str,
    kind: PyKind,
    versions: &Versions,
) -> Result<serde_json::Value> {
    let fd = model
        .pool
        .get_file_by_name(file)
        .ok_or_else(|| Error::other(format!("{file}: not in the compiled model")))?;
    let value = match kind {
        PyKind::Pb2 => serde_json::to_value(pb2_view(model, &fd, versions)?),
        PyKind::Pyi => serde_json::to_value(pyi_view(&fd)),
        PyKind::Grpc => serde_json::to_value(grpc_view(&fd, versions)),
    };
    value.map_err(|e| Error::other(format!("{file}: {e}")))
}

/// Variable paths of a view (`imports[].alias`), with recursive `messages[]` collapsed.
pub fn variable_paths(value: &serde_json::Value) -> std::collections::BTreeSet<String> {
    fn walk(v: &serde_json::Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    let p = p.replace("messages[].messages[]", "messages[]");
                    out.insert(p.clone());
                    walk(v, &p, out);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(value, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(module_name("a/b-c.proto"), "a.b_c_pb2");
        assert_eq!(
            module_alias("google/protobuf/timestamp.proto"),
            "google_dot_protobuf_dot_timestamp__pb2"
        );
        assert!(contains_keyword("acme.import.v1.x_pb2"));
        assert!(!contains_keyword("acme.imports.v1.x_pb2"));
        assert_eq!(import_statement("a.b.c_pb2"), "from a.b import c_pb2");
        assert_eq!(
            nested_name("in", &["Outer".into()], "."),
            "getattr(Outer, 'in')"
        );
        assert_eq!(nested_name("pass", &[], "."), "globals()['pass']");
        assert_eq!(nested_name("In", &["Outer".into()], "_"), "Outer_In");
    }

    #[test]
    fn docstrings() {
        let c = Comments {
            leading: " Hello.\n\n  World\n".into(),
            ..Default::default()
        };
        assert_eq!(grpc_docstring(&c), "\"\"\"Hello.\n\nWorld\n\"\"\"");
        assert_eq!(
            grpc_docstring(&Comments::default()),
            "\"\"\"Missing associated documentation comment in .proto file.\"\"\""
        );
    }
}
