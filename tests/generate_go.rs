//! Differential and compile tests of the Go target.
//!
//! `go_matches_protoc_gen_go`: protowright's `protoc-gen-go` and `protoc-gen-go-grpc` generators
//! against the real plugins (protoc-gen-go v1.36.11, protoc-gen-go-grpc v1.6.2) run through
//! grpcio-tools' protoc, file by file, ignoring only the header's version lines (protowright
//! prints its own version where protoc's would be).
//! Cases: `examples/greeter/proto`, `tests/fixtures/generate/goedge` (gRPC corner cases), the
//! all-features fixture (which has no `go_package`: both
//! sides get the same `M<file>=<import path>` options) and googleapis' `google/type`,
//! `google/rpc`, `google/api`, `google/longrunning` and `google/pubsub/v1`.
//! `tests/fixtures/generate/go_ratchet.txt` lists the files already identical; the test fails
//! when one of them regresses (`PROTOWRIGHT_UPDATE_RATCHET=1` rewrites it).
//!
//! `go_output_builds`: everything protowright generates for those cases is `gofmt`-clean and
//! passes `go vet` and `go build` inside a copy of the module in `tests/go` (pinned
//! google.golang.org/protobuf and google.golang.org/grpc, go.sum committed). `.pb.go` files
//! protowright does not generate yet are taken from protoc-gen-go, so the gRPC code is still
//! compiled against real messages.
//!
//! The plugins are found in `$PROTOWRIGHT_GO_BIN`, `target/tools/go/bin` (installed by
//! `.ci/run`), then PATH. Missing tools skip the tests with a message; with `CI=true` they fail.

#[path = "integration/util.rs"]
mod util;

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

const PROTOC_GEN_GO: (&str, &str) = ("protoc-gen-go", "protoc-gen-go v1.36.11");
const PROTOC_GEN_GO_GRPC: (&str, &str) = ("protoc-gen-go-grpc", "protoc-gen-go-grpc 1.6.2");

/// Generators that must succeed on every case (the others may still fail: their files then come
/// from the reference plugin in the compile test).
const REQUIRED: &[&str] = &["go", "go-grpc"];

/// The module path of `tests/go`; the compile test maps every file below it.
const TEST_MODULE: &str = "example.com/gotest";

struct Tools {
    protoc: Vec<String>,
    wkt_include: PathBuf,
    go: PathBuf,
    go_grpc: PathBuf,
}

fn tools() -> Option<Tools> {
    let Some(protoc) = util::protoc() else {
        util::missing("grpcio-tools (python3 -m grpc_tools.protoc)");
        return None;
    };
    let Some(wkt_include) = util::grpc_tools_include() else {
        util::missing("grpcio-tools' _proto include directory");
        return None;
    };
    let (Some(go), Some(go_grpc)) = (
        util::go_plugin(PROTOC_GEN_GO.0, PROTOC_GEN_GO.1),
        util::go_plugin(PROTOC_GEN_GO_GRPC.0, PROTOC_GEN_GO_GRPC.1),
    ) else {
        util::missing(
            "protoc-gen-go v1.36.11 and protoc-gen-go-grpc v1.6.2 (in $PROTOWRIGHT_GO_BIN, target/tools/go/bin or PATH)",
        );
        return None;
    };
    Some(Tools {
        protoc,
        wkt_include,
        go,
        go_grpc,
    })
}

struct Case {
    name: &'static str,
    /// The include root.
    root: PathBuf,
    /// Directories (relative to the root) whose files are generated.
    dirs: Vec<&'static str>,
}

fn cases() -> Vec<Case> {
    let repo = util::repo();
    let mut cases = vec![
        Case {
            name: "greeter",
            root: repo.join("examples/greeter/proto"),
            dirs: vec!["greeter"],
        },
        Case {
            name: "allfeatures",
            root: repo.join("tests/fixtures/generate/allfeatures/proto"),
            dirs: vec!["acme"],
        },
        // gRPC corner cases: deprecations, comments gofmt rewrites, import alias clashes
        // (`status`, `grpc`), long names, services without unary methods.
        Case {
            name: "goedge",
            root: repo.join("tests/fixtures/generate/goedge/proto"),
            dirs: vec!["edge"],
        },
    ];
    if let Some(root) = util::googleapis() {
        cases.push(Case {
            name: "googleapis",
            root,
            dirs: vec![
                "google/type",
                "google/rpc",
                "google/api",
                "google/longrunning",
                "google/pubsub/v1",
            ],
        });
    }
    cases
}

