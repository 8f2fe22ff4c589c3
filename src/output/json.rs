//! The JSON formats: `json` (JSON Lines) and `gitlab-code-quality`, written as Go's
//! `encoding/json` writes them, since buf's bytes come from it: struct field order, `omitempty`
//! fields left out, and `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`… (HTML-safe
//! escaping); `\b`, `\f`, `\n`, `\r`, `\t` short, other control characters as `\u00xx`.

use std::io;

use serde::Serialize;
use sha3::digest::{ExtendableOutput, Update, XofReader};

use super::Position;
use crate::finding::Finding;

/// One line of `--error-format json`, in buf's key order. The position is never 0 (unknown is
/// printed as 1); `path`, `type` and `message` are left out when empty.
#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(rename = "type", skip_serializing_if = "str::is_empty")]
    rule: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<&'a str>,
}

pub(super) fn write_json_lines(out: &mut dyn io::Write, findings: &[Finding]) -> io::Result<()> {
    for finding in findings {
        let pos = Position::of(finding).at_least_1();
        let line = JsonFinding {
            path: &finding.path,
            start_line: pos.start_line,
            start_column: pos.start_column,
            end_line: pos.end_line,
            end_column: pos.end_column,
            rule: &finding.rule,
            message: &finding.message,
            policy: finding.policy.as_deref(),
        };
        let mut bytes = go_json(&line);
        bytes.push(b'\n');
        out.write_all(&bytes)?;
    }
    Ok(())
}

/// One issue of GitLab's Code Quality report. Every field is `omitempty` in buf, which in Go
/// leaves out empty strings and zero numbers but never a struct: a finding without a path gets
/// `"location":{"positions":{"begin":{},"end":{}}}`.
#[derive(Serialize)]
struct GitlabIssue<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    check_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
    location: GitlabLocation<'a>,
    severity: &'static str,
}

#[derive(Serialize)]
struct GitlabLocation<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    positions: GitlabPositions,
}

#[derive(Serialize)]
struct GitlabPositions {
    begin: GitlabPosition,
    end: GitlabPosition,
}

#[derive(Serialize)]
struct GitlabPosition {
    #[serde(skip_serializing_if = "is_zero")]
    line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    column: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl<'a> GitlabIssue<'a> {
    /// The issue with its fingerprint filled in.
    fn new(finding: &'a Finding) -> GitlabIssue<'a> {
        let pos = Position::of(finding);
        let mut issue = GitlabIssue {
            description: &finding.message,
            check_name: &finding.rule,
            fingerprint: None,
            location: GitlabLocation {
                path: &finding.path,
                positions: GitlabPositions {
                    begin: GitlabPosition {
                        line: pos.start_line,
                        column: pos.start_column,
                    },
                    end: GitlabPosition {
                        line: pos.end_line,
                        column: pos.end_column,
                    },
                },
            },
            severity: "minor",
        };
        issue.fingerprint = Some(shake256_hex(&go_json(&issue)));
        issue
    }
}

/// The `fingerprint` buf gives a finding in `gitlab-code-quality`: the hex SHAKE256 digest
/// (64 bytes) of the issue's own compact JSON without the fingerprint, i.e. of
/// `{"description":…,"check_name":…,"location":{…},"severity":"minor"}` as Go marshals it.
pub fn gitlab_fingerprint(finding: &Finding) -> String {
    GitlabIssue::new(finding)
        .fingerprint
        .expect("GitlabIssue::new sets the fingerprint")
}

/// The whole report as one JSON array on one line, then a newline (Go's `json.Encoder`).
pub(super) fn write_gitlab(out: &mut dyn io::Write, findings: &[Finding]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, finding) in findings.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(&go_json(&GitlabIssue::new(finding)))?;
    }
    out.write_all(b"]\n")
}

fn shake256_hex(content: &[u8]) -> String {
    let mut hasher = sha3::Shake256::default();
    hasher.update(content);
    let mut digest = [0u8; 64];
    hasher.finalize_xof().read(&mut digest);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compact JSON as Go's `json.Marshal` writes it.
fn go_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, GoFormatter);
    value
        .serialize(&mut serializer)
        .expect("plain structs serialize");
    bytes
}

/// serde_json's compact formatter plus Go's HTML-safe escaping. serde_json already escapes `"`,
/// `\` and control characters the way Go does (`\b`, `\f`, `\n`, `\r`, `\t`, else `\u00xx`).
struct GoFormatter;

impl serde_json::ser::Formatter for GoFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escaped.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_escaping() {
        let s = "a<b>c&d\u{2028}e\u{2029}f\"g\\h\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é\u{fffe}";
        assert_eq!(
            String::from_utf8(go_json(&s)).unwrap(),
            r#""a\u003cb\u003ec\u0026d\u2028e\u2029f\"g\\h\b\f\n\r\t\u0001\u001f"#.to_owned()
                + "\u{7f}é\u{fffe}\""
        );
    }

    #[test]
    fn shake256_of_empty_input() {
        // The SHAKE256 test vector for the empty message, first 64 bytes.
        assert_eq!(
            shake256_hex(b""),
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f\
             d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be"
        );
    }
}
