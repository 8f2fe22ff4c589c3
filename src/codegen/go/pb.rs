//! The view model of a `.pb.go` file (protoc-gen-go v1.36.11, open struct API).
//!
//! Everything is computed here in the order protoc-gen-go prints it (so import aliases are
//! allocated in the same order): names, Go types, struct tags, doc comments as gofmt leaves
//! them, aligned lines, the embedded descriptor and the goTypes/depIdxs tables.

use std::collections::HashMap;

use prost_reflect::{
    Cardinality, EnumDescriptor, ExtensionDescriptor, FieldDescriptor, FileDescriptor, Kind,
    MessageDescriptor, Syntax,
};
use prost_types::source_code_info::Location;
use serde::Serialize;

use super::{
    doc::{doc_lines, raw_lines},
    gofmt::{align, align_sections, expr_list_sections, quote_str, split_descriptor},
    names::{go_camel_case, go_sanitized, GoImport, GoImports},
    options::GoResolver,
};
use crate::{
    model::{FileEncoding, Model},
    Error, Result,
};

const PROTOIMPL: &str = "google.golang.org/protobuf/runtime/protoimpl";
const PROTOREFLECT: &str = "google.golang.org/protobuf/reflect/protoreflect";

/// The version lines of the header.
#[derive(Debug, Clone, Serialize)]
pub struct GoVersions {
    /// `protowright vX.Y.Z`.
    pub generator: String,
    /// The protoc-gen-go release whose output is reproduced (`v1.36.11`).
    pub protoc_gen_go: String,
}

impl Default for GoVersions {
    fn default() -> Self {
        GoVersions {
            generator: format!("protowright v{}", env!("CARGO_PKG_VERSION")),
            protoc_gen_go: "v1.36.11".into(),
        }
    }
}

/// Aliases of the runtime packages the template names.
#[derive(Debug, Serialize, Default)]
pub struct RuntimeAliases {
    pub protoimpl: String,
    pub protoreflect: String,
    pub sync: String,
    pub reflect: String,
    pub unsafe_: String,
}

