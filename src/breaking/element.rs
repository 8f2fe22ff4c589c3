//! The elements the engine pairs and hands to rules. Each element knows its file (an index into
//! its [`Side`]) and its SourceCodeInfo path; rules report paths, the engine turns them into
//! spans.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, OnceLock},
};

use prost_reflect::{
    EnumDescriptor, EnumValueDescriptor, FieldDescriptor, FileDescriptor, Kind, MessageDescriptor,
    MethodDescriptor, ServiceDescriptor, Value,
};
use prost_types::{FieldDescriptorProto, FileDescriptorProto, SourceCodeInfo};

/// One side of a comparison: the files of one image (a module's targets and their imports),
/// indexed the ways buf pairs elements.
pub struct Side {
    pub files: Vec<FileEl>,
    pub by_name: BTreeMap<String, usize>,
    /// Messages by full name (no leading dot).
    pub messages: BTreeMap<String, MessageEl>,
    pub enums: BTreeMap<String, EnumEl>,
    pub services: BTreeMap<String, ServiceEl>,
    /// Extensions by (extendee full name, number).
    pub extensions: BTreeMap<(String, u32), FieldEl>,
    /// Per file: full names of its messages, enums, services and (extendee, number) of its
    /// extensions, in declaration order.
    pub file_messages: Vec<Vec<String>>,
    pub file_enums: Vec<Vec<String>>,
    pub file_services: Vec<Vec<String>>,
    pub file_extensions: Vec<Vec<(String, u32)>>,
}

impl Side {
    /// Indexes `files` (already chosen: targets and their imports).
    pub fn new(files: Vec<FileEl>) -> Side {
        let mut side = Side {
            by_name: files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.name.clone(), i))
                .collect(),
            file_messages: vec![Vec::new(); files.len()],
            file_enums: vec![Vec::new(); files.len()],
            file_services: vec![Vec::new(); files.len()],
            file_extensions: vec![Vec::new(); files.len()],
            files,
            messages: BTreeMap::new(),
            enums: BTreeMap::new(),
            services: BTreeMap::new(),
            extensions: BTreeMap::new(),
        };
        for index in 0..side.files.len() {
            let fd = side.files[index].fd.clone();
            let package = fd.package_name().to_string();
            for message in fd.messages() {
                side.add_message(index, &package, message);
            }
            for enum_ in fd.enums() {
                side.add_enum(index, &package, enum_);
            }
            for service in fd.services() {
                side.file_services[index].push(service.full_name().to_string());
                side.services.insert(
                    service.full_name().to_string(),
                    ServiceEl {
                        file: index,
                        desc: service,
                    },
                );
            }
            for ext in fd.extensions() {
                side.add_extension(index, &package, &ext);
            }
        }
        side
    }

    fn add_message(&mut self, file: usize, package: &str, message: MessageDescriptor) {
        for nested in message.child_messages() {
            self.add_message(file, package, nested);
        }
        for enum_ in message.child_enums() {
            self.add_enum(file, package, enum_);
        }
        for ext in message.child_extensions() {
            self.add_extension(file, package, &ext);
        }
        let full = message.full_name().to_string();
        self.file_messages[file].push(full.clone());
        self.messages.insert(
            full.clone(),
            MessageEl {
                file,
                nested_name: nested_name(package, &full),
                desc: message,
            },
        );
    }

    fn add_enum(&mut self, file: usize, package: &str, enum_: EnumDescriptor) {
        let full = enum_.full_name().to_string();
        self.file_enums[file].push(full.clone());
        self.enums.insert(
            full.clone(),
            EnumEl {
                file,
                nested_name: nested_name(package, &full),
                desc: enum_,
            },
        );
    }

    fn add_extension(
        &mut self,
        file: usize,
        package: &str,
        ext: &prost_reflect::ExtensionDescriptor,
    ) {
        let el = FieldEl::extension(file, package, ext);
        let key = (el.extendee.clone().unwrap_or_default(), el.number);
        self.file_extensions[file].push(key.clone());
        self.extensions.entry(key).or_insert(el);
    }

    pub fn file(&self, index: usize) -> &FileEl {
        &self.files[index]
    }

    /// The messages of a file by nested name (`Outer.Inner`).
    pub fn nested_messages(&self, file: usize) -> BTreeMap<&str, &MessageEl> {
        self.file_messages[file]
            .iter()
            .filter_map(|n| self.messages.get(n))
            .map(|m| (m.nested_name.as_str(), m))
            .collect()
    }

    /// The enums of a file by nested name.
    pub fn nested_enums(&self, file: usize) -> BTreeMap<&str, &EnumEl> {
        self.file_enums[file]
            .iter()
            .filter_map(|n| self.enums.get(n))
            .map(|e| (e.nested_name.as_str(), e))
            .collect()
    }

    /// The extensions of a file by nested name (`Scope.name`, or `name` at file level).
    pub fn nested_extensions(&self, file: usize) -> BTreeMap<&str, &FieldEl> {
        self.file_extensions[file]
            .iter()
            .filter_map(|k| self.extensions.get(k))
            .map(|e| (e.nested_name.as_str(), e))
            .collect()
    }

    /// The services of a file by name.
    pub fn file_services_by_name(&self, file: usize) -> BTreeMap<&str, &ServiceEl> {
        self.file_services[file]
            .iter()
            .filter_map(|n| self.services.get(n))
            .map(|s| (s.desc.name(), s))
            .collect()
    }

    /// Package name → indexes of the files declaring it.
    pub fn packages(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, f) in self.files.iter().enumerate() {
            out.entry(f.package()).or_default().push(i);
        }
        out
    }
}

