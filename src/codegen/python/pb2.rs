//! `_pb2.py`: the embedded descriptor, imports, option fixes and offsets.

use std::collections::HashMap;

use prost_reflect::{EnumDescriptor, FileDescriptor, MessageDescriptor};
use prost_types::source_code_info::Location;
use serde::Serialize;

use super::{comments::*, naming::*, wire::*, Versions};
use crate::{
    codegen::escape,
    model::{FileEncoding, Model},
    Error, Result,
};

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
                go_option_order: false,
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
pub(super) fn fix(target: &str, value: Option<String>, out: &mut Vec<OptionFix>) {
    if value.is_some() {
        let target = match target.find('.') {
            Some(dot) => format!("_globals['{}']{}", &target[..dot], &target[dot..]),
            None => format!("_globals['{target}']"),
        };
        out.push(OptionFix { target, value });
    }
}

pub(super) fn fix_enum(e: &EnumDescriptor, proto: &[u8], out: &mut Vec<OptionFix>) {
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
pub(super) fn fix_message(m: &MessageDescriptor, proto: &[u8], out: &mut Vec<OptionFix>) {
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
pub(super) fn interval(file: &[u8], name: String, proto: &[u8]) -> Interval {
    let start = find(file, proto);
    Interval {
        name,
        start,
        end: start + proto.len(),
    }
}

pub(super) fn message_intervals(
    file: &[u8],
    m: &MessageDescriptor,
    proto: &[u8],
    out: &mut Vec<Interval>,
) {
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

pub(super) fn enum_node(e: &EnumDescriptor, locs: &HashMap<Vec<i32>, Location>) -> TypeNode {
    TypeNode {
        kind: "enum",
        proto_name: e.name().into(),
        full_name: e.full_name().into(),
        name: enum_nested_name(e, "."),
        descriptor_name: descriptor_var(&enum_nested_name(e, "_")),
        comments: comments(locs, e.path()),
    }
}

pub(super) fn collect_types(
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
