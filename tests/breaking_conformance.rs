//! Runs buf's breaking conformance cases (`../shared/conformance/breaking`, or
//! `$CONFORMANCE_DIR/breaking`) through the built binary, exactly as `score.py` does: each case's
//! arguments (buf's own) from its directory, `--error-format json` output parsed as JSON lines, a
//! case matching when the set of (path, span, rule) and the exit code both match.
//!
//! Prints the score; skips with a message when the cases are absent (fails when `CI=true`);
//! fails when the number of matched cases drops below the `breaking=` line of
//! `tests/conformance_ratchet.txt`.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases_dir() -> PathBuf {
    std::env::var_os("CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../shared/conformance"))
        .join("breaking")
}

type Key = (String, u64, u64, u64, u64, String);

fn key(v: &Value) -> Key {
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    (
        s("path"),
        n("start_line"),
        n("start_column"),
        n("end_line"),
        n("end_column"),
        s("type"),
    )
}

fn parse_lines(text: &str) -> BTreeMap<Key, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match serde_json::from_str::<Value>(l) {
            Ok(v) => (key(&v), v["message"].as_str().unwrap_or("").to_string()),
            Err(_) => (
                (String::new(), 0, 0, 0, 0, "<unparsable output>".into()),
                l.to_string(),
            ),
        })
        .collect()
}

/// Whether the case's protos use editions (counted apart, as score.py does).
fn uses_editions(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let p = e.path();
        if p.is_dir() {
            uses_editions(&p)
        } else {
            p.extension().is_some_and(|x| x == "proto")
                && std::fs::read_to_string(&p)
                    .unwrap_or_default()
                    .lines()
                    .any(|l| l.trim_start().starts_with("edition"))
        }
    })
}

#[test]
fn breaking_conformance() {
    let dir = cases_dir();
    if !dir.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("conformance cases not found at {}", dir.display());
        }
        eprintln!(
            "skipping breaking conformance: no cases at {} (set CONFORMANCE_DIR)",
            dir.display()
        );
        return;
    }
    let binary = env!("CARGO_BIN_EXE_protowright");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".expected.json"))
        .collect();
    names.sort();
    let (mut cases, mut matched, mut editions, mut editions_matched) = (0, 0, 0, 0);
    let (mut expected_total, mut true_pos, mut extra, mut same_msg) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for name in &names {
        let exp: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        let cwd_rel = exp["cwd"].as_str().unwrap();
        let cwd = dir.join(cwd_rel);
        let case_root = dir.join(cwd_rel.split("/current").next().unwrap_or(cwd_rel));
        let is_editions = uses_editions(&case_root);
        let args: Vec<&str> = exp["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let output = Command::new(binary)
            .args(&args)
            .current_dir(&cwd)
            .env("NO_COLOR", "1")
            .output()
            .expect("run protowright");
        let rc = i64::from(output.status.code().unwrap_or(-1));
        let have = parse_lines(&String::from_utf8_lossy(&output.stdout));
        let want: BTreeMap<Key, String> = exp["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (key(f), f["message"].as_str().unwrap_or("").to_string()))
            .collect();
        let want_rc = exp["exit_code"].as_i64().unwrap();
        let want_keys: BTreeSet<&Key> = want.keys().collect();
        let have_keys: BTreeSet<&Key> = have.keys().collect();
        let tp: Vec<&&Key> = want_keys.intersection(&have_keys).collect();
        let ok = want_keys == have_keys && rc == want_rc;
        cases += 1;
        matched += usize::from(ok);
        editions += usize::from(is_editions);
        editions_matched += usize::from(ok && is_editions);
        expected_total += want.len();
        true_pos += tp.len();
        extra += have.len() - tp.len();
        same_msg += tp.iter().filter(|k| want[**k] == have[**k]).count();
        if !ok {
            let missing: Vec<_> = want_keys.difference(&have_keys).take(3).collect();
            let unexpected: Vec<_> = have_keys.difference(&want_keys).take(3).collect();
            failures.push(format!(
                "{}{}: rc {rc} (want {want_rc}); missing {missing:?}; extra {unexpected:?}",
                &name[..name.len() - ".expected.json".len()],
                if is_editions { " [editions]" } else { "" }
            ));
        }
    }
    for f in &failures {
        eprintln!("  FAIL {f}");
    }
    eprintln!(
        "breaking conformance: {matched}/{cases} cases matched (editions cases {editions_matched}/{editions}); findings: {true_pos}/{expected_total} expected found, {extra} extra, {same_msg}/{true_pos} messages identical"
    );
    let ratchet: usize =
        std::fs::read_to_string(manifest_dir().join("tests/conformance_ratchet.txt"))
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("breaking=")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
            })
            .unwrap_or(0);
    assert!(
        matched >= ratchet,
        "breaking conformance dropped: {matched} cases matched, ratchet is {ratchet}"
    );
    assert_eq!(
        same_msg, true_pos,
        "every matched finding's message must be buf's"
    );
}
