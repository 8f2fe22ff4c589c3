//! `junit`: one `<testsuite>` per file (named by its path without `.proto`, in order of first
//! appearance), one `<testcase>` with one `<failure>` per finding, laid out and escaped exactly as
//! Go's `encoding/xml` encoder does it with a two-space indent.

use std::io;

use super::{display_path, text_line, Position};
use crate::finding::Finding;

pub(super) fn write(out: &mut dyn io::Write, findings: &[Finding]) -> io::Result<()> {
    out.write_all(b"<testsuites>")?;
    for group in group_by_path(findings) {
        let name = display_path(group[0]);
        let name = name.strip_suffix(".proto").unwrap_or(name);
        write!(
            out,
            "\n  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            escape(name),
            n = group.len()
        )?;
        for finding in group {
            let pos = Position::of(finding);
            let mut case = finding.rule.clone();
            if pos.start_column != 0 {
                case += &format!("_{}_{}", pos.start_line, pos.start_column);
            } else if pos.start_line != 0 {
                case += &format!("_{}", pos.start_line);
            }
            write!(
                out,
                "\n    <testcase name=\"{}\">\n      <failure message=\"{}\" type=\"{}\"></failure>\n    </testcase>",
                escape(&case),
                escape(&text_line(finding)),
                escape(&finding.rule)
            )?;
        }
        out.write_all(b"\n  </testsuite>")?;
    }
    out.write_all(b"\n</testsuites>\n")
}

/// Findings grouped by displayed path, groups in order of first appearance.
fn group_by_path(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for finding in findings {
        let i = *index.entry(display_path(finding)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(finding);
    }
    groups
}

/// Go's `xml.EscapeString`: `"` and `'` as numeric references, tab/newline/carriage return as
/// hex references, and characters XML cannot hold replaced by U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("&#34;"),
            '\'' => escaped.push_str("&#39;"),
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\t' => escaped.push_str("&#x9;"),
            '\n' => escaped.push_str("&#xA;"),
            '\r' => escaped.push_str("&#xD;"),
            c if is_xml_char(c) => escaped.push(c),
            _ => escaped.push('\u{fffd}'),
        }
    }
    escaped
}

/// XML 1.0's `Char` production (tab, newline and carriage return are handled by the caller).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_like_go() {
        assert_eq!(
            escape("a\"b'c&d<e>f\tg\nh\ri\u{1}j\u{fffe}k\u{7f}é"),
            "a&#34;b&#39;c&amp;d&lt;e&gt;f&#x9;g&#xA;h&#xD;i\u{fffd}j\u{fffd}k\u{7f}é"
        );
    }
}
