//! The documentation of every template variable, in one table. `docs/templates.md` is rendered
//! from it (`protowright templates docs`), and a test checks that every variable the views
//! expose is listed here.

/// One documented variable of a template's view.
pub struct Variable {
    /// The entry template it belongs to (`python/pb2.py`); partials see parts of it.
    pub template: &'static str,
    /// Its path: `.` between keys, `[]` for list items (`imports[].alias`).
    pub path: &'static str,
    pub doc: &'static str,
}

macro_rules! vars {
    ($template:literal: $($path:literal => $doc:expr),* $(,)?) => {
        &[$(Variable { template: $template, path: $path, doc: $doc }),*]
    };
}

const COMMENTS: &str = "Comments of the element: `leading`, `trailing` (strings, with the comment markers removed) and `leading_detached` (list of strings).";

pub const PB2: &[Variable] = vars!["python/pb2.py":
    "proto_name" => "The `.proto` file name, e.g. `greeter/v1/greeter.proto`.",
    "package" => "The proto package.",
    "module_name" => "The Python module, e.g. `greeter.v1.greeter_pb2`.",
    "output_path" => "The generated file's path, e.g. `greeter/v1/greeter_pb2.py`.",
    "relative_imports" => "Option `relative_imports` is on: classes get `__name__` as their module instead of `module_name`.",
    "versions" => "Version stamps (plugin options `protobuf_version`, `grpc_version`).",
    "versions.protobuf_python" => "The `# Protobuf Python Version:` stamp (default `7.35.1`).",
    "versions.runtime_major" => "Runtime major version checked by `ValidateProtobufRuntimeVersion`.",
    "versions.runtime_minor" => "Runtime minor version.",
    "versions.runtime_patch" => "Runtime patch version.",
    "versions.runtime_suffix" => "Runtime version suffix (e.g. `-rc1`), usually empty.",
    "versions.grpc" => "The `GRPC_GENERATED_VERSION` stamp (default `1.85.1`).",
    "imports" => "One entry per dependency, in import order.",
    "imports[].proto_name" => "The imported `.proto` file.",
    "imports[].module" => "Its Python module; relative (`.x_pb2`, `..a.x_pb2`) with `relative_imports` when it is generated into the same out directory.",
    "imports[].alias" => "The alias it is bound to (`google_dot_protobuf_dot_timestamp__pb2`).",
    "imports[].statement" => "`from a.b import c_pb2` (or `import c_pb2`).",
    "imports[].relative" => "`module` is relative (option `relative_imports`); `importlib` needs `__package__`.",
    "imports[].importlib" => "The module path contains a Python keyword: import it with `importlib`.",
    "imports[].first_importlib" => "The first `importlib` import (print `import importlib` before it).",
    "imports[].public_aliases" => "Aliases forwarded from the dependency's own public imports.",
    "imports[].public_aliases[].alias" => "The forwarded alias.",
    "imports[].public_aliases[].module" => "Its module (fallback for old generated code).",
    "imports[].public_aliases[].copy_from" => "The alias of the module that forwards it.",
    "public_imports" => "Modules of `import public` dependencies, re-exported with `from … import *` (relative with `relative_imports`).",
    "serialized" => "The FileDescriptorProto (no source info, source-retention options removed, only explicit `json_name`s) escaped for a bytes literal.",
    "option_fixes" => "Options to reset after extensions are registered, in protoc's order.",
    "option_fixes[].target" => "The descriptor expression, e.g. `_globals['_MSG'].fields_by_name['x']`.",
    "option_fixes[].value" => "Its serialized options as a bytes literal; null only for a file without options.",
    "intervals" => "Offsets of each message, enum and service in `serialized`.",
    "intervals[].name" => "The descriptor variable, e.g. `_OUTER_INNER`.",
    "intervals[].start" => "First byte (the first occurrence of the element's bytes).",
    "intervals[].end" => "One past the last byte.",
    "generic_services" => "`option py_generic_services = true` and the file has services.",
    "types" => "Every message and enum, nested ones flattened (messages before their nested types).",
    "types[].kind" => "`message` or `enum`.",
    "types[].proto_name" => "The name in the `.proto` file.",
    "types[].full_name" => "The fully qualified proto name.",
    "types[].name" => "The Python name, e.g. `Outer.Inner`.",
    "types[].descriptor_name" => "The module-level descriptor variable, e.g. `_OUTER_INNER`.",
    "types[].comments" => COMMENTS,
    "types[].comments.leading" => "Leading comment.",
    "types[].comments.trailing" => "Trailing comment.",
    "types[].comments.leading_detached" => "Detached comments before the element.",
    "services" => "Services of the file.",
    "services[].proto_name" => "The name in the `.proto` file.",
    "services[].full_name" => "The fully qualified proto name.",
    "services[].name" => "The Python name.",
    "services[].descriptor_name" => "The descriptor variable, e.g. `_GREETERSERVICE`.",
    "services[].comments" => COMMENTS,
    "services[].comments.leading" => "Leading comment.",
    "services[].comments.trailing" => "Trailing comment.",
    "services[].comments.leading_detached" => "Detached comments before the element.",
];

