//! Differential test of the Python target against grpcio-tools (`python3 -m grpc_tools.protoc
//! --python_out --pyi_out --grpc_python_out`, grpcio-tools 1.85.1 with protoc 35.1): both generate
//! into temporary directories and are compared file by file.
//!
//! Cases: `examples/greeter/proto`, the all-features fixture, and googleapis' `google/type`,
//! `google/rpc`, `google/api`, `google/longrunning` and `google/pubsub/v1` (unpacked from
//! `../shared/corpus/googleapis.tar.gz` when present). `tests/fixtures/generate/python_ratchet.txt`
//! lists the files already identical; the test fails when one of them regresses. Run with
//! `PROTOWRIGHT_UPDATE_RATCHET=1` to rewrite the list after an improvement.
//!
//! Skips with a message when grpcio-tools is missing; fails then when `CI=true`.
//! `PROTOWRIGHT_PYTHON_FULL_CORPUS=1` also compares the whole googleapis tree (slow).

#[path = "integration/util.rs"]
mod util;

use std::{collections::BTreeSet, path::PathBuf, process::Command};

const GEN_YAML: &str = "version: v2
plugins:
  - protoc_builtin: python
    out: out
  - protoc_builtin: pyi
    out: out
  - local: protoc-gen-grpc_python
    out: out
";

struct Case {
    name: &'static str,
    /// The include root.
    root: PathBuf,
    /// Directories (relative to the root) whose files are generated.
    dirs: Vec<&'static str>,
}

