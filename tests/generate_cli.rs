//! `protowright generate` and `protowright templates` as users run them: real binary, fresh
//! directories, exit codes and messages.

#[path = "integration/util.rs"]
mod util;

use util::{run_in, Sandbox};

const GREETER: &str = include_str!("../examples/greeter/proto/greeter/v1/greeter.proto");

const GEN: &str = "version: v2
plugins:
  - protoc_builtin: python
    out: gen
  - protoc_builtin: pyi
    out: gen
  - local: protoc-gen-grpc_python
    out: gen
";

fn greeter() -> Sandbox {
    let sb = Sandbox::new();
    sb.file("buf.yaml", "version: v2\nmodules:\n  - path: proto\n")
        .file("proto/greeter/v1/greeter.proto", GREETER)
        .file("buf.gen.yaml", GEN);
    sb
}

fn read(sb: &Sandbox, rel: &str) -> String {
    std::fs::read_to_string(sb.path().join(rel)).unwrap()
}

#[test]
fn check_lists_missing_stale_and_extra_and_writes_nothing() {
    let sb = greeter();
    let run = sb.run(&["generate", "--check"]);
    run.expect_code(100).stdout_is(
        "missing: gen/greeter/v1/greeter_pb2.py\nmissing: gen/greeter/v1/greeter_pb2.pyi\nmissing: gen/greeter/v1/greeter_pb2_grpc.py\n",
    );
    assert!(!sb.path().join("gen").exists(), "--check wrote files");

    sb.run(&["generate"]).expect_code(0).stdout_is("");
    sb.run(&["generate", "--check"])
        .expect_code(0)
        .stdout_is("");

    sb.file("gen/greeter/v1/greeter_pb2.pyi", "edited\n")
        .file("gen/greeter/v1/old_pb2.py", "stale module\n")
        .file("gen/greeter/v1/__init__.py", "");
    sb.run(&["generate", "--check"])
        .expect_code(100)
        .stdout_is("stale: gen/greeter/v1/greeter_pb2.pyi\nextra: gen/greeter/v1/old_pb2.py\n");
    assert_eq!(read(&sb, "gen/greeter/v1/greeter_pb2.pyi"), "edited\n");

    // Writing repairs only what changed; `extra` files stay without `clean`.
    sb.run(&["generate"]).expect_code(0);
    sb.run(&["generate", "--check"])
        .expect_code(100)
        .stdout_is("extra: gen/greeter/v1/old_pb2.py\n");
}

#[test]
fn clean_removes_files_not_generated() {
    let sb = greeter();
    sb.file("buf.gen.yaml", format!("{GEN}clean: true\n"))
        .file("gen/leftover_pb2.py", "x");
    sb.run(&["generate"]).expect_code(0);
    assert!(!sb.path().join("gen/leftover_pb2.py").exists());
    sb.run(&["generate", "--check"]).expect_code(0);
}

#[test]
fn output_prefix_and_inline_template() {
    let sb = greeter();
    sb.run(&["generate", "proto", "--template", GEN, "-o", "out"])
        .expect_code(0);
    assert!(sb
        .path()
        .join("out/gen/greeter/v1/greeter_pb2.py")
        .is_file());
}

#[test]
fn v1_config_works() {
    let sb = greeter();
    sb.file(
        "buf.gen.yaml",
        "version: v1\nplugins:\n  - plugin: python\n    out: gen\n  - name: grpc_python\n    out: gen\n",
    );
    sb.run(&["generate", "proto"]).expect_code(0);
    assert!(sb
        .path()
        .join("gen/greeter/v1/greeter_pb2_grpc.py")
        .is_file());
    assert!(!sb.path().join("gen/greeter/v1/greeter_pb2.pyi").exists());
}

#[test]
fn config_errors() {
    let sb = greeter();
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - remote: buf.build/community/foo\n    out: gen\n",
    );
    sb.run(&["generate"])
        .expect_code(1)
        .stderr_has("buf.gen.yaml:")
        .stderr_has("not supported");
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    outt: gen\n",
    );
    sb.run(&["generate"])
        .expect_code(1)
        .stderr_has("buf.gen.yaml:4:");
    let empty = Sandbox::new();
    empty
        .run(&["generate"])
        .expect_code(1)
        .stderr_has("buf.gen.yaml not found");
}

