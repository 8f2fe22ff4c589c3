//! `protowright breaking` from the command line, in isolated directories: bad `--against`
//! inputs, images without source info, compile errors on either side, `--against-latest-tag`.
//! Expected outputs were checked against buf 1.75.0 by hand (same files, same flags).

#[path = "integration/util.rs"]
mod util;

use std::process::Command;

use util::Sandbox;

const PREV: &str = "syntax = \"proto3\";\npackage acme.v1;\nmessage Widget {\n  string id = 1;\n  int32 size = 2;\n  Kind kind = 3;\n}\nenum Kind {\n  KIND_UNSPECIFIED = 0;\n  KIND_ROUND = 1;\n}\nenum Gone {\n  GONE_UNSPECIFIED = 0;\n}\n";
const CUR: &str = "syntax = \"proto3\";\npackage acme.v1;\nmessage Widget {\n  string id = 1;\n  int64 kind = 3;\n}\nenum Kind {\n  KIND_UNSPECIFIED = 0;\n}\n";

/// buf's text output for CUR against PREV, with source info on the current side.
const WITH_SOURCE: &str = "a.proto:1:1:Previously present enum \"Gone\" was deleted from file.
a.proto:3:1:Previously present field \"2\" with name \"size\" on message \"Widget\" was deleted.
a.proto:5:3:Field \"3\" with name \"kind\" on message \"Widget\" changed type from \"enum\" to \"int64\".
a.proto:7:1:Previously present enum value \"1\" on enum \"Kind\" was deleted.
";

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.file("prev/a.proto", PREV).file("cur/a.proto", CUR);
    sb
}

fn run_in_cur(sb: &Sandbox, args: &[&str]) -> util::Run {
    util::run_in(&sb.path().join("cur"), args)
}

#[test]
fn against_a_directory() {
    let sb = sandbox();
    run_in_cur(&sb, &["breaking", "--against", "../prev"])
        .expect_code(100)
        .stdout_is(WITH_SOURCE);
    // Nothing changed: clean.
    run_in_cur(&sb, &["breaking", "--against", "."])
        .expect_code(0)
        .stdout_is("");
}

#[test]
fn missing_against_flag() {
    let sb = sandbox();
    run_in_cur(&sb, &["breaking"])
        .expect_code(1)
        .stderr_has("Failure: Must set --against or --against-registry");
}

#[test]
fn against_a_missing_directory() {
    let sb = sandbox();
    run_in_cur(&sb, &["breaking", "--against", "../nope"])
        .expect_code(1)
        .stderr_has("../nope")
        .stderr_has("no such file or directory")
        .stdout_is("");
}

#[test]
fn against_unreadable_inputs() {
    let sb = sandbox();
    sb.file("notes.txt", "hello").file("bad.binpb", "garbage");
    run_in_cur(&sb, &["breaking", "--against", "../notes.txt"])
        .expect_code(1)
        .stderr_has("Failure: ../notes.txt: not a directory");
    run_in_cur(&sb, &["breaking", "--against", "../bad.binpb"])
        .expect_code(1)
        .stderr_has("../bad.binpb")
        .no_panic();
}

#[test]
fn against_a_git_reference_that_does_not_exist() {
    if util::which("git").is_none() {
        return util::missing("git");
    }
    let sb = sandbox();
    let cur = sb.path().join("cur");
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "initial",
        ],
    ] {
        assert!(Command::new("git")
            .args(args)
            .current_dir(&cur)
            .status()
            .unwrap()
            .success());
    }
    for (against, message) in [
        (".git#branch=nope", "branch \"nope\" not found"),
        (".git#tag=v9", "tag \"v9\" not found"),
        (".git#ref=HEAD~5", "HEAD~5"),
        (".git#commit=deadbeef", "commit \"deadbeef\" not found"),
    ] {
        run_in_cur(&sb, &["breaking", "--against", against])
            .expect_code(1)
            .stderr_has(message);
    }
    // The reference that exists: nothing changed since the commit.
    run_in_cur(&sb, &["breaking", "--against", ".git#branch=main"]).expect_code(0);
}