/// The view of one `.pb.go` file.
#[derive(Debug, Serialize)]
pub struct PbView {
    pub proto_name: String,
    pub output_path: String,
    pub go_package_name: String,
    pub go_import_path: String,
    pub versions: GoVersions,
    /// Comment blocks (`//` lines) before the header: comments attached to `syntax`.
    pub syntax_comments: Vec<Vec<String>>,
    /// Comment blocks between the header and `package`: comments attached to `package`.
    pub package_comments: Vec<Vec<String>>,
    /// `option deprecated = true` on the file.
    pub deprecated: bool,
    /// Import lines, sorted by path (`_` for imports kept only for their side effects).
    pub imports: Vec<GoImport>,
    pub rt: RuntimeAliases,
    pub public_imports: Vec<PublicImport>,
    pub enums: Vec<EnumView>,
    pub messages: Vec<MessageView>,
    pub extensions: Vec<ExtensionView>,
    pub extension_groups: Vec<ExtensionGroup>,
    /// `File_<sanitised proto path>`.
    pub descriptor_var: String,
    /// `file_<sanitised proto path>` (prefix of the other file-level variables).
    pub var_prefix: String,
    /// The descriptor as Go string literals, split after each `\n` byte.
    pub raw_desc: Vec<String>,
    /// Whether the `…rawDescGZIP` function is needed (any enum or message).
    pub need_raw_desc: bool,
    pub num_enums: usize,
    pub num_messages: usize,
    pub num_extensions: usize,
    pub num_services: usize,
    /// Aligned lines of the `goTypes` list.
    pub go_types: Vec<String>,
    /// Aligned lines of the `depIdxs` list.
    pub dep_idxs: Vec<String>,
    /// `func init() { …_init() }` fits on one line (gofmt's 100-column rule).
    pub init_one_line: bool,
    /// Init functions of imported files in the same Go package.
    pub init_deps: Vec<String>,
    pub oneof_wrappers: Vec<OneofWrapperList>,
    /// Aligned `key: value,` lines of the `TypeBuilder` after `File:`.
    pub type_builder_lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PublicImport {
    pub proto_name: String,
    /// `type X = pkg.X` / `const …` / `var …` lines.
    pub decls: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EnumView {
    pub go_name: String,
    pub doc: Vec<String>,
    /// Lines of the `const (…)` block: doc comment lines and aligned value declarations.
    pub value_lines: Vec<String>,
    /// Lines of the `<Enum>_name` map literal.
    pub name_map: Vec<String>,
    /// Lines of the `<Enum>_value` map literal.
    pub value_map: Vec<String>,
    /// Index into the file's enum types.
    pub index: usize,
    /// The descriptor path indexes (`0` or `1,0`).
    pub path_indexes: String,
    /// proto2 enums get the deprecated `UnmarshalJSON` method.
    pub legacy_unmarshal_json: bool,
}

#[derive(Debug, Serialize)]
pub struct MessageView {
    pub go_name: String,
    /// `func (*M) ProtoMessage() {}` fits on one line (gofmt's 100-column rule).
    pub proto_message_one_line: bool,
    pub doc: Vec<String>,
    /// Lines of the struct body (doc comments and aligned fields).
    pub field_lines: Vec<String>,
    pub index: usize,
    pub path_indexes: String,
    /// Aligned lines of `const (…)` / `var (…)` with default values.
    pub default_consts: Vec<String>,
    pub default_vars: Vec<String>,
    pub getters: Vec<Getter>,
    pub oneofs: Vec<OneofView>,
}

#[derive(Debug, Serialize)]
pub struct Getter {
    /// For the first field of a real oneof, the oneof's getter (printed first); else empty.
    pub oneof_getter: Vec<OneofGetter>,
    /// Deprecation comment lines.
    pub doc: Vec<String>,
    pub name: String,
    pub go_type: String,
    pub field: String,
    /// The wrapper type when the field is in a oneof; empty otherwise.
    pub oneof_wrapper: String,
    /// The struct field holding the oneof, for oneof members.
    pub oneof_field: String,
    /// `x != nil && x.F != nil` instead of `x != nil`.
    pub check_nil_field: bool,
    /// `*` when the struct field is a pointer.
    pub star: String,
    pub default: String,
}

#[derive(Debug, Serialize)]
pub struct OneofGetter {
    pub name: String,
    pub iface: String,
    pub field: String,
}

#[derive(Debug, Serialize)]
pub struct OneofView {
    pub iface: String,
    pub wrappers: Vec<WrapperView>,
}

#[derive(Debug, Serialize)]
pub struct WrapperView {
    pub type_name: String,
    /// gofmt keeps `func (*W) isM_O() {}` on one line when it fits in 100 columns.
    pub method_one_line: bool,
    pub doc: Vec<String>,
    pub field_line: String,
}

#[derive(Debug, Serialize)]
pub struct ExtensionView {
    /// Aligned `Key: value,` lines of its `ExtensionInfo`.
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExtensionGroup {
    /// The extended message as seen from this file.
    pub target: String,
    /// Per extension: doc lines then the `E_x = &…[i]` line.
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct OneofWrapperList {
    pub index: usize,
    pub types: Vec<String>,
}

/// The Go identity of a message or enum.
#[derive(Clone)]
struct Ident {
    path: String,
    name: String,
}

pub(crate) struct Ctx<'a> {
    pub resolver: &'a GoResolver,
    imports: GoImports,
    own_path: String,
}

impl Ctx<'_> {
    fn q(&mut self, id: &Ident) -> String {
        self.imports.qualify(&id.path, &id.name)
    }
    fn pkg(&mut self, path: &str) -> String {
        self.imports.alias(path).unwrap_or_default()
    }
}

fn ident_of(resolver: &GoResolver, file: &FileDescriptor, full_name: &str) -> Result<Ident> {
    let pkg = file.package_name();
    let local = if pkg.is_empty() {
        full_name
    } else {
        full_name
            .strip_prefix(&format!("{pkg}."))
            .unwrap_or(full_name)
    };
    Ok(Ident {
        path: resolver.file(file.name())?.import_path.clone(),
        name: go_camel_case(local),
    })
}

fn message_ident(r: &GoResolver, m: &MessageDescriptor) -> Result<Ident> {
    ident_of(r, &m.parent_file(), m.full_name())
}

fn enum_ident(r: &GoResolver, e: &EnumDescriptor) -> Result<Ident> {
    ident_of(r, &e.parent_file(), e.full_name())
}

/// Names of one message's fields and oneofs after protogen's conflict resolution.
struct MessageNames {
    ident: Ident,
    /// Field GoName by field index (declaration order).
    fields: Vec<String>,
    /// Oneof GoName by oneof index.
    oneofs: Vec<String>,
    /// Oneof wrapper type name by field index (for fields of real oneofs).
    wrappers: Vec<String>,
}

fn message_names(r: &GoResolver, m: &MessageDescriptor) -> Result<MessageNames> {
    let ident = message_ident(r, m)?;
    let mut used: HashMap<String, bool> = [
        "Reset",
        "String",
        "ProtoMessage",
        "Marshal",
        "Unmarshal",
        "ExtensionRangeArray",
        "ExtensionMap",
        "Descriptor",
    ]
    .iter()
    .map(|s| (s.to_string(), true))
    .collect();
    let unique = |name: String, has_getter: bool, used: &mut HashMap<String, bool>| {
        let mut name = name;
        while used.get(&name).copied().unwrap_or(false)
            || (has_getter && used.get(&format!("Get{name}")).copied().unwrap_or(false))
        {
            name.push('_');
        }
        used.insert(name.clone(), true);
        used.insert(format!("Get{name}"), has_getter);
        name
    };
    let fields_list: Vec<FieldDescriptor> = declared_fields(m);
    let mut oneofs: Vec<String> = m.oneofs().map(|o| go_camel_case(o.name())).collect();
    let mut oneof_done = vec![false; oneofs.len()];
    let mut fields = Vec::new();
    for f in &fields_list {
        let name = unique(go_camel_case(f.name()), true, &mut used);
        fields.push(name);
        if let Some(o) = f.containing_oneof() {
            let i = oneof_index(&o);
            if !oneof_done[i] {
                oneof_done[i] = true;
                oneofs[i] = unique(oneofs[i].clone(), false, &mut used);
            }
        }
    }
    // Wrapper types: Parent_Field, with `_` appended while a nested message or enum has the name.
    let nested: Vec<String> = m
        .child_messages()
        .map(|c| message_ident(r, &c).map(|i| i.name))
        .chain(m.child_enums().map(|e| enum_ident(r, &e).map(|i| i.name)))
        .collect::<Result<_>>()?;
    let wrappers = fields
        .iter()
        .map(|g| {
            let mut n = format!("{}_{g}", ident.name);
            while nested.contains(&n) {
                n.push('_');
            }
            n
        })
        .collect();
    Ok(MessageNames {
        ident,
        fields,
        oneofs,
        wrappers,
    })
}

/// Fields in declaration order (prost-reflect iterates them by number).
fn declared_fields(m: &MessageDescriptor) -> Vec<FieldDescriptor> {
    m.descriptor_proto()
        .field
        .iter()
        .filter_map(|f| m.get_field(f.number() as u32))
        .collect()
}

/// The fields of a oneof in declaration order.
fn oneof_fields(o: &prost_reflect::OneofDescriptor) -> Vec<FieldDescriptor> {
    let index = oneof_index(o);
    declared_fields(o.parent_message())
        .into_iter()
        .filter(|f| {
            f.containing_oneof()
                .is_some_and(|x| oneof_index(&x) == index)
        })
        .collect()
}

/// Enum values in declaration order.
fn declared_values(e: &EnumDescriptor) -> Vec<prost_reflect::EnumValueDescriptor> {
    e.enum_descriptor_proto()
        .value
        .iter()
        .filter_map(|v| e.get_value_by_name(v.name()))
        .collect()
}

fn oneof_index(o: &prost_reflect::OneofDescriptor) -> usize {
    o.path().last().copied().unwrap_or(0) as usize
}

fn is_real_oneof_member(f: &FieldDescriptor) -> bool {
    f.containing_oneof().is_some_and(|o| !o.is_synthetic())
}

/// Source locations of a file by path.
struct Comments {
    by_path: HashMap<Vec<i32>, Location>,
}

impl Comments {
    fn new(file: &FileDescriptor) -> Self {
        let by_path = file
            .file_descriptor_proto()
            .source_code_info
            .as_ref()
            .map(|info| {
                info.location
                    .iter()
                    .map(|l| (l.path.clone(), l.clone()))
                    .collect()
            })
            .unwrap_or_default();
        Comments { by_path }
    }
    fn leading(&self, path: &[i32]) -> String {
        self.by_path
            .get(path)
            .and_then(|l| l.leading_comments.clone())
            .unwrap_or_default()
    }
    fn trailing(&self, path: &[i32]) -> Option<String> {
        let t = self.by_path.get(path)?.trailing_comments.clone()?;
        let s = raw_lines(&t);
        (s.len() == 1).then(|| s[0].clone())
    }
    fn detached(&self, path: &[i32]) -> Vec<Vec<String>> {
        let Some(l) = self.by_path.get(path) else {
            return Vec::new();
        };
        let mut out: Vec<Vec<String>> = l
            .leading_detached_comments
            .iter()
            .map(|c| raw_lines(c))
            .collect();
        if let Some(c) = l.leading_comments.as_deref().filter(|c| !c.is_empty()) {
            out.push(raw_lines(c));
        }
        out
    }
}

/// `appendDeprecationSuffix`: the comment text with a deprecation notice appended.
fn with_deprecation(leading: &str, file: &FileDescriptor, deprecated: bool) -> String {
    let file_deprecated = file_deprecated(file);
    if !deprecated && !file_deprecated {
        return leading.to_string();
    }
    let mut s = leading.to_string();
    if !s.is_empty() {
        s.push('\n');
    }
    if file_deprecated {
        s.push_str(&format!(
            " Deprecated: The entire proto file {} is marked as deprecated.\n",
            file.name()
        ));
    } else {
        s.push_str(&format!(
            " Deprecated: Marked as deprecated in {}.\n",
            file.name()
        ));
    }
    s
}

fn file_deprecated(file: &FileDescriptor) -> bool {
    file.file_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false)
}

fn field_deprecated(f: &FieldDescriptor) -> bool {
    f.field_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false)
}

