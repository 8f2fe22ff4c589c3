//! Runs buf's lint conformance cases (`../shared/conformance/lint`, or `$CONFORMANCE_DIR/lint`)
//! through the built binary, as `score.py` does: each case's exact arguments (`lint <input>
//! --error-format json …`) from its `cwd`, findings parsed from stdout as JSON lines and compared
//! with buf's (a case matches when the set of (path, span, rule) and the exit code match).
//!
//! Skips with a message when the cases are absent, fails when `CI=true` and they are absent, and
//! fails when the number of matched cases drops below `tests/conformance_ratchet.txt`.

mod support;

use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
    process::Command,
};

use serde_json::Value;

fn cases_dir() -> PathBuf {
    std::env::var_os("CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::manifest_dir().join("../shared/conformance"))
        .join("lint")
}

type Key = (String, u64, u64, u64, u64, String);

fn key(v: &Value) -> Key {
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    (
        v.get("path")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        n("start_line"),
        n("start_column"),
        n("end_line"),
        n("end_column"),
        v.get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    )
}

/// Findings of a run's stdout (JSON lines); a line that is not JSON becomes an
/// `<unparsable output>` finding, as in score.py.
fn parse_findings(stdout: &str) -> BTreeMap<Key, String> {
    stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(v) => (
                key(&v),
                v.get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ),
            Err(_) => (
                (String::new(), 0, 0, 0, 0, "<unparsable output>".into()),
                line.to_string(),
            ),
        })
        .collect()
}

#[test]
fn lint_conformance() {
    let dir = cases_dir();
    if !dir.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("conformance cases not found at {}", dir.display());
        }
        eprintln!(
            "skipping lint conformance: no cases at {} (set CONFORMANCE_DIR)",
            dir.display()
        );
        return;
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".expected.json"))
        .collect();
    names.sort();
    let (mut cases, mut matched, mut expected_total, mut true_pos, mut extra, mut same_msg) =
        (0, 0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for name in &names {
        let exp: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        let cwd = dir.join(exp["cwd"].as_str().unwrap());
        let args: Vec<String> = exp["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        let want: BTreeMap<Key, String> = exp["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (key(f), f["message"].as_str().unwrap_or("").to_string()))
            .collect();
        let want_rc = exp["exit_code"].as_i64().unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_protowright"))
            .args(&args)
            .current_dir(&cwd)
            .env_remove("BUF_LOG_FORMAT")
            .env_remove("CI")
            .output()
            .unwrap();
        let rc = i64::from(output.status.code().unwrap_or(-1));
        let have = parse_findings(&String::from_utf8_lossy(&output.stdout));
        if rc != 0 && rc != 100 {
            failures.push(format!(
                "{name}: exit {rc}: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let want_keys: BTreeSet<&Key> = want.keys().collect();
        let have_keys: BTreeSet<&Key> = have.keys().collect();
        let tp: Vec<&&Key> = want_keys.intersection(&have_keys).collect();
        cases += 1;
        expected_total += want.len();
        true_pos += tp.len();
        extra += have.len() - tp.len();
        same_msg += tp.iter().filter(|k| want[**k] == have[**k]).count();
        for k in &tp {
            if want[**k] != have[**k] {
                failures.push(format!(
                    "{name}: message differs at {k:?}:\n    want {:?}\n    have {:?}",
                    want[**k], have[**k]
                ));
            }
        }
        if want_keys == have_keys && rc == want_rc {
            matched += 1;
        } else {
            let missing: Vec<_> = want_keys.difference(&have_keys).take(5).collect();
            let unexpected: Vec<_> = have_keys.difference(&want_keys).take(5).collect();
            failures.push(format!(
                "{name}: rc {rc} (want {want_rc}); missing {missing:?}; extra {unexpected:?}"
            ));
        }
    }
    for f in &failures {
        eprintln!("  {f}");
    }
    eprintln!(
        "lint conformance: {matched}/{cases} cases matched; findings: {true_pos}/{expected_total} expected found, {extra} extra, {same_msg}/{true_pos} messages identical"
    );
    let ratchet: usize =
        std::fs::read_to_string(support::manifest_dir().join("tests/conformance_ratchet.txt"))
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("lint=")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
            })
            .unwrap_or(0);
    assert!(
        matched >= ratchet,
        "lint conformance dropped: {matched} cases matched, ratchet is {ratchet}"
    );
}