/// The `go_package` option of a file, read from its source.
fn go_package(source: &str) -> Option<String> {
    source.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("option")?.trim_start();
        let rest = rest.strip_prefix("go_package")?.trim_start();
        let rest = rest.strip_prefix('=')?.trim_start().strip_prefix('"')?;
        Some(rest[..rest.find('"')?].to_string())
    })
}

/// The `package` of a file, read from its source.
fn proto_package(source: &str) -> Option<String> {
    source.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("package ")?;
        Some(rest.trim().trim_end_matches(';').trim().to_string())
    })
}

/// The case's files and every file they import (below the root; well-known types excluded).
fn closure(case: &Case) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut todo = util::proto_files(&case.root, &case.dirs);
    while let Some(f) = todo.pop() {
        let path = case.root.join(&f);
        if f.starts_with("google/protobuf/") || !path.is_file() || !seen.insert(f.clone()) {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let Some(rest) = line.trim().strip_prefix("import ") else {
                continue;
            };
            if let Some(dep) = rest.split('"').nth(1) {
                todo.push(dep.to_string());
            }
        }
    }
    seen.into_iter().collect()
}

/// File → Go package (`import/path;name` or `import/path`) of every file of the case and its
/// imports: its `go_package`, or for files without one
/// `example.com/fixture/<proto package as a path>`.
fn go_packages(case: &Case) -> BTreeMap<String, String> {
    closure(case)
        .into_iter()
        .map(|f| {
            let source = std::fs::read_to_string(case.root.join(&f)).unwrap();
            let pkg = go_package(&source).unwrap_or_else(|| {
                let package = proto_package(&source).expect("a package statement");
                format!("example.com/fixture/{}", package.replace('.', "/"))
            });
            (f, pkg)
        })
        .collect()
}

/// The `M` options the differential test passes to both sides: one per file without a
/// `go_package`.
fn diff_options(case: &Case) -> Vec<String> {
    go_packages(case)
        .into_iter()
        .filter(|(f, _)| go_package(&std::fs::read_to_string(case.root.join(f)).unwrap()).is_none())
        .map(|(f, pkg)| format!("M{f}={pkg}"))
        .collect()
}

/// The `M` options of the compile test: every file's package moved below the test module.
fn build_options(case: &Case) -> Vec<String> {
    go_packages(case)
        .into_iter()
        .map(|(f, pkg)| format!("M{f}={TEST_MODULE}/{pkg}"))
        .collect()
}

/// Runs grpcio-tools' protoc with one real plugin over the case's files into `out`.
fn reference(tools: &Tools, case: &Case, plugin: &str, opts: &[String], out: &Path) {
    let files = util::proto_files(&case.root, &case.dirs);
    reference_files(tools, case, plugin, opts, out, &files)
}

/// Runs grpcio-tools' protoc with one real plugin over `files` into `out`.
fn reference_files(
    tools: &Tools,
    case: &Case,
    plugin: &str,
    opts: &[String],
    out: &Path,
    files: &[String],
) {
    let (name, path) = match plugin {
        "go" => ("go", &tools.go),
        _ => ("go-grpc", &tools.go_grpc),
    };
    let mut cmd = Command::new(&tools.protoc[0]);
    cmd.args(&tools.protoc[1..])
        .arg(format!("-I{}", case.root.display()))
        .arg(format!("-I{}", tools.wkt_include.display()))
        .arg(format!("--plugin=protoc-gen-{name}={}", path.display()))
        .arg(format!("--{name}_out={}", out.display()));
    if !opts.is_empty() {
        cmd.arg(format!("--{name}_opt={}", opts.join(",")));
    }
    let run = cmd.args(files).output().unwrap();
    assert!(
        run.status.success(),
        "{}: grpc_tools.protoc --{name}_out failed:\n{}",
        case.name,
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs `protowright generate` with one built-in Go generator into `out`. Returns the error
/// output when protowright fails (the generator may not handle the case yet).
fn ours(case: &Case, plugin: &str, opts: &[String], out: &Path) -> Result<(), String> {
    let opt: Vec<String> = opts
        .iter()
        .map(|o| serde_json::to_string(o).unwrap())
        .collect();
    let template = format!(
        "version: v2\nplugins:\n  - local: protoc-gen-{plugin}\n    out: {}\n    opt: [{}]\n",
        serde_json::to_string(&out.display().to_string()).unwrap(),
        opt.join(", ")
    );
    let mut args = vec![
        "generate".to_string(),
        case.root.display().to_string(),
        "--template".into(),
        template,
    ];
    for d in &case.dirs {
        args.push("--path".into());
        args.push(case.root.join(d).display().to_string());
    }
    let run = Command::new(env!("CARGO_BIN_EXE_protowright"))
        .args(&args)
        .current_dir(&case.root)
        .output()
        .unwrap();
    if run.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&run.stderr).into_owned())
    }
}