/// `//`-tag value of a field (`tag.Marshal`).
fn protobuf_tag(f: &FieldDescriptor, r: &GoResolver, is_extension: bool) -> Result<String> {
    let mut tag: Vec<String> = Vec::new();
    let kind = f.kind();
    tag.push(
        match kind {
            Kind::Bool
            | Kind::Enum(_)
            | Kind::Int32
            | Kind::Uint32
            | Kind::Int64
            | Kind::Uint64 => "varint",
            Kind::Sint32 => "zigzag32",
            Kind::Sint64 => "zigzag64",
            Kind::Sfixed32 | Kind::Fixed32 | Kind::Float => "fixed32",
            Kind::Sfixed64 | Kind::Fixed64 | Kind::Double => "fixed64",
            Kind::String | Kind::Bytes => "bytes",
            Kind::Message(_) if f.is_group() => "group",
            Kind::Message(_) => "bytes",
        }
        .to_string(),
    );
    tag.push(f.number().to_string());
    tag.push(
        match f.cardinality() {
            Cardinality::Optional => "opt",
            Cardinality::Required => "req",
            Cardinality::Repeated => "rep",
        }
        .to_string(),
    );
    if f.is_packed() {
        tag.push("packed".into());
    }
    let name = match (&kind, f.is_group()) {
        (Kind::Message(m), true) => m.name().to_string(),
        _ => f.name().to_string(),
    };
    tag.push(format!("name={name}"));
    let json = f.json_name();
    if !json.is_empty() && json != name && !is_extension {
        tag.push(format!("json={json}"));
    }
    if f.parent_file().syntax() == Syntax::Proto3 && !is_extension {
        tag.push("proto3".into());
    }
    if let Kind::Enum(e) = &kind {
        let pkg = e.parent_file().package_name().to_string();
        let local = enum_ident(r, e)?.name;
        tag.push(if pkg.is_empty() {
            format!("enum={local}")
        } else {
            format!("enum={pkg}.{local}")
        });
    }
    if f.containing_oneof().is_some() {
        tag.push("oneof".into());
    }
    if let Some(def) = f.field_descriptor_proto().default_value.as_deref() {
        tag.push(format!("def={}", tag_default(&kind, def, f)));
    }
    Ok(tag.join(","))
}

fn tag_default(kind: &Kind, def: &str, f: &FieldDescriptor) -> String {
    match kind {
        Kind::Bool => if def == "true" { "1" } else { "0" }.to_string(),
        Kind::Enum(e) => e
            .get_value_by_name(def)
            .map(|v| v.number().to_string())
            .unwrap_or_else(|| def.to_string()),
        Kind::Float | Kind::Double => match f
            .default_value()
            .as_f64()
            .or_else(|| f.default_value().as_f32().map(f64::from))
        {
            Some(v) if v.is_infinite() && v < 0.0 => "-inf".into(),
            Some(v) if v.is_infinite() => "inf".into(),
            Some(v) if v.is_nan() => "nan".into(),
            Some(v) => go_float(v, matches!(kind, Kind::Float)),
            None => def.to_string(),
        },
        _ => def.to_string(),
    }
}

