//! The breaking rule catalogue is buf's, byte for byte: `tests/fixtures/breaking-catalogue/`
//! holds `buf config ls-breaking-rules` output from buf 1.75.0 for every configuration version.

use protowright::{breaking, check, config::Version};

fn fixture(name: &str) -> String {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/breaking-catalogue");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn catalogue_matches_buf() {
    for version in [Version::V1Beta1, Version::V1, Version::V2] {
        let v = version.as_str();
        let rows = breaking::catalogue(version, true);
        assert_eq!(
            check::render_json(&rows),
            fixture(&format!("buf-1.75.0-{v}.jsonl")),
            "json differs for {v}"
        );
        assert_eq!(
            check::render_text(&rows, true),
            fixture(&format!("buf-1.75.0-{v}.txt")),
            "text differs for {v}"
        );
        let current = breaking::catalogue(version, false);
        assert_eq!(
            check::render_text(&current, false),
            fixture(&format!("buf-1.75.0-{v}-current.txt")),
            "text (without deprecated) differs for {v}"
        );
    }
}

#[test]
fn counts_and_defaults_per_version() {
    for (version, count) in [(Version::V1Beta1, 64), (Version::V1, 66), (Version::V2, 65)] {
        let rows = breaking::catalogue(version, true);
        assert_eq!(rows.len(), count, "{}", version.as_str());
        // The default rules are exactly the FILE category.
        for row in &rows {
            assert_eq!(row.default, row.categories.contains(&"FILE"), "{}", row.id);
        }
    }
}

#[test]
fn every_rule_is_documented_and_checks_something() {
    for rule in breaking::RULES {
        assert!(
            !rule.meta.doc.trim().is_empty(),
            "{} has no documentation",
            rule.meta.id
        );
        assert_eq!(
            rule.checks.is_empty(),
            rule.meta.deprecated,
            "{}: deprecated rules (only) have no checks",
            rule.meta.id
        );
    }
}

/// `docs/breaking-rules.md` is the Markdown catalogue of the v2 breaking rules; regenerate it
/// with `PROTOWRIGHT_BLESS=1 cargo test --test breaking_catalogue`.
#[test]
fn breaking_rules_doc_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/breaking-rules.md");
    let rows = breaking::catalogue(Version::V2, false);
    let want = check::render_markdown(check::Kind::Breaking, Version::V2, &rows);
    if std::env::var("PROTOWRIGHT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/breaking-rules.md is stale: run PROTOWRIGHT_BLESS=1 cargo test --test breaking_catalogue"
    );
}
