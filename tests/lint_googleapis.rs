//! A slice of googleapis (`tests/fixtures/lint-googleapis/`) linted by the built binary prints
//! exactly what buf 1.75.0 printed for it, with the default rules and with a configuration that
//! turns most rules on (see the fixture's README).

mod support;

fn check(args: &[&str], golden: &str) {
    let dir = support::manifest_dir().join("tests/fixtures/lint-googleapis");
    let mut all = vec!["lint", "--error-format", "json"];
    all.extend_from_slice(args);
    let run = support::run_bin(&dir.join("proto"), &all);
    let want = std::fs::read_to_string(dir.join(golden)).unwrap();
    assert_eq!(run.code, 100, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(run.stdout == want, "output differs from {golden}");
}

#[test]
fn default_rules_match_buf() {
    check(&[], "buf-1.75.0-default.jsonl");
}

#[test]
fn configured_rules_match_buf() {
    let dir = support::manifest_dir().join("tests/fixtures/lint-googleapis");
    let config = std::fs::read_to_string(dir.join("all.config.json")).unwrap();
    check(&["--config", config.trim()], "buf-1.75.0-all.jsonl");
}