pub const PYI: &[Variable] = vars!["python/pb2.pyi":
    "proto_name" => "The `.proto` file name.",
    "output_path" => "The generated file's path, e.g. `greeter/v1/greeter_pb2.pyi`.",
    "has_datetime" => "A field is a Timestamp or Duration: `import datetime`.",
    "imports" => "Imports of dependencies and of their public imports, in protoc's order.",
    "imports[].proto_name" => "The imported `.proto` file.",
    "imports[].module" => "Its Python module; relative (`.x_pb2`, `..a.x_pb2`) with `relative_imports` when it is generated into the same out directory.",
    "imports[].alias" => "The alias, `_` + the module's last part (`_timestamp_pb2`), made unique with `_1` suffixes.",
    "imports[].statement" => "`from a.b import c_pb2`.",
    "imports[].relative" => "`module` is relative (option `relative_imports`); `importlib` needs `__package__`.",
    "imports[].importlib" => "Import through `importlib` (keyword in the module path).",
    "imports[].first_importlib" => "The first `importlib` import.",
    "has_repeated" => "Import `containers as _containers`.",
    "has_enums" => "Import `enum_type_wrapper as _enum_type_wrapper`.",
    "has_extendable" => "Import `python_message as _python_message`.",
    "has_well_known_type" => "Import `well_known_types as _well_known_types`.",
    "has_messages" => "Import `message as _message`.",
    "has_generic_services" => "Import `service as _service`.",
    "has_iterable" => "Import `Iterable as _Iterable`.",
    "has_mapping" => "Import `Mapping as _Mapping`.",
    "has_optional" => "Import `Optional as _Optional`.",
    "has_union" => "Import `Union as _Union`.",
    "public_classes" => "Top-level messages and enums of `import public` files, re-exported.",
    "public_classes[].module" => "Their module.",
    "public_classes[].name" => "The class name.",
    "public_extensions" => "Extensions of `import public` files (same fields as `extensions`).",
    "public_extensions[].proto_name" => "The extension's name in the `.proto` file.",
    "public_extensions[].full_name" => "Its full name.",
    "public_extensions[].constant_name" => "`NAME_FIELD_NUMBER`.",
    "public_extensions[].name" => "The Python attribute name.",
    "public_enum_values" => "Top-level enum values of `import public` files.",
    "public_enum_values[].name" => "The value name.",
    "public_enum_values[].type_name" => "The enum's type expression.",
    "enums" => "Top-level enums (rendered with the `python/pyi_enum` partial).",
    "enums[].proto_name" => "The name in the `.proto` file.",
    "enums[].full_name" => "The fully qualified name.",
    "enums[].name" => "The class name.",
    "enums[].type_name" => "The type expression (`Outer.Color`, `_other_pb2.Color`).",
    "enums[].indent" => "Indentation of the `class` line.",
    "enums[].values" => "Values in declaration order (aliases included).",
    "enums[].values[].name" => "The value name.",
    "enums[].values[].type_name" => "The enum's type expression.",
    "enums[].comments" => COMMENTS,
    "enums[].comments.leading" => "Leading comment.",
    "enums[].comments.trailing" => "Trailing comment.",
    "enums[].comments.leading_detached" => "Detached comments.",
    "enum_values" => "All top-level enum values, re-exported at module level.",
    "enum_values[].name" => "The value name.",
    "enum_values[].type_name" => "The enum's type expression.",
    "extensions" => "Top-level extensions.",
    "extensions[].proto_name" => "The extension's name in the `.proto` file.",
    "extensions[].full_name" => "Its full name.",
    "extensions[].constant_name" => "`NAME_FIELD_NUMBER`.",
    "extensions[].name" => "The Python attribute name.",
    "messages" => "Messages (rendered with the recursive `python/pyi_message` partial); nested messages have the same fields.",
    "messages[].proto_name" => "The name in the `.proto` file.",
    "messages[].full_name" => "The fully qualified name.",
    "messages[].name" => "The class name.",
    "messages[].indent" => "Indentation of the `class` line (4 spaces per nesting level).",
    "messages[].extra_base" => "`, _well_known_types.X` for well-known types with a Python mixin.",
    "messages[].slots" => "Field names in `__slots__` (keywords left out).",
    "messages[].single_slot" => "Exactly one slot (needs a trailing comma).",
    "messages[].extendable" => "Has extension ranges.",
    "messages[].enums" => "Nested enums (same fields as `enums`).",
    "messages[].enums[].proto_name" => "The name in the `.proto` file.",
    "messages[].enums[].full_name" => "The fully qualified name.",
    "messages[].enums[].name" => "The class name.",
    "messages[].enums[].type_name" => "The type expression (`Outer.Mode`).",
    "messages[].enums[].indent" => "Indentation of the `class` line.",
    "messages[].enums[].values" => "Values in declaration order.",
    "messages[].enums[].values[].name" => "The value name.",
    "messages[].enums[].values[].type_name" => "The enum's type expression.",
    "messages[].enums[].comments" => COMMENTS,
    "messages[].enums[].comments.leading" => "Leading comment.",
    "messages[].enums[].comments.trailing" => "Trailing comment.",
    "messages[].enums[].comments.leading_detached" => "Detached comments.",
    "messages[].messages" => "Nested messages (same fields as `messages`).",
    "messages[].extensions" => "Extensions declared in the message.",
    "messages[].extensions[].proto_name" => "The extension's name.",
    "messages[].extensions[].full_name" => "Its full name.",
    "messages[].extensions[].constant_name" => "`NAME_FIELD_NUMBER`.",
    "messages[].extensions[].name" => "The Python attribute name.",
    "messages[].field_numbers" => "`NAME_FIELD_NUMBER` of every field.",
    "messages[].fields" => "Typed attributes, in declaration order (keywords left out).",
    "messages[].fields[].proto_name" => "The field name in the `.proto` file.",
    "messages[].fields[].name" => "The attribute name.",
    "messages[].fields[].type_name" => "The attribute type (`_containers.ScalarMap[str, int]`, …).",
    "messages[].fields[].init_type" => "The `__init__` parameter type.",
    "messages[].fields[].comments" => COMMENTS,
    "messages[].fields[].comments.leading" => "Leading comment.",
    "messages[].fields[].comments.trailing" => "Trailing comment.",
    "messages[].fields[].comments.leading_detached" => "Detached comments.",
    "messages[].init_self" => "Name of `__init__`'s self parameter (`self_` if a field is named `self`).",
    "messages[].init_kwargs" => "A field name is a keyword: `__init__` takes `**kwargs`.",
    "messages[].comments" => COMMENTS,
    "messages[].comments.leading" => "Leading comment.",
    "messages[].comments.trailing" => "Trailing comment.",
    "messages[].comments.leading_detached" => "Detached comments.",
    "services" => "Service names, only with `py_generic_services`.",
];

