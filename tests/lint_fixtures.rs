//! Per-rule fixtures: `tests/fixtures/lint/<rule_id_lowercase>/` holds a `buf.yaml` selecting
//! the rule, protos with `Success…`/`Fail…` elements, and `expected.golden`
//! (`path:line:col:end_line:end_col:RULE:message`, sorted like findings).
//!
//! For buf's rules the golden files are buf 1.75.0's own output on the same directory (see
//! `tests/fixtures/lint/README.md`); for our own rules, which buf reports as compile errors,
//! they are our output, reviewed. `PROTOWRIGHT_BLESS=1` writes missing golden files.

mod support;

use protowright::lint;

#[test]
fn every_rule_has_a_fixture() {
    let root = support::manifest_dir().join("tests/fixtures/lint");
    for rule in lint::RULES {
        let dir = root.join(rule.meta.id.to_ascii_lowercase());
        assert!(
            dir.join("buf.yaml").is_file(),
            "no fixture for {}",
            rule.meta.id
        );
    }
}

#[test]
fn fixtures_match_golden_files() {
    let root = support::manifest_dir().join("tests/fixtures/lint");
    let bless = std::env::var("PROTOWRIGHT_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("buf.yaml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let (_, report) = support::lint_dir(&dir, ".", &[]).unwrap();
        let have = support::golden_lines(&report.findings);
        let golden = dir.join("expected.golden");
        match std::fs::read_to_string(&golden) {
            Ok(want) if want == have => {}
            Ok(want) => failures.push(format!(
                "{}:\n--- want\n{want}--- have\n{have}",
                dir.display()
            )),
            Err(_) if bless => std::fs::write(&golden, &have).unwrap(),
            Err(_) => failures.push(format!("{}: no expected.golden", dir.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
