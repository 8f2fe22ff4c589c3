//! Output formats for findings: one renderer per `--error-format`.
//!
//! Every format but `sarif` is byte-identical to buf 1.75.0 (`bufanalysis` and buflint's
//! config-ignore-yaml printer); the golden files in `src/output/testdata/` were captured from buf
//! with `testdata/capture.sh` and are checked byte for byte by this module's tests.
//!
//! Conventions shared by all formats, as buf has them:
//! - Findings are printed in the order given (callers pass them sorted). Nothing at all is printed
//!   for zero findings, in any format (not even an empty `<testsuites>` or `[]`).
//! - A finding with an empty `path` (a deleted file in a breaking check) is printed as `<input>`
//!   where a path is required and has no position: its line and column fields are ignored.
//!   A line or column of `0` also means "unknown". Where buf prints a position anyway (text, json,
//!   msvs, junit messages) an unknown one is printed as `1`.

mod config_ignore;
mod json;
mod junit;
mod lines;
mod sarif;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io;

use crate::cli::ErrorFormat;
use crate::config::Version;
use crate::finding::Finding;

pub use json::gitlab_fingerprint;
pub use sarif::{INFORMATION_URI, SARIF_SCHEMA_URI};

/// Which check produced the findings. Decides the top-level key of `config-ignore-yaml`
/// (`lint:` or `breaking:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CheckKind {
    #[default]
    Lint,
    Breaking,
}

/// What the renderers need to know besides the findings. `OutputContext::default()` renders
/// exactly as buf does for a v1 lint run whose paths need no mapping.
#[derive(Debug, Clone, Default)]
pub struct OutputContext {
    /// Lint or breaking: the key `config-ignore-yaml` writes its `ignore_only` under.
    pub check: CheckKind,
    /// The version of the buf.yaml that configured the run; `config-ignore-yaml` is written in
    /// this version (`version: v1` for v1, as buf always prints).
    pub config_version: Version,
    /// Finding path (as printed, relative to the current directory) → the path that config
    /// expects in its ignore lists: module-relative for v1beta1/v1 (buf's own behaviour), relative
    /// to the buf.yaml directory for v2. Paths missing from the table are used unchanged.
    pub config_paths: BTreeMap<String, String>,
    /// Rule ID → one-line description, used for SARIF `rules[].shortDescription`.
    pub rule_descriptions: BTreeMap<String, String>,
}

impl OutputContext {
    /// The path `path` has in the config's ignore lists.
    pub fn config_path<'a>(&'a self, path: &'a str) -> &'a str {
        self.config_paths.get(path).map_or(path, String::as_str)
    }
}

/// Renders `findings` (already sorted) in `format`. Empty for zero findings.
pub fn render(findings: &[Finding], format: ErrorFormat, ctx: &OutputContext) -> String {
    let mut out = Vec::new();
    write(&mut out, findings, format, ctx).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("renderers write UTF-8")
}

/// Writes `findings` (already sorted) in `format` to `out`; line formats are written a finding at
/// a time. Writes nothing for zero findings.
///
/// `config-ignore-yaml` with compile errors among the findings prints them as `text`, as buf
/// does (there is nothing to ignore until the files compile).
pub fn write(
    out: &mut dyn io::Write,
    findings: &[Finding],
    format: ErrorFormat,
    ctx: &OutputContext,
) -> io::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    match format {
        ErrorFormat::Text => lines::write_text(out, findings),
        ErrorFormat::Json => json::write_json_lines(out, findings),
        ErrorFormat::Msvs => lines::write_msvs(out, findings),
        ErrorFormat::Junit => junit::write(out, findings),
        ErrorFormat::GithubActions => lines::write_github_actions(out, findings),
        ErrorFormat::GitlabCodeQuality => json::write_gitlab(out, findings),
        ErrorFormat::Sarif => sarif::write(out, findings, ctx),
        ErrorFormat::ConfigIgnoreYaml => {
            if findings.iter().any(Finding::is_compile_error) {
                lines::write_text(out, findings)
            } else {
                config_ignore::write(out, findings, ctx)
            }
        }
    }
}

/// The path buf prints where one is required: `<input>` for a finding without a file.
fn display_path(finding: &Finding) -> &str {
    if finding.path.is_empty() {
        "<input>"
    } else {
        &finding.path
    }
}

/// A finding's position as buf holds it, 0 meaning unknown: a finding without a path has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

impl Position {
    fn of(finding: &Finding) -> Position {
        if finding.path.is_empty() {
            Position {
                start_line: 0,
                start_column: 0,
                end_line: 0,
                end_column: 0,
            }
        } else {
            Position {
                start_line: finding.start_line,
                start_column: finding.start_column,
                end_line: finding.end_line,
                end_column: finding.end_column,
            }
        }
    }

    /// Unknown values printed as 1, as buf's `atLeast1` does.
    fn at_least_1(self) -> Position {
        Position {
            start_line: self.start_line.max(1),
            start_column: self.start_column.max(1),
            end_line: self.end_line.max(1),
            end_column: self.end_column.max(1),
        }
    }
}

/// The message, falling back to the rule ID and then `FAILURE` (buf's "should never happen").
fn message_or_rule(finding: &Finding) -> std::borrow::Cow<'_, str> {
    let base = if !finding.message.is_empty() {
        &finding.message
    } else if !finding.rule.is_empty() {
        &finding.rule
    } else {
        "FAILURE"
    };
    with_policy(finding, base)
}

/// `text` after buf's fashion: a policy's findings end with ` (<policy>)`.
fn with_policy<'a>(finding: &Finding, text: &'a str) -> std::borrow::Cow<'a, str> {
    match &finding.policy {
        Some(policy) => format!("{text} ({policy})").into(),
        None => text.into(),
    }
}

/// buf's one-line form of a finding, `path:line:column:message`: the `text` format and the JUnit
/// failure message.
fn text_line(finding: &Finding) -> String {
    let pos = Position::of(finding).at_least_1();
    format!(
        "{}:{}:{}:{}",
        display_path(finding),
        pos.start_line,
        pos.start_column,
        message_or_rule(finding)
    )
}