pub const GRPC: &[Variable] = vars!["python/pb2_grpc.py":
    "proto_name" => "The `.proto` file name.",
    "output_path" => "The generated file's path, e.g. `greeter/v1/greeter_pb2_grpc.py`.",
    "file_stem" => "The file name without `.proto`, `-` replaced by `_` (for the version message).",
    "versions" => "Version stamps, as for `python/pb2.py`.",
    "versions.protobuf_python" => "Protobuf Python version.",
    "versions.runtime_major" => "Runtime major version.",
    "versions.runtime_minor" => "Runtime minor version.",
    "versions.runtime_patch" => "Runtime patch version.",
    "versions.runtime_suffix" => "Runtime version suffix.",
    "versions.grpc" => "The `GRPC_GENERATED_VERSION` stamp.",
    "imports" => "Modules of request and response types, sorted.",
    "imports[].module" => "The module (relative with `relative_imports`, as for `python/pb2.py`).",
    "imports[].alias" => "Its alias (`greeter_dot_v1_dot_greeter__pb2`).",
    "imports[].statement" => "`from a.b import c_pb2`.",
    "services" => "Services of the file.",
    "services[].proto_name" => "The name in the `.proto` file.",
    "services[].full_name" => "The package-qualified name used in method paths.",
    "services[].name" => "The class name prefix.",
    "services[].docstring" => "The docstring (`\"\"\"…\"\"\"`) from the comments, or gRPC's placeholder; indent with `indent_lines`.",
    "services[].methods" => "Methods in declaration order.",
    "services[].methods[].proto_name" => "The method name in the `.proto` file.",
    "services[].methods[].name" => "The Python method name.",
    "services[].methods[].arity" => "`unary_unary`, `unary_stream`, `stream_unary` or `stream_stream`.",
    "services[].methods[].callable" => "`UnaryUnary`, `UnaryStream`, `StreamUnary` or `StreamStream` (`grpc.…MultiCallable` in `python/pb2_grpc.pyi`).",
    "services[].methods[].request_param" => "`request` or `request_iterator`.",
    "services[].methods[].request_type" => "`module_alias.Message` of the request.",
    "services[].methods[].response_type" => "`module_alias.Message` of the response.",
    "services[].methods[].client_streaming" => "The client streams.",
    "services[].methods[].server_streaming" => "The server streams.",
    "services[].methods[].docstring" => "The method docstring.",
    "services[].methods[].comments" => COMMENTS,
    "services[].methods[].comments.leading" => "Leading comment.",
    "services[].methods[].comments.trailing" => "Trailing comment.",
    "services[].methods[].comments.leading_detached" => "Detached comments.",
    "services[].comments" => COMMENTS,
    "services[].comments.leading" => "Leading comment.",
    "services[].comments.trailing" => "Trailing comment.",
    "services[].comments.leading_detached" => "Detached comments.",
];

pub const RUST_SERVICE: &[Variable] = vars!["rust/service.rs":
    "proto_name" => "The service name in the `.proto` file (`GreeterService`).",
    "full_name" => "The fully qualified proto name (`greeter.v1.GreeterService`), also `SERVICE_NAME`.",
    "name" => "The Rust name of the server trait (`GreeterService`).",
    "client_mod" => "The client module, tonic-build's naming (`greeter_service_client`).",
    "client_name" => "The client struct (`GreeterServiceClient`).",
    "server_mod" => "The server module (`greeter_service_server`).",
    "server_name" => "The server struct (`GreeterServiceServer`).",
    "doc" => "Doc comment lines (`/// …`) from the service's leading comment.",
    "client" => "Generate the client module (off with option `no_client`).",
    "server" => "Generate the server module (off with option `no_server`).",
    "transport" => "Generate the client's `connect` (off with option `no_transport`).",
    "codec" => "The codec type (`tonic_prost::ProstCodec`).",
    "methods" => "The RPCs, in declaration order.",
    "methods[].proto_name" => "The name in the `.proto` file (`SayHello`).",
    "methods[].name" => "The Rust method name (`say_hello`; keywords as raw identifiers).",
    "methods[].path" => "The HTTP/2 path (`/greeter.v1.GreeterService/SayHello`).",
    "methods[].kind" => "`unary`, `client_streaming`, `server_streaming` or `streaming`: tonic's `Grpc` call.",
    "methods[].client_streaming" => "The client streams requests.",
    "methods[].server_streaming" => "The server streams responses.",
    "methods[].input_type" => "The request type as seen from the client and server modules (`super::SayHelloRequest`, `::prost_types::Timestamp`, `()` for `google.protobuf.Empty`).",
    "methods[].output_type" => "The response type, likewise.",
    "methods[].stream_type" => "The server trait's associated stream type (`SayHelloEverywhereStream`).",
    "methods[].svc_struct" => "The per-method service struct in the server (`SayHelloSvc`).",
    "methods[].server_trait" => "The `tonic::server` trait it implements (`UnaryService`, `ClientStreamingService`, `ServerStreamingService`, `StreamingService`).",
    "methods[].deprecated" => "`option deprecated = true`: the client method is `#[deprecated]`.",
    "methods[].doc" => "Doc comment lines from the method's leading comment.",
];

pub const RUST_INCLUDE: &[Variable] = vars!["rust/include.rs":
    "lines" => "The module tree, one line per entry, packages sorted by module path.",
    "lines[].indent" => "Four spaces per nesting level.",
    "lines[].open" => "Opens `pub mod <open> {` (null otherwise).",
    "lines[].include" => "Includes a package file: `include!(\"<include>\");` (null otherwise).",
    "lines[].close" => "Closes a module: `}`.",
];

