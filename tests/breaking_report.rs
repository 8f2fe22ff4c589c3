//! `protowright breaking --report FILE`: golden Markdown and JSON reports on a fixture with several
//! kinds of changes, the HTML report read back from headless Chromium, approvals
//! (`protowright.breaking.yaml`), strict template errors and bad approval files.
//!
//! Update the golden files with `PROTOWRIGHT_UPDATE_GOLDEN=1 cargo test --test breaking_report`.

#[path = "integration/util.rs"]
mod util;

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use util::Sandbox;

fn fixture() -> PathBuf {
    util::repo().join("tests/fixtures/report")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A sandbox with `prev/` and `cur/` from the fixture.
fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    copy_dir(&fixture().join("prev"), &sb.path().join("prev"));
    copy_dir(&fixture().join("cur"), &sb.path().join("cur"));
    sb
}

fn cur(sb: &Sandbox) -> PathBuf {
    sb.path().join("cur")
}

fn run(sb: &Sandbox, args: &[&str]) -> util::Run {
    util::run_in(&cur(sb), args)
}

#[track_caller]
fn golden(name: &str, got: &str) {
    let path = fixture().join("golden").join(name);
    if std::env::var_os("PROTOWRIGHT_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "{} differs (PROTOWRIGHT_UPDATE_GOLDEN=1 to update)\n--- got\n{got}",
        path.display()
    );
}

/// The findings of the fixture, as `breaking` prints them.
const FINDINGS: &str = "\
acme/v1/user.proto:5:1:File option \"go_package\" changed from \"example.com/acme/v1;acmev1\" to \"example.com/acme/users/v1;usersv1\".
";

#[test]
fn markdown_report_golden() {
    let sb = sandbox();
    let r = run(
        &sb,
        &["breaking", "--against", "../prev", "--report", "report.md"],
    );
    r.expect_code(100).no_panic();
    let text = std::fs::read_to_string(cur(&sb).join("report.md")).unwrap();
    golden("report.md", &text);
    assert!(text.contains("Breaking on the binary wire"));
    assert!(text.contains("reserved 2;"));
    assert!(text.contains("reserved \"email\";"));
    assert!(text.contains("reserved \"STATUS_BANNED\";"));
}

#[test]
fn json_report_golden() {
    let sb = sandbox();
    run(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--report",
            "out/report.json",
        ],
    )
    .expect_code(100);
    let text = std::fs::read_to_string(cur(&sb).join("out/report.json")).unwrap();
    golden("report.json", &text);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["verdict"]["level"], "binary-wire");
    assert_eq!(json["verdict"]["semver"], "major");
    // Only the report directory's file: no temporary files left behind.
    let names: Vec<_> = std::fs::read_dir(cur(&sb).join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
}

#[test]
fn every_report_variable_is_documented() {
    let sb = sandbox();
    sb.file(
        "cur/protowright.breaking.yaml",
        "version: v1\napprovals:\n  - rule: FIELD_NO_DELETE\n    element: acme.v1.User.email\n    reason: moved to Contact\n",
    );
    run(
        &sb,
        &["breaking", "--against", "../prev", "--report", "r.json"],
    )
    .expect_code(100);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(cur(&sb).join("r.json")).unwrap()).unwrap();
    let mut missing: Vec<String> = protowright::codegen::python::variable_paths(&json)
        .into_iter()
        .filter(|p| protowright::codegen::docs::doc("report", p).is_none())
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "undocumented report variables (add them to src/codegen/docs.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_change_still_writes_a_report() {
    let sb = sandbox();
    run(
        &sb,
        &["breaking", "--against", ".", "--report", "report.md"],
    )
    .expect_code(0)
    .stdout_is("");
    let text = std::fs::read_to_string(cur(&sb).join("report.md")).unwrap();
    assert!(
        text.starts_with("## Protobuf compatibility: No change\n"),
        "{text}"
    );
}

#[test]
fn additions_only_are_minor() {
    let sb = sandbox();
    // prev is a subset of cur for this pair: the previous is the current without ListUsers.
    let cur_text = std::fs::read_to_string(cur(&sb).join("acme/v1/user.proto")).unwrap();
    let older = cur_text
        .replace(
            "  rpc ListUsers(ListUsersRequest) returns (ListUsersResponse);\n",
            "",
        )
        .replace("  string phone = 6;\n", "");
    sb.file("older/acme/v1/user.proto", older);
    sb.file("older/buf.yaml", "version: v1\n");
    run(
        &sb,
        &["breaking", "--against", "../older", "--report", "r.json"],
    )
    .expect_code(0);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(cur(&sb).join("r.json")).unwrap()).unwrap();
    assert_eq!(json["verdict"]["level"], "minor");
    let additions: Vec<String> = json["additions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                a["kind"].as_str().unwrap(),
                a["element"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        additions,
        vec![
            "field acme.v1.User.phone",
            "method acme.v1.UserService.ListUsers"
        ]
    );
}

const APPROVE_ALL: &str = "version: v1
approvals:
  - rule: FIELD_NO_DELETE
    element: acme.v1.User.email
    reason: email moved to Contact (ADR-12)
  - rule: FIELD_SAME_TYPE
    element: acme.v1.User.age
    reason: no client reads age yet
  - rule: FIELD_SAME_NAME
    element: acme.v1.User.nickname
    reason: renamed before release
  - rule: FIELD_SAME_JSON_NAME
    element: acme.v1.User.nickname
    reason: renamed before release
  - rule: ENUM_VALUE_NO_DELETE
    element: acme.v1.Status.STATUS_BANNED
    reason: banning is gone
  - rule: FILE_SAME_GO_PACKAGE
    path: acme/v1/user.proto
    reason: Go module renamed
