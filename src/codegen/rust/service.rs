//! The tonic service view: what `templates/rust/service.rs.hbs` (client and server modules)
//! prints for one protobuf service, computed from prost-build's `Service`.
//!
//! prost-build calls our [`Collector`] (its `ServiceGenerator` hook) while it writes a package's
//! messages; the collector records the service and leaves a marker line. After prost-build is
//! done, each marker is replaced by the rendered template, so rendering errors are reported as
//! errors rather than lost inside the hook.

use std::{cell::RefCell, rc::Rc};

use serde::Serialize;

/// One service, as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    /// The name in the `.proto` file (`GreeterService`).
    pub proto_name: String,
    /// The fully qualified proto name (`greeter.v1.GreeterService`); also `SERVICE_NAME`.
    pub full_name: String,
    /// The Rust name of the server trait (`GreeterService`).
    pub name: String,
    /// The client module (`greeter_service_client`).
    pub client_mod: String,
    /// The client struct (`GreeterServiceClient`).
    pub client_name: String,
    /// The server module (`greeter_service_server`).
    pub server_mod: String,
    /// The server struct (`GreeterServiceServer`).
    pub server_name: String,
    /// Doc comment lines (`/// …`), from the service's leading comment.
    pub doc: Vec<String>,
    /// Generate the client module (option `no_client` turns it off).
    pub client: bool,
    /// Generate the server module (option `no_server` turns it off).
    pub server: bool,
    /// Generate the client's `connect` (needs tonic's `transport` feature; `no_transport`).
    pub transport: bool,
    /// The codec type path (`tonic_prost::ProstCodec`).
    pub codec: String,
    pub methods: Vec<MethodView>,
}

/// One RPC of a service.
#[derive(Debug, Clone, Serialize)]
pub struct MethodView {
    /// The name in the `.proto` file (`SayHello`).
    pub proto_name: String,
    /// The Rust method name (`say_hello`, keywords as raw identifiers).
    pub name: String,
    /// The HTTP/2 path (`/greeter.v1.GreeterService/SayHello`).
    pub path: String,
    /// `unary`, `client_streaming`, `server_streaming` or `streaming`: the name of tonic's
    /// `Grpc` call for this kind.
    pub kind: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    /// The request type as seen from inside the client and server modules
    /// (`super::SayHelloRequest`, `::prost_types::Timestamp`, `()`).
    pub input_type: String,
    /// The response type, likewise.
    pub output_type: String,
    /// The associated stream type of the server trait (`SayHelloEverywhereStream`).
    pub stream_type: String,
    /// The per-method service struct in the server (`SayHelloSvc`).
    pub svc_struct: String,
    /// The `tonic::server` trait that struct implements (`UnaryService`, …).
    pub server_trait: String,
    /// `option deprecated = true`: the client method is `#[deprecated]`.
    pub deprecated: bool,
    /// Doc comment lines (`/// …`), from the method's leading comment.
    pub doc: Vec<String>,
}

/// Settings shared by every service of one run.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    pub client: bool,
    pub server: bool,
    pub transport: bool,
}

/// tonic-build's module naming: lower-case every character, `_` before each upper-case one
/// that follows (`GreeterService` → `greeter_service`).
pub fn naive_snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c.to_ascii_lowercase());
        if chars.peek().is_some_and(|n| n.is_uppercase()) {
            out.push('_');
        }
    }
    out
}

/// Doc comment lines for comment text lines: `/// text`, a space added when the line has
/// none; carriage returns (not allowed in doc comments) removed.
pub fn doc_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let l = l.replace('\r', "");
            if l.is_empty() || l.starts_with(' ') {
                format!("///{l}")
            } else {
                format!("/// {l}")
            }
        })
        .collect()
}

/// A type path as seen from a module nested in the package module: relative paths get one
/// more `super::`; absolute paths and `()` stay.
fn from_nested_module(ty: &str) -> String {
    if ty.starts_with("::") || ty == "()" {
        ty.to_string()
    } else {
        format!("super::{ty}")
    }
}

/// The view of one prost-build service.
pub fn service_view(service: &prost_build::Service, settings: &ServiceSettings) -> ServiceView {
    let full_name = if service.package.is_empty() {
        service.proto_name.clone()
    } else {
        format!("{}.{}", service.package, service.proto_name)
    };
    let snake = naive_snake_case(&service.name);
    let methods = service
        .methods
        .iter()
        .map(|m| {
            let (kind, server_trait) = match (m.client_streaming, m.server_streaming) {
                (false, false) => ("unary", "UnaryService"),
                (true, false) => ("client_streaming", "ClientStreamingService"),
                (false, true) => ("server_streaming", "ServerStreamingService"),
                (true, true) => ("streaming", "StreamingService"),
            };
            MethodView {
                proto_name: m.proto_name.clone(),
                name: m.name.clone(),
                path: format!("/{full_name}/{}", m.proto_name),
                kind: kind.into(),
                client_streaming: m.client_streaming,
                server_streaming: m.server_streaming,
                input_type: from_nested_module(&m.input_type),
                output_type: from_nested_module(&m.output_type),
                stream_type: format!("{}Stream", m.proto_name),
                svc_struct: format!("{}Svc", m.proto_name),
                server_trait: server_trait.into(),
                deprecated: m.options.deprecated(),
                doc: doc_lines(&m.comments.leading),
            }
        })
        .collect();
    ServiceView {
        proto_name: service.proto_name.clone(),
        full_name,
        name: service.name.clone(),
        client_mod: format!("{snake}_client"),
        client_name: format!("{}Client", service.name),
        server_mod: format!("{snake}_server"),
        server_name: format!("{}Server", service.name),
        doc: doc_lines(&service.comments.leading),
        client: settings.client,
        server: settings.server,
        transport: settings.transport,
        codec: "tonic_prost::ProstCodec".into(),
        methods,
    }
}

/// The line prost-build's output carries where service `index` goes.
pub fn marker(index: usize) -> String {
    format!("// @@protowright_service({index})")
}

/// prost-build's service hook: records each service's view and leaves [`marker`] in its place.
pub struct Collector {
    pub settings: ServiceSettings,
    pub views: Rc<RefCell<Vec<ServiceView>>>,
}

impl prost_build::ServiceGenerator for Collector {
    fn generate(&mut self, service: prost_build::Service, buf: &mut String) {
        let mut views = self.views.borrow_mut();
        buf.push_str(&marker(views.len()));
        buf.push('\n');
        views.push(service_view(&service, &self.settings));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming() {
        for (name, want) in [
            ("GreeterService", "greeter_service"),
            ("Greeter", "greeter"),
            ("HTTPThing", "h_t_t_p_thing"),
            ("Operations", "operations"),
        ] {
            assert_eq!(naive_snake_case(name), want);
        }
        assert_eq!(from_nested_module("Foo"), "super::Foo");
        assert_eq!(
            from_nested_module("super::super::b::Foo"),
            "super::super::super::b::Foo"
        );
        assert_eq!(
            from_nested_module("::prost_types::Timestamp"),
            "::prost_types::Timestamp"
        );
        assert_eq!(from_nested_module("()"), "()");
        assert_eq!(
            doc_lines(&[" a".into(), "b\r".into(), "".into()]),
            ["/// a", "/// b", "///"]
        );
    }
}
