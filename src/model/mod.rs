//! The compiled form of an input: a linked descriptor pool plus, for each file, where it came from.
//! Built by `crate::compile`; read by lint, breaking and code generation.

use std::sync::Arc;

use prost_reflect::DescriptorPool;

use crate::config::Workspace;

mod image;
pub use image::{default_json_name, FileEncoding, ImageOptions};

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