/// Compares two output trees; returns (identical, different) as `case:path`.
fn compare(case: &str, want: &Path, got: &Path) -> (Vec<String>, Vec<String>) {
    let mut same = Vec::new();
    let mut different = Vec::new();
    for f in util::files_under(want).union(&util::files_under(got)) {
        let a = std::fs::read_to_string(want.join(f)).ok();
        let b = std::fs::read_to_string(got.join(f)).ok();
        let key = format!("{case}:{f}");
        match (a, b) {
            (Some(a), Some(b))
                if util::without_go_version_lines(&a) == util::without_go_version_lines(&b) =>
            {
                same.push(key)
            }
            _ => different.push(key),
        }
    }
    (same, different)
}

#[test]
fn version_lines_are_the_only_tolerance() {
    let a = "// Code generated by protoc-gen-go-grpc. DO NOT EDIT.\n// versions:\n// - protoc-gen-go-grpc v1.6.2\n// - protoc             v7.35.1\n// source: a.proto\n\npackage a\n";
    let b = a.replace("v7.35.1", "(unknown)");
    assert_eq!(
        util::without_go_version_lines(a),
        util::without_go_version_lines(&b)
    );
    let b = a.replace("// - protoc             v7.35.1", "// - protowright v0.1.0");
    assert_eq!(
        util::without_go_version_lines(a),
        util::without_go_version_lines(&b)
    );
    let c = a.replace("source: a.proto", "source: b.proto");
    assert_ne!(
        util::without_go_version_lines(a),
        util::without_go_version_lines(&c)
    );
    // Only in the header.
    let d = format!("{a}// \tprotoc        x\n");
    let e = format!("{a}// \tprotoc        y\n");
    assert_ne!(
        util::without_go_version_lines(&d),
        util::without_go_version_lines(&e)
    );
}

#[test]
fn go_matches_protoc_gen_go() {
    let Some(tools) = tools() else { return };
    let cases = cases();
    let mut same = Vec::new();
    let mut different = Vec::new();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let opts = diff_options(case);
        for plugin in ["go", "go-grpc"] {
            let want = tempfile::tempdir().unwrap();
            let got = tempfile::tempdir().unwrap();
            reference(&tools, case, plugin, &opts, want.path());
            if let Err(e) = ours(case, plugin, &opts, got.path()) {
                eprintln!(
                    "{}: protowright's protoc-gen-{plugin} failed: {}",
                    case.name,
                    e.trim()
                );
            }
            let (s, d) = compare(case.name, want.path(), got.path());
            let kind = if plugin == "go" {
                ".pb.go"
            } else {
                "_grpc.pb.go"
            };
            let c = counts.entry(kind).or_default();
            c.0 += s.len();
            c.1 += s.len() + d.len();
            eprintln!(
                "{} protoc-gen-{plugin}: {}/{} files identical",
                case.name,
                s.len(),
                s.len() + d.len()
            );
            same.extend(s);
            different.extend(d);
        }
    }
    for (kind, (s, n)) in &counts {
        eprintln!("go differential: {s}/{n} {kind} files identical");
    }
    same.sort();
    let ran: BTreeSet<&str> = cases.iter().map(|c| c.name).collect();
    util::check_ratchet(
        &util::repo().join("tests/fixtures/generate/go_ratchet.txt"),
        "# Files the Go target already generates identical (but for the header's version lines) to\n# protoc-gen-go v1.36.11 and protoc-gen-go-grpc v1.6.2.\n# Written by PROTOWRIGHT_UPDATE_RATCHET=1 cargo test --test generate_go.\n",
        &ran,
        &same,
        &different,
    );
}

fn run_go(go: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(go)
        .args(args)
        .current_dir(dir)
        .env("GOFLAGS", "-mod=readonly")
        .env("GOTOOLCHAIN", "local")
        .output()
        .unwrap()
}

