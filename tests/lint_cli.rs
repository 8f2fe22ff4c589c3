//! `protowright lint` and `protowright rules` as a user runs them: the built binary in a fresh
//! temporary directory, asserting stdout, stderr and the exit code against what buf 1.75.0 does.

mod support;

use support::{run_bin, write_files, Run};

const CLEAN: &str =
    "syntax = \"proto3\";\npackage a.v1;\n\n// Foo.\nmessage Foo {\n  // x.\n  string x = 1;\n}\n";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

fn lint(files: &[(&str, &str)], args: &[&str]) -> Run {
    let dir = project(files);
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    run_bin(dir.path(), &all)
}

#[test]
fn clean_input_exits_0_silently() {
    let run = lint(
        &[("buf.yaml", "version: v2\n"), ("a/v1/a.proto", CLEAN)],
        &[],
    );
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn findings_go_to_stdout_with_exit_100() {
    let run = lint(
        &[
            ("buf.yaml", "version: v1\n"),
            (
                "a/a.proto",
                "syntax = \"proto3\";\npackage a;\nmessage foo {}\n",
            ),
        ],
        &[],
    );
    assert_eq!(run.code, 100);
    assert_eq!(
        run.stdout,
        "a/a.proto:2:1:Package name \"a\" should be suffixed with a correctly formed version, such as \"a.v1\".\n\
         a/a.proto:3:9:Message name \"foo\" should be PascalCase, such as \"Foo\".\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn unknown_rule_or_category_is_a_config_error() {
    for config in [
        "version: v1\nlint:\n  use: [DEFAULT, NOT_A_RULE]\n",
        "version: v2\nlint:\n  use: [STANDARD, NOT_A_RULE]\n",
        "version: v2\nlint:\n  except: [NOT_A_RULE]\n",
        "version: v2\nlint:\n  ignore_only:\n    NOT_A_RULE: [a]\n",
        // FILE_LAYOUT is a v2 category only.
        "version: v1\nlint:\n  use: [FILE_LAYOUT]\n",
    ] {
        let run = lint(&[("buf.yaml", config), ("a/v1/a.proto", CLEAN)], &[]);
        let id = if config.contains("FILE_LAYOUT") {
            "FILE_LAYOUT"
        } else {
            "NOT_A_RULE"
        };
        assert_eq!(run.code, 1, "{config}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!("Failure: \"{id}\" is not a known rule or category ID\n"),
            "{config}"
        );
    }
}

#[test]
fn ignore_paths_outside_the_module_are_config_errors() {
    let cases = [
        (
            "version: v2\nmodules:\n  - path: a\n    lint:\n      ignore: [b]\n",
            "lint.ignore: path \"b\" is not contained within module directory \"a\"",
        ),
        (
            "version: v1\nlint:\n  ignore: [../x]\n",
            "lint.ignore: invalid path: ../x: is outside the context directory",
        ),
        (
            "version: v2\nlint:\n  ignore: [/abs]\n",
            "lint.ignore: invalid path: /abs: expected to be relative",
        ),
    ];
    for (config, message) in cases {
        let run = lint(&[("buf.yaml", config), ("a/v1/a.proto", CLEAN)], &[]);
        assert_eq!(run.code, 1, "{config}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.starts_with("Failure: ") && run.stderr.contains(message),
            "{config}: {}",
            run.stderr
        );
    }
}

#[test]
fn comment_directives_naming_unknown_rules_are_ignored() {
    let proto = "syntax = \"proto3\";\npackage a.v1;\n// buf:lint:ignore NOT_A_RULE\nmessage Foo {\n  // buf:lint:ignore BOGUS\n  // buf:lint:ignore FIELD_LOWER_SNAKE_CASE\n  string badName = 1;\n  // buf:lint:ignore ALSO_BOGUS\n  string otherName = 2;\n}\n";
    let run = lint(
        &[("buf.yaml", "version: v2\n"), ("a/v1/a.proto", proto)],
        &[],
    );
    assert_eq!(run.code, 100);
    assert_eq!(
        run.stdout,
        "a/v1/a.proto:9:10:Field name \"otherName\" should be lower_snake_case, such as \"other_name\".\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn a_file_that_does_not_parse_is_a_compile_finding() {
    let broken = "syntax = \"proto3\";\npackage a.v1;\nmessage Bar {\n  string x = 1\n}\n";
    let reused =
        "syntax = \"proto3\";\npackage a.v1;\nmessage Baz {\n  int32 x = 1;\n  int32 y = 1;\n}\n";
    let files = [
        ("buf.yaml", "version: v2\n"),
        ("a/v1/a.proto", CLEAN),
        ("a/v1/b.proto", broken),
        ("a/v1/c.proto", reused),
    ];
    let run = lint(&files, &["--error-format", "json"]);
    assert_eq!(run.code, 100, "{run:?}");
    assert_eq!(run.stderr, "");
    let findings: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at = |f: &serde_json::Value| {
        (
            f["path"].as_str().unwrap().to_string(),
            f["start_line"].as_u64().unwrap(),
            f["start_column"].as_u64().unwrap(),
            f["type"].as_str().unwrap().to_string(),
        )
    };
    let have: Vec<_> = findings.iter().map(at).collect();
    // The parse error is reported where buf reports it; the other broken file is still checked.
    assert_eq!(
        have,
        [
            ("a/v1/b.proto".to_string(), 5, 1, "COMPILE".to_string()),
            (
                "a/v1/c.proto".to_string(),
                5,
                13,
                "FIELD_NUMBER_NO_REUSE".to_string()
            ),
        ]
    );
    // config-ignore-yaml cannot ignore compile errors: it prints them as text, like buf.
    let run = lint(&files, &["--error-format", "config-ignore-yaml"]);
    assert_eq!(run.code, 100);
    assert!(
        run.stdout.starts_with("a/v1/b.proto:5:1:"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_error_format_is_a_usage_error() {
    let run = lint(
        &[("buf.yaml", "version: v2\n"), ("a/v1/a.proto", CLEAN)],
        &["--error-format", "bogus"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("bogus"), "{}", run.stderr);
}

#[test]
fn missing_input_is_an_error() {
    let run = lint(&[("buf.yaml", "version: v2\n")], &["nowhere"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("Failure: "), "{}", run.stderr);
}

const DEPRECATED_WARNING: &str = "Rule IMPORT_NO_WEAK referenced in your buf.yaml is deprecated.\n\tAs with all buf changes, this change is backwards-compatible: IMPORT_NO_WEAK will continue to work.\n\tWe recommend replacing IMPORT_NO_WEAK in your buf.yaml, but no action is immediately necessary.";

#[test]
fn warnings_go_to_stderr_in_the_log_format() {
    let files = [
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [STANDARD, IMPORT_NO_WEAK]\n",
        ),
        ("a/v1/a.proto", CLEAN),
    ];
    let run = lint(&files, &["--log-format", "text"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("WARN\t{DEPRECATED_WARNING}\n"));

    // buf colours the level even when stderr is not a terminal.
    let run = lint(&files, &[]);
    assert_eq!(
        run.stderr,
        format!("\x1b[33mWARN\x1b[0m\t{DEPRECATED_WARNING}\n")
    );

    let run = lint(&files, &["--log-format", "json"]);
    let line: serde_json::Value = serde_json::from_str(run.stderr.trim_end()).unwrap();
    let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["time", "level", "msg"]);
    assert_eq!(line["level"], "WARN");
    assert_eq!(line["msg"], DEPRECATED_WARNING);
}

#[test]
fn path_and_exclude_path_narrow_the_targets() {
    let bad = "syntax = \"proto3\";\npackage a.v1;\nmessage foo {}\n";
    let files = [
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
        ),
        ("a/v1/a.proto", bad),
        ("a/v1/b.proto", &bad.replace("foo", "bar")),
    ];
    let run = lint(&files, &["--path", "a/v1/b.proto"]);
    assert_eq!(run.code, 100);
    assert!(
        run.stdout.starts_with("a/v1/b.proto:3:9:"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1);
    let run = lint(&files, &["--exclude-path", "a/v1/b.proto"]);
    assert!(
        run.stdout.starts_with("a/v1/a.proto:3:9:"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn config_ignore_yaml_paths_follow_the_config_version() {
    let bad = "syntax = \"proto3\";\npackage a.v1;\nmessage foo {}\n";
    // v1: module-relative, as buf prints them.
    let run = lint(
        &[
            (
                "proto/buf.yaml",
                "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            ("proto/a/v1/a.proto", bad),
        ],
        &["proto", "--error-format", "config-ignore-yaml"],
    );
    assert_eq!(run.code, 100);
    assert_eq!(
        run.stdout,
        "version: v1\nlint:\n  ignore_only:\n    MESSAGE_PASCAL_CASE:\n      - a/v1/a.proto\n"
    );
    // v2: relative to the buf.yaml directory, which is what a v2 ignore list expects.
    let run = lint(
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: proto\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            ("proto/a/v1/a.proto", bad),
        ],
        &["--error-format", "config-ignore-yaml"],
    );
    assert_eq!(run.code, 100);
    assert_eq!(
        run.stdout,
        "version: v2\nlint:\n  ignore_only:\n    MESSAGE_PASCAL_CASE:\n      - proto/a/v1/a.proto\n"
    );
}

#[test]
fn sarif_describes_the_rules() {
    let run = lint(
        &[
            (
                "buf.yaml",
                "version: v2\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            (
                "a/v1/a.proto",
                "syntax = \"proto3\";\npackage a.v1;\nmessage foo {}\n",
            ),
        ],
        &["--error-format", "sarif"],
    );
    assert_eq!(run.code, 100);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "MESSAGE_PASCAL_CASE");
    assert_eq!(
        rule["shortDescription"]["text"],
        "Checks that messages are PascalCase."
    );
}

#[test]
fn images_are_linted_with_the_local_configuration() {
    let dir = project(&[
        ("src/buf.yaml", "version: v2\n"),
        (
            "src/a/v1/a.proto",
            "syntax = \"proto3\";\npackage a.v1;\nmessage foo {}\n",
        ),
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
        ),
    ]);
    let build = run_bin(dir.path(), &["build", "src", "-o", "full.binpb"]);
    assert_eq!(build.code, 0, "{build:?}");
    let build = run_bin(
        dir.path(),
        &["build", "src", "-o", "bare.binpb", "--exclude-source-info"],
    );
    assert_eq!(build.code, 0, "{build:?}");
    let run = run_bin(dir.path(), &["lint", "full.binpb"]);
    assert_eq!(run.code, 100);
    assert_eq!(
        run.stdout,
        "a/v1/a.proto:3:9:Message name \"foo\" should be PascalCase, such as \"Foo\".\n"
    );
    // Without source info every finding is at 1:1, as buf reports it.
    let run = run_bin(dir.path(), &["lint", "bare.binpb"]);
    assert_eq!(
        run.stdout,
        "a/v1/a.proto:1:1:Message name \"foo\" should be PascalCase, such as \"Foo\".\n"
    );
    // --config replaces the local buf.yaml.
    let run = run_bin(
        dir.path(),
        &[
            "lint",
            "full.binpb",
            "--config",
            r#"{"version":"v2","lint":{"use":["PACKAGE_DEFINED"]}}"#,
        ],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn rules_lists_both_catalogues_and_defaults_to_the_local_version() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_bin(
        dir.path(),
        &["rules", "--kind", "breaking", "--version", "v2"],
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("\nFILE_NO_DELETE "), "{}", run.stdout);
    assert!(
        !run.stdout.contains("FIELD_LOWER_SNAKE_CASE"),
        "{}",
        run.stdout
    );
    let run = run_bin(dir.path(), &["rules", "--kind", "lint", "--version", "v1"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("ID "), "{}", run.stdout);
    // Without --version: the version of the buf.yaml in the current directory.
    write_files(dir.path(), &[("buf.yaml", "version: v1beta1\n")]);
    let here = run_bin(dir.path(), &["rules"]);
    let v1beta1 = run_bin(dir.path(), &["rules", "--version", "v1beta1"]);
    assert_eq!(here.stdout, v1beta1.stdout);
}

#[test]
fn no_rules_warning_only_without_policies() {
    let proto = "syntax = \"proto3\";\npackage a;\nmessage foo {}\n";
    let run = lint(
        &[
            ("buf.yaml", "version: v2\nlint:\n  disable_builtin: true\n"),
            ("a.proto", proto),
        ],
        &["--log-format", "text"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "WARN\tNo lint rules are configured in buf.yaml.\n")
    );
    let run = lint(
        &[
            (
                "buf.yaml",
                "version: v2\nlint:\n  disable_builtin: true\npolicies:\n  - policy: p.yaml\n",
            ),
            ("p.yaml", "version: v2\nlint:\n  use: [PACKAGE_DEFINED]\n"),
            ("a.proto", proto),
        ],
        &["--log-format", "text"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
}

/// Tabs: buf's compiler advances a tab to the next multiple of 4 columns in source locations
/// (protoc: 8; the parser: 1). Expected lines recorded from `buf lint --error-format json`.
#[test]
fn columns_after_tabs_are_bufs() {
    let source = "syntax = \"proto3\";\npackage a;\nmessage A {\n\tint32 Bad_Name = 1;\n  \tint32 Bad_Two = 2;\n\t\tint32 x\t= 3; int32 Bad_3 = 4;\n   \tint32  \t Bad_Four\t= 5;\n}\n";
    let run = lint(
        &[
            (
                "buf.yaml",
                "version: v2\nlint:\n  use: [FIELD_LOWER_SNAKE_CASE]\n",
            ),
            ("a.proto", source),
        ],
        &["--error-format", "json"],
    );
    assert_eq!(run.code, 100, "{run:?}");
    let want = [
        "{\"path\":\"a.proto\",\"start_line\":4,\"start_column\":11,\"end_line\":4,\"end_column\":19,\"type\":\"FIELD_LOWER_SNAKE_CASE\",\"message\":\"Field name \\\"Bad_Name\\\" should be lower_snake_case, such as \\\"bad_name\\\".\"}",
        "{\"path\":\"a.proto\",\"start_line\":5,\"start_column\":11,\"end_line\":5,\"end_column\":18,\"type\":\"FIELD_LOWER_SNAKE_CASE\",\"message\":\"Field name \\\"Bad_Two\\\" should be lower_snake_case, such as \\\"bad_two\\\".\"}",
        "{\"path\":\"a.proto\",\"start_line\":6,\"start_column\":28,\"end_line\":6,\"end_column\":33,\"type\":\"FIELD_LOWER_SNAKE_CASE\",\"message\":\"Field name \\\"Bad_3\\\" should be lower_snake_case, such as \\\"bad_3\\\".\"}",
        "{\"path\":\"a.proto\",\"start_line\":7,\"start_column\":14,\"end_line\":7,\"end_column\":22,\"type\":\"FIELD_LOWER_SNAKE_CASE\",\"message\":\"Field name \\\"Bad_Four\\\" should be lower_snake_case, such as \\\"bad_four\\\".\"}",
    ];
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), want);
}

/// Findings of a v2 policy name it, as buf does: ` (p.yaml)` after the message in the line
/// formats, a `policy` key in JSON. Expected output recorded from `buf lint` 1.75.0.
#[test]
fn policy_findings_name_their_policy() {
    let files = [
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [PACKAGE_DEFINED]\npolicies:\n  - policy: p.yaml\n",
        ),
        (
            "p.yaml",
            "version: v2\nname: buf.build/acme/p\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
        ),
        ("a.proto", "syntax = \"proto3\";\nmessage foo {}\n"),
    ];
    for (format, want) in [
        ("text", "a.proto:1:1:Files must have a package defined.\na.proto:2:9:Message name \"foo\" should be PascalCase, such as \"Foo\". (p.yaml)\n"),
        ("json", "{\"path\":\"a.proto\",\"start_line\":1,\"start_column\":1,\"end_line\":1,\"end_column\":1,\"type\":\"PACKAGE_DEFINED\",\"message\":\"Files must have a package defined.\"}\n{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":9,\"end_line\":2,\"end_column\":12,\"type\":\"MESSAGE_PASCAL_CASE\",\"message\":\"Message name \\\"foo\\\" should be PascalCase, such as \\\"Foo\\\".\",\"policy\":\"p.yaml\"}\n"),
        ("msvs", "a.proto(1,1) : error PACKAGE_DEFINED : Files must have a package defined.\na.proto(2,9) : error MESSAGE_PASCAL_CASE : Message name \"foo\" should be PascalCase, such as \"Foo\". (p.yaml)\n"),
        ("github-actions", "::error file=a.proto,line=1,col=1,endLine=1,endColumn=1::Files must have a package defined.\n::error file=a.proto,line=2,col=9,endLine=2,endColumn=12::Message name \"foo\" should be PascalCase, such as \"Foo\". (p.yaml)\n"),
    ] {
        let run = lint(&files, &["--error-format", format]);
        assert_eq!(run.code, 100, "{format}: {run:?}");
        assert_eq!(run.stdout, want, "{format}");
    }
}