fn collect_map_entries(
    message: &prost_types::DescriptorProto,
    path: Vec<i32>,
    out: &mut Vec<(Vec<i32>, Vec<i32>)>,
) {
    for (i, nested) in message.nested_type.iter().enumerate() {
        let mut nested_path = path.clone();
        nested_path.extend_from_slice(&[3, i as i32]);
        let is_entry = nested.options.as_ref().is_some_and(|o| o.map_entry());
        if is_entry {
            let suffix = format!(".{}", nested.name());
            let field = message
                .field
                .iter()
                .position(|f| f.type_name().ends_with(&suffix) || f.type_name() == nested.name());
            if let Some(f) = field {
                let mut field_path = path.clone();
                field_path.extend_from_slice(&[2, f as i32]);
                out.push((nested_path.clone(), field_path));
            }
        }
        collect_map_entries(nested, nested_path, out);
    }
}

fn nested_name(package: &str, full: &str) -> String {
    if package.is_empty() {
        full.to_string()
    } else {
        full.strip_prefix(package)
            .and_then(|s| s.strip_prefix('.'))
            .unwrap_or(full)
            .to_string()
    }
}

/// A file of one side.
pub struct FileEl {
    pub fd: FileDescriptor,
    /// The import path.
    pub name: String,
    /// The path findings show.
    pub external: String,
    /// Not a target of this comparison (a dependency, a well-known type, another module's file).
    pub is_import: bool,
    /// The file's source info when the model keeps it out of the pool (`None` with `detached`:
    /// none kept).
    source_info: Option<Arc<SourceCodeInfo>>,
    detached: bool,
    /// SourceCodeInfo path → span, built on first use: only files with findings need it.
    locations: OnceLock<HashMap<Vec<i32>, Vec<i32>>>,
    /// Synthetic map entry message path → the path of the map field declaring it. Entries have
    /// no locations of their own; buf reports their elements at the field's `map<K, V>`.
    map_entries: Vec<(Vec<i32>, Vec<i32>)>,
}

impl FileEl {
    /// `source_info`: `Some` when the model keeps source info out of the pool (`Some(None)`: it
    /// kept none for this file).
    pub fn new(
        fd: FileDescriptor,
        external: String,
        is_import: bool,
        source_info: Option<Option<Arc<SourceCodeInfo>>>,
    ) -> FileEl {
        let mut map_entries = Vec::new();
        for (i, message) in fd.file_descriptor_proto().message_type.iter().enumerate() {
            collect_map_entries(message, vec![4, i as i32], &mut map_entries);
        }
        FileEl {
            name: fd.name().to_string(),
            fd,
            external,
            is_import,
            detached: source_info.is_some(),
            source_info: source_info.flatten(),
            locations: OnceLock::new(),
            map_entries,
        }
    }

    fn locations(&self) -> &HashMap<Vec<i32>, Vec<i32>> {
        self.locations.get_or_init(|| {
            let mut locations = HashMap::new();
            let info = match self.detached {
                true => self.source_info.as_deref(),
                false => self.fd.file_descriptor_proto().source_code_info.as_ref(),
            };
            if let Some(info) = info {
                for loc in &info.location {
                    locations
                        .entry(loc.path.clone())
                        .or_insert_with(|| loc.span.clone());
                }
            }
            locations
        })
    }

    pub fn proto(&self) -> &FileDescriptorProto {
        self.fd.file_descriptor_proto()
    }

    pub fn package(&self) -> &str {
        self.fd.package_name()
    }