";

#[test]
fn approvals_make_ci_pass_and_are_listed() {
    let sb = sandbox();
    sb.file("cur/protowright.breaking.yaml", APPROVE_ALL);
    let r = run(
        &sb,
        &["breaking", "--against", "../prev", "--report", "r.md"],
    );
    r.expect_code(0).stdout_is("");
    let text = std::fs::read_to_string(cur(&sb).join("r.md")).unwrap();
    assert!(
        text.contains("Approved: email moved to Contact (ADR-12)"),
        "{text}"
    );
    assert!(text.contains("Approved: Go module renamed"), "{text}");

    // Only some approved: the rest still fails and is printed.
    let partial: String = APPROVE_ALL
        .split("  - rule: ")
        .filter(|s| !s.starts_with("FILE_SAME_GO_PACKAGE"))
        .collect::<Vec<_>>()
        .join("  - rule: ");
    sb.file("cur/protowright.breaking.yaml", partial);
    run(&sb, &["breaking", "--against", "../prev"])
        .expect_code(100)
        .stdout_is(FINDINGS);

    // An approval matching nothing is a warning.
    sb.file(
        "cur/protowright.breaking.yaml",
        "version: v1\napprovals:\n  - rule: FIELD_NO_DELETE\n    element: acme.v1.Nope.x\n    reason: r\n",
    );
    run(&sb, &["breaking", "--against", "../prev"])
        .expect_code(100)
        .stderr_has("protowright.breaking.yaml:3:11: approval of FIELD_NO_DELETE matches no breaking change");
}

#[test]
fn bad_approvals_files() {
    let sb = sandbox();
    run(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--approvals",
            "missing.yaml",
        ],
    )
    .expect_code(1)
    .stderr_has("missing.yaml")
    .stdout_is("");
    sb.file(
        "cur/protowright.breaking.yaml",
        "version: v1\napprovals:\n  - rule: FIELD_NO_DELETE\n    elemnt: acme.v1.User.email\n    reason: r\n",
    );
    run(
        &sb,
        &["breaking", "--against", "../prev", "--report", "r.md"],
    )
    .expect_code(1)
    .stderr_has("protowright.breaking.yaml:4:")
    .stderr_has("elemnt")
    .stdout_is("");
    assert!(!cur(&sb).join("r.md").exists());
    // A directory where the file should be: unreadable.
    std::fs::remove_file(cur(&sb).join("protowright.breaking.yaml")).unwrap();
    std::fs::create_dir(cur(&sb).join("approvals.yaml")).unwrap();
    run(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--approvals",
            "approvals.yaml",
        ],
    )
    .expect_code(1)
    .stderr_has("approvals.yaml");
}

#[test]
fn unknown_template_variable_is_a_strict_error() {
    let sb = sandbox();
    sb.file(
        "cur/tpl/report/report.md.hbs",
        "# {{verdict.title}}\n{{verdict.nope}}\n",
    );
    // An older report is left untouched.
    sb.file("cur/report.md", "old");
    let r = run(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--report",
            "report.md",
            "--templates",
            "tpl",
        ],
    );
    r.expect_code(1).stderr_has("report.md.hbs:2");
    assert_eq!(
        std::fs::read_to_string(cur(&sb).join("report.md")).unwrap(),
        "old"
    );
    let leftovers: Vec<_> = std::fs::read_dir(cur(&sb))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A user template that only uses known variables works, the others fall back to defaults.
    sb.file(
        "cur/tpl/report/report.md.hbs",
        "verdict: {{verdict.level}}\n",
    );
    run(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--report",
            "report.md",
            "--templates",
            "tpl",
        ],
    )
    .expect_code(100);
    assert_eq!(
        std::fs::read_to_string(cur(&sb).join("report.md")).unwrap(),
        "verdict: binary-wire\n"
    );
}

#[test]
fn unknown_report_extension() {
    let sb = sandbox();
    run(
        &sb,
        &["breaking", "--against", "../prev", "--report", "r.txt"],
    )
    .expect_code(1)
    .stderr_has(".md, .html or .json");
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(util::which)
}

/// The HTML report as a browser shows it: headless Chromium's DOM, read back.
#[test]
fn html_report_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        util::missing("chromium (apt-get install -y chromium)");
        return;
    };
    let sb = sandbox();
    sb.file(
        "cur/protowright.breaking.yaml",
        "version: v1\napprovals:\n  - rule: FILE_SAME_GO_PACKAGE\n    path: acme/v1/user.proto\n    reason: Go module <renamed>\n",
    );
    run(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--report",
            "report.html",
        ],
    )
    .expect_code(100);
    let page = cur(&sb).join("report.html");
    let profile = sb.path().join("chromium-profile");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .env("HOME", sb.path())
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && dom.contains("</html>"),
        "chromium failed: {}\n{dom}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dom.contains(r#"<h1 id="verdict">Breaking on the binary wire (major)</h1>"#),
        "{dom}"
    );
    assert!(dom.contains("FIELD_NO_DELETE"), "{dom}");
    assert!(dom.contains("reserved \"email\";"), "{dom}");
    // Escaped text survives as text, not markup.
    assert!(dom.contains("Approved: Go module &lt;renamed&gt;"), "{dom}");
}