pub const RUST_CARGO: &[Variable] = vars!["rust/Cargo.toml":
    "name" => "The crate name (option `crate`).",
    "services" => "Services are generated (tonic): depend on tonic and tonic-prost.",
    "transport" => "Use tonic's default features (off with `no_transport`: only `codegen`).",
    "prost_version" => "prost and prost-types version (option `prost_version`, default `0.14.6`).",
    "tonic_version" => "tonic and tonic-prost version (option `tonic_version`, default `0.14.9`).",
];

pub const REPORT: &[Variable] = vars!["report":
    "tool" => "`protowright`.",
    "version" => "protowright's version.",
    "input" => "The input, as given on the command line.",
    "against" => "The against input, as given.",
    "verdict" => "The verdict: the most severe impact of the findings; without findings `minor` when something was added, else `none`.",
    "verdict.level" => "`none`, `minor`, `generated-code`, `json-wire` or `binary-wire`.",
    "verdict.title" => "The verdict in words, e.g. `Breaking on the binary wire (major)`.",
    "verdict.semver" => "The version bump it calls for: `none`, `minor` or `major`.",
    "verdict.summary" => "One sentence on what the verdict means for users of the schema.",
    "verdict.all_approved" => "There are findings and every one is approved.",
    "counts" => "Counts.",
    "counts.findings" => "Every breaking change, approved or not.",
    "counts.approved" => "Approved breaking changes.",
    "counts.unapproved" => "Breaking changes not approved (they make the command exit 100).",
    "counts.additions" => "Additions.",
    "counts.files" => "Files with breaking changes.",
    "findings" => "Every breaking change, in buf's order (path, line, column, rule).",
    "findings[].rule" => "The rule ID, e.g. `FIELD_NO_DELETE`.",
    "findings[].path" => "The file as the user sees it (for a deleted file, its name).",
    "findings[].line" => "1-based line of the finding.",
    "findings[].column" => "1-based column.",
    "findings[].message" => "buf's message for the finding.",
    "findings[].element" => "Full name of the element (`acme.v1.User.email`; for a deleted field or enum value, the deleted one), or `\"\"` for the file itself.",
    "findings[].categories" => "The rule's categories (`FILE`, `PACKAGE`, `WIRE_JSON`, `WIRE`).",
    "findings[].level" => "`generated-code`, `json-wire` or `binary-wire`.",
    "findings[].breaks" => "What it breaks, in words: `binary wire`, `JSON`, `generated Go source`, …",
    "findings[].fix" => "A fix, or null.",
    "findings[].fix.summary" => "The fix in words.",
    "findings[].fix.lines" => "Lines to add to the `.proto` file, e.g. `reserved 3;` and `reserved \"email\";` (may be empty).",
    "findings[].approved" => "Approved in the approvals file.",
    "findings[].reason" => "The approval's reason (`\"\"` when not approved).",
    "files" => "The breaking changes grouped by file, then element.",
    "files[].path" => "The file.",
    "files[].elements" => "Its elements with findings, by full name.",
    "files[].elements[].element" => "Full name, or `\"\"` for the file itself.",
    "files[].elements[].findings" => "The findings on the element (same fields as `findings[]`).",
    "files[].elements[].findings[].rule" => "The rule ID, e.g. `FIELD_NO_DELETE`.",
    "files[].elements[].findings[].path" => "The file as the user sees it (for a deleted file, its name).",
    "files[].elements[].findings[].line" => "1-based line of the finding.",
    "files[].elements[].findings[].column" => "1-based column.",
    "files[].elements[].findings[].message" => "buf's message for the finding.",
    "files[].elements[].findings[].element" => "Full name of the element (`acme.v1.User.email`; for a deleted field or enum value, the deleted one), or `\"\"` for the file itself.",
    "files[].elements[].findings[].categories" => "The rule's categories (`FILE`, `PACKAGE`, `WIRE_JSON`, `WIRE`).",
    "files[].elements[].findings[].level" => "`generated-code`, `json-wire` or `binary-wire`.",
    "files[].elements[].findings[].breaks" => "What it breaks, in words: `binary wire`, `JSON`, `generated Go source`, …",
    "files[].elements[].findings[].fix" => "A fix, or null.",
    "files[].elements[].findings[].fix.summary" => "The fix in words.",
    "files[].elements[].findings[].fix.lines" => "Lines to add to the `.proto` file, e.g. `reserved 3;` and `reserved \"email\";` (may be empty).",
    "files[].elements[].findings[].approved" => "Approved in the approvals file.",
    "files[].elements[].findings[].reason" => "The approval's reason (`\"\"` when not approved).",
    "approved" => "The approved findings (same fields as `findings[]`).",
    "approved[].rule" => "The rule ID, e.g. `FIELD_NO_DELETE`.",
    "approved[].path" => "The file as the user sees it (for a deleted file, its name).",
    "approved[].line" => "1-based line of the finding.",
    "approved[].column" => "1-based column.",
    "approved[].message" => "buf's message for the finding.",
    "approved[].element" => "Full name of the element (`acme.v1.User.email`; for a deleted field or enum value, the deleted one), or `\"\"` for the file itself.",
    "approved[].categories" => "The rule's categories (`FILE`, `PACKAGE`, `WIRE_JSON`, `WIRE`).",
    "approved[].level" => "`generated-code`, `json-wire` or `binary-wire`.",
    "approved[].breaks" => "What it breaks, in words: `binary wire`, `JSON`, `generated Go source`, …",
    "approved[].fix" => "A fix, or null.",
    "approved[].fix.summary" => "The fix in words.",
    "approved[].fix.lines" => "Lines to add to the `.proto` file, e.g. `reserved 3;` and `reserved \"email\";` (may be empty).",
    "approved[].approved" => "Approved in the approvals file.",
    "approved[].reason" => "The approval's reason (`\"\"` when not approved).",
    "additions" => "What the input adds: files, messages, fields, enums, enum values, services, methods.",
    "additions[].kind" => "`file`, `message`, `field`, `enum`, `enum value`, `service` or `method`.",
    "additions[].element" => "Full name (the file name for files).",
    "additions[].file" => "The file it is in.",
    "approvals_file" => "The approvals file that was read, or `\"\"`.",
];

