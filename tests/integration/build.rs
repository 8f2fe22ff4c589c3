//! `protowright build`: images, their byte-compatibility with protoc, and every bad input.

use std::process::Command;

use crate::util::{self, Sandbox};

const GREETER: &str = "examples/greeter";

/// A small valid module used by several tests.
fn module() -> Sandbox {
    let sb = Sandbox::new();
    sb.file("buf.yaml", "version: v2\n");
    sb.file(
        "acme/v1/a.proto",
        "syntax = \"proto3\";\npackage acme.v1;\nimport \"acme/v1/b.proto\";\nmessage A { B b = 1; }\n",
    );
    sb.file(
        "acme/v1/b.proto",
        "syntax = \"proto3\";\npackage acme.v1;\nmessage B { string name = 1; }\n",
    );
    sb
}

#[test]
fn builds_the_example_and_reads_its_image_back() {
    let sb = Sandbox::new();
    let example = util::repo().join(GREETER);
    let image = sb.path().join("greeter.binpb");
    sb.run(&[
        "build",
        example.to_str().unwrap(),
        "-o",
        image.to_str().unwrap(),
    ])
    .expect_code(0)
    .stdout_is("");
    let names = util::image_file_names(&std::fs::read(&image).unwrap());
    assert_eq!(
        names,
        [
            "google/protobuf/timestamp.proto",
            "greeter/v1/greeter.proto"
        ]
    );
    // The image is an input too, and building it again gives the same bytes.
    let again = sb.path().join("again.binpb");
    sb.run(&["build", "greeter.binpb", "-o", "again.binpb"])
        .expect_code(0);
    assert_eq!(
        std::fs::read(&image).unwrap(),
        std::fs::read(again).unwrap()
    );
    // JSON images round-trip to the same binary image.
    sb.run(&["build", "greeter.binpb", "-o", "greeter.json"])
        .expect_code(0);
    sb.run(&["build", "greeter.json", "-o", "from-json.binpb"])
        .expect_code(0);
    assert_eq!(
        std::fs::read(&image).unwrap(),
        std::fs::read(sb.path().join("from-json.binpb")).unwrap()
    );
}

#[test]
fn exclude_imports_and_source_info() {
    let sb = module();
    sb.run(&["build", "-o", "all.binpb"]).expect_code(0);
    sb.run(&[
        "build",
        "--exclude-imports",
        "--path",
        "acme/v1/a.proto",
        "-o",
        "a.binpb",
    ])
    .expect_code(0);
    let names = util::image_file_names(&std::fs::read(sb.path().join("a.binpb")).unwrap());
    assert_eq!(names, ["acme/v1/a.proto"]);
    sb.run(&["build", "--exclude-source-info", "-o", "lean.binpb"])
        .expect_code(0);
    let full = std::fs::read(sb.path().join("all.binpb")).unwrap();
    let lean = std::fs::read(sb.path().join("lean.binpb")).unwrap();
    assert!(lean.len() < full.len());
}

/// Runs grpcio-tools' protoc over `files` (relative to `root`), returning its descriptor set.
/// `retain_options` keeps source-retention options, as buf and we do by default.
fn protoc_image(
    root: &std::path::Path,
    files: &[String],
    include_imports: bool,
    retain_options: bool,
) -> Vec<u8> {
    let protoc = util::protoc().expect("checked by the caller");
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = Command::new(&protoc[0]);
    cmd.args(&protoc[1..])
        .current_dir(root)
        .arg("-I.")
        .arg(format!("--descriptor_set_out={}", out.path().display()));
    if retain_options {
        cmd.arg("--retain_options");
    }
    if include_imports {
        cmd.arg("--include_imports");
    }
    let status = cmd.args(files).status().unwrap();
    assert!(status.success(), "protoc failed on {}", root.display());
    std::fs::read(out.path()).unwrap()
}

