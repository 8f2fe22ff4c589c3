//! `_pb2.pyi`: type stubs.

use std::collections::{BTreeSet, HashMap, HashSet};

use prost_reflect::{EnumDescriptor, FieldDescriptor, FileDescriptor, Kind, MessageDescriptor};
use prost_types::source_code_info::Location;
use serde::Serialize;

use super::{comments::*, naming::*};

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
    /// `module` is relative (option `relative_imports`).
    pub relative: bool,
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

pub(super) struct PyiContext<'a> {
    file: &'a FileDescriptor,
    import_map: HashMap<String, String>,
    locs: HashMap<Vec<i32>, Location>,
}

pub(super) const WELL_KNOWN_MIXINS: &[&str] = &[
    "google.protobuf.Any",
    "google.protobuf.Duration",
    "google.protobuf.FieldMask",
    "google.protobuf.ListValue",
    "google.protobuf.Struct",
    "google.protobuf.Timestamp",
];

#[derive(Default)]
pub(super) struct ImportFlags {
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

pub(super) fn is_datetime(m: &MessageDescriptor) -> bool {
    matches!(
        m.full_name(),
        "google.protobuf.Duration" | "google.protobuf.Timestamp"
    )
}

pub(super) fn check_imports(m: &MessageDescriptor, flags: &mut ImportFlags) {
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

pub fn pyi_view(file: &FileDescriptor, local: Option<&BTreeSet<String>>) -> PyiView {
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
        let absolute = module_name(dep);
        let leaf = absolute.rsplit('.').next().unwrap_or(&absolute).to_string();
        let module = module_ref(&name, dep, local);
        let mut alias = format!("_{leaf}");
        while seen_aliases.contains(&alias) {
            alias.push_str("_1");
        }
        let importlib = contains_keyword(&absolute);
        let first_importlib = importlib && !has_importlib;
        has_importlib |= importlib;
        if !importlib {
            ctx.import_map.insert(dep.to_string(), alias.clone());
            seen_aliases.insert(alias.clone());
        }
        imports.push(PyiImport {
            proto_name: dep.into(),
            statement: import_statement(&module),
            relative: module.starts_with('.'),
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
        let module = module_ref(&name, &dep, local);
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