/// `go/grpc.pb.go` (protoc-gen-go-grpc).
pub const GO_GRPC: &[Variable] = vars!["go/grpc.pb.go":
    "proto_name" => "The `.proto` file name.",
    "output_path" => "The generated file's path (after `paths=` and `module=`), e.g. `example.com/greeter/v1/greeter_grpc.pb.go`.",
    "plugin_version" => "The protoc-gen-go-grpc release reproduced, in the header (`v1.6.2`).",
    "generator" => "`protowright vX.Y.Z`, in the header where protoc's version would be.",
    "syntax_comments" => "Comment blocks attached to `syntax` (license headers), each a list of `//` lines.",
    "deprecated" => "The file is deprecated (`option deprecated = true`).",
    "package_comments" => "Comment blocks attached to `package`, each a list of `//` lines.",
    "package_name" => "The Go package name.",
    "imports" => "Imports, sorted by path.",
    "imports[].alias" => "The name the file uses (`grpc`, `emptypb`, `status1` on a clash).",
    "imports[].path" => "The import path.",
    "grpc" => "The alias of `google.golang.org/grpc`.",
    "context" => "The alias of `context`.",
    "codes" => "The alias of `google.golang.org/grpc/codes`.",
    "status" => "The alias of `google.golang.org/grpc/status`.",
    "options" => "Plugin options.",
    "options.require_unimplemented_servers" => "`require_unimplemented_servers` (default true).",
    "services" => "Services, in file order (rendered with the `go/grpc_service` partial).",
    "services[].proto_name" => "The name in the `.proto` file.",
    "services[].full_name" => "The fully qualified proto name.",
    "services[].go_name" => "The Go name (`GreeterService`).",
    "services[].client_name" => "`GreeterServiceClient`.",
    "services[].client_struct" => "`greeterServiceClient`.",
    "services[].server_name" => "`GreeterServiceServer`.",
    "services[].service_desc" => "`GreeterService_ServiceDesc`.",
    "services[].deprecated" => "The service is deprecated.",
    "services[].full_method_consts" => "The `…_FullMethodName = \"/pkg.Service/Method\"` lines, aligned as gofmt aligns them.",
    "services[].client_doc" => "The client interface's doc comment lines (gofmt-normalised).",
    "services[].server_doc" => "The server interface's doc comment lines.",
    "services[].must_or_should" => "`must` (or `should` with `require_unimplemented_servers=false`).",
    "services[].unimplemented_tail" => "The closing one-line methods of `Unimplemented…Server`, aligned.",
    "services[].desc_keys" => "The `ServiceDesc` keys with gofmt's padding.",
    "services[].desc_keys.service_name" => "`ServiceName:` and padding.",
    "services[].desc_keys.handler_type" => "`HandlerType:` and padding.",
    "services[].desc_keys.methods" => "`Methods:` and padding.",
    "services[].desc_keys.streams" => "`Streams:` and padding.",
    "services[].desc_keys.metadata" => "`Metadata:` and padding.",
    "services[].has_unary_methods" => "Some methods are unary.",
    "services[].has_stream_methods" => "Some methods stream.",
    "services[].methods" => "Methods, in file order.",
    "services[].methods[].proto_name" => "The name in the `.proto` file.",
    "services[].methods[].go_name" => "The Go name.",
    "services[].methods[].deprecated" => "The method is deprecated.",
    "services[].methods[].comment_lines" => "The `//` lines above it in the interfaces: `Deprecated: Do not use.` when deprecated, then its leading comment (gofmt-normalised).",
    "services[].methods[].client_streaming" => "The client streams.",
    "services[].methods[].server_streaming" => "The server streams.",
    "services[].methods[].unary" => "Neither side streams.",
    "services[].methods[].full_method_const" => "`Service_Method_FullMethodName`.",
    "services[].methods[].handler" => "`_Service_Method_Handler`.",
    "services[].methods[].input" => "The request type as written in this file (`emptypb.Empty`).",
    "services[].methods[].output" => "The response type.",
    "services[].methods[].client_signature" => "The client method's signature.",
    "services[].methods[].server_signature" => "The server method's signature.",
    "services[].methods[].client_stream_type" => "`grpc.ServerStreamingClient[Res]` … (streaming methods).",
    "services[].methods[].server_stream_type" => "`grpc.ServerStreamingServer[Res]` … (streaming methods).",
    "services[].methods[].index" => "Its index among the service's unary or streaming methods (`Streams[i]`).",
];

