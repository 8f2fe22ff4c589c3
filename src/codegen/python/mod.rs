//! The Python target: `_pb2.py`, `_pb2.pyi` and `_pb2_grpc.py`, matching protoc's built-in
//! Python generators and grpcio-tools' gRPC plugin byte for byte.
//!
//! Everything printed is computed here — module names and aliases, keyword handling, imports,
//! the embedded descriptor and its offsets, type hints, docstrings. The templates in
//! `templates/python/` only lay the values out.

mod comments;
mod grpc;
mod naming;
mod pb2;
mod pyi;
mod wire;

use std::collections::BTreeSet;

use serde::Serialize;

pub use comments::Comments;
pub use grpc::*;
pub use naming::{contains_keyword, is_keyword, module_alias, module_name, module_ref};
pub use pb2::*;
pub use pyi::*;

use super::{safe_relative_path, Files};
use crate::{model::Model, render::Renderer, Error, Result};

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

/// Plugin options of the Python generators beyond the version stamps.
#[derive(Debug, Clone, Default)]
pub struct PyOptions {
    pub versions: Versions,
    /// Option `relative_imports`: the `.proto` files whose `_pb2` modules are generated into the
    /// same output directory in this run; imports of them are relative (`from . import x_pb2`).
    /// `None`: every import is absolute, as protoc writes them.
    pub local: Option<BTreeSet<String>>,
    /// grpc_python option `pyi`: also write a typed `x_pb2_grpc.pyi`.
    pub grpc_pyi: bool,
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
    /// `grpc_python` with option `pyi`: `x_pb2_grpc.pyi` (same view as `Grpc`).
    GrpcPyi,
}

impl PyKind {
    pub fn template(self) -> &'static str {
        match self {
            PyKind::Pb2 => "python/pb2.py",
            PyKind::Pyi => "python/pb2.pyi",
            PyKind::Grpc => "python/pb2_grpc.py",
            PyKind::GrpcPyi => "python/pb2_grpc.pyi",
        }
    }
}

/// Generates one kind of Python file for each named file of the model.
pub fn generate(
    model: &Model,
    files: &[String],
    kind: PyKind,
    options: &PyOptions,
    renderer: &Renderer,
) -> Result<Files> {
    let versions = &options.versions;
    let local = options.local.as_ref();
    let mut out = Files::new();
    for name in files {
        let file = model
            .pool
            .get_file_by_name(name)
            .ok_or_else(|| Error::other(format!("{name}: not in the compiled model")))?;
        let (path, text) = match kind {
            PyKind::Pb2 => {
                let view = pb2_view(model, &file, versions, local)?;
                (
                    view.output_path.clone(),
                    renderer.render(kind.template(), &view)?,
                )
            }
            PyKind::Pyi => {
                let view = pyi_view(&file, local);
                (
                    view.output_path.clone(),
                    renderer.render(kind.template(), &view)?,
                )
            }
            PyKind::Grpc | PyKind::GrpcPyi => {
                let view = grpc_view(&file, versions, local);
                if kind == PyKind::Grpc && options.grpc_pyi {
                    let stub = renderer.render(PyKind::GrpcPyi.template(), &view)?;
                    out.insert(
                        safe_relative_path(&format!("{}i", view.output_path), "python")?,
                        stub,
                    );
                }
                let path = if kind == PyKind::GrpcPyi {
                    format!("{}i", view.output_path)
                } else {
                    view.output_path.clone()
                };
                (path, renderer.render(kind.template(), &view)?)
            }
        };
        out.insert(safe_relative_path(&path, "python")?, text);
    }
    Ok(out)
}

/// The view of one file as the template sees it (JSON), for docs and tests.
pub fn view_json(
    model: &Model,
    file: &str,
    kind: PyKind,
    options: &PyOptions,
) -> Result<serde_json::Value> {
    let (versions, local) = (&options.versions, options.local.as_ref());
    let fd = model
        .pool
        .get_file_by_name(file)
        .ok_or_else(|| Error::other(format!("{file}: not in the compiled model")))?;
    let value = match kind {
        PyKind::Pb2 => serde_json::to_value(pb2_view(model, &fd, versions, local)?),
        PyKind::Pyi => serde_json::to_value(pyi_view(&fd, local)),
        PyKind::Grpc | PyKind::GrpcPyi => serde_json::to_value(grpc_view(&fd, versions, local)),
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
    use super::{comments::*, naming::*};

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
        assert_eq!(import_statement(".c_pb2"), "from . import c_pb2");
        assert_eq!(import_statement("..c_pb2"), "from .. import c_pb2");
        assert_eq!(import_statement("..a.b.c_pb2"), "from ..a.b import c_pb2");
        let local: std::collections::BTreeSet<String> = ["a/b/x.proto", "a/c/y.proto", "z.proto"]
            .map(String::from)
            .into();
        let l = Some(&local);
        assert_eq!(module_ref("a/b/w.proto", "a/b/x.proto", l), ".x_pb2");
        assert_eq!(module_ref("a/b/w.proto", "a/c/y.proto", l), "..c.y_pb2");
        assert_eq!(module_ref("a/b/w.proto", "z.proto", l), "...z_pb2");
        assert_eq!(module_ref("z.proto", "a/b/x.proto", l), ".a.b.x_pb2");
        assert_eq!(module_ref("a/b/w.proto", "t/u.proto", l), "t.u_pb2");
        assert_eq!(module_ref("a/b/w.proto", "a/b/x.proto", None), "a.b.x_pb2");
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