#[test]
fn images_without_source_info_report_at_1_1() {
    let sb = sandbox();
    util::run_in(
        sb.path(),
        &["build", "prev", "--exclude-source-info", "-o", "prev.binpb"],
    )
    .expect_code(0);
    util::run_in(
        sb.path(),
        &["build", "cur", "--exclude-source-info", "-o", "cur.binpb"],
    )
    .expect_code(0);
    // The against image's lack of source info does not matter: locations are current ones.
    run_in_cur(&sb, &["breaking", "--against", "../prev.binpb"])
        .expect_code(100)
        .stdout_is(WITH_SOURCE);
    // A current image without source info: every finding keeps its file, at 1:1.
    run_in_cur(&sb, &["breaking", "../cur.binpb", "--against", "../prev"])
        .expect_code(100)
        .stdout_is(
            "a.proto:1:1:Previously present enum \"Gone\" was deleted from file.
a.proto:1:1:Previously present enum value \"1\" on enum \"Kind\" was deleted.
a.proto:1:1:Previously present field \"2\" with name \"size\" on message \"Widget\" was deleted.
a.proto:1:1:Field \"3\" with name \"kind\" on message \"Widget\" changed type from \"enum\" to \"int64\".
",
        );
}

#[test]
fn compile_errors_on_either_side_are_reported_like_buf() {
    let sb = sandbox();
    sb.file(
        "broken/a.proto",
        "syntax = \"proto3\";\npackage a;\nmessage A { int32 t = 1 }\n",
    );
    let run = run_in_cur(
        &sb,
        &[
            "breaking",
            "--against",
            "../broken",
            "--error-format",
            "json",
        ],
    );
    run.expect_code(100);
    let line: serde_json::Value = serde_json::from_str(run.stdout().trim()).unwrap();
    assert_eq!(line["path"], "../broken/a.proto");
    assert_eq!(line["type"], "COMPILE");
    assert_eq!(
        (line["start_line"].as_u64(), line["start_column"].as_u64()),
        (Some(3), Some(25))
    );
    util::run_in(
        &sb.path().join("broken"),
        &["breaking", "--against", "../prev"],
    )
    .expect_code(100)
    .stdout_is(&run_text_of(&sb));
}

/// The text form of the broken file's compile error, as `build` prints it.
fn run_text_of(sb: &Sandbox) -> String {
    util::run_in(&sb.path().join("broken"), &["build"]).stderr()
}

#[test]
fn deleted_files_have_no_location_and_config_ignore_yaml_is_rejected() {
    let sb = sandbox();
    sb.file(
        "prev/b/gone.proto",
        "syntax = \"proto3\";\npackage acme.v1;\n",
    );
    let run = run_in_cur(
        &sb,
        &["breaking", "--against", "../prev", "--error-format", "json"],
    );
    run.expect_code(100);
    assert!(run.stdout().lines().any(|l| l
        == r#"{"start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"FILE_NO_DELETE","message":"Previously present file \"b/gone.proto\" was deleted."}"#));
    run_in_cur(
        &sb,
        &[
            "breaking",
            "--against",
            "../prev",
            "--error-format",
            "config-ignore-yaml",
        ],
    )
    .expect_code(1)
    .stderr_has("invalid format: \"config-ignore-yaml\"");
}

#[test]
fn against_latest_tag_picks_the_highest_reachable_semver_tag() {
    if util::which("git").is_none() {
        return util::missing("git");
    }
    let sb = Sandbox::new();
    let dir = sb.path();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    let proto = |fields: &str| {
        format!("syntax = \"proto3\";\npackage acme.v1;\nmessage Widget {{\n{fields}}}\n")
    };
    git(&["init", "-q", "-b", "main"]);
    sb.file("proto/acme/v1/w.proto", proto("  string a = 1;\n"));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "one"]);
    git(&["tag", "v1.2.0"]);
    sb.file(
        "proto/acme/v1/w.proto",
        proto("  string a = 1;\n  string b = 2;\n"),
    );
    git(&["commit", "-q", "-am", "two"]);
    git(&["tag", "-a", "v1.10.0", "-m", "annotated"]);
    git(&["tag", "not-a-version"]);
    // A higher tag on a branch HEAD does not contain must be ignored.
    git(&["checkout", "-q", "-b", "side"]);
    sb.file(
        "proto/acme/v1/w.proto",
        proto("  string a = 1;\n  string b = 2;\n  string c = 3;\n"),
    );
    git(&["commit", "-q", "-am", "side"]);
    git(&["tag", "v9.0.0"]);
    git(&["checkout", "-q", "main"]);
    // The working tree deletes field 2, added in v1.10.0 (the latest reachable release).
    sb.file("proto/acme/v1/w.proto", proto("  string a = 1;\n"));
    util::run_in(dir, &["breaking", "proto", "--against-latest-tag"])
        .expect_code(100)
        .stdout_is("proto/acme/v1/w.proto:3:1:Previously present field \"2\" with name \"b\" on message \"Widget\" was deleted.\n");
    util::run_in(
        dir,
        &[
            "breaking",
            "proto",
            "--against-latest-tag",
            "--against",
            "x",
        ],
    )
    .expect_code(1);
}

