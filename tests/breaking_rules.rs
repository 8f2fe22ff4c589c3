//! Per-rule breaking fixtures: `tests/fixtures/breaking/<RULE>/{previous,current}`, the current
//! side's buf.yaml selecting only that rule. `expected.jsonl` and `exit_code` are the real buf's
//! output (`buf breaking . --against ../previous --error-format json` from `current/`, buf
//! 1.75.0, see `capture.sh`); the built binary must print exactly the same findings — same
//! paths, spans, rule IDs and messages — and exit the same way.

use std::{collections::BTreeSet, path::PathBuf, process::Command};

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/breaking")
}

fn lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        // Normalised through serde so key order does not matter.
        .map(|l| {
            serde_json::from_str::<Value>(l)
                .map(|v| v.to_string())
                .unwrap_or_else(|_| l.to_string())
        })
        .collect()
}

#[test]
fn every_rule_matches_buf() {
    let mut rules: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("current").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    rules.sort();
    assert!(rules.len() >= 64, "expected a fixture per v2 rule");
    let mut failures = Vec::new();
    for rule in &rules {
        let dir = fixtures().join(rule);
        let output = Command::new(env!("CARGO_BIN_EXE_protowright"))
            .args([
                "breaking",
                ".",
                "--against",
                "../previous",
                "--error-format",
                "json",
            ])
            .current_dir(dir.join("current"))
            .output()
            .unwrap();
        let want = lines(&std::fs::read_to_string(dir.join("expected.jsonl")).unwrap());
        let want_rc: i32 = std::fs::read_to_string(dir.join("exit_code"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let have = lines(&String::from_utf8_lossy(&output.stdout));
        let rc = output.status.code().unwrap_or(-1);
        if have != want || rc != want_rc {
            failures.push(format!(
                "{rule}: exit {rc} (buf {want_rc})\n  missing: {:#?}\n  extra: {:#?}\n  stderr: {}",
                want.difference(&have).collect::<Vec<_>>(),
                have.difference(&want).collect::<Vec<_>>(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        // Every fixture must show the rule firing, so none passes vacuously.
        assert!(
            want.iter()
                .any(|l| l.contains(&format!("\"type\":\"{rule}\""))),
            "{rule}: the fixture does not trigger the rule"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