/// Generates a case with both tools; returns (identical, different) file lists.
fn run_case(case: &Case, protoc: &[String]) -> (Vec<String>, Vec<String>) {
    let files = util::proto_files(&case.root, &case.dirs);
    assert!(!files.is_empty(), "{}: no files", case.name);
    let reference = tempfile::tempdir().unwrap();
    let ours = tempfile::tempdir().unwrap();
    let out = Command::new(&protoc[0])
        .args(&protoc[1..])
        .arg(format!("-I{}", case.root.display()))
        .arg(format!("--python_out={}", reference.path().display()))
        .arg(format!("--pyi_out={}", reference.path().display()))
        .arg(format!("--grpc_python_out={}", reference.path().display()))
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: grpc_tools.protoc failed:\n{}",
        case.name,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut args = vec![
        "generate".to_string(),
        case.root.display().to_string(),
        "--template".into(),
        GEN_YAML.into(),
        "-o".into(),
        ours.path().display().to_string(),
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
    assert!(
        run.status.success(),
        "{}: protowright generate failed:\n{}",
        case.name,
        String::from_utf8_lossy(&run.stderr)
    );
    let want = util::files_under(reference.path());
    let ours_dir = ours.path().join("out");
    let got = util::files_under(&ours_dir);
    let mut same = Vec::new();
    let mut different = Vec::new();
    for f in want.union(&got) {
        let a = std::fs::read(reference.path().join(f)).ok();
        let b = std::fs::read(ours_dir.join(f)).ok();
        let key = format!("{}:{f}", case.name);
        if a.is_some() && a == b {
            same.push(key);
        } else {
            different.push(key);
        }
    }
    (same, different)
}

#[test]
fn python_matches_grpcio_tools() {
    let Some(protoc) = util::protoc() else {
        util::missing("grpcio-tools (python3 -m grpc_tools.protoc)");
        return;
    };
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
    // Opt-in: the whole corpus (7,000+ files), reported but not ratcheted.
    if std::env::var_os("PROTOWRIGHT_PYTHON_FULL_CORPUS").is_some() {
        if let Some(root) = util::googleapis() {
            let case = Case {
                name: "googleapis-full",
                root,
                dirs: vec!["google", "grafeas"],
            };
            let (s, d) = run_case(&case, &protoc);
            eprintln!(
                "googleapis-full: {}/{} files identical",
                s.len(),
                s.len() + d.len()
            );
            assert!(d.is_empty(), "different:\n{}", d.join("\n"));
        }
    }
    let mut same = Vec::new();
    let mut different = Vec::new();
    for case in &cases {
        let (s, d) = run_case(case, &protoc);
        eprintln!(
            "{}: {}/{} files identical",
            case.name,
            s.len(),
            s.len() + d.len()
        );
        same.extend(s);
        different.extend(d);
    }
    eprintln!(
        "python differential: {}/{} files identical",
        same.len(),
        same.len() + different.len()
    );

    let ran: BTreeSet<&str> = cases.iter().map(|c| c.name).collect();
    util::check_ratchet(
        &repo.join("tests/fixtures/generate/python_ratchet.txt"),
        "# Files the Python target already generates byte-identical to grpcio-tools 1.85.1.\n# Written by PROTOWRIGHT_UPDATE_RATCHET=1 cargo test --test generate_python.\n",
        &ran,
        &same,
        &different,
    );
}

/// A plugin that answers with the request it got, base64-encoded, in one file.
const DUMP_PLUGIN: &str = r#"#!/usr/bin/env python3
import base64, sys
from google.protobuf.compiler import plugin_pb2
data = sys.stdin.buffer.read()
res = plugin_pb2.CodeGeneratorResponse()
res.supported_features = 1  # proto3 optional
f = res.file.add()
f.name = "request.b64"
f.content = base64.b64encode(data).decode()
sys.stdout.buffer.write(res.SerializeToString())
"#;

/// Compares the descriptors in two dumped requests, without source info (whose location order
/// differs between protox and protoc). Prints one line per difference.
const COMPARE: &str = r#"
import base64, sys
from google.protobuf.compiler import plugin_pb2
def load(p):
    return plugin_pb2.CodeGeneratorRequest.FromString(base64.b64decode(open(p).read()))
a, b = load(sys.argv[1]), load(sys.argv[2])
bad = []
if sorted(a.file_to_generate) != sorted(b.file_to_generate):
    bad.append("file_to_generate %s != %s" % (list(a.file_to_generate), list(b.file_to_generate)))
if a.compiler_version != b.compiler_version:
    bad.append("compiler_version differs")
for kind in ("proto_file", "source_file_descriptors"):
    da = {f.name: f for f in getattr(a, kind)}
    db = {f.name: f for f in getattr(b, kind)}
    if sorted(da) != sorted(db):
        bad.append("%s names %s != %s" % (kind, sorted(da), sorted(db)))
    for name in da:
        # protoc keeps descriptor.proto's own source-retention declarations in requests.
        if name not in db or name == "google/protobuf/descriptor.proto":
            continue
        x, y = da[name], db[name]
        x.ClearField("source_code_info"); y.ClearField("source_code_info")
        if x.SerializeToString() != y.SerializeToString():
            bad.append("%s %s differs" % (kind, name))
print("\n".join(bad))
"#;

#[test]
fn plugin_requests_match_protoc() {
    let Some(protoc) = util::protoc() else {
        util::missing("grpcio-tools (python3 -m grpc_tools.protoc)");
        return;
    };
    let root = util::repo().join("tests/fixtures/generate/allfeatures/proto");
    let work = tempfile::tempdir().unwrap();
    let plugin = work.path().join("protoc-gen-dump");
    std::fs::write(&plugin, DUMP_PLUGIN).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let targets = ["acme/legacy-types.proto", "acme/svc/v1/all.proto"];
    let reference = work.path().join("ref");
    std::fs::create_dir_all(&reference).unwrap();
    let out = Command::new(&protoc[0])
        .args(&protoc[1..])
        .arg(format!("-I{}", root.display()))
        .arg(format!("--plugin=protoc-gen-dump={}", plugin.display()))
        .arg(format!("--dump_out={}", reference.display()))
        .args(targets)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = work.path().join("ours");
    let template = format!(
        "version: v2\nplugins:\n  - local: {}\n    out: {}\n    strategy: all\n",
        plugin.display(),
        ours.display()
    );
    let mut args = vec![
        "generate".to_string(),
        root.display().to_string(),
        "--template".into(),
        template,
    ];
    for t in targets {
        args.push("--path".into());
        args.push(root.join(t).display().to_string());
    }
    let run = Command::new(env!("CARGO_BIN_EXE_protowright"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let compare = Command::new("python3")
        .arg("-c")
        .arg(COMPARE)
        .arg(reference.join("request.b64"))
        .arg(ours.join("request.b64"))
        .output()
        .unwrap();
    assert!(
        compare.status.success(),
        "{}",
        String::from_utf8_lossy(&compare.stderr)
    );
    let differences = String::from_utf8_lossy(&compare.stdout);
    assert!(
        differences.trim().is_empty(),
        "plugin request differs from protoc's:\n{differences}"
    );
}
