//! `_grpc.pb.go`: gRPC clients, servers and service descriptors, matching protoc-gen-go-grpc
//! v1.6.2 (generic streams, `require_unimplemented_servers`) after gofmt.
//!
//! The view model computes every name, qualified identifier, comment line and alignment; the
//! template (`templates/go/grpc.pb.go.hbs`) lays the text out. Import aliases are allocated in
//! the order the reference generator first refers to each package, so clashes get the same
//! numbered aliases.

use std::collections::HashMap;

use prost_reflect::{FileDescriptor, MessageDescriptor, MethodDescriptor};
use prost_types::source_code_info::Location;
use serde::Serialize;

use super::{
    doc::{doc_lines, raw_lines},
    gofmt::align,
    names::{go_camel_case, GoImport, GoImports},
    GoResolver, GoVersions,
};
use crate::{Error, Result};

/// The plugin version printed in the header.
pub const PROTOC_GEN_GO_GRPC_VERSION: &str = "1.6.2";

/// go/printer keeps a function with an empty body on one line while its header (`func … ()`)
/// is shorter than this (header, space and body within 100 columns).
const ONE_LINE_FUNC_MAX: usize = 100;

/// FileDescriptorProto field numbers of `package` and `syntax` (their comments head the file).
const PACKAGE_FIELD: i32 = 2;
const SYNTAX_FIELD: i32 = 12;

/// protoc-gen-go-grpc's own options (after protogen's `paths`, `module` and `M`).
#[derive(Debug, Clone, Serialize)]
pub struct GrpcOptions {
    /// `require_unimplemented_servers` (default true): servers must embed `Unimplemented…Server`.
    pub require_unimplemented_servers: bool,
}

