//! Engine behaviour beyond single rules: files that do not compile, ignores, selection errors
//! and warnings.

mod support;

use std::path::Path;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
}

fn lint(files: &[(&str, &str)]) -> Result<(String, Vec<String>), String> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    support::lint_dir(dir.path(), ".", &[])
        .map(|(_, report)| (support::golden_lines(&report.findings), report.warnings))
}

const DUPLICATE: &str =
    "syntax = \"proto3\";\n\npackage a.v1;\n\nmessage M {\n  string a = 1;\n  string b = 1;\n}\n";

#[test]
fn own_rules_replace_the_compile_errors_they_cover() {
    let (out, _) = lint(&[
        ("buf.yaml", "version: v2\n"),
        ("a/v1/a.proto", DUPLICATE),
        (
            "b/v1/b.proto",
            "syntax = \"proto3\";\n\npackage b.v1;\n\nmessage N {\n  Missing m = 1;\n}\n",
        ),
    ])
    .unwrap();
    assert_eq!(
        out,
        "a/v1/a.proto:7:14:7:15:FIELD_NUMBER_NO_REUSE:Field \"b\" on message \"M\" uses number 1, already used by field \"a\" (line 6).\n\
         b/v1/b.proto:6:3:6:10:COMPILE:cannot find `Missing` in this scope\n"
    );
}

#[test]
fn ignoring_the_own_rule_brings_the_compile_error_back() {
    let (out, _) = lint(&[
        (
            "buf.yaml",
            "version: v2\nlint:\n  ignore_only:\n    FIELD_NUMBER_NO_REUSE: [a/v1/a.proto]\n",
        ),
        ("a/v1/a.proto", DUPLICATE),
    ])
    .unwrap();
    assert!(
        out.contains("a/v1/a.proto:7:14:7:15:COMPILE:field number `1` used more than once"),
        "{out}"
    );
    assert!(!out.contains("FIELD_NUMBER_NO_REUSE"), "{out}");
}

const STYLE: &str = "syntax = \"proto3\";\n\npackage a.v1;\n\n// buf:lint:ignore FIELD_LOWER_SNAKE_CASE\nmessage M {\n  string badName = 1;\n}\n";

#[test]
fn comment_ignores_cascade_in_v2_and_need_opting_in_in_v1() {
    let v2 = lint(&[
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [FIELD_LOWER_SNAKE_CASE]\n",
        ),
        ("a/v1/a.proto", STYLE),
    ])
    .unwrap();
    assert_eq!(v2.0, "");
    let v2_off = lint(&[
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [FIELD_LOWER_SNAKE_CASE]\n  disallow_comment_ignores: true\n",
        ),
        ("a/v1/a.proto", STYLE),
    ])
    .unwrap();
    assert_eq!(v2_off.0.lines().count(), 1);
    let v1 = lint(&[
        (
            "buf.yaml",
            "version: v1\nlint:\n  use: [FIELD_LOWER_SNAKE_CASE]\n",
        ),
        ("a/v1/a.proto", STYLE),
    ])
    .unwrap();
    assert_eq!(
        v1.0,
        "a/v1/a.proto:7:10:7:17:FIELD_LOWER_SNAKE_CASE:Field name \"badName\" should be lower_snake_case, such as \"bad_name\".\n"
    );
}

#[test]
fn unknown_ids_are_configuration_errors() {
    let err = lint(&[
        ("buf.yaml", "version: v2\nlint:\n  use: [NOT_A_RULE]\n"),
        ("a/v1/a.proto", STYLE),
    ])
    .unwrap_err();
    assert_eq!(err, "\"NOT_A_RULE\" is not a known rule or category ID");
    // OTHER only exists in v1beta1.
    assert!(lint(&[
        ("buf.yaml", "version: v1\nlint:\n  use: [OTHER]\n"),
        ("a/v1/a.proto", STYLE),
    ])
    .is_err());
}

#[test]
fn deprecated_ids_warn() {
    let (_, warnings) = lint(&[
        ("buf.yaml", "version: v2\nlint:\n  use: [DEFAULT]\n"),
        ("a/v1/a.proto", STYLE),
    ])
    .unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with(
        "Category DEFAULT referenced in your buf.yaml is deprecated. It has been replaced by category STANDARD."
    ));
}

#[test]
fn imports_are_never_linted() {
    let (out, _) = lint(&[
        ("buf.yaml", "version: v2\nmodules:\n  - path: app\n  - path: dep\n    lint:\n      use: [MINIMAL]\n"),
        (
            "app/app/v1/app.proto",
            "syntax = \"proto3\";\n\npackage app.v1;\n\nimport \"dep/v1/dep.proto\";\n\nmessage App {\n  dep.v1.Dep dep = 1;\n}\n",
        ),
        ("dep/dep/v1/dep.proto", "syntax = \"proto3\";\n\npackage dep.v1;\n\nmessage Dep {\n  string badName = 1;\n}\n"),
    ])
    .unwrap();
    assert_eq!(out, "");
}
