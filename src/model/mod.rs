//! The compiled form of an input: a linked descriptor pool plus, for each file, where it came from.
//! Built by `crate::compile`; read by lint, breaking and code generation.

use std::sync::Arc;

use prost_reflect::{DescriptorPool, FileDescriptor};
use prost_types::SourceCodeInfo;

use crate::config::Workspace;

mod image;
pub mod wire;
pub use image::{default_json_name, strip_source_info, FileEncoding, ImageOptions};

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
    /// Whether source info is kept in [`SourceFile::source_info`] rather than in the pool's
    /// descriptors (whose `source_code_info` is then partial or absent): read it through
    /// [`Model::source_info`]. Holding it once instead of in the pool's two copies of every
    /// descriptor roughly halves the memory a large input takes.
    pub source_info_detached: bool,
}

/// One file of the model.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The import path, e.g. `acme/weather/v1/weather.proto`.
    pub name: String,
    /// The path shown to users in findings: relative to the current directory for local inputs
    /// (`proto/acme/weather/v1/weather.proto`), the tree path for git, the name for images.
    pub external_path: String,
    /// The tree-relative path, for files of the workspace.
    pub rel: Option<String>,
    /// Index into `workspace.modules`; `None` for files from outside the workspace (well-known types).
    pub module: Option<usize>,
    /// Whether the file is one the command was asked about (not only imported, and selected by
    /// `--path` / `--exclude-path`).
    pub is_target: bool,
    /// Whether the file is an import that is not part of any workspace module.
    pub is_import: bool,
    /// The source text, when compiled from source and asked for.
    pub source: Option<Arc<str>>,
    /// The file's source info when the model keeps it out of the pool
    /// ([`Model::source_info_detached`]); `None` otherwise, or when it was not kept.
    pub source_info: Option<Arc<SourceCodeInfo>>,
}

impl Model {
    pub fn targets(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().filter(|f| f.is_target)
    }

    pub fn file(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// The entry of a file of the pool (`files` is in the pool's order).
    fn entry(&self, file: &FileDescriptor) -> Option<&SourceFile> {
        self.files
            .get(file.index())
            .filter(|f| f.name == file.name())
            .or_else(|| self.file(file.name()))
    }

    /// A file's source info, wherever the model keeps it.
    pub fn source_info<'a>(&'a self, file: &'a FileDescriptor) -> Option<&'a SourceCodeInfo> {
        if self.source_info_detached {
            self.entry(file)?.source_info.as_deref()
        } else {
            file.file_descriptor_proto().source_code_info.as_ref()
        }
    }

    /// A file's source info, shared; `None` when the model keeps it in the pool.
    pub fn detached_source_info(&self, file: &FileDescriptor) -> Option<Arc<SourceCodeInfo>> {
        self.entry(file)?.source_info.clone()
    }
}
