//! `_pb2_grpc.py`: gRPC stubs, servicers and registration.

use std::collections::BTreeSet;

use prost_reflect::{FileDescriptor, MessageDescriptor};
use serde::Serialize;

use super::{comments::*, naming::*, Versions};

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
    /// `UnaryUnary`, `UnaryStream`, `StreamUnary` or `StreamStream` (`grpc.…MultiCallable`).
    pub callable: String,
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

pub(super) fn grpc_type(m: &MessageDescriptor) -> String {
    let mut names = message_parents(m.parent_message());
    names.push(m.name().into());
    format!(
        "{}.{}",
        module_alias(m.parent_file().name()),
        names.join(".")
    )
}

pub fn grpc_view(
    file: &FileDescriptor,
    versions: &Versions,
    local: Option<&BTreeSet<String>>,
) -> GrpcView {
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
                imports.insert((module_ref(&name, &f, local), module_alias(&f)));
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
                            callable: format!(
                                "{}{}",
                                if cs { "Stream" } else { "Unary" },
                                if ss { "Stream" } else { "Unary" }
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