impl GrpcOptions {
    /// Parses the options protogen leaves to the plugin; anything unknown is an error, as in the
    /// reference plugin.
    pub fn parse(extra: &[(String, String)], producer: &str) -> Result<Self> {
        let mut out = GrpcOptions {
            require_unimplemented_servers: true,
        };
        for (name, value) in extra {
            match name.as_str() {
                "require_unimplemented_servers" => {
                    out.require_unimplemented_servers = parse_bool(value).ok_or_else(|| {
                        Error::usage(format!(
                            "{producer}: invalid boolean value {value:?} for require_unimplemented_servers (want true or false)"
                        ))
                    })?
                }
                _ => {
                    return Err(Error::usage(format!(
                        "{producer}: unknown option {name:?}; known: paths, module, M<file>, require_unimplemented_servers"
                    )))
                }
            }
        }
        Ok(out)
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The view of one `_grpc.pb.go` file.
#[derive(Debug, Serialize)]
pub struct GrpcFileView {
    pub proto_name: String,
    pub output_path: String,
    /// The protoc-gen-go-grpc release whose output is reproduced (`v1.6.2`).
    pub plugin_version: String,
    /// `protowright vX.Y.Z`, printed where protoc's version would be.
    pub generator: String,
    /// Comment blocks attached to `syntax` (license headers), each a list of `//` lines.
    pub syntax_comments: Vec<Vec<String>>,
    /// Whether the file is deprecated (`// x.proto is a deprecated file.` instead of `// source:`).
    pub deprecated: bool,
    /// Comment blocks attached to `package`.
    pub package_comments: Vec<Vec<String>>,
    pub package_name: String,
    /// Imports sorted by path.
    pub imports: Vec<GoImport>,
    /// Aliases of the runtime packages.
    pub grpc: String,
    pub context: String,
    pub codes: String,
    pub status: String,
    pub options: GrpcOptions,
    pub services: Vec<GrpcServiceView>,
}

#[derive(Debug, Serialize)]
pub struct GrpcServiceView {
    pub proto_name: String,
    pub full_name: String,
    pub go_name: String,
    /// `XClient`, `xClient`, `XServer`, `X_ServiceDesc`.
    pub client_name: String,
    pub client_struct: String,
    pub server_name: String,
    pub service_desc: String,
    pub deprecated: bool,
    /// `X_Method_FullMethodName = "/pkg.X/Method"` lines, aligned as gofmt does.
    pub full_method_consts: Vec<String>,
    /// Doc comment lines of the client and server interfaces (gofmt-normalised).
    pub client_doc: Vec<String>,
    pub server_doc: Vec<String>,
    /// `must` or `should` (embedding `Unimplemented…Server`).
    pub must_or_should: String,
    /// The one-line methods closing `Unimplemented…Server` (`mustEmbed…`, `testEmbeddedByValue`),
    /// as printed (aligned, or split when too long for one line).
    pub unimplemented_tail: Vec<String>,
    pub methods: Vec<GrpcMethodView>,
    /// The keys of the `ServiceDesc` literal, padded as gofmt aligns them.
    pub desc_keys: DescKeys,
    /// Whether some methods are unary / streaming (`Methods` / `Streams` of the descriptor).
    pub has_unary_methods: bool,
    pub has_stream_methods: bool,
}

/// `ServiceName: ` … `Metadata: ` with the padding gofmt gives them: consecutive one-line
/// elements of a composite literal are aligned; a multi-line element (a non-empty `Methods` or
/// `Streams` list) stands alone.
#[derive(Debug, Serialize)]
pub struct DescKeys {
    pub service_name: String,
    pub handler_type: String,
    pub methods: String,
    pub streams: String,
    pub metadata: String,
}

impl DescKeys {
    fn new(methods_empty: bool, streams_empty: bool) -> Self {
        let elements = [
            ("ServiceName:", true),
            ("HandlerType:", true),
            ("Methods:", methods_empty),
            ("Streams:", streams_empty),
            ("Metadata:", true),
        ];
        let mut keys: Vec<String> = Vec::new();
        let mut i = 0;
        while i < elements.len() {
            if !elements[i].1 {
                keys.push(format!("{} ", elements[i].0));
                i += 1;
                continue;
            }
            let start = i;
            while i < elements.len() && elements[i].1 {
                i += 1;
            }
            let width = elements[start..i]
                .iter()
                .map(|e| e.0.len())
                .max()
                .unwrap_or(0)
                + 1;
            keys.extend(elements[start..i].iter().map(|e| format!("{:width$}", e.0)));
        }
        let mut keys = keys.into_iter();
        let mut next = || keys.next().unwrap_or_default();
        DescKeys {
            service_name: next(),
            handler_type: next(),
            methods: next(),
            streams: next(),
            metadata: next(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct GrpcMethodView {
    pub proto_name: String,
    pub go_name: String,
    pub deprecated: bool,
    /// The comment lines above the method in the interfaces: `// Deprecated: Do not use.` for a
    /// deprecated method, then its leading comment, normalised as gofmt normalises doc comments.
    pub comment_lines: Vec<String>,
    pub client_streaming: bool,
    pub server_streaming: bool,
    /// Neither side streams.
    pub unary: bool,
    /// `X_Method_FullMethodName`.
    pub full_method_const: String,
    /// `_X_Method_Handler`.
    pub handler: String,
    /// Request and response types as written in this file.
    pub input: String,
    pub output: String,
    /// `Method(ctx context.Context, …) (…, error)`.
    pub client_signature: String,
    /// `Method(context.Context, *In) (*Out, error)` / `Method(*In, grpc.ServerStreamingServer[Out]) error` …
    pub server_signature: String,
    /// `grpc.ServerStreamingClient[Out]` … (streaming methods only).
    pub client_stream_type: String,
    pub server_stream_type: String,
    /// Index among the service's streaming methods (`Streams[i]`), or among unary ones.
    pub index: usize,
}

type Locations = HashMap<Vec<i32>, Location>;

fn locations(file: &FileDescriptor) -> Locations {
    let mut out = Locations::new();
    if let Some(info) = &file.file_descriptor_proto().source_code_info {
        for l in &info.location {
            // The first location of a path wins, as in protobuf-go's SourceLocations.ByPath.
            out.entry(l.path.clone()).or_insert_with(|| l.clone());
        }
    }
    out
}

fn leading(locs: &Locations, path: &[i32]) -> String {
    locs.get(path)
        .and_then(|l| l.leading_comments.clone())
        .unwrap_or_default()
}

/// protoc-gen-go-grpc's `genLeadingComments`: detached comments, then the leading one.
fn leading_blocks(locs: &Locations, path: &[i32]) -> Vec<Vec<String>> {
    let Some(l) = locs.get(path) else {
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
    out.retain(|b| !b.is_empty());
    out
}

/// `unexport`: the first letter lower-cased.
fn unexport(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A message's Go identifier, qualified for this file.
fn message_ident(
    m: &MessageDescriptor,
    resolver: &GoResolver,
    imports: &mut GoImports,
) -> Result<String> {
    let file = m.parent_file();
    let package = file.package_name();
    let full = m.full_name();
    let local = if package.is_empty() {
        full
    } else {
        full.strip_prefix(&format!("{package}.")).unwrap_or(full)
    };
    let path = &resolver.file(file.name())?.import_path;
    Ok(imports.qualify(path, &go_camel_case(local)))
}

fn is_deprecated_method(m: &MethodDescriptor) -> bool {
    m.method_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false)
}

const DEPRECATION: &str = "Deprecated: Do not use.";

/// Builds the view of one file's `_grpc.pb.go`; `None` when it has no services.
pub fn grpc_view(
    file: &FileDescriptor,
    resolver: &GoResolver,
    options: &GrpcOptions,
    versions: &GoVersions,
) -> Result<Option<GrpcFileView>> {
    if file.services().len() == 0 {
        return Ok(None);
    }
    let producer = "protoc-gen-go-grpc";
    let go_file = resolver.file(file.name())?;
    let mut imports = GoImports::new(&go_file.import_path);
    let locs = locations(file);

    // Aliases are handed out in the order the reference first qualifies each package: grpc
    // (the version assertion), then per service the client interface's types, then status and
    // codes (the Unimplemented server's methods).
    let grpc = imports.qualify("google.golang.org/grpc", "X");
    let mut context = None;
    let mut status = None;
    let mut codes = None;
    let alias = |q: String| q.split('.').next().unwrap_or_default().to_string();
    let grpc = alias(grpc);

    let mut services = Vec::new();
    for s in file.services() {
        let go_name = go_camel_case(s.name());
        let client_name = format!("{go_name}Client");
        let server_name = format!("{go_name}Server");
        let deprecated = s
            .service_descriptor_proto()
            .options
            .as_ref()
            .and_then(|o| o.deprecated)
            .unwrap_or(false);
        let mut methods = Vec::new();
        let (mut unary_i, mut stream_i) = (0, 0);
        for m in s.methods() {
            let cs = m.is_client_streaming();
            let ss = m.is_server_streaming();
            let unary = !cs && !ss;
            let m_go = go_camel_case(m.name());
            // clientSignature: context, the input (unless client streaming), grpc, then the
            // output or the stream type (input and output again).
            let ctx = alias(imports.qualify("context", "Context"));
            context.get_or_insert(ctx.clone());
            let input = message_ident(&m.input(), resolver, &mut imports)?;
            let output = message_ident(&m.output(), resolver, &mut imports)?;
            let client_stream_type = if cs && ss {
                format!("{grpc}.BidiStreamingClient[{input}, {output}]")
            } else if cs {
                format!("{grpc}.ClientStreamingClient[{input}, {output}]")
            } else if ss {
                format!("{grpc}.ServerStreamingClient[{output}]")
            } else {
                String::new()
            };
            let server_stream_type = if cs && ss {
                format!("{grpc}.BidiStreamingServer[{input}, {output}]")
            } else if cs {
                format!("{grpc}.ClientStreamingServer[{input}, {output}]")
            } else if ss {
                format!("{grpc}.ServerStreamingServer[{output}]")
            } else {
                String::new()
            };
            let mut client_signature = format!("{m_go}(ctx {ctx}.Context");
            if !cs {
                client_signature.push_str(&format!(", in *{input}"));
            }
            client_signature.push_str(&format!(", opts ...{grpc}.CallOption) ("));
            if unary {
                client_signature.push_str(&format!("*{output}"));
            } else {
                client_signature.push_str(&client_stream_type);
            }
            client_signature.push_str(", error)");
            let mut args = Vec::new();
            if unary {
                args.push(format!("{ctx}.Context"));
            }
            if !cs {
                args.push(format!("*{input}"));
            }
            if !unary {
                args.push(server_stream_type.clone());
            }
            let ret = if unary {
                format!("(*{output}, error)")
            } else {
                "error".to_string()
            };
            let server_signature = format!("{m_go}({}) {ret}", args.join(", "));
            let index = if unary { &mut unary_i } else { &mut stream_i };
            let path = m.path();
            methods.push(GrpcMethodView {
                proto_name: m.name().into(),
                deprecated: is_deprecated_method(&m),
                comment_lines: method_comment(is_deprecated_method(&m), &leading(&locs, path)),
                client_streaming: cs,
                server_streaming: ss,
                unary,
                full_method_const: format!("{go_name}_{m_go}_FullMethodName"),
                handler: format!("_{go_name}_{m_go}_Handler"),
                input,
                output,
                client_signature,
                server_signature,
                client_stream_type,
                server_stream_type,
                index: *index,
                go_name: m_go,
            });
            *index += 1;
        }
        if !methods.is_empty() {
            status.get_or_insert_with(|| {
                alias(imports.qualify("google.golang.org/grpc/status", "Error"))
            });
            codes.get_or_insert_with(|| {
                alias(imports.qualify("google.golang.org/grpc/codes", "Unimplemented"))
            });
        }

        let consts: Vec<Vec<String>> = s
            .methods()
            .zip(&methods)
            .map(|(m, v)| {
                vec![
                    v.full_method_const.clone(),
                    format!("= \"/{}/{}\"", s.full_name(), m.name()),
                ]
            })
            .collect();
        let service_comment = leading(&locs, s.path());
        let doc = |first: &str, second: &str| {
            let mut text = format!(" {first}\n{second}");
            if !service_comment.is_empty() {
                // `strings.TrimSpace` of the `//` lines: the comment's own trailing blank
                // lines stay as empty `//` lines; gofmt then normalises the whole group.
                text.push('\n');
                text.push_str(&service_comment);
            }
            if deprecated {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&format!("\n {DEPRECATION}\n"));
            }
            doc_lines(&text)
        };
        let client_doc = doc(
            &format!("{client_name} is the client API for {go_name} service."),
            "\n For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.\n",
        );
        let must_or_should = if options.require_unimplemented_servers {
            "must"
        } else {
            "should"
        };
        let server_doc = doc(
            &format!("{server_name} is the server API for {go_name} service."),
            &format!(" All implementations {must_or_should} embed Unimplemented{server_name}\n for forward compatibility.\n"),
        );
        let mut tail = Vec::new();
        let receiver = format!("func (Unimplemented{server_name})");
        if options.require_unimplemented_servers {
            tail.push(format!("{receiver} mustEmbedUnimplemented{server_name}()"));
        }
        tail.push(format!("{receiver} testEmbeddedByValue()"));
        let unimplemented_tail = one_line_funcs(&tail);

        let has_unary_methods = methods.iter().any(|m| m.unary);
        let has_stream_methods = methods.iter().any(|m| !m.unary);
        let desc_keys = DescKeys::new(!has_unary_methods, !has_stream_methods);
        services.push(GrpcServiceView {
            proto_name: s.name().into(),
            full_name: s.full_name().into(),
            client_struct: unexport(&client_name),
            service_desc: format!("{go_name}_ServiceDesc"),
            go_name,
            client_name,
            server_name,
            deprecated,
            full_method_consts: align(&consts),
            client_doc,
            server_doc,
            must_or_should: must_or_should.into(),
            unimplemented_tail,
            methods,
            desc_keys,
            has_unary_methods,
            has_stream_methods,
        });
    }
    let proto_deprecated = file
        .file_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false);
    Ok(Some(GrpcFileView {
        proto_name: file.name().into(),
        output_path: resolver.output_path(file.name(), "_grpc.pb.go", producer)?,
        plugin_version: format!("v{PROTOC_GEN_GO_GRPC_VERSION}"),
        generator: versions.generator.clone(),
        syntax_comments: leading_blocks(&locs, &[SYNTAX_FIELD]),
        deprecated: proto_deprecated,
        package_comments: leading_blocks(&locs, &[PACKAGE_FIELD]),
        package_name: go_file.package_name.clone(),
        imports: imports.list(),
        grpc,
        context: context.unwrap_or_else(|| "context".into()),
        codes: codes.unwrap_or_else(|| "codes".into()),
        status: status.unwrap_or_else(|| "status".into()),
        options: options.clone(),
        services,
    }))
}

/// The comment group above an interface method. protogen prints it unindented, so gofmt treats
/// it as a doc comment.
fn method_comment(deprecated: bool, leading: &str) -> Vec<String> {
    let mut text = String::new();
    if deprecated {
        text.push_str(&format!(" {DEPRECATION}\n"));
    }
    text.push_str(leading);
    doc_lines(&text)
}

/// Consecutive functions with empty bodies (`func (T) name() {}`): go/printer aligns their
/// braces, and prints a function whose header is too long for one line as `{` newline `}`.
/// Each entry of `headers` is a function header; returns the printed lines.
fn one_line_funcs(headers: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<Vec<String>> = Vec::new();
    let flush = |run: &mut Vec<Vec<String>>, out: &mut Vec<String>| {
        out.extend(align(run));
        run.clear();
    };
    for h in headers {
        if h.chars().count() >= ONE_LINE_FUNC_MAX {
            flush(&mut run, &mut out);
            out.push(format!("{h} {{"));
            out.push("}".into());
        } else {
            run.push(vec![h.clone(), "{}".into()]);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_methods_stay_on_one_line_below_100_columns() {
        let short = format!("func (T) m{}()", "x".repeat(87));
        let long = format!("func (T) m{}()", "x".repeat(88));
        assert_eq!(short.len(), 99);
        let lines = one_line_funcs(&[short.clone(), "func (T) y()".into()]);
        assert_eq!(lines[0], format!("{short} {{}}"));
        assert_eq!(lines[1], format!("func (T) y(){} {{}}", " ".repeat(87)));
        let lines = one_line_funcs(&[long.clone(), "func (T) y()".into()]);
        assert_eq!(
            lines,
            vec![format!("{long} {{"), "}".into(), "func (T) y() {}".into()]
        );
    }

    #[test]
    fn service_desc_keys_align_in_runs_of_one_line_elements() {
        let k = DescKeys::new(false, true);
        assert_eq!(k.service_name, "ServiceName: ");
        assert_eq!(k.methods, "Methods: ");
        assert_eq!(k.streams, "Streams:  ");
        assert_eq!(k.metadata, "Metadata: ");
        let k = DescKeys::new(true, false);
        assert_eq!(k.methods, "Methods:     ");
        assert_eq!(k.streams, "Streams: ");
    }

    #[test]
    fn options() {
        let o = GrpcOptions::parse(&[("require_unimplemented_servers".into(), "F".into())], "p")
            .unwrap();
        assert!(!o.require_unimplemented_servers);
        assert!(
            GrpcOptions::parse(&[("require_unimplemented_servers".into(), "".into())], "p")
                .is_err()
        );
        assert!(GrpcOptions::parse(&[("nope".into(), "1".into())], "p").is_err());
    }
}