#[test]
fn templates_init_round_trips_and_overrides_fall_back() {
    let sb = greeter();
    sb.run(&["generate"]).expect_code(0);
    let default_grpc = read(&sb, "gen/greeter/v1/greeter_pb2_grpc.py");

    sb.run(&["templates", "init", "tpl"]).expect_code(0);
    assert!(sb.path().join("tpl/python/pb2.py.hbs").is_file());
    sb.run(&["templates", "init", "tpl"])
        .expect_code(1)
        .stderr_has("already exists");
    sb.run(&["generate", "--templates", "tpl", "--check"])
        .expect_code(0);

    // Override one file; the others fall back to the defaults.
    let dir = sb.path().join("only");
    std::fs::create_dir_all(dir.join("python")).unwrap();
    std::fs::write(
        dir.join("python/pb2.py.hbs"),
        "# {{proto_name}} -> {{module_name}}\n",
    )
    .unwrap();
    sb.run(&["generate", "--templates", "only"]).expect_code(0);
    assert_eq!(
        read(&sb, "gen/greeter/v1/greeter_pb2.py"),
        "# greeter/v1/greeter.proto -> greeter.v1.greeter_pb2\n"
    );
    assert_eq!(
        read(&sb, "gen/greeter/v1/greeter_pb2_grpc.py"),
        default_grpc
    );
}

#[test]
fn unknown_override_files_are_errors() {
    let sb = greeter();
    sb.file("tpl/python/pb2.py.hbs", "x\n")
        .file("tpl/python/typo.hbs", "y\n");
    sb.run(&["generate", "--templates", "tpl"])
        .expect_code(1)
        .stderr_has("unknown template override(s): python/typo.hbs");
    assert!(!sb.path().join("gen").exists());
}

#[test]
fn strict_mode_names_template_and_line() {
    let sb = greeter();
    sb.file(
        "tpl/python/pb2_grpc.py.hbs",
        "# ok {{proto_name}}\n{{no_such_variable}}\n",
    );
    sb.run(&["generate", "--templates", "tpl"])
        .expect_code(1)
        .stderr_has("pb2_grpc.py.hbs:2")
        .stderr_has("no_such_variable");
}

#[test]
fn no_html_escaping() {
    let sb = greeter();
    sb.file("tpl/python/pb2.py.hbs", "{{serialized}}\n");
    sb.run(&["generate", "--templates", "tpl"]).expect_code(0);
    let text = read(&sb, "gen/greeter/v1/greeter_pb2.py");
    assert!(text.contains("\\\"G") && !text.contains("&quot;"), "{text}");
}

#[test]
fn custom_templates_example_is_fresh() {
    let dir = util::repo().join("examples/custom-templates");
    run_in(&dir, &["generate", "--check"])
        .expect_code(0)
        .stdout_is("");
}

fn has_python_protobuf() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import google.protobuf.compiler.plugin_pb2"])
        .output()
        .is_ok_and(|o| o.status.success())
}

const PLUGIN: &str = r#"#!/usr/bin/env python3
import sys
from google.protobuf.compiler import plugin_pb2
req = plugin_pb2.CodeGeneratorRequest.FromString(sys.stdin.buffer.read())
res = plugin_pb2.CodeGeneratorResponse()
res.supported_features = 1
mode = req.parameter
for name in req.file_to_generate:
    if mode == "escape":
        f = res.file.add(); f.name = "../evil.py"; f.content = "x"
        continue
    f = res.file.add()
    f.name = name.replace(".proto", "_listing.txt")
    files = [p.name for p in req.proto_file]
    f.content = "targets=%s files=%s\n" % (list(req.file_to_generate), files)
    f = res.file.add()
    f.name = name.replace(".proto", "_pb2.py")
    f.insertion_point = "module_scope"
    f.content = "PLUGIN_WAS_HERE = True\n"
sys.stdout.buffer.write(res.SerializeToString())
"#;