/// Builds `dir` (limited to `paths`) without source info and compares with protoc, byte for byte.
fn assert_same_as_protoc(root: &std::path::Path, paths: &[&str]) {
    let mut files: Vec<String> = util::protos_under(root)
        .into_iter()
        .filter(|f| paths.is_empty() || paths.iter().any(|p| f.starts_with(&format!("{p}/"))))
        .collect();
    files.sort();
    for (include_imports, retain_options) in [(true, true), (false, true), (true, false)] {
        let out = tempfile::NamedTempFile::new().unwrap();
        let mut args = vec![
            "build".to_string(),
            root.to_string_lossy().into_owned(),
            "--exclude-source-info".into(),
            "-o".into(),
            out.path().to_string_lossy().into_owned(),
        ];
        if !include_imports {
            args.push("--exclude-imports".into());
        }
        if !retain_options {
            args.push("--exclude-source-retention-options".into());
        }
        for p in paths {
            args.push("--path".into());
            args.push(root.join(p).to_string_lossy().into_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        util::run_in(root, &args).expect_code(0);
        let ours = std::fs::read(out.path()).unwrap();
        let theirs = protoc_image(root, &files, include_imports, retain_options);
        assert!(
            ours == theirs,
            "image of {} (include_imports={include_imports}, retain_options={retain_options}) \
             differs from protoc's: {} vs {} bytes",
            root.display(),
            ours.len(),
            theirs.len()
        );
    }
}

#[test]
fn images_equal_protocs_descriptor_sets() {
    if util::protoc().is_none() {
        return util::missing("grpcio-tools (python3 -m grpc_tools.protoc)");
    }
    assert_same_as_protoc(&util::repo().join(GREETER).join("proto"), &[]);
    // Defaults as protoc writes them (floats through SimpleFtoa), packed options, method bodies.
    let sb = Sandbox::new();
    sb.file(
        "p/defaults.proto",
        "syntax = \"proto2\";\npackage p;\nmessage D {\n  optional float a = 1 [default = 1.5e10];\n  \
         optional float b = 2 [default = 0.1];\n  optional double c = 3 [default = 1e-7];\n  \
         optional float d = 4 [default = inf];\n  optional float e = 5 [default = -nan];\n  \
         optional string f = 6 [default = \"x\\001y\"];\n  repeated int32 g = 7 [packed = true];\n}\n\
         service S { rpc M(D) returns (D) {} }\n",
    );
    assert_same_as_protoc(sb.path(), &[]);
    let Some(googleapis) = util::googleapis() else {
        return;
    };
    assert_same_as_protoc(
        &googleapis,
        &[
            "google/type",
            "google/rpc",
            "google/api",
            "google/longrunning",
            "google/pubsub/v1",
            "google/bigtable/v2",
        ],
    );
}

#[test]
fn builds_all_of_googleapis_and_reports_a_syntax_error_like_buf() {
    let Some(googleapis) = util::googleapis() else {
        return;
    };
    let out = tempfile::NamedTempFile::new().unwrap();
    let out_path = out.path().to_str().unwrap();
    util::run_in(
        &googleapis,
        &["build", ".", "--exclude-imports", "-o", out_path],
    )
    .expect_code(0);
    let names = util::image_file_names(&std::fs::read(out.path()).unwrap());
    assert_eq!(names.len(), util::protos_under(&googleapis).len());
    assert_eq!(names.len(), 7227);

    // One syntax error in a copy of one package: reported at buf's position, exit 100.
    let sb = Sandbox::new();
    let pubsub = std::fs::read_to_string(googleapis.join("google/pubsub/v1/schema.proto")).unwrap();
    let broken = pubsub.replacen("Type type = 2;", "Type type = 2", 1);
    assert!(broken != pubsub, "the edit must apply");
    sb.file("google/pubsub/v1/schema.proto", &broken);
    for dep in [
        "google/api/annotations.proto",
        "google/api/client.proto",
        "google/api/field_behavior.proto",
        "google/api/resource.proto",
        "google/api/http.proto",
        "google/api/launch_stage.proto",
    ] {
        sb.file(dep, std::fs::read(googleapis.join(dep)).unwrap());
    }
    let run = sb.run(&["build", "--error-format", "json"]);
    run.expect_code(100);
    let line: serde_json::Value =
        serde_json::from_str(run.stderr().lines().next().unwrap()).unwrap();
    assert_eq!(line["path"], "google/pubsub/v1/schema.proto");
    assert_eq!(line["type"], "COMPILE");
    if let Some(buf) = util::buf() {
        let theirs = Command::new(buf)
            .args(["build", "--error-format", "json"])
            .current_dir(sb.path())
            .output()
            .unwrap();
        let theirs: serde_json::Value = serde_json::from_str(
            String::from_utf8_lossy(&theirs.stderr)
                .lines()
                .next()
                .unwrap(),
        )
        .unwrap();
        for key in ["path", "start_line", "start_column", "type"] {
            assert_eq!(line[key], theirs[key], "{key} differs from buf");
        }
    } else {
        util::missing("buf 1.75.0");
    }
}

// --- Bad input: one clear message, the right exit code, no panic, no partial output. ---

#[test]
fn nonexistent_input() {
    Sandbox::new()
        .run(&["build", "nope"])
        .expect_code(1)
        .no_panic()
        .stderr_has("nope: no such file or directory");
}

#[test]
fn directory_without_protos() {
    let sb = Sandbox::new();
    sb.file("README.md", "hi");
    sb.run(&["build"])
        .expect_code(1)
        .stderr_has("had no .proto files");
}

#[test]
fn path_filters_that_match_nothing() {
    module()
        .run(&["build", "--path", "missing"])
        .expect_code(1)
        .stderr_has("no .proto files were targeted");
}

#[test]
fn unreadable_file() {
    // A dangling symlink cannot be read (permissions do not stop root).
    let sb = module();
    std::os::unix::fs::symlink(
        sb.path().join("gone.proto"),
        sb.path().join("acme/v1/c.proto"),
    )
    .unwrap();
    sb.run(&["build"])
        .expect_code(1)
        .no_panic()
        .stderr_has("c.proto");
}

#[test]
fn non_utf8_file() {
    let sb = module();
    sb.file("acme/v1/c.proto", b"syntax = \"proto3\";\n// caf\xe9\n");
    sb.run(&["build"])
        .expect_code(100)
        .stderr_has("acme/v1/c.proto:1:1:file is not valid UTF-8");
}

#[test]
fn missing_import() {
    let sb = Sandbox::new();
    sb.file("a.proto", "syntax = \"proto3\";\nimport \"nope.proto\";\n");
    sb.run(&["build"])
        .expect_code(100)
        .stderr_has("a.proto:2:1:imported file does not exist");
}

#[test]
fn import_cycle() {
    let sb = Sandbox::new();
    sb.file("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\n");
    sb.file("b.proto", "syntax = \"proto3\";\nimport \"a.proto\";\n");
    sb.run(&["build"])
        .expect_code(100)
        .stderr_has("b.proto:2:1:detected cyclic import while importing \"a.proto\"");
}

#[test]
fn same_file_in_two_modules() {
    let sb = Sandbox::new();
    sb.file(
        "buf.yaml",
        "version: v2\nmodules:\n  - path: m1\n  - path: m2\n",
    );
    sb.file("m1/d.proto", "syntax = \"proto3\";\n");
    sb.file("m2/d.proto", "syntax = \"proto3\";\n");
    sb.run(&["build"])
        .expect_code(1)
        .stderr_has("d.proto is contained in multiple modules");
}

#[test]
fn invalid_yaml() {
    let sb = module();
    sb.file("buf.yaml", "version: v2\nlint: [unclosed\n");
    sb.run(&["build"])
        .expect_code(1)
        .no_panic()
        .stderr_has("buf.yaml:");
}

#[test]
fn unknown_config_key() {
    let sb = module();
    sb.file("buf.yaml", "version: v2\nlnt:\n  use: [STANDARD]\n");
    sb.run(&["build"]).expect_code(1).stderr_has("buf.yaml:2:1");
}

#[test]
fn unknown_error_format() {
    module()
        .run(&["build", "--error-format", "yaml"])
        .expect_code(1)
        .stderr_has("invalid value 'yaml'");
}

#[test]
fn git_ref_that_does_not_exist() {
    if util::which("git").is_none() {
        return util::missing("git");
    }
    let sb = module();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(sb.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "init"]);
    sb.run(&["build", ".git#branch=main", "-o", "ok.binpb"])
        .expect_code(0);
    sb.run(&["build", ".git#branch=nope"])
        .expect_code(1)
        .no_panic()
        .stderr_has("nope");
}

#[test]
fn truncated_or_corrupt_image() {
    let sb = module();
    sb.run(&["build", "-o", "good.binpb"]).expect_code(0);
    let good = std::fs::read(sb.path().join("good.binpb")).unwrap();
    sb.file("truncated.binpb", &good[..good.len() / 2]);
    sb.file("garbage.binpb", b"\xff\xff\xff\xff not an image");
    for name in ["truncated.binpb", "garbage.binpb"] {
        sb.run(&["build", name])
            .expect_code(1)
            .no_panic()
            .stderr_has(name);
    }
}

#[test]
fn compile_errors_leave_no_output_file() {
    let sb = Sandbox::new();
    sb.file(
        "a.proto",
        "syntax = \"proto3\";\nmessage A { int32 x = 1 }\n",
    );
    sb.run(&["build", "-o", "out.binpb"])
        .expect_code(100)
        .stderr_has("a.proto:2:25:");
    assert!(!sb.path().join("out.binpb").exists());
    // And an existing output is left untouched.
    sb.file("out.binpb", b"previous");
    sb.run(&["build", "-o", "out.binpb"]).expect_code(100);
    assert_eq!(
        std::fs::read(sb.path().join("out.binpb")).unwrap(),
        b"previous"
    );
}

/// Compile errors protox words differently are restated as buf 1.75 prints them, at the same
/// places: `buf build --error-format json` output for each file, recorded from buf (and checked
/// against buf itself when it is installed).
const BUF_COMPILE_ERRORS: &[(&str, &str)] = &[
    (
        "syntax = \"proto3\";\nmessage A { Foo x = 1; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":13,\"end_line\":2,\"end_column\":16,\"type\":\"COMPILE\",\"message\":\"cannot find `Foo` in this scope\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1; int32 y = 1; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":36,\"end_line\":2,\"end_column\":37,\"type\":\"COMPILE\",\"message\":\"field number `1` used more than once\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1; int32 x = 2; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":19,\"end_line\":2,\"end_column\":20,\"type\":\"COMPILE\",\"message\":\"`x` declared multiple times\"}\n{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":32,\"end_line\":2,\"end_column\":33,\"type\":\"COMPILE\",\"message\":\"message fields have the same JSON name\"}",
    ),
    (
        "syntax = \"proto3\";\nenum E { B = 1; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":14,\"end_line\":2,\"end_column\":15,\"type\":\"COMPILE\",\"message\":\"first value of open enum must be zero\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { reserved 2; int32 x = 2; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":35,\"end_line\":2,\"end_column\":36,\"type\":\"COMPILE\",\"message\":\"use of reserved field number `2`\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1 [default = 2]; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":26,\"end_line\":2,\"end_column\":37,\"type\":\"COMPILE\",\"message\":\"custom default in \\\"proto3\\\"\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { required int32 x = 1; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":13,\"end_line\":2,\"end_column\":21,\"type\":\"COMPILE\",\"message\":\"unexpected `required`\"}",
    ),
    (
        "syntax = \"proto3\";\npackage a;\nmessage A {}\nmessage A {}\n",
        "{\"path\":\"a.proto\",\"start_line\":3,\"start_column\":9,\"end_line\":3,\"end_column\":10,\"type\":\"COMPILE\",\"message\":\"`A` declared multiple times\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 0; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":23,\"end_line\":2,\"end_column\":24,\"type\":\"COMPILE\",\"message\":\"field number out of range\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 foo_bar = 1; int32 fooBar = 2; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":38,\"end_line\":2,\"end_column\":44,\"type\":\"COMPILE\",\"message\":\"message fields have the same JSON name\"}",
    ),
    (
        "syntax = \"proto3\";\nenum E { A = 0; B = 0; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":21,\"end_line\":2,\"end_column\":22,\"type\":\"COMPILE\",\"message\":\"enum value `0` used more than once\"}",
    ),
    (
        "syntax = \"proto3\";\nservice S { rpc M(Foo) returns (Foo); }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":19,\"end_line\":2,\"end_column\":22,\"type\":\"COMPILE\",\"message\":\"cannot find `Foo` in this scope\"}\n{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":33,\"end_line\":2,\"end_column\":36,\"type\":\"COMPILE\",\"message\":\"cannot find `Foo` in this scope\"}",
    ),
    (
        "syntax = \"proto2\";\nmessage A { optional int32 x = 1; }\nextend A { optional int32 y = 5; }\n",
        "{\"path\":\"a.proto\",\"start_line\":3,\"start_column\":31,\"end_line\":3,\"end_column\":32,\"type\":\"COMPILE\",\"message\":\"extension with unreserved number `5`\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { map<float, int32> m = 1; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":17,\"end_line\":2,\"end_column\":22,\"type\":\"COMPILE\",\"message\":\"expected map key type, found scalar type `float`\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { oneof o { repeated int32 x = 1; } }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":23,\"end_line\":2,\"end_column\":31,\"type\":\"COMPILE\",\"message\":\"unexpected `repeated`\"}",
    ),
    (
        "syntax = \"proto3\";\nenum E { A = 0; B = 1; reserved \"B\"; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":17,\"end_line\":2,\"end_column\":18,\"type\":\"COMPILE\",\"message\":\"use of reserved enum value name\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { message N { int32 x = 1; reserved \"x\", \"y\"; } }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":31,\"end_line\":2,\"end_column\":32,\"type\":\"COMPILE\",\"message\":\"use of reserved message field name\"}",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1; reserved 1 to 3; }\n",
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":23,\"end_line\":2,\"end_column\":24,\"type\":\"COMPILE\",\"message\":\"use of reserved field number `1`\"}",
    ),
];