    /// The span recorded for a SourceCodeInfo path; elements of map entries are at their map
    /// field.
    pub fn span(&self, path: &[i32]) -> Option<&[i32]> {
        let locations = self.locations();
        if let Some(span) = locations.get(path) {
            return Some(span);
        }
        // At the `map<K, V>` type of the field, as buf's compiler records entries.
        let (_, field) = self
            .map_entries
            .iter()
            .find(|(entry, _)| path.starts_with(entry))?;
        let mut type_name = field.clone();
        type_name.push(6);
        locations
            .get(&type_name)
            .or_else(|| locations.get(field))
            .map(Vec::as_slice)
    }

    pub fn has_location(&self, path: &[i32]) -> bool {
        self.locations().contains_key(path)
    }

    /// `proto2` (also when unset), `proto3` or `editions`.
    pub fn syntax(&self) -> &str {
        match self.proto().syntax() {
            "" => "proto2",
            other => other,
        }
    }
}

pub struct MessageEl {
    pub file: usize,
    pub desc: MessageDescriptor,
    /// The name within the package, e.g. `Outer.Inner`.
    pub nested_name: String,
}

impl MessageEl {
    pub fn path(&self) -> Vec<i32> {
        self.desc.path().to_vec()
    }

    pub fn name(&self) -> &str {
        self.desc.name()
    }

    pub fn proto(&self) -> &prost_types::DescriptorProto {
        self.desc.descriptor_proto()
    }

    /// Fields (not extensions) by number.
    pub fn fields(&self, file: usize) -> BTreeMap<u32, FieldEl> {
        self.desc
            .fields()
            .map(|f| (f.number(), FieldEl::field(file, &f)))
            .collect()
    }

    pub fn is_message_set(&self) -> bool {
        self.proto()
            .options
            .as_ref()
            .is_some_and(|o| o.message_set_wire_format())
    }
}

pub struct EnumEl {
    pub file: usize,
    pub desc: EnumDescriptor,
    pub nested_name: String,
}

impl EnumEl {
    pub fn path(&self) -> Vec<i32> {
        self.desc.path().to_vec()
    }

    pub fn name(&self) -> &str {
        self.desc.name()
    }

    pub fn proto(&self) -> &prost_types::EnumDescriptorProto {
        self.desc.enum_descriptor_proto()
    }

    /// Values grouped by number, each group by name.
    pub fn values_by_number(&self) -> BTreeMap<i32, BTreeMap<String, EnumValueDescriptor>> {
        let mut out: BTreeMap<i32, BTreeMap<String, EnumValueDescriptor>> = BTreeMap::new();
        for value in self.desc.values() {
            out.entry(value.number())
                .or_default()
                .insert(value.name().to_string(), value);
        }
        out
    }

    /// Whether the enum is closed (proto2) rather than open.
    pub fn is_closed(&self) -> bool {
        self.desc.parent_file().file_descriptor_proto().syntax() != "proto3"
    }
}

pub struct ServiceEl {
    pub file: usize,
    pub desc: ServiceDescriptor,
}

impl ServiceEl {
    pub fn path(&self) -> Vec<i32> {
        self.desc.path().to_vec()
    }

    pub fn methods(&self) -> BTreeMap<String, MethodDescriptor> {
        self.desc
            .methods()
            .map(|m| (m.name().to_string(), m))
            .collect()
    }
}

/// A method and its service, for method rules.
pub struct MethodEl {
    pub file: usize,
    pub desc: MethodDescriptor,
}

impl MethodEl {
    pub fn path(&self) -> Vec<i32> {
        self.desc.path().to_vec()
    }

    pub fn proto(&self) -> &prost_types::MethodDescriptorProto {
        self.desc.method_descriptor_proto()
    }

    pub fn service_name(&self) -> &str {
        self.desc.parent_service().name()
    }
}

/// How a field is repeated or present, as buf names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    OptionalExplicit,
    OptionalImplicit,
    Required,
    Repeated,
    Map,
}

impl Cardinality {
    pub fn as_str(self) -> &'static str {
        match self {
            Cardinality::OptionalExplicit => "optional with explicit presence",
            Cardinality::OptionalImplicit => "optional with implicit presence",
            Cardinality::Required => "required",
            Cardinality::Repeated => "repeated",
            Cardinality::Map => "map",
        }
    }
}

/// A field of a message, or an extension.
pub struct FieldEl {
    pub file: usize,
    pub path: Vec<i32>,
    pub proto: FieldDescriptorProto,
    pub number: u32,
    pub name: String,
    pub full_name: String,
    /// For extensions, the extended message's full name (no leading dot).
    pub extendee: Option<String>,
    /// For extensions, `Scope.name` within the package; the name otherwise.
    pub nested_name: String,
    /// The name of the message declaring the field (empty for file-level extensions).
    pub message: String,
    pub in_map_entry: bool,
    pub kind: Kind,
    pub cardinality: Cardinality,
    /// The field's oneof: its name and whether it is synthetic (proto3 `optional`).
    pub oneof: Option<(String, bool)>,
    pub default: Value,
    pub syntax: String,
}