pub const GO_PB: &[Variable] = vars!["go/pb.go":
    "proto_name" => "The `.proto` file name, e.g. `greeter/v1/greeter.proto`.",
    "output_path" => "The output path (after `paths=` and `module=`), e.g. `greeter/v1/greeter.pb.go`.",
    "go_package_name" => "The Go package name (`package …`).",
    "go_import_path" => "The Go import path of the file's package.",
    "versions" => "The header's version lines.",
    "versions.generator" => "`protowright vX.Y.Z`, in the header where protoc's version would be.",
    "versions.protoc_gen_go" => "The protoc-gen-go release reproduced (`v1.36.11`).",
    "syntax_comments" => "Comment blocks attached to `syntax` (each a list of `//` lines), printed before the header.",
    "package_comments" => "Comment blocks attached to `package`, printed before `package`.",
    "deprecated" => "The file has `option deprecated = true` (`// x.proto is a deprecated file.` instead of `// source:`).",
    "imports" => "Import lines, sorted by path.",
    "imports[].alias" => "The alias (`_` for dependencies imported only for their registration).",
    "imports[].path" => "The import path.",
    "rt" => "Aliases of the runtime packages.",
    "rt.protoimpl" => "Alias of `google.golang.org/protobuf/runtime/protoimpl`.",
    "rt.protoreflect" => "Alias of `google.golang.org/protobuf/reflect/protoreflect`.",
    "rt.sync" => "Alias of `sync` (`\"\"` when unused).",
    "rt.reflect" => "Alias of `reflect`.",
    "rt.unsafe_" => "Alias of `unsafe`.",
    "public_imports" => "Publicly imported files of another Go package, whose symbols are forwarded.",
    "public_imports[].proto_name" => "The imported `.proto` file.",
    "public_imports[].decls" => "Forwarding declarations (`type X = pkg.X`, …); `\"\"` entries are blank lines.",
    "enums" => "All enums, nested ones flattened (rendered with the `go/pb_enum` partial).",
    "enums[].go_name" => "The Go type name, e.g. `Outer_Kind`.",
    "enums[].doc" => "Doc comment lines (`//`), normalised as gofmt does.",
    "enums[].value_lines" => "Lines of the `const (…)` block: value doc comments and declarations (gofmt's alignment already applied; print one per line at the block's indentation).",
    "enums[].name_map" => "Lines of the `<Enum>_name` map literal (aligned).",
    "enums[].value_map" => "Lines of the `<Enum>_value` map literal (aligned).",
    "enums[].index" => "Index into the file's enum infos.",
    "enums[].path_indexes" => "Descriptor path indexes for `EnumDescriptor()`, e.g. `0, 1`.",
    "enums[].legacy_unmarshal_json" => "proto2 enums get the deprecated `UnmarshalJSON` method.",
    "messages" => "All messages except map entries, nested ones flattened (rendered with the `go/pb_message` partial).",
    "messages[].go_name" => "The Go type name, e.g. `Outer_Inner`.",
    "messages[].doc" => "Doc comment lines (`//`).",
    "messages[].field_lines" => "Lines of the struct body: field doc comments and aligned field declarations with tags.",
    "messages[].index" => "Index into the file's message infos.",
    "messages[].path_indexes" => "Descriptor path indexes for `Descriptor()`.",
    "messages[].proto_message_one_line" => "`func (*M) ProtoMessage() {}` fits gofmt's 100-column one-line rule.",
    "messages[].default_consts" => "Aligned lines of the `const (…)` block of proto2 default values.",
    "messages[].default_vars" => "Aligned lines of the `var (…)` block of default values that cannot be constants (bytes, inf, NaN).",
    "messages[].getters" => "One getter per field, in declaration order.",
    "messages[].getters[].oneof_getter" => "For the first field of a oneof: the oneof's getter (zero or one item).",
    "messages[].getters[].oneof_getter[].name" => "`Get<Oneof>`.",
    "messages[].getters[].oneof_getter[].iface" => "The oneof's interface type, e.g. `isM_Kind`.",
    "messages[].getters[].oneof_getter[].field" => "The struct field holding the oneof.",
    "messages[].getters[].doc" => "Deprecation comment lines.",
    "messages[].getters[].name" => "`Get<Field>`.",
    "messages[].getters[].go_type" => "The returned Go type.",
    "messages[].getters[].field" => "The struct field (or wrapper field) name.",
    "messages[].getters[].oneof_wrapper" => "The oneof wrapper type for oneof members, else `\"\"`.",
    "messages[].getters[].oneof_field" => "The struct field holding the oneof, for oneof members.",
    "messages[].getters[].check_nil_field" => "Presence field: test `x.F != nil` before dereferencing.",
    "messages[].getters[].star" => "`*` when the struct field is a pointer.",
    "messages[].getters[].default" => "The value returned when unset.",
    "messages[].oneofs" => "Real (non-synthetic) oneofs.",
    "messages[].oneofs[].iface" => "The interface type, e.g. `isM_Kind`.",
    "messages[].oneofs[].wrappers" => "One wrapper struct per member field.",
    "messages[].oneofs[].wrappers[].type_name" => "The wrapper type, e.g. `M_Name`.",
    "messages[].oneofs[].wrappers[].doc" => "The member field's doc comment lines.",
    "messages[].oneofs[].wrappers[].field_line" => "The wrapper's single field declaration with its tag.",
    "messages[].oneofs[].wrappers[].method_one_line" => "The marker method fits gofmt's one-line rule.",
    "extensions" => "Extension infos, in the file's flattened order.",
    "extensions[].lines" => "Aligned `Key: value,` lines of one `protoimpl.ExtensionInfo`.",
    "extension_groups" => "`E_…` variables grouped by extended message.",
    "extension_groups[].target" => "The extended message as seen from this file, e.g. `descriptorpb.FieldOptions`.",
    "extension_groups[].lines" => "Doc comment lines and `E_x = &…_extTypes[i]` declarations (aligned).",
    "descriptor_var" => "`File_<sanitised path>`, the file descriptor variable.",
    "var_prefix" => "`file_<sanitised path>`, prefix of the file-level variables.",
    "raw_desc" => "The serialized FileDescriptorProto as Go string literals, split after each `\\n` byte.",
    "need_raw_desc" => "Emit the `…_rawDescGZIP` function (any enum or message).",
    "num_enums" => "Number of enums.",
    "num_messages" => "Number of messages (map entries included).",
    "num_extensions" => "Number of extensions.",
    "num_services" => "Number of services.",
    "go_types" => "Aligned lines of the `goTypes` list (`(*M)(nil), // 1: pkg.M`).",
    "dep_idxs" => "Aligned lines of the `depIdxs` list.",
    "init_one_line" => "`func init() { …_init() }` fits gofmt's one-line rule.",
    "init_deps" => "Init functions of imported files in the same Go package, called first.",
    "oneof_wrappers" => "Messages with oneofs: their wrapper types for `OneofWrappers`.",
    "oneof_wrappers[].index" => "The message's index.",
    "oneof_wrappers[].types" => "`(*M_Name)(nil),` lines.",
    "type_builder_lines" => "Aligned `Key: value,` lines of the `TypeBuilder` after `File:`.",
];

