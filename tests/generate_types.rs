//! buf.gen.yaml `types` / `exclude_types` (input-level, plugin-level and both).
//!
//! - `differential_against_buf`: the same buf.gen.yaml (`protoc_builtin: python` and `pyi`; buf
//!   runs them through `protoc_path`, `pyprotoc.py`: `python3 -m grpc_tools.protoc` after
//!   clearing the `json_name`s buf's compiler adds, as protoc would not have them) is run by
//!   buf 1.75.0 and by protowright over `tests/fixtures/generate/types` for several filters; every
//!   output file must be byte-identical. Skips without buf or grpcio-tools (fails under CI=true).
//! - `golden`: compares protowright's output with files buf produced, committed under
//!   `tests/fixtures/generate/types/expected/` (runs without buf). `PROTOWRIGHT_UPDATE_GOLDEN=1`
//!   with buf installed rewrites them.
//! - errors: unknown names, imported types, a type both included and excluded.

#[path = "integration/util.rs"]
mod util;

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use util::{files_under, run_in, Sandbox};

fn fixture() -> PathBuf {
    util::repo().join("tests/fixtures/generate/types")
}

/// A sandbox holding the fixture module and a buf.gen.yaml with `plugin` (extra plugin keys)
/// and `top` (extra top-level keys, e.g. `inputs`).
fn project(plugin: &str, top: &str) -> Sandbox {
    let sb = Sandbox::new();
    copy_dir(&fixture().join("proto"), &sb.path().join("proto"));
    sb.file("buf.yaml", "version: v2\nmodules:\n  - path: proto\n");
    // Used by buf only (protowright ignores protoc_path).
    let protoc = fixture().join("pyprotoc.py");
    let mut yaml = String::from("version: v2\nplugins:\n");
    for builtin in ["python", "pyi"] {
        yaml.push_str(&format!(
            "  - protoc_builtin: {builtin}\n    protoc_path: {}\n    out: gen\n",
            protoc.display()
        ));
        for line in plugin.lines() {
            yaml.push_str(&format!("    {line}\n"));
        }
    }
    yaml.push_str(top);
    sb.file("buf.gen.yaml", yaml);
    sb
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// (case name, plugin-level keys, top-level keys).
const CASES: &[(&str, &str, &str)] = &[
    ("none", "", ""),
    ("message", "types: [acme.a.v1.Item]", ""),
    ("nested", "types: [acme.a.v1.Item.Part]", ""),
    ("service", "types: [acme.a.v1.ItemService]", ""),
    ("method", "types: [acme.a.v1.ItemService.GetItem]", ""),
    ("package", "types: [acme.b.v1]", ""),
    ("extension", "types: [acme.a.v1.memo]", ""),
    (
        "exclude",
        "exclude_types: [acme.b.v1.Money, acme.a.v1.Item.Part, acme.opt.v1.Tag]",
        "",
    ),
    ("exclude_package", "exclude_types: [acme.c.v1]", ""),
    ("recursive", "types: [\"acme.a.v1.Item.**\"]", ""),
    (
        "service_without_excluded_response",
        "types: [acme.a.v1.ItemService]\nexclude_types: [acme.a.v1.GetItemResponse]",
        "",
    ),
    // e/: public and unused imports, maps, proto3 optional, oneofs, custom options.
    ("edge_message", "types: [e.Main]", ""),
    ("edge_exclude", "exclude_types: [e.Dep, e.Unused]", ""),
    ("edge_options", "exclude_types: [e.opts.note]", ""),
    ("edge_option_package", "exclude_types: [e.opts]", ""),
    ("exclude_recursive", "exclude_types: [\"acme.a.**\"]", ""),
    ("exclude_import", "exclude_types: [google.protobuf.Timestamp]", ""),
    (
        "include_and_exclude",
        "types: [acme.a.v1.Order, acme.a.v1.Status]\nexclude_types: [acme.a.v1.Item]",
        "",
    ),
    (
        "input_and_plugin",
        "exclude_types: [acme.c.v1.Note]",
        "inputs:\n  - directory: .\n    types: [acme.a.v1.ItemService]\n    exclude_types: [acme.a.v1.ItemService.GetItem]\n",
    ),
];

fn generate_ours(sb: &Sandbox, out: &str) {
    run_in(sb.path(), &["generate", "-o", out])
        .no_panic()
        .expect_code(0);
}

fn generate_buf(sb: &Sandbox, buf: &Path, out: &str) {
    let o = Command::new(buf)
        .args(["generate", "-o", out])
        .current_dir(sb.path())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "buf generate failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Paths and contents of every file under `dir`.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn differential_against_buf() {
    let Some(buf) = util::buf() else {
        return util::missing("buf 1.75.0");
    };
    if util::protoc().is_none() {
        return util::missing("grpcio-tools (python3 -m grpc_tools.protoc)");
    }
    let mut failures = Vec::new();
    let mut identical = 0;
    for (name, plugin, top) in CASES {
        let sb = project(plugin, top);
        generate_buf(&sb, &buf, "ref");
        generate_ours(&sb, "ours");
        let reference = contents(&sb.path().join("ref"));
        let ours = contents(&sb.path().join("ours"));
        assert!(!reference.is_empty(), "{name}: buf generated nothing");
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        if names(&reference) != names(&ours) {
            failures.push(format!(
                "{name}: files differ: buf {:?}, ours {:?}",
                names(&reference),
                names(&ours)
            ));
            continue;
        }
        for ((file, a), (_, b)) in reference.iter().zip(&ours) {
            if a == b {
                identical += 1;
            } else {
                failures.push(format!("{name}: {file} differs"));
            }
        }
        if std::env::var_os("PROTOWRIGHT_UPDATE_GOLDEN").is_some() {
            let expected = fixture().join("expected").join(name);
            let _ = std::fs::remove_dir_all(&expected);
            copy_dir(&sb.path().join("ref"), &expected);
        }
    }
    eprintln!("{identical} files identical");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn golden() {
    let expected_root = fixture().join("expected");
    let mut checked = 0;
    for (name, plugin, top) in CASES {
        let expected = expected_root.join(name);
        assert!(expected.is_dir(), "missing {}", expected.display());
        let sb = project(plugin, top);
        generate_ours(&sb, "ours");
        let want = contents(&expected);
        let got = contents(&sb.path().join("ours"));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "{name}: generated files");
        for ((file, a), (_, b)) in want.iter().zip(&got) {
            assert!(
                a == b,
                "{name}: {file} differs from the buf output committed in {}",
                expected.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} files compared");
}

#[test]
fn filtered_files_drop_out() {
    let sb = project("types: [acme.a.v1.Item.Part]", "");
    generate_ours(&sb, "ours");
    let files = files_under(&sb.path().join("ours"));
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "gen/acme/a/v1/a_pb2.py",
            "gen/acme/a/v1/a_pb2.pyi",
            "gen/acme/b/v1/level_pb2.py",
            "gen/acme/b/v1/level_pb2.pyi",
            "gen/acme/opt/v1/opt_pb2.py",
            "gen/acme/opt/v1/opt_pb2.pyi",
        ]
    );
    let pyi = std::fs::read_to_string(sb.path().join("ours/gen/acme/a/v1/a_pb2.pyi")).unwrap();
    assert!(pyi.contains("class Item(_message.Message)"));
    assert!(!pyi.contains("class Order"), "{pyi}");
    assert!(!pyi.contains("class Loose"), "{pyi}");
}

#[test]
fn errors_name_the_type_and_exit_1() {
    let cases = [
        (
            "types: [acme.a.v1.Nope]",
            "inclusion of type \"acme.a.v1.Nope\": not found",
        ),
        (
            "exclude_types: [acme.zz]",
            "exclusion of type \"acme.zz\": not found",
        ),
        (
            "types: [acme.a.v1.ItemService.GetItem]\nexclude_types: [acme.a.v1.GetItemResponse]",
            "inclusion of type \"acme.a.v1.ItemService.GetItem\": cannot include method \"acme.a.v1.ItemService.GetItem\" as its output type \"acme.a.v1.GetItemResponse\" is type excluded by filter",
        ),
        (
            "exclude_types: [acme.a.v1.GetItemRequest]",
            "cannot include method \"acme.a.v1.ItemService.GetItem\" as its input type \"acme.a.v1.GetItemRequest\" is type excluded by filter",
        ),
        (
            "types: [\"acme.zz.**\"]",
            "inclusion of type \"acme.zz\": not found",
        ),
        (
            "types: [acme.a.v1.Item.id]",
            "inclusion of type \"acme.a.v1.Item.id\": not found",
        ),
        (
            "types: [google.protobuf.Timestamp]",
            "inclusion of type \"google.protobuf.Timestamp\": type declared in imported module",
        ),
        (
            "types: [acme.a.v1.Item]\nexclude_types: [acme.a.v1]",
            "inclusion of type \"acme.a.v1.Item\": type excluded by filter",
        ),
    ];
    for (plugin, message) in cases {
        let sb = project(plugin, "");
        run_in(sb.path(), &["generate"])
            .no_panic()
            .expect_code(1)
            .stderr_has(message);
        assert!(!sb.path().join("gen").exists(), "{plugin}: wrote output");
    }
    // The same at input level.
    let sb = project(
        "",
        "inputs:\n  - directory: .\n    types: [acme.a.v1.Nope]\n",
    );
    run_in(sb.path(), &["generate"])
        .no_panic()
        .expect_code(1)
        .stderr_has("inclusion of type \"acme.a.v1.Nope\": not found");
}

#[test]
fn v1_types_include() {
    let sb = project("", "");
    sb.file(
        "buf.gen.yaml",
        "version: v1\nplugins:\n  - plugin: pyi\n    out: gen\ntypes:\n  include:\n    - acme.b.v1.Money\n",
    );
    run_in(sb.path(), &["generate"]).no_panic().expect_code(0);
    let files = files_under(&sb.path().join("gen"));
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    // Money and the extension of it (a known extension of a kept message).
    assert_eq!(names, ["acme/a/v1/ext_pb2.pyi", "acme/b/v1/b_pb2.pyi"]);
    let b = std::fs::read_to_string(sb.path().join("gen/acme/b/v1/b_pb2.pyi")).unwrap();
    assert!(
        b.contains("class Money") && !b.contains("class Stamp"),
        "{b}"
    );
}

/// A FileDescriptorSet without source info and `json_name`s (buf's compiler adds them to every
/// field, protoc and protowright only where written).
fn normalized_image(bytes: &[u8]) -> prost_types::FileDescriptorSet {
    use prost::Message;
    fn clear(messages: &mut [prost_types::DescriptorProto]) {
        for m in messages {
            for f in m.field.iter_mut().chain(m.extension.iter_mut()) {
                f.json_name = None;
            }
            clear(&mut m.nested_type);
        }
    }
    let mut set = prost_types::FileDescriptorSet::decode(bytes).unwrap();
    for f in &mut set.file {
        f.source_code_info = None;
        clear(&mut f.message_type);
        for e in &mut f.extension {
            e.json_name = None;
        }
    }
    // descriptor.proto itself differs between buf's and protowright's bundled copies.
    set.file
        .retain(|f| f.name() != "google/protobuf/descriptor.proto");
    set
}

#[test]
fn build_type_matches_buf_build() {
    let Some(buf) = util::buf() else {
        return util::missing("buf 1.75.0");
    };
    let sb = project("", "");
    let cases: &[&[&str]] = &[
        &["acme.a.v1.Item"],
        &["acme.a.v1.ItemService.ListOrders"],
        &["acme.b.v1", "acme.a.v1.Status"],
        &["acme.opt.v1.sensitive"],
    ];
    for types in cases {
        let mut args = vec!["build", "-o", "x.binpb"];
        for t in *types {
            args.extend(["--type", t]);
        }
        let o = Command::new(&buf)
            .args(&args)
            .current_dir(sb.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let theirs = normalized_image(&std::fs::read(sb.path().join("x.binpb")).unwrap());
        args[2] = "y.binpb";
        run_in(sb.path(), &args).no_panic().expect_code(0);
        let ours = normalized_image(&std::fs::read(sb.path().join("y.binpb")).unwrap());
        assert_eq!(ours, theirs, "build --type {types:?}");
    }
    run_in(sb.path(), &["build", "--type", "acme.nope"])
        .no_panic()
        .expect_code(1)
        .stderr_has("inclusion of type \"acme.nope\": not found");
}

#[test]
fn go_differential_against_buf() {
    let Some(buf) = util::buf() else {
        return util::missing("buf 1.75.0");
    };
    let (Some(go), Some(go_grpc)) = (
        util::go_plugin("protoc-gen-go", "protoc-gen-go v1.36.11"),
        util::go_plugin("protoc-gen-go-grpc", "protoc-gen-go-grpc 1.6.2"),
    ) else {
        return util::missing("protoc-gen-go v1.36.11 and protoc-gen-go-grpc v1.6.2");
    };
    let opt = [
        ("a/v1/a", "a"),
        ("a/v1/ext", "a"),
        ("b/v1/b", "b"),
        ("b/v1/level", "b"),
        ("c/v1/c", "c"),
        ("opt/v1/opt", "opt"),
        ("../../e/dep", "e"),
        ("../../e/pub", "e"),
        ("../../e/unused", "e"),
        ("../../e/main", "e"),
        ("../../e/opts", "eopts"),
        ("../../e/x_map", "emap"),
        ("../../e/x_nested", "enested"),
        ("../../e/x_oneof", "eoneof"),
        ("../../e/x_opt", "eopt"),
        ("../../e/x_plain", "eplain"),
    ]
    .map(|(f, p)| match f.strip_prefix("../../") {
        Some(f) => format!("M{f}.proto=example.com/t/{p}"),
        None => format!("Macme/{f}.proto=example.com/t/{p}"),
    })
    .join(",");
    let yaml = |go: &str, go_grpc: &str, filter: &str| {
        let mut y = String::from("version: v2\nplugins:\n");
        for plugin in [go, go_grpc] {
            y.push_str(&format!(
                "  - local: {plugin}\n    out: gen\n    opt: [\"{opt}\"]\n"
            ));
            for line in filter.lines() {
                y.push_str(&format!("    {line}\n"));
            }
        }
        y
    };
    let mut identical = 0;
    let mut failures = Vec::new();
    for (name, filter, top) in CASES {
        let sb = project("", "");
        let theirs = yaml(
            &go.display().to_string(),
            &go_grpc.display().to_string(),
            filter,
        );
        sb.file("buf.gen.yaml", format!("{theirs}{top}"));
        generate_buf(&sb, &buf, "ref");
        let ours = yaml("protoc-gen-go", "protoc-gen-go-grpc", filter);
        sb.file("buf.gen.yaml", format!("{ours}{top}"));
        generate_ours(&sb, "ours");
        let reference = contents(&sb.path().join("ref"));
        let ours = contents(&sb.path().join("ours"));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        if names(&reference) != names(&ours) {
            failures.push(format!(
                "{name}: files differ: buf {:?}, ours {:?}",
                names(&reference),
                names(&ours)
            ));
            continue;
        }
        for ((file, a), (_, b)) in reference.iter().zip(&ours) {
            let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
            if util::without_go_version_lines(&a) == util::without_go_version_lines(&b) {
                identical += 1;
            } else {
                failures.push(format!("{name}: {file} differs"));
            }
        }
    }
    eprintln!("{identical} Go files identical");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(identical > 40, "only {identical} files compared");
}