#[test]
fn compile_errors_read_like_bufs() {
    let buf = util::buf();
    for (source, want) in BUF_COMPILE_ERRORS {
        let sb = Sandbox::new();
        sb.file("a.proto", source);
        let run = sb.run(&["build", "--error-format", "json"]);
        run.expect_code(100).no_panic();
        assert_eq!(run.stderr().trim_end(), *want, "{source}");
        if let Some(buf) = &buf {
            let out = std::process::Command::new(buf)
                .args(["build", "--error-format", "json"])
                .current_dir(sb.path())
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stderr).trim_end(),
                *want,
                "buf on {source}"
            );
        }
    }
}

/// protox links a lite file imported by a non-lite one; buf and protoc reject it, at the
/// imported name. A lite file may import a lite one, and a non-lite one anything else.
#[test]
fn non_lite_file_importing_a_lite_file_is_a_compile_error() {
    let sb = Sandbox::new();
    sb.file(
        "lite.proto",
        "syntax = \"proto3\";\npackage lite;\noption optimize_for = LITE_RUNTIME;\nmessage L {}\n",
    )
    .file(
        "also_lite.proto",
        "syntax = \"proto3\";\npackage also;\nimport \"lite.proto\";\noption optimize_for = LITE_RUNTIME;\nmessage M { lite.L l = 1; }\n",
    )
    .file(
        "full.proto",
        "syntax = \"proto3\";\npackage full;\nimport   'lite.proto';\nmessage F { lite.L l = 1; }\n",
    );
    sb.run(&["build", "--error-format", "json"])
        .expect_code(100)
        .stdout_is("")
        .stderr_has(r#"{"path":"full.proto","start_line":3,"start_column":10,"end_line":3,"end_column":22,"type":"COMPILE","message":"`LITE_RUNTIME` file imported in non-`LITE_RUNTIME` file"}"#);
    let run = sb.run(&["build", "--error-format", "json"]);
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    sb.file(
        "full.proto",
        "syntax = \"proto3\";\npackage full;\nmessage F {}\n",
    );
    sb.run(&["build"]).expect_code(0);
}

#[test]
fn compile_errors_in_every_format() {
    let sb = Sandbox::new();
    sb.file(
        "a.proto",
        "syntax = \"proto3\";\nmessage A { int32 x = 1 }\n",
    );
    sb.run(&["build", "--error-format", "json"])
        .expect_code(100)
        .stderr_has(r#"{"path":"a.proto","start_line":2,"start_column":25,"#);
    sb.run(&["build", "--error-format", "msvs"])
        .expect_code(100)
        .stderr_has("a.proto(2,25) : error COMPILE : ");
    sb.run(&["build", "--error-format", "github-actions"])
        .expect_code(100)
        .stderr_has("::error file=a.proto,line=2,col=25,");
    sb.run(&["build", "--error-format", "sarif"])
        .expect_code(100)
        .stderr_has("\"ruleId\": \"COMPILE\"");
}

#[test]
fn bad_config_version() {
    let sb = module();
    sb.file("buf.yaml", "version: v3\n");
    sb.run(&["build"])
        .expect_code(1)
        .stderr_has("buf.yaml:1:10: unknown file version: \"v3\"");
}

#[test]
fn module_path_outside_the_workspace() {
    let sb = module();
    sb.file("buf.yaml", "version: v2\nmodules:\n  - path: ../outside\n");
    sb.run(&["build"])
        .expect_code(1)
        .stderr_has("buf.yaml:3:11: invalid module path: ../outside: is outside");
}

#[test]
fn disable_symlinks_leaves_linked_files_out() {
    let sb = module();
    sb.file(
        "elsewhere/c.proto",
        "syntax = \"proto3\";\npackage acme.v1;\nmessage C {}\n",
    );
    std::os::unix::fs::symlink(
        sb.path().join("elsewhere/c.proto"),
        sb.path().join("acme/v1/c.proto"),
    )
    .unwrap();
    let names = |args: &[&str]| {
        sb.run(args).expect_code(0);
        util::image_file_names(&std::fs::read(sb.path().join("out.binpb")).unwrap())
    };
    let followed = names(&[
        "build",
        "--exclude-imports",
        "--path",
        "acme",
        "-o",
        "out.binpb",
    ]);
    assert!(followed.contains(&"acme/v1/c.proto".to_string()));
    let not_followed = names(&[
        "build",
        "--exclude-imports",
        "--path",
        "acme",
        "--disable-symlinks",
        "-o",
        "out.binpb",
    ]);
    assert!(
        !not_followed.contains(&"acme/v1/c.proto".to_string()),
        "{not_followed:?}"
    );
}