#[test]
fn local_plugins_use_the_protoc_protocol() {
    if !has_python_protobuf() {
        util::missing("python3 with protobuf (for a test plugin)");
        return;
    }
    let sb = greeter();
    sb.file("plugin.py", PLUGIN).file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    out: gen\n  - local: [python3, plugin.py]\n    out: gen\n",
    );
    sb.run(&["generate"]).expect_code(0);
    assert_eq!(
        read(&sb, "gen/greeter/v1/greeter_listing.txt"),
        "targets=['greeter/v1/greeter.proto'] files=['google/protobuf/timestamp.proto', 'greeter/v1/greeter.proto']\n"
    );
    let pb2 = read(&sb, "gen/greeter/v1/greeter_pb2.py");
    assert!(
        pb2.ends_with("PLUGIN_WAS_HERE = True\n# @@protoc_insertion_point(module_scope)\n"),
        "{pb2}"
    );

    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - local: [python3, plugin.py]\n    out: gen2\n    opt: escape\n",
    );
    sb.run(&["generate"])
        .expect_code(1)
        .stderr_has("refusing to write \"../evil.py\"");
    assert!(!sb.path().join("evil.py").exists());
    assert!(!sb.path().join("gen2").exists());
}

#[test]
fn missing_local_plugin_is_a_clear_error() {
    let sb = greeter();
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - local: protoc-gen-does-not-exist\n    out: gen\n",
    );
    sb.run(&["generate"])
        .expect_code(1)
        .stderr_has("protoc-gen-does-not-exist: could not start");
}

#[test]
fn image_inputs_generate_like_sources() {
    let sb = greeter();
    sb.run(&["generate", "proto"]).expect_code(0);
    sb.run(&["build", "proto", "-o", "image.binpb"])
        .expect_code(0);
    // The image lists the well-known types it imports; they are not generated.
    sb.run(&["generate", "image.binpb", "--check"])
        .expect_code(0)
        .stdout_is("");
}

#[test]
fn version_stamps_are_options() {
    let sb = greeter();
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    out: gen\n    opt: protobuf_version=6.31.1-rc2\n  - local: grpc_python\n    out: gen\n    opt: [grpc_version=1.70.0]\n",
    );
    sb.run(&["generate", "proto"]).expect_code(0);
    let pb2 = read(&sb, "gen/greeter/v1/greeter_pb2.py");
    assert!(
        pb2.contains("# Protobuf Python Version: 6.31.1-rc2\n"),
        "{pb2}"
    );
    assert!(
        pb2.contains("    6,\n    31,\n    1,\n    '-rc2',\n"),
        "{pb2}"
    );
    let grpc = read(&sb, "gen/greeter/v1/greeter_pb2_grpc.py");
    assert!(grpc.contains("GRPC_GENERATED_VERSION = '1.70.0'"), "{grpc}");
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    out: gen\n    opt: nope=1\n",
    );
    sb.run(&["generate", "proto"])
        .expect_code(1)
        .stderr_has("unknown option \"nope\"");
}

#[test]
fn the_same_file_twice_is_an_error() {
    let sb = greeter();
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    out: gen\n  - remote: buf.build/protocolbuffers/python\n    out: gen\n",
    );
    sb.run(&["generate", "proto"])
        .expect_code(1)
        .stderr_has("already generated");
    assert!(!sb.path().join("gen").exists());
}

#[test]
fn include_wkt_generates_well_known_types_but_not_descriptor_proto() {
    let sb = greeter();
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    out: gen\n    include_imports: true\n",
    );
    sb.run(&["generate", "proto"]).expect_code(0);
    assert!(!sb.path().join("gen/google").exists());
    sb.file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - protoc_builtin: python\n    out: gen\n    include_imports: true\n    include_wkt: true\n",
    );
    sb.run(&["generate", "proto"]).expect_code(0);
    assert!(sb
        .path()
        .join("gen/google/protobuf/timestamp_pb2.py")
        .is_file());
}

#[test]
fn templates_docs_is_the_reference() {
    let docs = std::fs::read_to_string(util::repo().join("docs/templates.md")).unwrap();
    Sandbox::new()
        .run(&["templates", "docs"])
        .expect_code(0)
        .stdout_is(&docs);
    Sandbox::new()
        .run(&["templates", "list"])
        .expect_code(0)
        .stdout_is("python/pb2.py.hbs\npython/pb2.pyi.hbs\npython/pyi_enum.hbs\npython/pyi_message.hbs\npython/pb2_grpc.py.hbs\npython/pb2_grpc.pyi.hbs\ngo/pb.go.hbs\ngo/pb_enum.hbs\ngo/pb_message.hbs\ngo/grpc.pb.go.hbs\ngo/grpc_service.hbs\nrust/service.rs.hbs\nrust/client.hbs\nrust/server.hbs\nrust/include.rs.hbs\nrust/Cargo.toml.hbs\nreport/report.md.hbs\nreport/report.html.hbs\nreport/report.json.hbs\n");
}