/// `strconv.FormatFloat(v, 'g', -1, bits)`.
pub fn go_float(v: f64, is32: bool) -> String {
    let e = if is32 {
        format!("{:e}", v as f32)
    } else {
        format!("{v:e}")
    };
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    if digits.chars().all(|c| c == '0') {
        return format!("{sign}0");
    }
    if !(-4..6).contains(&exp) {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        let es = if exp < 0 { "-" } else { "+" };
        return format!("{sign}{m}e{es}{:02}", exp.abs());
    }
    if exp < 0 {
        format!("{sign}0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    } else if (exp as usize) + 1 >= digits.len() {
        format!(
            "{sign}{}{}",
            digits,
            "0".repeat(exp as usize + 1 - digits.len())
        )
    } else {
        let p = exp as usize + 1;
        format!("{sign}{}.{}", &digits[..p], &digits[p..])
    }
}

/// The Go type of a value of `kind`: scalars by name, enums by identifier, messages as
/// pointers (`goTypeForField` without the repeated/map/presence wrapping).
fn kind_go_type(ctx: &mut Ctx, kind: &Kind) -> Result<String> {
    Ok(match kind {
        Kind::Bool => "bool".to_string(),
        Kind::Enum(e) => {
            let id = enum_ident(ctx.resolver, e)?;
            ctx.q(&id)
        }
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => "int32".into(),
        Kind::Uint32 | Kind::Fixed32 => "uint32".into(),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => "int64".into(),
        Kind::Uint64 | Kind::Fixed64 => "uint64".into(),
        Kind::Float => "float32".into(),
        Kind::Double => "float64".into(),
        Kind::String => "string".into(),
        Kind::Bytes => "[]byte".into(),
        Kind::Message(m) => {
            let id = message_ident(ctx.resolver, m)?;
            format!("*{}", ctx.q(&id))
        }
    })
}

/// Go type of a field and whether the struct field is a pointer (`fieldGoType`).
fn field_go_type(ctx: &mut Ctx, f: &FieldDescriptor) -> Result<(String, bool)> {
    let kind = f.kind();
    if f.is_map() {
        let Kind::Message(entry) = &kind else {
            return Err(Error::other("map field without entry message"));
        };
        let (k, _) = field_go_type(ctx, &entry.map_entry_key_field())?;
        let (v, _) = field_go_type(ctx, &entry.map_entry_value_field())?;
        return Ok((format!("map[{k}]{v}"), false));
    }
    let go_type = kind_go_type(ctx, &kind)?;
    if f.is_list() {
        return Ok((format!("[]{go_type}"), false));
    }
    let pointer = f.supports_presence() && !matches!(kind, Kind::Bytes | Kind::Message(_));
    Ok((go_type, pointer))
}

/// The struct tags string: `` `k:"v" k2:"v2"` ``.
fn struct_tags(tags: &[(&str, String)]) -> String {
    let parts: Vec<String> = tags
        .iter()
        .map(|(k, v)| format!("{k}:{}", quote_str(v).replace('`', "\\x60")))
        .collect();
    format!("`{}`", parts.join(" "))
}

fn path_indexes(path: &[i32]) -> String {
    path.iter()
        .skip(1)
        .step_by(2)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Flattened order: top-level enums, messages, extensions, then each message depth first.
struct Flat {
    enums: Vec<EnumDescriptor>,
    messages: Vec<MessageDescriptor>,
    extensions: Vec<ExtensionDescriptor>,
}

fn flatten(file: &FileDescriptor) -> Flat {
    let mut flat = Flat {
        enums: file.enums().collect(),
        messages: file.messages().collect(),
        extensions: file
            .extensions()
            .filter(|x| x.parent_message().is_none())
            .collect(),
    };
    fn walk(m: &MessageDescriptor, flat: &mut Flat) {
        flat.enums.extend(m.child_enums());
        flat.messages.extend(m.child_messages());
        flat.extensions.extend(m.child_extensions());
        for c in m.child_messages() {
            walk(&c, flat);
        }
    }
    for m in file.messages() {
        walk(&m, &mut flat);
    }
    flat
}

fn sanitized_file_var(name: &str) -> (String, String) {
    let desc = format!("File_{}", go_sanitized(name));
    let mut prefix = desc.clone();
    prefix.replace_range(0..1, "f");
    (desc, prefix)
}

/// Builds the view of one `.pb.go` file.
pub fn pb_view(
    model: &Model,
    file: &FileDescriptor,
    resolver: &GoResolver,
    versions: &GoVersions,
) -> Result<PbView> {
    let name = file.name().to_string();
    let gofile = resolver.file(&name)?.clone();
    let output_path = resolver.output_path(&name, ".pb.go", "protoc-gen-go")?;
    let mut ctx = Ctx {
        resolver,
        imports: GoImports::new(&gofile.import_path),
        own_path: gofile.import_path.clone(),
    };
    let comments = Comments::new(file);
    let flat = flatten(file);
    let (descriptor_var, var_prefix) = sanitized_file_var(&name);

    let mut rt = RuntimeAliases {
        protoimpl: ctx.pkg(PROTOIMPL),
        ..Default::default()
    };

    // Imports kept for side effects; public imports forward their symbols.
    let mut blank_imports = Vec::new();
    let mut public_imports = Vec::new();
    let public: Vec<String> = file
        .public_dependencies()
        .map(|d| d.name().to_string())
        .collect();
    for dep in file.dependencies() {
        let dep_go = resolver.file(dep.name())?;
        if dep_go.import_path == ctx.own_path {
            continue;
        }
        blank_imports.push(dep_go.import_path.clone());
        if public.iter().any(|p| p == dep.name()) {
            let path = dep_go.import_path.clone();
            let mut decls = Vec::new();
            let mut prev_tok = "";
            for (tok, sym) in exported_symbols(resolver, &dep)? {
                let q = ctx.imports.qualify(&path, &sym);
                if !prev_tok.is_empty() && prev_tok != tok {
                    // gofmt separates declarations of different kinds by a blank line.
                    decls.push(String::new());
                }
                prev_tok = tok;
                decls.push(format!("{tok} {sym} = {q}"));
            }
            public_imports.push(PublicImport {
                proto_name: dep.name().to_string(),
                decls,
            });
        }
    }

    let enum_types_len = flat.enums.len();
    let mut enums = Vec::new();
    for (index, e) in flat.enums.iter().enumerate() {
        enums.push(enum_view(&mut ctx, &comments, file, e, index, &mut rt)?);
    }
    let _ = enum_types_len;

    let mut messages = Vec::new();
    for (index, m) in flat.messages.iter().enumerate() {
        if m.is_map_entry() {
            continue;
        }
        messages.push(message_view(&mut ctx, &comments, file, m, index, &mut rt)?);
    }

    let (extensions, extension_groups) =
        extension_views(&mut ctx, &comments, file, &flat, &var_prefix)?;

    // Reflection.
    rt.protoreflect = ctx.pkg(PROTOREFLECT);
    let need_raw_desc = !flat.enums.is_empty() || !flat.messages.is_empty();
    if need_raw_desc {
        rt.sync = ctx.pkg("sync");
    }
    rt.unsafe_ = ctx.pkg("unsafe");
    let bytes = model
        .encode_file(
            &name,
            FileEncoding {
                protoc_option_order: true,
                include_source_info: false,
                explicit_json_names_only: false,
                strip_source_retention: true,
                protoc_float_defaults: true,
                go_option_order: true,
            },
        )
        .ok_or_else(|| Error::other(format!("{name}: not in the compiled model")))?;
    let raw_desc = split_descriptor(&bytes);

    let (go_types, dep_idxs) = type_tables(&mut ctx, file, &flat)?;
    rt.reflect = ctx.pkg("reflect");

    let mut init_deps = Vec::new();
    for dep in file.dependencies() {
        if resolver.file(dep.name())?.import_path == ctx.own_path {
            init_deps.push(format!("{}_init", sanitized_file_var(dep.name()).1));
        }
    }
    let mut oneof_wrappers = Vec::new();
    for (index, m) in flat.messages.iter().enumerate() {
        if m.oneofs().len() == 0 {
            continue;
        }
        let names = message_names(resolver, m)?;
        let fields = declared_fields(m);
        let mut types = Vec::new();
        for o in m.oneofs().filter(|o| !o.is_synthetic()) {
            for of in oneof_fields(&o) {
                let i = fields
                    .iter()
                    .position(|x| x.number() == of.number())
                    .unwrap_or(0);
                types.push(format!("(*{})(nil),", names.wrappers[i]));
            }
        }
        oneof_wrappers.push(OneofWrapperList { index, types });
    }
    let mut tb_rows = vec![
        vec!["GoTypes:".to_string(), format!("{var_prefix}_goTypes,")],
        vec![
            "DependencyIndexes:".to_string(),
            format!("{var_prefix}_depIdxs,"),
        ],
    ];
    if !flat.enums.is_empty() {
        tb_rows.push(vec![
            "EnumInfos:".into(),
            format!("{var_prefix}_enumTypes,"),
        ]);
    }
    if !flat.messages.is_empty() {
        tb_rows.push(vec![
            "MessageInfos:".into(),
            format!("{var_prefix}_msgTypes,"),
        ]);
    }
    if !flat.extensions.is_empty() {
        tb_rows.push(vec![
            "ExtensionInfos:".into(),
            format!("{var_prefix}_extTypes,"),
        ]);
    }

    let mut imports: Vec<GoImport> = ctx.imports.list();
    for path in blank_imports {
        if !imports.iter().any(|i| i.path == path) {
            imports.push(GoImport {
                alias: "_".into(),
                path,
            });
        }
    }
    imports.sort_by(|a, b| a.path.cmp(&b.path));

    let init_one_line = format!("func init() {var_prefix}_init()").chars().count() <= 100;
    Ok(PbView {
        init_one_line,
        proto_name: name.clone(),
        output_path,
        go_package_name: gofile.package_name.clone(),
        go_import_path: gofile.import_path.clone(),
        versions: versions.clone(),
        syntax_comments: comments.detached(&[12]),
        package_comments: comments.detached(&[2]),
        deprecated: file_deprecated(file),
        imports,
        rt,
        public_imports,
        enums,
        messages,
        extensions,
        extension_groups,
        descriptor_var,
        var_prefix,
        raw_desc,
        need_raw_desc,
        num_enums: flat.enums.len(),
        num_messages: flat.messages.len(),
        num_extensions: flat.extensions.len(),
        num_services: file.services().len(),
        go_types,
        dep_idxs,
        init_deps,
        oneof_wrappers,
        type_builder_lines: align(&tb_rows),
    })
}

fn enum_view(
    ctx: &mut Ctx,
    comments: &Comments,
    file: &FileDescriptor,
    e: &EnumDescriptor,
    index: usize,
    rt: &mut RuntimeAliases,
) -> Result<EnumView> {
    let id = enum_ident(ctx.resolver, e)?;
    let deprecated = e
        .enum_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false);
    let doc = doc_lines(&with_deprecation(
        &comments.leading(e.path()),
        file,
        deprecated,
    ));
    // Values are named after the parent message for nested enums.
    let parent_name = match e.parent_message() {
        Some(m) => message_ident(ctx.resolver, &m)?.name,
        None => id.name.clone(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first_by_number: HashMap<i32, usize> = HashMap::new();
    let values = declared_values(e);
    for (i, v) in values.iter().enumerate() {
        first_by_number.entry(v.number()).or_insert(i);
        let vdep = e.enum_descriptor_proto().value[i]
            .options
            .as_ref()
            .and_then(|o| o.deprecated)
            .unwrap_or(false);
        for l in doc_lines(&with_deprecation(&comments.leading(v.path()), file, vdep)) {
            rows.push(vec![l]);
        }
        let mut row = vec![
            format!("{parent_name}_{}", v.name()),
            id.name.clone(),
            format!("= {}", v.number()),
        ];
        if let Some(t) = comments.trailing(v.path()) {
            row.push(t);
        }
        rows.push(row);
    }
    let value_lines = align(&rows);

    let mut name_rows = Vec::new();
    let mut sizes = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let quoted = quote_str(v.name());
        if first_by_number[&v.number()] != i {
            name_rows.push(vec![format!(
                "// Duplicate value: {}: {quoted},",
                v.number()
            )]);
        } else {
            sizes.push(v.number().to_string().len());
            name_rows.push(vec![format!("{}:", v.number()), format!("{quoted},")]);
        }
    }
    let name_map = align_expr_rows(&name_rows, &sizes);
    let value_rows: Vec<Vec<String>> = values
        .iter()
        .map(|v| {
            vec![
                format!("{}:", quote_str(v.name())),
                format!("{},", v.number()),
            ]
        })
        .collect();
    let value_sizes: Vec<usize> = values.iter().map(|v| quote_str(v.name()).len()).collect();
    let value_map = align_expr_rows(&value_rows, &value_sizes);
    rt.protoreflect = ctx.pkg(PROTOREFLECT);
    Ok(EnumView {
        go_name: id.name,
        doc,
        value_lines,
        name_map,
        value_map,
        index,
        path_indexes: path_indexes(e.path()),
        legacy_unmarshal_json: file.syntax() == Syntax::Proto2,
    })
}

/// Aligns composite-literal element rows (single-entry rows are comment lines, not elements)
/// with gofmt's section breaks computed from the element sizes.
fn align_expr_rows(rows: &[Vec<String>], sizes: &[usize]) -> Vec<String> {
    let ff = expr_list_sections(sizes);
    let mut flags = Vec::with_capacity(rows.len());
    let mut k = 0;
    for r in rows {
        if r.len() > 1 {
            flags.push(ff.get(k).copied().unwrap_or(false));
            k += 1;
        } else {
            flags.push(false);
        }
    }
    align_sections(rows, &flags)
}

fn message_view(
    ctx: &mut Ctx,
    comments: &Comments,
    file: &FileDescriptor,
    m: &MessageDescriptor,
    index: usize,
    rt: &mut RuntimeAliases,
) -> Result<MessageView> {
    let names = message_names(ctx.resolver, m)?;
    let go_name = names.ident.name.clone();
    let deprecated = m
        .descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false);
    let doc = doc_lines(&with_deprecation(
        &comments.leading(m.path()),
        file,
        deprecated,
    ));
    let fields: Vec<FieldDescriptor> = declared_fields(m);

    let mut rows: Vec<Vec<String>> = vec![vec![
        "state".into(),
        format!("{}.MessageState", rt.protoimpl),
        String::new(),
        struct_tags(&[("protogen", "open.v1".into())]),
    ]];
    let mut types = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        if let Some(o) = f.containing_oneof().filter(|o| !o.is_synthetic()) {
            let first = oneof_fields(&o).first().map(|x| x.number()) == Some(f.number());
            types.push((String::new(), false));
            if !first {
                continue;
            }
            let oname = &names.oneofs[oneof_index(&o)];
            let mut text = comments.leading(o.path());
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!(
                " Types that are valid to be assigned to {oname}:\n\n"
            ));
            for of in oneof_fields(&o) {
                let fi = fields
                    .iter()
                    .position(|x| x.number() == of.number())
                    .unwrap_or(0);
                text.push_str(&format!("\t*{}\n", names.wrappers[fi]));
            }
            for l in doc_lines(&text) {
                rows.push(vec![l]);
            }
            rows.push(vec![
                oname.clone(),
                format!("is{go_name}_{oname}"),
                String::new(),
                struct_tags(&[("protobuf_oneof", o.name().to_string())]),
            ]);
            continue;
        }
        let (go_type, pointer) = field_go_type(ctx, f)?;
        types.push((go_type.clone(), pointer));
        let go_type = if pointer {
            format!("*{go_type}")
        } else {
            go_type
        };
        let mut tags = vec![
            ("protobuf", protobuf_tag(f, ctx.resolver, false)?),
            ("json", format!("{},omitempty", f.name())),
        ];
        if f.is_map() {
            if let Kind::Message(entry) = f.kind() {
                let k = protobuf_tag(&entry.map_entry_key_field(), ctx.resolver, false)?;
                let v = protobuf_tag(&entry.map_entry_value_field(), ctx.resolver, false)?;
                tags.push(("protobuf_key", k.replace(",proto3", "")));
                tags.push(("protobuf_val", v.replace(",proto3", "")));
            }
        }
        for l in doc_lines(&with_deprecation(
            &comments.leading(f.path()),
            file,
            field_deprecated(f),
        )) {
            rows.push(vec![l]);
        }
        let mut row = vec![
            names.fields[i].clone(),
            go_type,
            String::new(),
            struct_tags(&tags),
        ];
        if let Some(t) = comments.trailing(f.path()) {
            row.push(t);
        }
        rows.push(row);
    }
    if m.descriptor_proto().extension_range.iter().len() > 0 {
        rows.push(vec![
            "extensionFields".into(),
            format!("{}.ExtensionFields", rt.protoimpl),
        ]);
    }
    rows.push(vec![
        "unknownFields".into(),
        format!("{}.UnknownFields", rt.protoimpl),
    ]);
    rows.push(vec![
        "sizeCache".into(),
        format!("{}.SizeCache", rt.protoimpl),
    ]);
    let field_lines = align(&rows);

    // Default values.
    let mut consts: Vec<Vec<String>> = Vec::new();
    let mut vars: Vec<Vec<String>> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let Some(def) = f.field_descriptor_proto().default_value.clone() else {
            continue;
        };
        let dname = format!("Default_{go_name}_{}", names.fields[i]);
        let (go_type, _) = field_go_type(ctx, f)?;
        match f.kind() {
            Kind::String => consts.push(vec![dname, format!("= {go_type}({})", quote_str(&def))]),
            Kind::Bytes => {
                let raw = unescape_c(&def);
                vars.push(vec![
                    dname,
                    format!("= {go_type}({})", super::gofmt::go_quote(&raw)),
                ]);
            }
            Kind::Enum(e) => {
                let v = e
                    .get_value_by_name(&def)
                    .ok_or_else(|| Error::other(format!("{}: bad enum default", f.full_name())))?;
                let eid = enum_ident(ctx.resolver, &e)?;
                let parent = match e.parent_message() {
                    Some(pm) => message_ident(ctx.resolver, &pm)?.name,
                    None => eid.name.clone(),
                };
                let vid = Ident {
                    path: eid.path.clone(),
                    name: format!("{parent}_{}", v.name()),
                };
                if eid.path == ctx.own_path {
                    consts.push(vec![dname, format!("= {}", ctx.q(&vid))]);
                } else {
                    let t = ctx.q(&eid);
                    let vq = ctx.q(&vid);
                    consts.push(vec![
                        dname,
                        format!("= {t}({})", v.number()),
                        String::new(),
                        String::new(),
                        format!("// {vq}"),
                    ]);
                }
            }
            Kind::Float | Kind::Double => {
                let v = f
                    .default_value()
                    .as_f64()
                    .or_else(|| f.default_value().as_f32().map(f64::from))
                    .unwrap_or(0.0);
                if v.is_nan() || v.is_infinite() {
                    let math = ctx.pkg("math");
                    let (func, arg) = if v.is_nan() {
                        ("NaN", "")
                    } else if v < 0.0 {
                        ("Inf", "-1")
                    } else {
                        ("Inf", "+1")
                    };
                    vars.push(vec![dname, format!("= {go_type}({math}.{func}({arg}))")]);
                } else {
                    consts.push(vec![dname, format!("= {go_type}({})", go_float(v, false))]);
                }
            }
            Kind::Bool => consts.push(vec![dname, format!("= {go_type}({def})")]),
            _ => consts.push(vec![dname, format!("= {go_type}({def})")]),
        }
    }

    // Getters.
    let mut getters = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let real_oneof = f.containing_oneof().filter(|o| !o.is_synthetic());
        let oneof_getter = match &real_oneof {
            Some(o) if oneof_fields(o).first().map(|x| x.number()) == Some(f.number()) => {
                let oname = names.oneofs[oneof_index(o)].clone();
                Some(OneofGetter {
                    name: format!("Get{oname}"),
                    iface: format!("is{go_name}_{oname}"),
                    field: oname,
                })
            }
            _ => None,
        };
        let (go_type, pointer) = field_go_type(ctx, f)?;
        let default = field_default(ctx, f, &go_name, &names.fields[i])?;
        let doc = doc_lines(&with_deprecation("", file, field_deprecated(f)));
        getters.push(Getter {
            oneof_getter: oneof_getter.into_iter().collect(),
            doc,
            name: format!("Get{}", names.fields[i]),
            go_type,
            field: names.fields[i].clone(),
            oneof_wrapper: real_oneof
                .as_ref()
                .map(|_| names.wrappers[i].clone())
                .unwrap_or_default(),
            oneof_field: real_oneof
                .as_ref()
                .map(|o| names.oneofs[oneof_index(o)].clone())
                .unwrap_or_default(),
            check_nil_field: f.supports_presence() && default != "nil" && real_oneof.is_none(),
            star: if pointer && real_oneof.is_none() {
                "*".into()
            } else {
                String::new()
            },
            default,
        });
    }

    // Oneof wrapper types.
    let mut oneofs = Vec::new();
    for o in m.oneofs().filter(|o| !o.is_synthetic()) {
        let oname = &names.oneofs[oneof_index(&o)];
        let mut wrappers = Vec::new();
        for of in oneof_fields(&o) {
            let fi = fields
                .iter()
                .position(|x| x.number() == of.number())
                .unwrap_or(0);
            let (go_type, _) = field_go_type(ctx, &of)?;
            let tag = struct_tags(&[("protobuf", protobuf_tag(&of, ctx.resolver, false)?)]);
            let mut line = format!("{} {go_type} {tag}", names.fields[fi]);
            if let Some(t) = comments.trailing(of.path()) {
                line.push(' ');
                line.push_str(&t);
            }
            let header = format!("func (*{}) is{go_name}_{oname}()", names.wrappers[fi]);
            wrappers.push(WrapperView {
                method_one_line: header.chars().count() < 100,
                type_name: names.wrappers[fi].clone(),
                doc: doc_lines(&with_deprecation(
                    &comments.leading(of.path()),
                    file,
                    field_deprecated(&of),
                )),
                field_line: line,
            });
        }
        oneofs.push(OneofView {
            iface: format!("is{go_name}_{oname}"),
            wrappers,
        });
    }
    let _ = types;

    Ok(MessageView {
        proto_message_one_line: format!("func (*{go_name}) ProtoMessage()").chars().count() < 100,
        go_name,
        doc,
        field_lines,
        index,
        path_indexes: path_indexes(m.path()),
        default_consts: align(&consts),
        default_vars: align(&vars),
        getters,
        oneofs,
    })
}

