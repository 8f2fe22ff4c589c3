//! Input semantics shared by every command: which workspace governs, what is targeted, and how
//! paths are shown — checked through `lint`, whose findings carry paths.

use crate::util::Sandbox;

fn workspace() -> Sandbox {
    let sb = Sandbox::new();
    sb.file(
        "buf.yaml",
        "version: v2\nmodules:\n  - path: mod1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
    );
    sb.file(
        "mod1/pkg/a.proto",
        "syntax = \"proto3\";\npackage pkg;\nmessage foo {}\n",
    );
    sb
}

const FINDING: &str = ":3:9:Message name \"foo\" should be PascalCase, such as \"Foo\".\n";

#[test]
fn paths_are_relative_to_the_current_directory_inside_a_module() {
    let sb = workspace();
    crate::util::run_in(&sb.path().join("mod1"), &["lint", "."])
        .expect_code(100)
        .stdout_is(&format!("pkg/a.proto{FINDING}"));
    sb.run(&["lint", "mod1"])
        .expect_code(100)
        .stdout_is(&format!("mod1/pkg/a.proto{FINDING}"));
}

#[test]
fn a_directory_inside_a_module_is_refused_but_a_file_there_is_linted() {
    let sb = workspace();
    sb.run(&["lint", "mod1/pkg"])
        .expect_code(1)
        .stderr_has("is contained by module at path \"mod1\"");
    sb.run(&["lint", "mod1/pkg/a.proto"])
        .expect_code(100)
        .stdout_is(&format!("mod1/pkg/a.proto{FINDING}"));
}

#[test]
fn a_file_inside_a_v1_module_uses_that_module() {
    let sb = Sandbox::new();
    sb.file(
        "buf.yaml",
        "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
    );
    sb.file("sub/a.proto", "syntax = \"proto3\";\nmessage foo {}\n");
    sb.run(&["lint", "sub/a.proto"])
        .expect_code(100)
        .stdout_is("sub/a.proto:2:9:Message name \"foo\" should be PascalCase, such as \"Foo\".\n");
}

/// A module's directory is an input, not a `--path` / `--exclude-path` (buf's errors, exit 1).
#[test]
fn module_directory_as_path_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.file("buf.yaml", "version: v2\nmodules:\n  - path: proto\n")
        .file(
            "proto/acme/v1/a.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage A {}\n",
        );
    for args in [
        &["lint", "--path", "proto"][..],
        &["lint", "--path", "./proto/"],
        &["build", "--path", "proto"],
    ] {
        sb.run(args).expect_code(1).stderr_has(
            "module \"proto\" was specified with --path, specify this module path directly as an input",
        );
    }
    sb.run(&["lint", "--exclude-path", "proto"])
        .expect_code(1)
        .stderr_has("module \"proto\" was specified with --exclude-path, this flag cannot be used to specify module directories");
    sb.run(&["lint", "--path", "proto/acme"]).expect_code(0);
    sb.run(&["lint", "proto"]).expect_code(0);
}
