//! Managed mode (`managed:` in buf.gen.yaml) against buf 1.75.0.
//!
//! Fixture: `tests/fixtures/managed/proto` (a named v1 module: versioned and unversioned
//! packages, a Python-keyword package, a file without a package, explicit file options, custom
//! file options, 64-bit fields and extensions for `jstype`, the well-known types as imports).
//! Configurations: `tests/fixtures/managed/configs/*.yaml` (v2 defaults, v2 overrides, v2
//! disables, v1 keys).
//!
//! - `options_match_bufs`: for each configuration, protowright runs the plugin
//!   `dump_request.py`, which writes every descriptor it receives as text (without source info
//!   and `json_name`); the result must equal `expected/<config>/`, which is buf's output for
//!   the same configuration (`golden_is_bufs_output` checks that with buf itself, and
//!   `PROTOWRIGHT_UPDATE_MANAGED=1` rewrites it from buf).
//! - `python_matches_protoc_on_managed_descriptors`: protowright's `_pb2.py`, `_pb2.pyi` and
//!   `_pb2_grpc.py` under each configuration equal grpcio-tools' protoc run on the managed
//!   descriptors (`--descriptor_set_in`), byte for byte.
//! - `go_matches_buf_with_protoc_gen_go`: with `go_package_prefix` configured, protowright's
//!   `.pb.go` / `_grpc.pb.go` equal `buf generate` running protoc-gen-go v1.36.11 and
//!   protoc-gen-go-grpc v1.6.2, apart from the header's version line.
//!
//! Tests needing Python's protobuf, grpcio-tools, buf or the Go plugins skip with a message when
//! they are missing, and fail when `CI=true`.

#[path = "integration/util.rs"]
mod util;

use base64::Engine as _;
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Command,
};

fn fixture() -> PathBuf {
    util::repo().join("tests/fixtures/managed")
}

