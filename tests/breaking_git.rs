//! Differential test on a git history: a repository with realistic consecutive contract edits
//! (field deleted, renamed, retyped, moved into a oneof; enum value removed; RPC streaming
//! changed; file moved; package renamed; number reserved), each commit checked against its
//! parent with `--against '.git#ref=HEAD~1'` by both protowright and buf. Every pair must agree
//! (findings as JSON lines, exit code); the agreement figure is printed.
//!
//! Needs `git` and buf 1.75.0 (found as the integration tests find it); skips with a message
//! when either is missing, fails when `CI=true` and one is missing.

#[path = "integration/util.rs"]
mod util;

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::Command,
};

/// buf 1.75.0 as the integration tests find it (`$PROTOWRIGHT_BUF`, `target/tools`, `PATH`),
/// else where this repository's development environment keeps it.
fn find_buf() -> Option<PathBuf> {
    util::buf().or_else(|| {
        let fallback = PathBuf::from("/tmp/ref/node_modules/.bin/buf");
        Command::new(&fallback)
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "1.75.0")
            .then_some(fallback)
    })
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One commit: (message, files to write, files to delete).
type Step = (&'static str, Vec<(&'static str, String)>, Vec<&'static str>);

fn widget(package: &str, body: &str) -> String {
    format!(
        "syntax = \"proto3\";\n\npackage {package};\n\nimport \"google/protobuf/timestamp.proto\";\n\n{body}"
    )
}

const WIDGET_0: &str = "// A widget.\nmessage Widget {\n  string id = 1;\n  string name = 2;\n  int32 size = 3;\n  string color = 4;\n  google.protobuf.Timestamp created = 5;\n  string email = 6;\n}\n\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_ACTIVE = 1;\n  STATUS_RETIRED = 2;\n}\n";

fn steps() -> Vec<Step> {
    let svc = |streaming: bool| {
        format!(
            "syntax = \"proto3\";\n\npackage acme.v1;\n\nimport \"acme/v1/widget.proto\";\n\nmessage GetWidgetRequest {{ string id = 1; }}\n\nservice WidgetService {{\n  rpc GetWidget(GetWidgetRequest) returns ({}Widget);\n  rpc ListWidgets(GetWidgetRequest) returns (stream Widget);\n}}\n",
            if streaming { "stream " } else { "" }
        )
    };
    let w1 = WIDGET_0.replace("  int32 size = 3;\n", "");
    let w2 = w1.replace("string color = 4;", "string colour = 4;");
    let w3 = w2.replace("string colour = 4;", "bytes colour = 4;");
    let w4 = w3.replace(
        "  string email = 6;\n",
        "  oneof contact {\n    string email = 6;\n  }\n",
    );
    let w5 = w4.replace("  STATUS_RETIRED = 2;\n", "");
    let w9 = w5.replace(
        "  string name = 2;\n",
        "  reserved 2;\n  reserved \"name\";\n",
    );
    let buf_yaml = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use:\n    - FILE\n    - PACKAGE\n    - WIRE_JSON\n".to_string();
    vec![
        (
            "initial",
            vec![
                ("buf.yaml", buf_yaml),
                ("proto/acme/v1/widget.proto", widget("acme.v1", WIDGET_0)),
                ("proto/acme/v1/service.proto", svc(false)),
            ],
            vec![],
        ),
        (
            "delete field",
            vec![("proto/acme/v1/widget.proto", widget("acme.v1", &w1))],
            vec![],
        ),
        (
            "rename field",
            vec![("proto/acme/v1/widget.proto", widget("acme.v1", &w2))],
            vec![],
        ),
        (
            "retype field",
            vec![("proto/acme/v1/widget.proto", widget("acme.v1", &w3))],
            vec![],
        ),
        (
            "move into oneof",
            vec![("proto/acme/v1/widget.proto", widget("acme.v1", &w4))],
            vec![],
        ),
        (
            "remove enum value",
            vec![("proto/acme/v1/widget.proto", widget("acme.v1", &w5))],
            vec![],
        ),
        (
            "server streaming",
            vec![("proto/acme/v1/service.proto", svc(true))],
            vec![],
        ),
        (
            "add a field (compatible)",
            vec![(
                "proto/acme/v1/widget.proto",
                widget(
                    "acme.v1",
                    &w5.replace(
                        "  string email = 6;\n  }\n",
                        "  string email = 6;\n  }\n  int64 weight = 7;\n",
                    ),
                ),
            )],
            vec![],
        ),
        (
            "move file",
            vec![
                (
                    "proto/acme/v1/widgets/widget.proto",
                    widget(
                        "acme.v1",
                        &w5.replace(
                            "  string email = 6;\n  }\n",
                            "  string email = 6;\n  }\n  int64 weight = 7;\n",
                        ),
                    ),
                ),
                (
                    "proto/acme/v1/service.proto",
                    svc(true).replace("acme/v1/widget.proto", "acme/v1/widgets/widget.proto"),
                ),
            ],
            vec!["proto/acme/v1/widget.proto"],
        ),
        (
            "rename package",
            vec![
                (
                    "proto/acme/v1/widgets/widget.proto",
                    widget(
                        "acme.v2",
                        &w5.replace(
                            "  string email = 6;\n  }\n",
                            "  string email = 6;\n  }\n  int64 weight = 7;\n",
                        ),
                    ),
                ),
                (
                    "proto/acme/v1/service.proto",
                    svc(true)
                        .replace("acme/v1/widget.proto", "acme/v1/widgets/widget.proto")
                        .replace("returns (stream Widget)", "returns (stream acme.v2.Widget)")
                        .replace("returns (Widget)", "returns (acme.v2.Widget)"),
                ),
            ],
            vec![],
        ),
        (
            "reserve a deleted field",
            vec![(
                "proto/acme/v1/widgets/widget.proto",
                widget(
                    "acme.v2",
                    &w9.replace(
                        "  string email = 6;\n  }\n",
                        "  string email = 6;\n  }\n  int64 weight = 7;\n",
                    ),
                ),
            )],
            vec![],
        ),
    ]
}