#[test]
fn plugins_must_declare_proto3_optional_support() {
    if !has_python_protobuf() {
        util::missing("python3 with protobuf (for a test plugin)");
        return;
    }
    let sb = Sandbox::new();
    sb.file(
        "proto/a.proto",
        "syntax = \"proto3\";\npackage a;\nmessage M { optional int32 x = 1; }\n",
    )
    .file(
        "plugin.py",
        "import sys\nfrom google.protobuf.compiler import plugin_pb2\nsys.stdin.buffer.read()\nsys.stdout.buffer.write(plugin_pb2.CodeGeneratorResponse().SerializeToString())\n",
    )
    .file(
        "buf.gen.yaml",
        "version: v2\nplugins:\n  - local: [python3, plugin.py]\n    out: gen\n",
    );
    sb.run(&["generate", "proto"])
        .expect_code(1)
        .stderr_has("hasn't been updated to support optional fields in proto3");
}

/// Managed mode rewrites file options before generation: the embedded descriptor changes and
/// `--check` reports the files generated without it as stale.
#[test]
fn managed_mode_changes_generated_options() {
    let sb = greeter();
    sb.file("buf.gen.yaml", GEN);
    sb.run(&["generate"]).expect_code(0);
    let pb2 = std::fs::read_to_string(sb.path().join("gen/greeter/v1/greeter_pb2.py")).unwrap();
    assert!(!pb2.contains("GreeterProto"), "{pb2}");
    sb.file("buf.gen.yaml", format!("{GEN}managed:\n  enabled: true\n"));
    let check = sb.run(&["generate", "--check"]);
    check.expect_code(100);
    assert!(
        check
            .stdout()
            .contains("stale: gen/greeter/v1/greeter_pb2.py"),
        "{}",
        check.stdout()
    );
    let run = sb.run(&["generate"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("managed"), "{}", run.stderr());
    let pb2 = std::fs::read_to_string(sb.path().join("gen/greeter/v1/greeter_pb2.py")).unwrap();
    assert!(
        pb2.contains("GreeterProto") && pb2.contains("com.greeter.v1"),
        "{pb2}"
    );
}

/// `--type` / `--exclude-type` replace the inputs' filters (as in buf); `--clean` deletes what is
/// in each `out` first; `--disable-symlinks` is accepted.
#[test]
fn generate_flags_types_clean_and_symlinks() {
    let sb = greeter();
    sb.run(&["generate", "--type", "greeter.v1.SayHelloRequest"])
        .expect_code(0);
    let pb2 = read(&sb, "gen/greeter/v1/greeter_pb2.py");
    assert!(
        pb2.contains("SayHelloRequest") && !pb2.contains("SayHelloResponse"),
        "{pb2}"
    );
    let grpc = read(&sb, "gen/greeter/v1/greeter_pb2_grpc.py");
    assert!(!grpc.contains("GreeterService"), "{grpc}");

    sb.run(&["generate", "--exclude-type", "greeter.v1.GreeterService"])
        .expect_code(0);
    let pb2 = read(&sb, "gen/greeter/v1/greeter_pb2.py");
    assert!(
        pb2.contains("SayHelloManyResponse") && !pb2.contains("GreeterService"),
        "{pb2}"
    );
    // A method whose response is excluded cannot stay (buf's message, word for word).
    sb.run(&[
        "generate",
        "--exclude-type",
        "greeter.v1.SayHelloManyResponse",
    ])
    .expect_code(1)
    .stderr_has("cannot include method \"greeter.v1.GreeterService.SayHelloMany\"");

    sb.run(&["generate", "--type", "greeter.v1.Nope"])
        .expect_code(1)
        .stderr_has("inclusion of type \"greeter.v1.Nope\": not found");

    sb.file("gen/old/stale_pb2.py", "# left over\n");
    sb.run(&["generate", "--disable-symlinks"]).expect_code(0);
    assert!(sb.path().join("gen/old/stale_pb2.py").exists());
    sb.run(&["generate", "--clean"]).expect_code(0);
    assert!(!sb.path().join("gen/old/stale_pb2.py").exists());
    assert!(sb.path().join("gen/greeter/v1/greeter_pb2.py").exists());
}
