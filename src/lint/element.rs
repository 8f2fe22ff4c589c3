//! The elements the engine hands to rules. Each carries its descriptor proto, its SourceCodeInfo
//! path (rules report locations as paths; the engine turns them into spans), and its parents.

use std::collections::HashMap;

use prost_types::{
    source_code_info::Location, DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto,
    FieldDescriptorProto, FileDescriptorProto, MethodDescriptorProto, OneofDescriptorProto,
    ServiceDescriptorProto, SourceCodeInfo,
};

/// The SourceCodeInfo locations of a file by path (the first location of each path, as buf's
/// `SourceLocations.ByPath`).
pub type Locations<'a> = HashMap<&'a [i32], &'a Location>;

/// Indexes the locations of a file.
pub fn locations(info: Option<&SourceCodeInfo>) -> Locations<'_> {
    let mut locations = HashMap::new();
    if let Some(info) = info {
        for loc in &info.location {
            locations.entry(loc.path.as_slice()).or_insert(loc);
        }
    }
    locations
}

/// A file being linted (a target) or available to rules for lookups (an import).
pub struct FileEl<'a> {
    /// The import path, e.g. `acme/weather/v1/weather.proto`.
    pub name: &'a str,
    pub proto: &'a FileDescriptorProto,
    /// The linked file, when the input compiled.
    pub linked: Option<prost_reflect::FileDescriptor>,
    /// Not a target of this lint run (a dependency, a well-known type, another module's file).
    pub is_import: bool,
    /// The source text, when compiled from source (for spans the file has no location for).
    pub source: Option<std::sync::Arc<str>>,
    /// The file's source info (read through the model: `proto` may not hold it).
    pub source_info: Option<&'a SourceCodeInfo>,
    locations: &'a Locations<'a>,
}

impl<'a> FileEl<'a> {
    pub fn new(
        name: &'a str,
        proto: &'a FileDescriptorProto,
        linked: Option<prost_reflect::FileDescriptor>,
        is_import: bool,
        locations: &'a Locations<'a>,
    ) -> Self {
        FileEl {
            name,
            proto,
            linked,
            is_import,
            source: None,
            source_info: proto.source_code_info.as_ref(),
            locations,
        }
    }

    /// The file with its source text and source info.
    pub fn with_source(
        mut self,
        source: Option<std::sync::Arc<str>>,
        source_info: Option<&'a SourceCodeInfo>,
    ) -> Self {
        self.source = source;
        self.source_info = source_info;
        self
    }

    pub fn package(&self) -> &str {
        self.proto.package()
    }

    /// The directory of the import path, `.` at the root (like buf's `normalpath.Dir`).
    pub fn dir(&self) -> &str {
        match self.name.rfind('/') {
            Some(i) => &self.name[..i],
            None => ".",
        }
    }

    pub fn location(&self, path: &[i32]) -> Option<&'a Location> {
        self.locations.get(path).copied()
    }

    /// The leading comments at `path`, if any.
    pub fn leading_comments(&self, path: &[i32]) -> Option<&'a str> {
        self.location(path)
            .and_then(|l| l.leading_comments.as_deref())
    }

    /// Whether the file states `syntax` or `edition` explicitly.
    pub fn syntax_specified(&self) -> bool {
        // Parsers leave `syntax` unset for an explicit `syntax = "proto2";`, but record where the
        // statement is (path 12, or 14 for `edition`).
        !self.proto.syntax().is_empty()
            || self.location(&[12]).is_some()
            || self.location(&[14]).is_some()
    }
}

/// `path` with `tail` appended.
pub fn child(path: &[i32], tail: &[i32]) -> Vec<i32> {
    let mut out = Vec::with_capacity(path.len() + tail.len());
    out.extend_from_slice(path);
    out.extend_from_slice(tail);
    out
}

pub struct ImportEl<'a> {
    pub file: &'a FileEl<'a>,
    /// The imported file's name as written.
    pub name: &'a str,
    pub index: usize,
    pub path: Vec<i32>,
    pub public: bool,
    pub weak: bool,
}

pub struct MessageEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a DescriptorProto,
    pub path: Vec<i32>,
    /// Fully-qualified name without a leading dot.
    pub full_name: String,
}

