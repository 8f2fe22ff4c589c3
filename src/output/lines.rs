//! The one-finding-per-line formats: `text`, `msvs` and `github-actions`.

use std::io;

use super::{display_path, message_or_rule, text_line, with_policy, Position};
use crate::finding::Finding;

/// `path:line:column:message`, e.g. `a.proto:5:10:Field name "Foo" should be lower_snake_case…`.
pub(super) fn write_text(out: &mut dyn io::Write, findings: &[Finding]) -> io::Result<()> {
    for finding in findings {
        writeln!(out, "{}", text_line(finding))?;
    }
    Ok(())
}

/// Visual Studio: `path(line,column) : error RULE : message`.
pub(super) fn write_msvs(out: &mut dyn io::Write, findings: &[Finding]) -> io::Result<()> {
    for finding in findings {
        let pos = Position::of(finding).at_least_1();
        let rule = if finding.rule.is_empty() {
            "FAILURE"
        } else {
            &finding.rule
        };
        writeln!(
            out,
            "{}({},{}) : error {} : {}",
            display_path(finding),
            pos.start_line,
            pos.start_column,
            rule,
            message_or_rule(finding)
        )?;
    }
    Ok(())
}

/// GitHub Actions workflow commands:
/// `::error file=path,line=l,col=c,endLine=el,endColumn=ec::message`. Unknown positions are left
/// out (columns only with their line, the end only with a start line); the message is not
/// escaped, as buf does not escape it.
pub(super) fn write_github_actions(
    out: &mut dyn io::Write,
    findings: &[Finding],
) -> io::Result<()> {
    for finding in findings {
        let pos = Position::of(finding);
        let mut line = format!("::error file={}", display_path(finding));
        if pos.start_line > 0 {
            line += &format!(",line={}", pos.start_line);
            if pos.start_column > 0 {
                line += &format!(",col={}", pos.start_column);
            }
            if pos.end_line > 0 {
                line += &format!(",endLine={}", pos.end_line);
                if pos.end_column > 0 {
                    line += &format!(",endColumn={}", pos.end_column);
                }
            }
        }
        writeln!(out, "{line}::{}", with_policy(finding, &finding.message))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cli::ErrorFormat;
    use crate::finding::Finding;
    use crate::output::{render, OutputContext};

    fn finding(path: &str, pos: [u32; 4], rule: &str, message: &str) -> Finding {
        Finding {
            path: path.into(),
            start_line: pos[0],
            start_column: pos[1],
            end_line: pos[2],
            end_column: pos[3],
            rule: rule.into(),
            message: message.into(),
            policy: None,
        }
    }

    #[test]
    fn unknown_positions_and_empty_fields() {
        let findings = [
            finding("", [1, 1, 1, 1], "FILE_NO_DELETE", "gone"),
            finding("a.proto", [3, 0, 0, 0], "R", ""),
            finding("b.proto", [0, 0, 0, 0], "", ""),
        ];
        let ctx = OutputContext::default();
        assert_eq!(
            render(&findings, ErrorFormat::Text, &ctx),
            "<input>:1:1:gone\na.proto:3:1:R\nb.proto:1:1:FAILURE\n"
        );
        assert_eq!(
            render(&findings, ErrorFormat::Msvs, &ctx),
            "<input>(1,1) : error FILE_NO_DELETE : gone\n\
             a.proto(3,1) : error R : R\n\
             b.proto(1,1) : error FAILURE : FAILURE\n"
        );
        assert_eq!(
            render(&findings, ErrorFormat::GithubActions, &ctx),
            "::error file=<input>::gone\n::error file=a.proto,line=3::\n::error file=b.proto::\n"
        );
    }
}
