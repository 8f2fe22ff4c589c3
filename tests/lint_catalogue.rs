//! The catalogue of buf's rules is buf's, byte for byte: `tests/fixtures/lint-catalogue/` holds
//! `buf config ls-lint-rules --version <v> --include-deprecated --format json` from buf 1.75.0.

use protowright::{check, config::Version, lint};

#[test]
fn buf_rules_match_buf_catalogue() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint-catalogue");
    for version in [Version::V1Beta1, Version::V1, Version::V2] {
        let want =
            std::fs::read_to_string(dir.join(format!("buf-1.75.0-{}.jsonl", version.as_str())))
                .unwrap();
        let rows: Vec<_> = lint::catalogue(check::Kind::Lint, version, true)
            .into_iter()
            .filter(|r| !lint::registry::get(r.id).is_some_and(|rule| rule.unlinked))
            .collect();
        let have = check::render_json(&rows);
        assert_eq!(have, want, "catalogue differs for {}", version.as_str());
        let want_text =
            std::fs::read_to_string(dir.join(format!("buf-1.75.0-{}.txt", version.as_str())))
                .unwrap();
        assert_eq!(
            check::render_text(&rows, true),
            want_text,
            "text differs for {}",
            version.as_str()
        );
        let current: Vec<_> = rows.into_iter().filter(|r| !r.deprecated).collect();
        let want_current = std::fs::read_to_string(
            dir.join(format!("buf-1.75.0-{}-current.txt", version.as_str())),
        )
        .unwrap();
        assert_eq!(
            check::render_text(&current, false),
            want_current,
            "{}",
            version.as_str()
        );
    }
}

#[test]
fn counts_per_version() {
    // buf's rules plus our eight own rules; deprecated rules included.
    for (version, buf_rules) in [(Version::V1Beta1, 41), (Version::V1, 44), (Version::V2, 46)] {
        let rows = lint::catalogue(check::Kind::Lint, version, true);
        assert_eq!(rows.len(), buf_rules + 8, "{}", version.as_str());
    }
}

#[test]
fn renderers_cover_every_rule() {
    let rows = lint::catalogue(check::Kind::Lint, Version::V2, false);
    let text = check::render_text(&rows, false);
    let markdown = check::render_markdown(check::Kind::Lint, Version::V2, &rows);
    for row in &rows {
        assert!(text.contains(row.id));
        assert!(markdown.contains(&format!("## {}", row.id)));
        assert!(
            !row.doc.trim().is_empty(),
            "{} has no documentation",
            row.id
        );
    }
}

/// `docs/rules.md` is `protowright rules --format markdown --include-deprecated` (every version);
/// regenerate it with `UPDATE_DOCS=1 cargo test --test lint_catalogue`.
#[test]
fn rules_doc_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = rules(&["--format", "markdown", "--include-deprecated"]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: regenerate it with `UPDATE_DOCS=1 cargo test --test lint_catalogue` \
         (or `cargo run -- rules --format markdown --include-deprecated > docs/rules.md`)"
    );
}

/// Runs `protowright rules <args>` in an empty directory (no buf.yaml: version v2 by default).
fn rules(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_protowright"))
        .arg("rules")
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The CLI prints buf's catalogue byte for byte, plus one row per rule of our own.
#[test]
fn rules_command_matches_buf() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint-catalogue");
    let own: Vec<&str> = lint::RULES
        .iter()
        .filter(|r| r.unlinked)
        .map(|r| r.meta.id)
        .collect();
    let without_own = |text: String| -> String {
        text.lines()
            .filter(|l| {
                !own.iter().any(|id| {
                    l.starts_with(&format!("{id} ")) || l.starts_with(&format!("{{\"id\":\"{id}\""))
                })
            })
            .map(|l| format!("{l}\n"))
            .collect()
    };
    for version in ["v1beta1", "v1", "v2"] {
        let read = |name: String| std::fs::read_to_string(dir.join(name)).unwrap();
        let json = rules(&[
            "--version",
            version,
            "--format",
            "json",
            "--include-deprecated",
        ]);
        assert_eq!(
            without_own(json),
            read(format!("buf-1.75.0-{version}.jsonl"))
        );
        let text = rules(&["--version", version, "--include-deprecated"]);
        assert_eq!(without_own(text), read(format!("buf-1.75.0-{version}.txt")));
        let current = rules(&["--version", version]);
        assert_eq!(
            without_own(current),
            read(format!("buf-1.75.0-{version}-current.txt"))
        );
    }
    // Without --version and without a buf.yaml: v2.
    assert_eq!(rules(&[]), rules(&["--version", "v2"]));
}