impl MessageEl<'_> {
    pub fn is_map_entry(&self) -> bool {
        self.proto
            .options
            .as_ref()
            .is_some_and(|o| o.map_entry.unwrap_or(false))
    }

    pub fn name_path(&self) -> Vec<i32> {
        child(&self.path, &[1])
    }
}

pub struct FieldEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a FieldDescriptorProto,
    pub path: Vec<i32>,
    /// The message declaring the field (for extensions: the message the `extend` block is nested
    /// in, `None` at file level).
    pub message: Option<&'a MessageEl<'a>>,
    pub is_extension: bool,
}

impl FieldEl<'_> {
    pub fn name_path(&self) -> Vec<i32> {
        child(&self.path, &[1])
    }

    pub fn number_path(&self) -> Vec<i32> {
        child(&self.path, &[3])
    }

    /// The package (for file-level extensions) or message full name the field is declared in.
    pub fn scope(&self) -> String {
        match self.message {
            Some(m) => m.full_name.clone(),
            None => self.file.package().to_string(),
        }
    }
}

pub struct OneofEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a OneofDescriptorProto,
    pub path: Vec<i32>,
    pub index: usize,
    pub message: &'a MessageEl<'a>,
}

impl OneofEl<'_> {
    /// The fields of the message that belong to this oneof.
    pub fn fields(&self) -> impl Iterator<Item = &FieldDescriptorProto> {
        let index = self.index as i32;
        self.message
            .proto
            .field
            .iter()
            .filter(move |f| f.oneof_index == Some(index))
    }

    /// Whether this is the synthetic oneof of a proto3 `optional` field.
    pub fn is_synthetic(&self) -> bool {
        let fields: Vec<_> = self.fields().collect();
        fields.len() == 1 && fields[0].proto3_optional()
    }
}

pub struct EnumEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a EnumDescriptorProto,
    pub path: Vec<i32>,
    pub full_name: String,
}

impl EnumEl<'_> {
    /// Whether `option allow_alias = true;` is set (linked descriptors carry it interpreted,
    /// parsed ones as an uninterpreted option).
    pub fn allow_alias(&self) -> bool {
        self.proto.options.as_ref().is_some_and(|o| {
            o.allow_alias.unwrap_or(false)
                || o.uninterpreted_option.iter().any(|u| {
                    matches!(u.name.as_slice(), [part] if part.name_part == "allow_alias" && !part.is_extension)
                        && u.identifier_value.as_deref() == Some("true")
                })
        })
    }
}

pub struct EnumValueEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a EnumValueDescriptorProto,
    pub path: Vec<i32>,
    pub index: usize,
    pub enum_: &'a EnumEl<'a>,
}

impl EnumValueEl<'_> {
    pub fn name_path(&self) -> Vec<i32> {
        child(&self.path, &[1])
    }

    pub fn number_path(&self) -> Vec<i32> {
        child(&self.path, &[2])
    }
}

pub struct ServiceEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a ServiceDescriptorProto,
    pub path: Vec<i32>,
}

pub struct MethodEl<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a MethodDescriptorProto,
    pub path: Vec<i32>,
    pub service: &'a ServiceEl<'a>,
}

impl MethodEl<'_> {
    /// The request type's full name without the leading dot (as linked).
    pub fn input_type(&self) -> &str {
        self.proto.input_type().trim_start_matches('.')
    }

    pub fn output_type(&self) -> &str {
        self.proto.output_type().trim_start_matches('.')
    }
}

/// The files of one lint run, for rules that look at several files at once (package and
/// directory consistency, import cycles, RPC type reuse).
pub struct Files<'a> {
    /// The files being linted.
    pub targets: Vec<&'a FileEl<'a>>,
    /// Every file known to the run, targets and imports.
    pub all: &'a [FileEl<'a>],
    by_name: HashMap<&'a str, &'a FileEl<'a>>,
}

impl<'a> Files<'a> {
    pub fn new(targets: Vec<&'a FileEl<'a>>, all: &'a [FileEl<'a>]) -> Self {
        let by_name = all.iter().map(|f| (f.name, f)).collect();
        Files {
            targets,
            all,
            by_name,
        }
    }

    /// A file of the run by name.
    pub fn get(&self, name: &str) -> Option<&'a FileEl<'a>> {
        self.by_name.get(name).copied()
    }
}