/// Unescapes protoc's C-escaped `default_value` of a bytes field.
fn unescape_c(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        match b[i] {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'x' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && i + 1 < b.len() && (b[i + 1] as char).is_ascii_hexdigit() {
                    i += 1;
                    v = v * 16 + (b[i] as char).to_digit(16).unwrap_or(0);
                    n += 1;
                }
                out.push(v as u8);
            }
            b'0'..=b'7' => {
                let mut v = (b[i] - b'0') as u32;
                let mut n = 1;
                while n < 3 && i + 1 < b.len() && (b'0'..=b'7').contains(&b[i + 1]) {
                    i += 1;
                    v = v * 8 + (b[i] - b'0') as u32;
                    n += 1;
                }
                out.push(v as u8);
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn field_default(ctx: &mut Ctx, f: &FieldDescriptor, msg: &str, field: &str) -> Result<String> {
    if f.is_list() || f.is_map() {
        return Ok("nil".into());
    }
    if f.field_descriptor_proto().default_value.is_some() {
        let n = format!("Default_{msg}_{field}");
        return Ok(if matches!(f.kind(), Kind::Bytes) {
            format!("append([]byte(nil), {n}...)")
        } else {
            n
        });
    }
    Ok(match f.kind() {
        Kind::Bool => "false".into(),
        Kind::String => "\"\"".into(),
        Kind::Message(_) | Kind::Bytes => "nil".into(),
        Kind::Enum(e) => {
            let eid = enum_ident(ctx.resolver, &e)?;
            let v = declared_values(&e)
                .into_iter()
                .next()
                .ok_or_else(|| Error::other(format!("{}: enum without values", e.full_name())))?;
            let parent = match e.parent_message() {
                Some(pm) => message_ident(ctx.resolver, &pm)?.name,
                None => eid.name.clone(),
            };
            if eid.path == ctx.own_path {
                format!("{parent}_{}", v.name())
            } else {
                format!("{}({})", ctx.q(&eid), v.number())
            }
        }
        _ => "0".into(),
    })
}

fn extension_views(
    ctx: &mut Ctx,
    comments: &Comments,
    file: &FileDescriptor,
    flat: &Flat,
    var_prefix: &str,
) -> Result<(Vec<ExtensionView>, Vec<ExtensionGroup>)> {
    let mut views = Vec::new();
    if flat.extensions.is_empty() {
        return Ok((views, Vec::new()));
    }
    ctx.pkg(PROTOIMPL);
    let mut targets: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, x) in flat.extensions.iter().enumerate() {
        let extendee = message_ident(ctx.resolver, &x.containing_message())?;
        let target = ctx.q(&extendee);
        let (go_type, pointer) = extension_go_type(ctx, x)?;
        let go_type = if pointer {
            format!("*{go_type}")
        } else {
            go_type
        };
        let rows = vec![
            vec!["ExtendedType:".to_string(), format!("(*{target})(nil),")],
            vec!["ExtensionType:".to_string(), format!("({go_type})(nil),")],
            vec!["Field:".to_string(), format!("{},", x.number())],
            vec![
                "Name:".to_string(),
                format!("{},", quote_str(x.full_name())),
            ],
            vec![
                "Tag:".to_string(),
                format!("{},", quote_str(&extension_tag(ctx, x)?)),
            ],
            vec![
                "Filename:".to_string(),
                format!("{},", quote_str(file.name())),
            ],
        ];
        views.push(ExtensionView {
            lines: align(&rows),
        });
        match targets.iter_mut().find(|(t, _)| *t == target) {
            Some((_, v)) => v.push(i),
            None => targets.push((target, vec![i])),
        }
    }
    let mut groups = Vec::new();
    for (target, idxs) in targets {
        let mut rows: Vec<Vec<String>> = Vec::new();
        for i in idxs {
            let x = &flat.extensions[i];
            let type_name = match x.kind() {
                Kind::Enum(e) => e.full_name().to_string(),
                Kind::Message(m) => m.full_name().to_string(),
                k => kind_name(&k).to_string(),
            };
            let card = match x.cardinality() {
                Cardinality::Optional => "optional",
                Cardinality::Required => "required",
                Cardinality::Repeated => "repeated",
            };
            let mut text = comments.leading(x.path());
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!(
                " {card} {type_name} {} = {};\n",
                x.name(),
                x.number()
            ));
            let dep = x
                .field_descriptor_proto()
                .options
                .as_ref()
                .and_then(|o| o.deprecated)
                .unwrap_or(false);
            for l in doc_lines(&with_deprecation(&text, file, dep)) {
                rows.push(vec![l]);
            }
            let scope = match x.parent_message() {
                Some(pm) => format!("{}_", message_ident(ctx.resolver, &pm)?.name),
                None => String::new(),
            };
            let mut row = vec![
                format!("E_{scope}{}", go_camel_case(x.name())),
                format!("= &{var_prefix}_extTypes[{i}]"),
            ];
            if let Some(t) = comments.trailing(x.path()) {
                row.push(String::new());
                row.push(String::new());
                row.push(t);
            }
            rows.push(row);
        }
        groups.push(ExtensionGroup {
            target,
            lines: align(&rows),
        });
    }
    Ok((views, groups))
}

fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::Double => "double",
        Kind::Float => "float",
        Kind::Int64 => "int64",
        Kind::Uint64 => "uint64",
        Kind::Int32 => "int32",
        Kind::Fixed64 => "fixed64",
        Kind::Fixed32 => "fixed32",
        Kind::Bool => "bool",
        Kind::String => "string",
        Kind::Bytes => "bytes",
        Kind::Uint32 => "uint32",
        Kind::Sfixed32 => "sfixed32",
        Kind::Sfixed64 => "sfixed64",
        Kind::Sint32 => "sint32",
        Kind::Sint64 => "sint64",
        Kind::Message(_) => "message",
        Kind::Enum(_) => "enum",
    }
}

fn extension_go_type(ctx: &mut Ctx, x: &ExtensionDescriptor) -> Result<(String, bool)> {
    let kind = x.kind();
    let mut pointer = x.cardinality() != Cardinality::Repeated
        && x.parent_file().syntax() == Syntax::Proto2
        && !matches!(kind, Kind::Bytes | Kind::Message(_));
    let t = kind_go_type(ctx, &kind)?;
    if x.cardinality() == Cardinality::Repeated {
        return Ok((format!("[]{t}"), false));
    }
    if x.parent_file().syntax() == Syntax::Proto3 && !matches!(kind, Kind::Message(_) | Kind::Bytes)
    {
        // Extensions in proto3 files have explicit presence too.
        pointer = true;
    }
    Ok((t, pointer))
}

