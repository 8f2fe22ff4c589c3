//! `config-ignore-yaml`: an `ignore_only` block that silences every finding, to paste into the
//! buf.yaml: rule IDs sorted, each with its sorted, de-duplicated paths.
//!
//! buf always prints `version: v1` / `lint:` with module-relative paths, which is right for v1
//! and wrong for a v2 buf.yaml (whose ignore paths are relative to the buf.yaml directory). This
//! renderer writes the version of [`OutputContext::config_version`], the paths of
//! [`OutputContext::config_paths`] and a `breaking:` block for breaking runs (buf has no
//! config-ignore-yaml for breaking). For v1 with module-relative paths the bytes are buf's.
//!
//! Findings without a path (deleted files) cannot be ignored by path and are left out; if no
//! finding remains, nothing is printed. A path that would not read back as the same YAML plain
//! scalar (control characters, a leading `&` or `*`, `: `, …) is double-quoted; buf prints it
//! raw, producing YAML that does not parse or means something else.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::{CheckKind, OutputContext};
use crate::finding::Finding;

pub(super) fn write(
    out: &mut dyn io::Write,
    findings: &[Finding],
    ctx: &OutputContext,
) -> io::Result<()> {
    let mut ignore_only: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for finding in findings {
        if finding.path.is_empty() || finding.rule.is_empty() {
            continue;
        }
        ignore_only
            .entry(&finding.rule)
            .or_default()
            .insert(ctx.config_path(&finding.path));
    }
    if ignore_only.is_empty() {
        return Ok(());
    }
    let key = match ctx.check {
        CheckKind::Lint => "lint",
        CheckKind::Breaking => "breaking",
    };
    let mut text = format!(
        "version: {}\n{key}:\n  ignore_only:\n",
        ctx.config_version.as_str()
    );
    for (rule, paths) in ignore_only {
        text += &format!("    {rule}:\n");
        for path in paths {
            text += &format!("      - {}\n", yaml_scalar(path));
        }
    }
    out.write_all(text.as_bytes())
}

/// `value` as a YAML scalar: plain when it reads back unchanged, double-quoted otherwise.
fn yaml_scalar(value: &str) -> String {
    if !needs_quotes(value) {
        return value.to_owned();
    }
    let mut quoted = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\t' => quoted.push_str("\\t"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            c if is_plain_safe_char(c) => quoted.push(c),
            c if (c as u32) <= 0xff => quoted.push_str(&format!("\\x{:02X}", c as u32)),
            c => quoted.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    quoted.push('"');
    quoted
}

/// Whether a plain scalar would fail to parse or parse as something other than this string.
fn needs_quotes(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return true;
    };
    let lower = value.to_ascii_lowercase();
    "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || value.starts_with(' ')
        || value.ends_with(' ')
        || value.ends_with(':')
        || value.contains(": ")
        || value.contains(" #")
        || !value.chars().all(is_plain_safe_char)
        || matches!(
            lower.as_str(),
            "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        || value.parse::<f64>().is_ok()
}

/// YAML's printable characters, minus line separators a YAML 1.1 reader breaks lines at.
fn is_plain_safe_char(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_stay_plain() {
        for path in [
            "proto/a/v1/a.proto",
            "proto/wéird&<dir/b.proto",
            "a'b\"c.proto",
        ] {
            assert_eq!(yaml_scalar(path), path);
        }
    }

    #[test]
    fn unsafe_paths_are_quoted() {
        assert_eq!(yaml_scalar("&a.proto"), "\"&a.proto\"");
        assert_eq!(yaml_scalar("a: b.proto"), "\"a: b.proto\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
        assert_eq!(
            yaml_scalar("x\ty\u{1}\"\\\u{7f}\u{2028}\u{fffe}.proto"),
            r#""x\ty\x01\"\\\x7F\u2028\uFFFE.proto""#
        );
    }

    #[test]
    fn quoted_paths_read_back() {
        #[derive(serde::Deserialize)]
        struct Doc {
            lint: BTreeMap<String, BTreeMap<String, Vec<String>>>,
        }
        let paths = [
            "x\ty\u{1}z\u{8}\u{c}'>\u{2028}\u{fffe}\u{7f}\"q/m.proto",
            "&anchor.proto",
            "*alias.proto",
            "- dash.proto",
            "a: b.proto",
            "a #b.proto",
            "null",
            "1.5",
            "é.proto",
        ];
        let findings: Vec<Finding> = paths
            .iter()
            .map(|path| Finding {
                path: path.to_string(),
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
                rule: "R".into(),
                message: "m".into(),
                policy: None,
            })
            .collect();
        let mut out = Vec::new();
        write(&mut out, &findings, &OutputContext::default()).unwrap();
        let doc: Doc = serde_saphyr::from_str(std::str::from_utf8(&out).unwrap()).unwrap();
        let mut expected: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        expected.sort();
        assert_eq!(doc.lint["ignore_only"]["R"], expected);
    }
}