#[test]
fn go_output_builds() {
    let Some(tools) = tools() else { return };
    let (Some(go), Some(gofmt)) = (util::which("go"), util::which("gofmt")) else {
        util::missing("the Go toolchain (go, gofmt)");
        return;
    };
    let module = tempfile::tempdir().unwrap();
    util::copy_tree(&util::repo().join("tests/go"), module.path());
    let ours_all = tempfile::tempdir().unwrap();
    let mut ours_count = 0;
    let mut borrowed = Vec::new();
    for case in &cases() {
        let opts = build_options(case);
        // Imported files outside the case's directories: messages from the real plugin.
        let generated = util::proto_files(&case.root, &case.dirs);
        let deps: Vec<String> = closure(case)
            .into_iter()
            .filter(|f| !generated.contains(f))
            .collect();
        if !deps.is_empty() {
            let want = tempfile::tempdir().unwrap();
            reference_files(&tools, case, "go", &opts, want.path(), &deps);
            borrowed.extend(util::files_under(want.path()));
            util::copy_tree(&want.path().join(TEST_MODULE), module.path());
        }
        for plugin in ["go", "go-grpc"] {
            let got = tempfile::tempdir().unwrap();
            match ours(case, plugin, &opts, got.path()) {
                Ok(()) => {
                    let files = util::files_under(got.path());
                    assert!(
                        files
                            .iter()
                            .all(|f| f.starts_with(&format!("{TEST_MODULE}/"))),
                        "{}: protoc-gen-{plugin} wrote outside {TEST_MODULE}: {files:?}",
                        case.name
                    );
                    ours_count += files.len();
                    util::copy_tree(&got.path().join(TEST_MODULE), module.path());
                    util::copy_tree(got.path(), ours_all.path());
                }
                Err(e) if REQUIRED.contains(&plugin) => {
                    panic!(
                        "{}: protowright's protoc-gen-{plugin} failed:\n{e}",
                        case.name
                    )
                }
                Err(e) => {
                    // Still compile what protowright does generate, against the real plugin's
                    // output for the rest.
                    eprintln!(
                        "{}: protowright's protoc-gen-{plugin} failed ({}); compiling with the real plugin's output",
                        case.name,
                        e.trim().lines().next().unwrap_or_default()
                    );
                    let want = tempfile::tempdir().unwrap();
                    reference(&tools, case, plugin, &opts, want.path());
                    borrowed.extend(util::files_under(want.path()));
                    util::copy_tree(&want.path().join(TEST_MODULE), module.path());
                }
            }
        }
    }
    eprintln!(
        "compiling {ours_count} files from protowright and {} from the real plugins",
        borrowed.len()
    );

    let fmt = Command::new(&gofmt)
        .arg("-l")
        .arg(ours_all.path())
        .output()
        .unwrap();
    let unformatted = String::from_utf8_lossy(&fmt.stdout);
    assert!(
        fmt.status.success() && unformatted.trim().is_empty(),
        "gofmt -l lists files:\n{unformatted}{}",
        String::from_utf8_lossy(&fmt.stderr)
    );
    for args in [["vet", "./..."], ["build", "./..."]] {
        let out = run_go(&go, module.path(), &args);
        assert!(
            out.status.success(),
            "go {} failed:\n{}{}",
            args[0],
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn go_grpc_options_match() {
    let Some(tools) = tools() else { return };
    let case = Case {
        name: "goedge",
        root: util::repo().join("tests/fixtures/generate/goedge/proto"),
        dirs: vec!["edge"],
    };
    for opts in [
        vec!["require_unimplemented_servers=false".to_string()],
        vec!["paths=source_relative".to_string()],
        vec![
            "module=example.com".to_string(),
            "require_unimplemented_servers=true".to_string(),
        ],
    ] {
        let want = tempfile::tempdir().unwrap();
        let got = tempfile::tempdir().unwrap();
        reference(&tools, &case, "go-grpc", &opts, want.path());
        ours(&case, "go-grpc", &opts, got.path()).unwrap();
        let (same, different) = compare(case.name, want.path(), got.path());
        assert!(
            different.is_empty() && !same.is_empty(),
            "{opts:?}: different: {different:?}"
        );
    }
    // Unknown options are errors, as for the real plugin.
    let err = ours(
        &case,
        "go-grpc",
        &["use_generic_streams_experimental=true".to_string()],
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap_err();
    assert!(
        err.contains("unknown option") && !err.contains("panicked"),
        "{err}"
    );
    let err = ours(
        &case,
        "go-grpc",
        &["require_unimplemented_servers=maybe".to_string()],
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap_err();
    assert!(err.contains("invalid boolean"), "{err}");
}