fn extension_tag(ctx: &mut Ctx, x: &ExtensionDescriptor) -> Result<String> {
    let kind = x.kind();
    let mut tag: Vec<String> = vec![
        match kind {
            Kind::Bool
            | Kind::Enum(_)
            | Kind::Int32
            | Kind::Uint32
            | Kind::Int64
            | Kind::Uint64 => "varint",
            Kind::Sint32 => "zigzag32",
            Kind::Sint64 => "zigzag64",
            Kind::Sfixed32 | Kind::Fixed32 | Kind::Float => "fixed32",
            Kind::Sfixed64 | Kind::Fixed64 | Kind::Double => "fixed64",
            Kind::Message(_) if x.is_group() => "group",
            Kind::String | Kind::Bytes | Kind::Message(_) => "bytes",
        }
        .to_string(),
        x.number().to_string(),
        match x.cardinality() {
            Cardinality::Optional => "opt",
            Cardinality::Required => "req",
            Cardinality::Repeated => "rep",
        }
        .to_string(),
    ];
    if x.is_packed() {
        tag.push("packed".into());
    }
    let name = match (&kind, x.is_group()) {
        (Kind::Message(m), true) => m.name().to_string(),
        _ => x.name().to_string(),
    };
    tag.push(format!("name={name}"));
    if let Kind::Enum(e) = &kind {
        let pkg = e.parent_file().package_name().to_string();
        let local = enum_ident(ctx.resolver, e)?.name;
        tag.push(if pkg.is_empty() {
            format!("enum={local}")
        } else {
            format!("enum={pkg}.{local}")
        });
    }
    if let Some(def) = x.field_descriptor_proto().default_value.as_deref() {
        let v = match &kind {
            Kind::Bool => if def == "true" { "1" } else { "0" }.to_string(),
            Kind::Enum(e) => e
                .get_value_by_name(def)
                .map(|v| v.number().to_string())
                .unwrap_or_else(|| def.to_string()),
            _ => def.to_string(),
        };
        tag.push(format!("def={v}"));
    }
    Ok(tag.join(","))
}