/// Every documented variable.
pub fn all() -> impl Iterator<Item = &'static Variable> {
    PB2.iter()
        .chain(PYI)
        .chain(GRPC)
        .chain(GO_PB)
        .chain(GO_GRPC)
        .chain(RUST_SERVICE)
        .chain(RUST_INCLUDE)
        .chain(RUST_CARGO)
        .chain(REPORT)
}

/// The documentation of one variable path.
pub fn doc(template: &str, path: &str) -> Option<&'static str> {
    all()
        .find(|v| v.template == template && v.path == path)
        .map(|v| v.doc)
}

/// `docs/templates.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "<!-- Generated by `protowright templates docs` from src/codegen/docs.rs; do not edit. -->\n\
# Code generation templates\n\n\
`protowright generate` renders each output file with a [Handlebars](https://handlebarsjs.com/) template.\n\
Rust code computes everything the templates print (names, imports, types, descriptor bytes, docstrings);\n\
the templates only lay the values out. The defaults reproduce `protoc --python_out --pyi_out` and\n\
grpcio-tools' `--grpc_python_out` byte for byte.\n\n\
## Overriding templates\n\n\
```sh\n\
protowright templates init my-templates      # writes the defaults\n\
$EDITOR my-templates/python/pb2_grpc.py.hbs   # change what you need, delete the rest\n\
protowright generate --templates my-templates # or `templates: my-templates` in buf.gen.yaml\n\
```\n\n\
Files in the override directory replace the default of the same path; every other template falls back\n\
to the default. A file that matches no default template is an error. Templates run in strict mode — an\n\
unknown variable is an error naming the template file and line — and nothing is HTML-escaped.\n\n\
Helpers: `{{indent_lines text N}}` prints `text` with every line after the first indented by N spaces\n\
(empty lines stay empty), for multi-line values such as docstrings. Each template is also a partial of\n\
the same name (`{{> python/pyi_message}}`).\n\n\
## buf.gen.yaml\n\n\
`protowright generate [INPUT] [--template FILE|YAML] [-o DIR] [--templates DIR] [--check]` reads\n\
`buf.gen.yaml` v2 (and v1): `plugins` with `out`, `opt`, `strategy`, `include_imports`, `include_wkt`;\n\
`clean`; `inputs` (directory, proto_file, images, git_repo); `managed` (v2 `enabled`/`disable`/`override`\n\
and v1's keys, applied as buf does: see [managed.md](managed.md)). `types` / `exclude_types` (on an\n\
input, on a plugin, or v1's `types.include`) prune what plugins see exactly as buf 1.75.0 does; see\n\
[generate-types.md](generate-types.md).\n\n\
| You write | Generates |\n|---|---|\n\
| `protoc_builtin: python`, `remote: buf.build/protocolbuffers/python`, v1 `plugin: python` | `x_pb2.py` |\n\
| `protoc_builtin: pyi`, `remote: buf.build/protocolbuffers/pyi` | `x_pb2.pyi` |\n\
| `local: protoc-gen-grpc_python` (or `grpc_python`), `remote: buf.build/grpc/python` | `x_pb2_grpc.py` (and `x_pb2_grpc.pyi` with `opt: pyi`) |\n\
| `local: protoc-gen-go` (or `go`), `remote: buf.build/protocolbuffers/go` | `x.pb.go` (see [generate-go.md](generate-go.md)) |\n\
| `local: protoc-gen-go-grpc` (or `go-grpc`), `remote: buf.build/grpc/go` | `x_grpc.pb.go` |\n\
| `local: protoc-gen-prost` (or `prost`), `remote: buf.build/community/neoeinstein-prost` | `<package>.rs` with prost messages (see [generate-rust.md](generate-rust.md)) |\n\
| `local: protoc-gen-tonic` (or `tonic`), `remote: buf.build/community/neoeinstein-tonic` | `<package>.rs` with prost messages and tonic client/server |\n\
| any other `local:` plugin | runs it with the protoc plugin protocol (insertion points honoured) |\n\n\
Built-in Python options: `opt: [protobuf_version=7.35.1, grpc_version=1.85.1]` set the version stamps\n\
(the defaults are grpcio-tools 1.85.1 with protoc 35.1, whose output they match byte for byte).\n\n\
Opt-in Python options (without them the output stays identical to grpcio-tools):\n\n\
- `relative_imports` (python, pyi, grpc_python): imports of modules generated in the same run into the\n\
  same `out` directory become relative — `from . import x_pb2 as …`, `from ..a.b import y_pb2 as …`,\n\
  `from .x_pb2 import *` for public imports, `importlib.import_module('..import.v1.x_pb2', __package__)`\n\
  for keyword paths — so the output can live inside a package (`out: src/myapp/gen`, imported as\n\
  `myapp.gen.…` without putting `gen` on `sys.path`; add the `__init__.py` files yourself). Modules\n\
  not generated there (the well-known types of the protobuf runtime, `include_imports: false`\n\
  dependencies, other `out` directories) stay absolute. Set it on every Python plugin of the directory.\n\
- `pyi` (grpc_python): also writes `x_pb2_grpc.pyi` from `python/pb2_grpc.pyi` — the `…Stub` class\n\
  with a typed `grpc.UnaryUnaryMultiCallable[Request, Response]` (and `UnaryStream`, `StreamUnary`,\n\
  `StreamStream`) attribute per RPC, the `…Servicer` class with typed methods (`Iterator[…]` for\n\
  streams, `grpc.ServicerContext`), `add_…Servicer_to_server` and the experimental static class.\n\
  Checking code against it needs the `types-grpcio` and `types-protobuf` stubs (`pip install mypy\n\
  types-grpcio types-protobuf`); it renders the same view as `python/pb2_grpc.py`.\n\n\
Generated files are computed in memory, then written atomically and only when changed; a path from a\n\
template or plugin that leaves the `out` directory (`..`, absolute) is an error. `--check` writes nothing\n\
and exits 100 listing `missing:`, `stale:` and `extra:` files.\n\n\
Known limits: `google/protobuf/descriptor.proto` is skipped with a warning (the protobuf runtime ships\n\
`descriptor_pb2`); from an image without source info, a `json_name` written in the source but equal to\n\
the default cannot be told apart and is left out of `_pb2.py`, and gRPC docstrings fall back to\n\
gRPC's placeholder.\n\n\
## Templates\n\n",
    );
    for t in crate::render::DEFAULTS {
        out.push_str(&format!("- `{}`\n", t.path));
    }
    out.push_str("\n`python/pyi_enum` and `python/pyi_message` are partials of `python/pb2.pyi`; they see one `enums[]` or `messages[]` item. `rust/client` and `rust/server` are partials of `rust/service.rs` (one service's client and server modules); prost-build writes the messages, the templates write the tonic services, the module tree and `Cargo.toml`.\n");
    out.push_str(GO_INTRO);
    out.push_str("\n## Go: `_grpc.pb.go`\n\n`local: protoc-gen-go-grpc` (or `remote: buf.build/grpc/go`) renders `go/grpc.pb.go.hbs`; its partial\n`go/grpc_service` sees one `services[]` item. The output matches protoc-gen-go-grpc v1.6.2 apart from the\nheader's version lines; options (`require_unimplemented_servers`, `paths`, `module`, `M…`) are in\n[generate-go.md](generate-go.md).\n");
    out.push_str(REPORT_INTRO);
    for (title, vars) in [
        ("python/pb2.py", PB2),
        ("python/pb2.pyi", PYI),
        ("python/pb2_grpc.py, python/pb2_grpc.pyi", GRPC),
        (
            "go/pb.go (and its partials go/pb_enum, go/pb_message)",
            GO_PB,
        ),
        ("go/grpc.pb.go (and its partial go/grpc_service)", GO_GRPC),
        (
            "rust/service.rs (and its partials rust/client, rust/server)",
            RUST_SERVICE,
        ),
        ("rust/include.rs (also a crate's src/lib.rs)", RUST_INCLUDE),
        ("rust/Cargo.toml", RUST_CARGO),
        (
            "report/report.md, report/report.html, report/report.json",
            REPORT,
        ),
    ] {
        out.push_str(&format!(
            "\n## Variables of `{title}`\n\n| Variable | Meaning |\n|---|---|\n"
        ));
        for v in vars {
            out.push_str(&format!(
                "| `{}` | {} |\n",
                v.path,
                v.doc.replace('|', "\\|")
            ));
        }
    }
    out
}