impl FieldEl {
    pub fn field(file: usize, f: &FieldDescriptor) -> FieldEl {
        let cardinality = if f.is_map() {
            Cardinality::Map
        } else if f.is_list() {
            Cardinality::Repeated
        } else if f.cardinality() == prost_reflect::Cardinality::Required {
            Cardinality::Required
        } else if f.supports_presence() {
            Cardinality::OptionalExplicit
        } else {
            Cardinality::OptionalImplicit
        };
        let parent = f.parent_message();
        FieldEl {
            file,
            path: f.path().to_vec(),
            proto: f.field_descriptor_proto().clone(),
            number: f.number(),
            name: f.name().to_string(),
            full_name: f.full_name().to_string(),
            extendee: None,
            nested_name: f.name().to_string(),
            message: parent.name().to_string(),
            in_map_entry: parent.is_map_entry(),
            kind: f.kind(),
            cardinality,
            oneof: f
                .containing_oneof()
                .map(|o| (o.name().to_string(), o.is_synthetic())),
            default: f.default_value(),
            syntax: f.parent_file().file_descriptor_proto().syntax().to_string(),
        }
    }

    pub fn extension(
        file: usize,
        package: &str,
        e: &prost_reflect::ExtensionDescriptor,
    ) -> FieldEl {
        let cardinality = if e.is_list() {
            Cardinality::Repeated
        } else if e.cardinality() == prost_reflect::Cardinality::Required {
            Cardinality::Required
        } else {
            Cardinality::OptionalExplicit
        };
        FieldEl {
            file,
            path: e.path().to_vec(),
            proto: e.field_descriptor_proto().clone(),
            number: e.number(),
            name: e.name().to_string(),
            full_name: e.full_name().to_string(),
            extendee: Some(e.containing_message().full_name().to_string()),
            nested_name: nested_name(package, e.full_name()),
            message: e
                .parent_message()
                .map(|m| m.name().to_string())
                .unwrap_or_default(),
            in_map_entry: false,
            kind: e.kind(),
            cardinality,
            oneof: None,
            default: e.default_value(),
            syntax: e.parent_file().file_descriptor_proto().syntax().to_string(),
        }
    }

    /// The declaring file's syntax, `proto2` when unset.
    pub fn syntax_or_proto2(&self) -> String {
        if self.syntax.is_empty() {
            "proto2".to_string()
        } else {
            self.syntax.clone()
        }
    }

    pub fn is_extension(&self) -> bool {
        self.extendee.is_some()
    }

    pub fn child(&self, tail: &[i32]) -> Vec<i32> {
        let mut p = self.path.clone();
        p.extend_from_slice(tail);
        p
    }

    /// The type name as written in the descriptor, without the leading dot.
    pub fn type_name(&self) -> &str {
        self.proto.type_name().trim_start_matches('.')
    }

    /// `json_name` as the descriptor records it (compilers always fill it in).
    pub fn json_name(&self) -> &str {
        self.proto.json_name()
    }

    /// buf's description: `Field "1" with name "foo" on message "Bar"`, extensions by full
    /// name on their extendee.
    pub fn description(&self) -> String {
        let name = if self.is_extension() {
            self.full_name.as_str()
        } else {
            self.name.as_str()
        };
        self.description_with_name(name)
    }

    /// As [`Self::description`], with `name` (empty: no name part).
    pub fn description_with_name(&self, name: &str) -> String {
        let name = if name.is_empty() {
            String::new()
        } else {
            format!(" with name {name:?}")
        };
        match &self.extendee {
            Some(extendee) => format!(
                "Extension \"{}\"{name} on message {extendee:?}",
                self.number
            ),
            None => format!(
                "Field \"{}\"{name} on message {:?}",
                self.number, self.message
            ),
        }
    }
}

/// protoreflect's name of a kind (`int32`, `message`, `group`…).
pub fn kind_str(kind: &Kind) -> &'static str {
    match kind {
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

/// Whether a field is a group (prost-reflect reports groups as messages).
pub fn is_group(field: &FieldEl) -> bool {
    field.proto.r#type() == prost_types::field_descriptor_proto::Type::Group
}

/// The kind's name, telling groups apart from messages as protoreflect does.
pub fn field_kind_str(field: &FieldEl) -> &'static str {
    if is_group(field) {
        "group"
    } else {
        kind_str(&field.kind)
    }
}