/// goTypes and depIdxs lines (`genReflectFileDescriptor`).
fn type_tables(
    ctx: &mut Ctx,
    file: &FileDescriptor,
    flat: &Flat,
) -> Result<(Vec<String>, Vec<String>)> {
    struct St {
        go_types: Vec<(String, usize, String)>, // element, size, comment
        dep_idxs: Vec<(String, String)>,
        seen: HashMap<String, usize>,
    }
    let mut st = St {
        go_types: Vec::new(),
        dep_idxs: Vec::new(),
        seen: HashMap::new(),
    };

    enum T {
        E(EnumDescriptor),
        M(MessageDescriptor),
    }
    let gen = |ctx: &mut Ctx, st: &mut St, t: T, source: Option<String>| -> Result<()> {
        let full = match &t {
            T::E(e) => e.full_name().to_string(),
            T::M(m) => m.full_name().to_string(),
        };
        if !st.seen.contains_key(&full) {
            let elem = match &t {
                T::E(e) => format!("({})(0)", ctx.q(&enum_ident(ctx.resolver, e)?)),
                T::M(m) if m.is_map_entry() => "nil".to_string(),
                T::M(m) => format!("(*{})(nil)", ctx.q(&message_ident(ctx.resolver, m)?)),
            };
            let n = st.go_types.len();
            st.go_types
                .push((format!("{elem},"), elem.len(), format!("// {n}: {full}")));
            let len = st.seen.len();
            st.seen.insert(full.clone(), len);
        }
        if let Some(src) = source {
            let n = st.dep_idxs.len();
            let idx = st.seen[&full].to_string();
            st.dep_idxs.push((idx, format!("// {n}: {src} -> {full}")));
        }
        Ok(())
    };
    for e in &flat.enums {
        gen(ctx, &mut st, T::E(e.clone()), None)?;
    }
    for m in &flat.messages {
        gen(ctx, &mut st, T::M(m.clone()), None)?;
    }
    let mut offsets = vec![(st.dep_idxs.len(), "field type_name")];
    for m in &flat.messages {
        for f in declared_fields(m) {
            let src = format!("{}:type_name", f.full_name());
            match f.kind() {
                Kind::Enum(e) => gen(ctx, &mut st, T::E(e), Some(src))?,
                Kind::Message(mm) => gen(ctx, &mut st, T::M(mm), Some(src))?,
                _ => {}
            }
        }
    }
    offsets.push((st.dep_idxs.len(), "extension extendee"));
    for x in &flat.extensions {
        gen(
            ctx,
            &mut st,
            T::M(x.containing_message()),
            Some(format!("{}:extendee", x.full_name())),
        )?;
    }
    offsets.push((st.dep_idxs.len(), "extension type_name"));
    for x in &flat.extensions {
        let src = format!("{}:type_name", x.full_name());
        match x.kind() {
            Kind::Enum(e) => gen(ctx, &mut st, T::E(e), Some(src))?,
            Kind::Message(mm) => gen(ctx, &mut st, T::M(mm), Some(src))?,
            _ => {}
        }
    }
    offsets.push((st.dep_idxs.len(), "method input_type"));
    for s in file.services() {
        for meth in s.methods() {
            gen(
                ctx,
                &mut st,
                T::M(meth.input()),
                Some(format!("{}:input_type", meth.full_name())),
            )?;
        }
    }
    offsets.push((st.dep_idxs.len(), "method output_type"));
    for s in file.services() {
        for meth in s.methods() {
            gen(
                ctx,
                &mut st,
                T::M(meth.output()),
                Some(format!("{}:output_type", meth.full_name())),
            )?;
        }
    }
    offsets.push((st.dep_idxs.len(), ""));
    for i in (0..offsets.len() - 1).rev() {
        let (cur, name) = offsets[i];
        let next = offsets[i + 1].0;
        st.dep_idxs.push((
            cur.to_string(),
            format!("// [{cur}:{next}] is the sub-list for {name}"),
        ));
    }
    let (go_types, dep_idxs) = (st.go_types, st.dep_idxs);
    let rows: Vec<Vec<String>> = go_types
        .iter()
        .map(|(e, _, c)| vec![e.clone(), c.clone()])
        .collect();
    let sizes: Vec<usize> = go_types.iter().map(|(_, s, _)| *s).collect();
    let go_lines = align_sections(&rows, &expr_list_sections(&sizes));
    let rows: Vec<Vec<String>> = dep_idxs
        .iter()
        .map(|(e, c)| vec![format!("{e},"), c.clone()])
        .collect();
    let sizes: Vec<usize> = dep_idxs.iter().map(|(e, _)| e.len()).collect();
    let dep_lines = align_sections(&rows, &expr_list_sections(&sizes));
    Ok((go_lines, dep_lines))
}

/// The exported top-level names a `.pb.go` file declares, in order, for forwarding from a
/// file that imports it publicly.
fn exported_symbols(r: &GoResolver, file: &FileDescriptor) -> Result<Vec<(&'static str, String)>> {
    let flat = flatten(file);
    let mut out = Vec::new();
    for e in &flat.enums {
        let id = enum_ident(r, e)?;
        out.push(("type", id.name.clone()));
        let parent = match e.parent_message() {
            Some(m) => message_ident(r, &m)?.name,
            None => id.name.clone(),
        };
        for v in declared_values(e) {
            out.push(("const", format!("{parent}_{}", v.name())));
        }
        out.push(("var", format!("{}_name", id.name)));
        out.push(("var", format!("{}_value", id.name)));
    }
    for m in &flat.messages {
        if m.is_map_entry() {
            continue;
        }
        let names = message_names(r, m)?;
        out.push(("type", names.ident.name.clone()));
        let fields: Vec<FieldDescriptor> = declared_fields(m);
        let mut consts = Vec::new();
        let mut vars = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if f.field_descriptor_proto().default_value.is_none() {
                continue;
            }
            let n = format!("Default_{}_{}", names.ident.name, names.fields[i]);
            let is_var = match f.kind() {
                Kind::Bytes => true,
                Kind::Float | Kind::Double => {
                    let v = f
                        .default_value()
                        .as_f64()
                        .or_else(|| f.default_value().as_f32().map(f64::from))
                        .unwrap_or(0.0);
                    v.is_nan() || v.is_infinite()
                }
                _ => false,
            };
            if is_var {
                vars.push(("var", n));
            } else {
                consts.push(("const", n));
            }
        }
        out.extend(consts);
        out.extend(vars);
        for (i, f) in fields.iter().enumerate() {
            if is_real_oneof_member(f) {
                out.push(("type", names.wrappers[i].clone()));
            }
        }
    }
    for x in &flat.extensions {
        let scope = match x.parent_message() {
            Some(pm) => format!("{}_", message_ident(r, &pm)?.name),
            None => String::new(),
        };
        out.push(("var", format!("E_{scope}{}", go_camel_case(x.name()))));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_formatting() {
        assert_eq!(go_float(1.5, false), "1.5");
        assert_eq!(go_float(1e10, false), "1e+10");
        assert_eq!(go_float(123456.0, false), "123456");
        assert_eq!(go_float(1234567.0, false), "1.234567e+06");
        assert_eq!(go_float(0.0001, false), "0.0001");
        assert_eq!(go_float(0.00001, false), "1e-05");
        assert_eq!(go_float(-2.25, false), "-2.25");
        assert_eq!(go_float(0.0, false), "0");
        assert_eq!(go_float(f64::from(1.1f32), true), "1.1");
        assert_eq!(go_float(f64::from(1.1f32), false), "1.100000023841858");
    }

    #[test]
    fn c_unescape_and_tags() {
        assert_eq!(unescape_c("a\\n\\001\\x41\\\\"), b"a\n\x01A\\".to_vec());
        assert_eq!(
            struct_tags(&[
                ("protobuf", "bytes,1,opt,name=a`b".into()),
                ("json", "a,omitempty".into())
            ]),
            "`protobuf:\"bytes,1,opt,name=a\\x60b\" json:\"a,omitempty\"`"
        );
        assert_eq!(path_indexes(&[4, 0, 3, 2]), "0, 2");
        assert_eq!(
            sanitized_file_var("a/b-c.proto"),
            (
                "File_a_b_c_proto".to_string(),
                "file_a_b_c_proto".to_string()
            )
        );
    }
}