/// The configurations, by name.
fn configs() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(fixture().join("configs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 4);
    out
}

/// A buf.gen.yaml: the configuration's `managed:` block plus `plugins` (v1 or v2 syntax).
fn gen_yaml(config: &str, v2_plugins: &str, v1_plugins: &str) -> String {
    let plugins = if config.starts_with("version: v1") {
        v1_plugins
    } else {
        v2_plugins
    };
    format!("{config}plugins:\n{plugins}")
}

fn python_has_protobuf() -> bool {
    Command::new("python3")
        .args(["-c", "import google.protobuf"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Copies the fixture's protos and the dump plugin into a fresh directory.
fn workdir() -> util::Sandbox {
    let project = util::Sandbox::new();
    util::copy_tree(&fixture().join("proto"), &project.path().join("proto"));
    std::fs::copy(
        fixture().join("dump_request.py"),
        project.path().join("dump_request.py"),
    )
    .unwrap();
    project
}

const DUMP_V2: &str = "  - local: [python3, dump_request.py]\n    out: dump\n    strategy: all\n";
const DUMP_V1: &str =
    "  - name: dump\n    path: [python3, dump_request.py]\n    out: dump\n    strategy: all\n";

/// The text dumps under `dir` (everything but `image.b64`), by relative path.
fn dumps(dir: &Path) -> BTreeMap<String, String> {
    util::files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".txt"))
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

fn compare(config: &str, want: &BTreeMap<String, String>, got: &BTreeMap<String, String>) {
    let mut problems = Vec::new();
    for (name, text) in want {
        match got.get(name) {
            None => problems.push(format!("{config}: {name} missing")),
            Some(g) if g != text => problems.push(format!(
                "{config}: {name} differs\n--- expected\n{text}\n--- got\n{g}"
            )),
            Some(_) => {}
        }
    }
    for name in got.keys().filter(|n| !want.contains_key(*n)) {
        problems.push(format!("{config}: unexpected {name}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn options_match_bufs() {
    if !python_has_protobuf() {
        util::missing("Python's protobuf package (pip install protobuf)");
        return;
    }
    for (name, config) in configs() {
        let project = workdir();
        project.file("buf.gen.yaml", gen_yaml(&config, DUMP_V2, DUMP_V1));
        project
            .run(&["generate", "proto", "--template", "buf.gen.yaml"])
            .expect_code(0);
        let want = dumps(&fixture().join("expected").join(&name));
        assert!(!want.is_empty(), "{name}: no expected dumps");
        compare(&name, &want, &dumps(&project.path().join("dump")));
    }
}

#[test]
fn golden_is_bufs_output() {
    let Some(buf) = util::buf() else {
        util::missing("buf 1.75.0");
        return;
    };
    if !python_has_protobuf() {
        util::missing("Python's protobuf package (pip install protobuf)");
        return;
    }
    let update = std::env::var_os("PROTOWRIGHT_UPDATE_MANAGED").is_some();
    for (name, config) in configs() {
        let project = workdir();
        project.file("buf.gen.yaml", gen_yaml(&config, DUMP_V2, DUMP_V1));
        let out = Command::new(&buf)
            .args(["generate", "proto", "--template", "buf.gen.yaml"])
            .current_dir(project.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: buf generate failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = dumps(&project.path().join("dump"));
        let expected_dir = fixture().join("expected").join(&name);
        if update {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for (file, text) in &got {
                let path = expected_dir.join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            continue;
        }
        compare(&name, &dumps(&expected_dir), &got);
    }
}

/// The target files of the fixture (what `generate proto` generates for).
fn targets() -> Vec<String> {
    util::files_under(&fixture().join("proto"))
        .into_iter()
        .filter(|f| f.ends_with(".proto"))
        .collect()
}

#[test]
fn python_matches_protoc_on_managed_descriptors() {
    let Some(protoc) = util::protoc() else {
        util::missing("grpcio-tools (python3 -m grpc_tools.protoc)");
        return;
    };
    let python = "  - protoc_builtin: python\n    out: py\n  - protoc_builtin: pyi\n    out: py\n  - local: protoc-gen-grpc_python\n    out: py\n";
    let python_v1 = "  - plugin: python\n    out: py\n  - plugin: pyi\n    out: py\n  - plugin: grpc_python\n    out: py\n";
    for (name, config) in configs() {
        let project = workdir();
        project.file(
            "buf.gen.yaml",
            gen_yaml(
                &config,
                &format!("{DUMP_V2}{python}"),
                &format!("{DUMP_V1}{python_v1}"),
            ),
        );
        project
            .run(&["generate", "proto", "--template", "buf.gen.yaml"])
            .expect_code(0);
        // The managed descriptors protowright generated from, as a descriptor set for protoc.
        let b64 = std::fs::read_to_string(project.path().join("dump/image.b64")).unwrap();
        let set = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .unwrap();
        std::fs::write(project.path().join("image.binpb"), set).unwrap();
        std::fs::create_dir_all(project.path().join("ref")).unwrap();
        let out = Command::new(&protoc[0])
            .args(&protoc[1..])
            .args([
                "--descriptor_set_in=image.binpb",
                "--python_out=ref",
                "--pyi_out=ref",
                "--grpc_python_out=ref",
            ])
            .args(targets())
            .current_dir(project.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: protoc failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = util::files_under(&project.path().join("ref"));
        let got = util::files_under(&project.path().join("py"));
        assert_eq!(want, got, "{name}: different file sets");
        for file in &want {
            let w = std::fs::read_to_string(project.path().join("ref").join(file)).unwrap();
            let g = std::fs::read_to_string(project.path().join("py").join(file)).unwrap();
            assert!(
                w == g,
                "{name}: {file} differs from protoc's\n--- protoc\n{w}\n--- protowright\n{g}"
            );
        }
        // The options really are in the output (not only in the descriptors).
        let pb2 = std::fs::read_to_string(
            project
                .path()
                .join("py/acme/weather/v1/weather_service_pb2.py"),
        )
        .unwrap();
        // (v2-field-disable turns file options off; its jstype options are in the descriptor.)
        assert!(
            pb2.contains("WeatherServiceProto") || name == "v2-field-disable",
            "{name}: {pb2}"
        );
    }
}

#[test]
fn go_matches_buf_with_protoc_gen_go() {
    let Some(buf) = util::buf() else {
        util::missing("buf 1.75.0");
        return;
    };
    let (Some(go), Some(go_grpc)) = (
        util::go_plugin("protoc-gen-go", "protoc-gen-go v1.36.11"),
        util::go_plugin("protoc-gen-go-grpc", "protoc-gen-go-grpc 1.6.2"),
    ) else {
        util::missing("protoc-gen-go v1.36.11 and protoc-gen-go-grpc v1.6.2 (in $PROTOWRIGHT_GO_BIN, target/tools/go/bin or PATH)");
        return;
    };
    // buf finds `local:` plugins on PATH.
    let path = std::env::join_paths(
        [go.parent(), go_grpc.parent()]
            .into_iter()
            .flatten()
            .map(Path::to_path_buf)
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .unwrap();
    let go = "  - local: protoc-gen-go\n    out: go\n    opt: paths=source_relative\n  - local: protoc-gen-go-grpc\n    out: go\n    opt: paths=source_relative\n";
    let go_v1 = "  - plugin: go\n    out: go\n    opt: paths=source_relative\n  - plugin: go-grpc\n    out: go\n    opt: paths=source_relative\n";
    let mut compared = 0;
    let mut failures = 0;
    for (name, config) in configs() {
        if !config.contains("go_package_prefix") {
            continue;
        }
        let project = workdir();
        project.file("buf.gen.yaml", gen_yaml(&config, go, go_v1));
        let out = Command::new(&buf)
            .args([
                "generate",
                "proto",
                "--template",
                "buf.gen.yaml",
                "-o",
                "ref",
            ])
            .env("PATH", &path)
            .current_dir(project.path())
            .output()
            .unwrap();
        let run = project.run(&[
            "generate",
            "proto",
            "--template",
            "buf.gen.yaml",
            "-o",
            "ours",
        ]);
        if !out.status.success() {
            // A configuration that leaves a file without go_package fails in protoc-gen-go;
            // protowright must fail the same way.
            let stderr = String::from_utf8_lossy(&out.stderr);
            let Some(at) = stderr.find("unable to determine Go import path") else {
                panic!("{name}: buf generate failed: {stderr}");
            };
            let reason = stderr[at..].lines().next().unwrap_or_default();
            run.expect_code(1).stderr_has(reason).no_panic();
            failures += 1;
            continue;
        }
        run.expect_code(0);
        let want = util::files_under(&project.path().join("ref/go"));
        let got = util::files_under(&project.path().join("ours/go"));
        assert_eq!(want, got, "{name}: different file sets");
        assert!(want.len() >= 5, "{name}: {want:?}");
        for file in &want {
            let w = std::fs::read_to_string(project.path().join("ref/go").join(file)).unwrap();
            let g = std::fs::read_to_string(project.path().join("ours/go").join(file)).unwrap();
            assert!(
                util::without_go_version_lines(&w) == util::without_go_version_lines(&g),
                "{name}: {file} differs from protoc-gen-go's under buf\n--- buf\n{w}\n--- protowright\n{g}"
            );
            compared += 1;
        }
        let things =
            std::fs::read_to_string(project.path().join("ours/go/acme/class/list/things.pb.go"))
                .unwrap();
        assert!(!things.contains("example.com/explicit"), "{name}");
    }
    assert!(compared >= 10, "only {compared} Go files compared");
    assert_eq!(
        failures, 1,
        "v2-disables leaves things.proto without go_package"
    );
}

#[test]
fn managed_config_errors() {
    let cases = [
        (
            "version: v2\nmanaged:\n  enabled: true\n  override:\n    - file_option: jav_package\n      value: x\nplugins:\n  - protoc_builtin: python\n    out: py\n",
            "buf.gen.yaml:2:1: managed: unknown file_option: \"jav_package\"",
        ),
        (
            "version: v2\nmanaged:\n  enabled: true\n  override:\n    - file_option: java_multiple_files\n      value: \"yes\"\nplugins:\n  - protoc_builtin: python\n    out: py\n",
            "invalid value yes for java_multiple_files: expected a bool",
        ),
        (
            "version: v2\nmanaged:\n  enabled: true\n  disable:\n    - {}\nplugins:\n  - protoc_builtin: python\n    out: py\n",
            "empty disable rule is not allowed",
        ),
        (
            "version: v2\nmanaged:\n  enabled: true\n  overide: []\nplugins:\n  - protoc_builtin: python\n    out: py\n",
            "overide",
        ),
        (
            "version: v1\nmanaged:\n  enabled: true\n  go_package_prefix:\n    except: [buf.build/a/b]\nplugins:\n  - plugin: python\n    out: py\n",
            "go_package_prefix requires a default value",
        ),
    ];
    for (yaml, message) in cases {
        let project = workdir();
        project.file("buf.gen.yaml", yaml);
        project
            .run(&["generate", "proto"])
            .expect_code(1)
            .stderr_has(message)
            .no_panic();
        assert!(!project.path().join("py").exists());
    }
    // Rules without `enabled: true` change nothing, and say so.
    let project = workdir();
    project.file(
        "buf.gen.yaml",
        "version: v2\nmanaged:\n  override:\n    - file_option: java_package_prefix\n      value: net\nplugins:\n  - protoc_builtin: python\n    out: py\n",
    );
    project
        .run(&["generate", "proto"])
        .expect_code(0)
        .stderr_has("managed mode is not enabled");
    let pb2 = std::fs::read_to_string(project.path().join("py/nopkg/bare_file_pb2.py")).unwrap();
    assert!(!pb2.contains("BareFileProto"));
}

/// Managed `optimize_for: LITE_RUNTIME` on an imported file: protoc (and so the built-in Python
/// generators standing in for it) refuses a non-lite importer, with protoc's message; generators
/// that do not care (Go) still run.
#[test]
fn managed_lite_runtime_is_refused_like_protoc() {
    let managed = "version: v2\nmanaged:\n  enabled: true\n  override:\n    - file_option: optimize_for\n      path: acme/class\n      value: LITE_RUNTIME\n    - file_option: go_package_prefix\n      value: example.com/gen\n";
    let project = workdir();
    project.file(
        "buf.gen.yaml",
        format!("{managed}plugins:\n  - protoc_builtin: python\n    out: py\n"),
    );
    project
        .run(&["generate", "proto"])
        .expect_code(1)
        .stderr_has("acme/weather/v1/weather_service.proto: Files that do not use optimize_for = LITE_RUNTIME cannot import files which do use this option.  This file is not lite, but it imports \"acme/class/list/things.proto\" which is.")
        .no_panic();
    project.file(
        "buf.gen.yaml",
        format!("{managed}plugins:\n  - local: protoc-gen-go\n    out: go\n"),
    );
    project.run(&["generate", "proto"]).expect_code(0);
}