fn run(binary: &Path, dir: &Path, args: &[&str]) -> (BTreeSet<String>, i32) {
    let out = Command::new(binary)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .map(|v| v.to_string())
                .unwrap_or_else(|_| l.to_string())
        })
        .collect();
    (lines, out.status.code().unwrap_or(-1))
}

#[test]
fn git_history_agrees_with_buf() {
    let Some(buf) = find_buf().filter(|_| util::which("git").is_some()) else {
        return util::missing("git and buf 1.75.0 (PROTOWRIGHT_BUF)");
    };
    let sandbox = util::Sandbox::new();
    let tmp = sandbox.path().to_path_buf();
    git(&tmp, &["init", "-q", "-b", "main"]);
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_protowright"));
    let (mut pairs, mut agreed, mut breaking_pairs) = (0, 0, 0);
    let mut failures = Vec::new();
    for (i, (message, writes, deletes)) in steps().into_iter().enumerate() {
        for (path, text) in writes {
            let p = tmp.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        for path in deletes {
            std::fs::remove_file(tmp.join(path)).unwrap();
        }
        git(&tmp, &["add", "-A"]);
        git(&tmp, &["commit", "-q", "-m", message]);
        if i == 0 {
            continue;
        }
        let args = [
            "breaking",
            "--against",
            ".git#ref=HEAD~1",
            "--error-format",
            "json",
        ];
        let (want, want_rc) = run(&buf, &tmp, &args);
        let (have, rc) = run(&ours, &tmp, &args);
        pairs += 1;
        breaking_pairs += usize::from(want_rc == 100);
        if want == have && want_rc == rc {
            agreed += 1;
        } else {
            failures.push(format!(
                "{message}: exit {rc} (buf {want_rc})\n  missing: {:#?}\n  extra: {:#?}",
                want.difference(&have).collect::<Vec<_>>(),
                have.difference(&want).collect::<Vec<_>>()
            ));
        }
    }
    eprintln!(
        "git history: {agreed}/{pairs} consecutive pairs agree with buf ({breaking_pairs} of them breaking)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
