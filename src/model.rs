//! The compiled form of an input: a linked descriptor pool plus, for each file, where it came from.
//! Built by `crate::compile`; read by lint, breaking and code generation.

use std::{collections::BTreeMap, sync::Arc};

use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorProto;

use crate::config::Workspace;

/// What a command works on.
#[derive(Debug, Clone)]
pub struct Model {
    /// Every file (targets, their imports, well-known types), linked, with source info when the
    /// input was source code or an image that carried it.
    pub pool: DescriptorPool,
    /// One entry per file in `pool`, in the pool's (topological) order.
    pub files: Vec<SourceFile>,
    /// The workspace the files were read with (a default one for images).
    pub workspace: Workspace,
    /// Parsed but unlinked descriptors of the target files, keyed by file name. Checks that must
    /// see files that do not link (field-number reuse, reserved names) read these.
    pub parsed: BTreeMap<String, FileDescriptorProto>,
}

/// One file of the model.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The import path, e.g. `acme/weather/v1/weather.proto`.
    pub name: String,
    /// The path shown to users in findings: relative to the current directory for local inputs
    /// (`proto/acme/weather/v1/weather.proto`), the tree path for git, the name for images.
    pub external_path: String,
    /// Index into `workspace.modules`; `None` for files from outside the workspace (well-known types).
    pub module: Option<usize>,
    /// Whether the file is one the command was asked about (not only imported, and selected by
    /// `--path` / `--exclude-path`).
    pub is_target: bool,
    /// Whether the file is an import that is not part of any workspace module.
    pub is_import: bool,
    /// The source text, when compiled from source.
    pub source: Option<Arc<str>>,
}

impl Model {
    pub fn targets(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().filter(|f| f.is_target)
    }

    pub fn file(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Which files an encoded image holds and what it keeps.
#[derive(Debug, Clone, Copy)]
pub struct ImageOptions {
    /// Keep files that are only imported (dependencies, well-known types).
    pub include_imports: bool,
    /// Keep `source_code_info`.
    pub include_source_info: bool,
}

impl Model {
    /// Encodes the model as a binary `FileDescriptorSet` in the pool's (topological) order: the
    /// target files and, with `include_imports`, everything they import. Options, including
    /// custom options, are kept byte for byte; source info is removed at the wire level so nothing
    /// else is re-serialised. Without source info the bytes equal protoc's `--descriptor_set_out`.
    pub fn encode_image(&self, options: ImageOptions) -> Vec<u8> {
        let needed = if options.include_imports {
            self.transitive_closure(self.targets().map(|f| f.name.as_str()))
        } else {
            self.targets().map(|f| f.name.clone()).collect()
        };
        let mut out = Vec::new();
        for file in self.pool.files() {
            if !needed.contains(file.name()) {
                continue;
            }
            let mut bytes = file.encode_to_vec();
            if !options.include_source_info {
                bytes = strip_field(&bytes, SOURCE_CODE_INFO_FIELD);
            }
            prost::encoding::encode_key(1, prost::encoding::WireType::LengthDelimited, &mut out);
            prost::encoding::encode_varint(bytes.len() as u64, &mut out);
            out.extend_from_slice(&bytes);
        }
        out
    }

    /// The named files and every file they import, transitively.
    pub fn transitive_closure<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<String> = names.into_iter().map(str::to_string).collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(file) = self.pool.get_file_by_name(&name) {
                stack.extend(file.dependencies().map(|d| d.name().to_string()));
            }
        }
        seen
    }
}

/// `FileDescriptorProto.source_code_info`.
const SOURCE_CODE_INFO_FIELD: u32 = 9;

/// Copies an encoded message, leaving out every occurrence of one top-level field.
/// The input comes from our own encoder, so it is well-formed; should it not be, the rest is kept
/// unchanged rather than dropped.
fn strip_field(message: &[u8], field: u32) -> Vec<u8> {
    use prost::encoding::{decode_key, decode_varint, WireType};
    let mut out = Vec::with_capacity(message.len());
    let mut buf = message;
    while !buf.is_empty() {
        let start = message.len() - buf.len();
        let Ok((number, wire_type)) = decode_key(&mut buf) else {
            out.extend_from_slice(&message[start..]);
            break;
        };
        let ok = match wire_type {
            WireType::Varint => decode_varint(&mut buf).is_ok(),
            WireType::SixtyFourBit if buf.len() >= 8 => {
                buf = &buf[8..];
                true
            }
            WireType::ThirtyTwoBit if buf.len() >= 4 => {
                buf = &buf[4..];
                true
            }
            WireType::LengthDelimited => match decode_varint(&mut buf) {
                Ok(len) if (len as usize) <= buf.len() => {
                    buf = &buf[len as usize..];
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !ok {
            out.extend_from_slice(&message[start..]);
            break;
        }
        let end = message.len() - buf.len();
        if number != field {
            out.extend_from_slice(&message[start..end]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    #[test]
    fn strip_field_removes_only_that_field() {
        let file = FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("p".into()),
            source_code_info: Some(prost_types::SourceCodeInfo::default()),
            syntax: Some("proto3".into()),
            ..Default::default()
        };
        let stripped = strip_field(&file.encode_to_vec(), SOURCE_CODE_INFO_FIELD);
        let back = FileDescriptorProto::decode(stripped.as_slice()).unwrap();
        assert_eq!(
            back,
            FileDescriptorProto {
                source_code_info: None,
                ..file
            }
        );
    }
}
