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

/// `docs/lint-rules.md` is the Markdown catalogue of the v2 lint rules; regenerate it with
/// `PROTOWRIGHT_BLESS=1 cargo test --test lint_catalogue`.
#[test]
fn lint_rules_doc_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/lint-rules.md");
    let rows = lint::catalogue(check::Kind::Lint, Version::V2, false);
    let want = check::render_markdown(check::Kind::Lint, Version::V2, &rows);
    if std::env::var("PROTOWRIGHT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/lint-rules.md is stale: run PROTOWRIGHT_BLESS=1 cargo test --test lint_catalogue"
    );
}