/// A v2 policy's breaking findings name it, as buf's do (recorded from `buf breaking` 1.75.0).
#[test]
fn policy_findings_name_their_policy() {
    let sb = Sandbox::new();
    for side in ["prev", "cur"] {
        sb.file(
            &format!("{side}/buf.yaml"),
            "version: v2\nbreaking:\n  use: [FILE]\npolicies:\n  - policy: p.yaml\n",
        )
        .file(
            &format!("{side}/p.yaml"),
            "version: v2\nbreaking:\n  use: [WIRE_JSON]\n",
        );
    }
    sb.file(
        "prev/a.proto",
        "syntax = \"proto3\";\npackage a;\nmessage M { int32 x = 1; int32 y = 2; }\n",
    )
    .file(
        "cur/a.proto",
        "syntax = \"proto3\";\npackage a;\nmessage M { int32 x = 1; }\n",
    );
    for (format, want) in [
        ("text", "a.proto:3:1:Previously present field \"2\" with name \"y\" on message \"M\" was deleted.\na.proto:3:1:Previously present field \"2\" with name \"y\" on message \"M\" was deleted without reserving the name \"y\". (p.yaml)\na.proto:3:1:Previously present field \"2\" with name \"y\" on message \"M\" was deleted without reserving the number \"2\". (p.yaml)\n"),
        ("json", "{\"path\":\"a.proto\",\"start_line\":3,\"start_column\":1,\"end_line\":3,\"end_column\":27,\"type\":\"FIELD_NO_DELETE\",\"message\":\"Previously present field \\\"2\\\" with name \\\"y\\\" on message \\\"M\\\" was deleted.\"}\n{\"path\":\"a.proto\",\"start_line\":3,\"start_column\":1,\"end_line\":3,\"end_column\":27,\"type\":\"FIELD_NO_DELETE_UNLESS_NAME_RESERVED\",\"message\":\"Previously present field \\\"2\\\" with name \\\"y\\\" on message \\\"M\\\" was deleted without reserving the name \\\"y\\\".\",\"policy\":\"p.yaml\"}\n{\"path\":\"a.proto\",\"start_line\":3,\"start_column\":1,\"end_line\":3,\"end_column\":27,\"type\":\"FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED\",\"message\":\"Previously present field \\\"2\\\" with name \\\"y\\\" on message \\\"M\\\" was deleted without reserving the number \\\"2\\\".\",\"policy\":\"p.yaml\"}\n"),
    ] {
        run_in_cur(&sb, &["breaking", "--against", "../prev", "--error-format", format])
            .expect_code(100)
            .stdout_is(want);
    }
}