const GO_INTRO: &str = "\n## Go: `.pb.go`\n\n\
`local: protoc-gen-go` (or `remote: buf.build/protocolbuffers/go`) renders `go/pb.go.hbs` (with the\n\
partials `go/pb_enum` and `go/pb_message`, which see one `enums[]` or `messages[]` item) and matches\n\
protoc-gen-go v1.36.11 (open struct API) byte for byte, except one header line: where protoc-gen-go\n\
prints protoc's version (`// \\tprotoc        v…`), protowright prints `// \\tprotowright vX.Y.Z`. Rust computes what gofmt would change — column alignment of struct fields, const\n\
and var blocks, composite literals and trailing comments, doc comments normalised as `go/doc/comment`\n\
prints them, one-line function bodies — so the templates print finished lines. Options (`opt:`), as\n\
protoc-gen-go takes them: `paths=import|source_relative`, `module=PREFIX` (stripped from output paths;\n\
not with `source_relative`), `M<file>=<import path>[;<package name>]` (overrides `go_package`),\n\
`default_api_level=API_OPEN` and `apilevelM<file>=API_OPEN`. `go_package = \"path;name\"` sets the\n\
import path and package name; without `;name` the name is the path's last element, sanitised. A file\n\
with no import path from `go_package` or `M` fails with protoc-gen-go's message (`unable to determine\n\
Go import path for …`). The hybrid/opaque APIs, `annotate_code` and unknown options are errors.\n";

const REPORT_INTRO: &str = "\n## Compatibility reports\n\n\
`protowright breaking --against REF --report FILE` also writes a report: `FILE.md` (a pull-request\n\
comment), `FILE.html` (a page with the verdict at the top and the changes grouped by file and\n\
element) or `FILE.json`, rendered from `report/report.md.hbs`, `report/report.html.hbs` or\n\
`report/report.json.hbs`. Override them file by file with `--templates DIR` (same layout as\n\
`protowright templates init`). All three see the same view, documented below; Rust computes it\n\
(verdict, impacts, fixes, additions, approvals), templates only lay it out. Helpers for reports:\n\
`{{html value}}` escapes a value for HTML (nothing is escaped otherwise) and `{{json value}}` prints\n\
it as JSON. An unknown variable is an error naming the template and line; no report is written then\n\
(reports are written atomically, also when there are no changes).\n\n\
The verdict comes from the categories of the findings' rules: a `WIRE` rule breaks the binary wire, a\n\
`WIRE_JSON` rule the JSON wire, a rule only in `FILE`/`PACKAGE` generated code only. Without findings\n\
the change is additive (minor) when the input adds files, messages, fields, enums, enum values,\n\
services or methods, else there is no change.\n\n\
### Intentional breaks: `protowright.breaking.yaml`\n\n\
Approved breaking changes are listed in the report as approved, are not printed, and do not make\n\
`breaking` exit 100. The file is read from the current directory (or `--approvals FILE`) and decoded\n\
strictly: unknown keys, unknown rules, a missing reason are errors with file:line:column.\n\n\
```yaml\n\
version: v1\n\
approvals:\n\
  - rule: FIELD_NO_DELETE\n\
    element: acme.v1.User.email       # a full name, as the report shows it\n\
    reason: email moved to Contact (ADR-12)\n\
  - rule: FILE_SAME_GO_PACKAGE\n\
    path: acme/v1/user.proto          # or every finding of the rule in one file\n\
    reason: Go module renamed\n\
```\n\n\
An approval that matches no finding is reported as a warning.\n";
