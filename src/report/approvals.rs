//! Intentional breaks: `protowright.breaking.yaml`, committed next to the protos, lists the breaking
//! changes a team approved. Approved findings are listed in the report but do not make
//! `breaking` exit 100.
//!
//! ```yaml
//! version: v1
//! approvals:
//!   - rule: FIELD_NO_DELETE
//!     element: acme.v1.User.email     # a full name, as the report shows it
//!     reason: email moved to Contact (ADR-12)
//!   - rule: FILE_SAME_GO_PACKAGE
//!     path: acme/v1/user.proto        # or every finding of the rule in one file
//!     reason: Go module renamed
//! ```
//!
//! Decoded strictly (unknown keys are errors pointing at their line and column).

use std::path::Path;

use serde::Deserialize;

use crate::{config::file::Str, Error, Result};

/// The default approvals file, read from the current directory when present.
pub const DEFAULT_FILE: &str = "protowright.breaking.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: Str,
    #[serde(default)]
    approvals: Vec<RawApproval>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApproval {
    rule: Str,
    #[serde(default)]
    element: Option<Str>,
    #[serde(default)]
    path: Option<Str>,
    reason: Str,
}

/// What one approval matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A full name (`acme.v1.User.email`).
    Element(String),
    /// Every finding of the rule in this file (a path as findings show it, or an import path).
    Path(String),
}

/// One approved break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub rule: String,
    pub target: Target,
    pub reason: String,
    /// Where it was written (`file:line:col`), for the unused-approval warning.
    pub at: String,
}

/// The approvals of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Approvals {
    pub list: Vec<Approval>,
}

impl Approvals {
    /// Reads and decodes `path`; `shown` is how errors name it.
    pub fn read(path: &Path) -> Result<Approvals> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Approvals::parse(&text, &path.display().to_string())
    }

    /// Decodes the text of an approvals file.
    pub fn parse(text: &str, shown: &str) -> Result<Approvals> {
        let raw: Option<RawFile> = serde_saphyr::from_str(text)
            .map_err(|e| crate::config::file::saphyr_error(&e, shown))?;
        let Some(raw) = raw else {
            return Ok(Approvals::default());
        };
        if raw.version.value != "v1" {
            return Err(crate::config::file::error_at(
                shown,
                &raw.version,
                format!("unknown version {:?}: expected \"v1\"", raw.version.value),
            ));
        }
        let mut list = Vec::new();
        for a in raw.approvals {
            let (line, column) = crate::config::file::at(&a.rule);
            let target =
                match (a.element, a.path) {
                    (Some(e), None) if !e.value.is_empty() => Target::Element(e.value),
                    (None, Some(p)) if !p.value.is_empty() => {
                        Target::Path(crate::tree::normalize(&p.value))
                    }
                    (Some(_), Some(p)) => {
                        return Err(crate::config::file::error_at(
                            shown,
                            &p,
                            "an approval names either an element or a path, not both",
                        ))
                    }
                    _ => return Err(Error::config(
                        shown,
                        line,
                        column,
                        "an approval needs a non-empty `element` (a full name) or `path` (a file)",
                    )),
                };
            if a.reason.value.trim().is_empty() {
                return Err(crate::config::file::error_at(
                    shown,
                    &a.reason,
                    "an approval needs a reason",
                ));
            }
            let known = crate::breaking::RULES
                .iter()
                .any(|r| r.meta.id == a.rule.value);
            if !known {
                return Err(crate::config::file::error_at(
                    shown,
                    &a.rule,
                    format!("unknown breaking rule {:?}", a.rule.value),
                ));
            }
            list.push(Approval {
                rule: a.rule.value,
                target,
                reason: a.reason.value,
                at: format!("{shown}:{line}:{column}"),
            });
        }
        Ok(Approvals { list })
    }

    /// The approval covering a finding of `rule` on `element` in `files` (the paths the finding
    /// concerns), if any.
    pub fn find(&self, rule: &str, element: Option<&str>, files: &[&str]) -> Option<&Approval> {
        self.list.iter().find(|a| {
            a.rule == rule
                && match &a.target {
                    Target::Element(e) => element == Some(e.as_str()),
                    Target::Path(p) => files.iter().any(|f| crate::tree::normalize(f) == *p),
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let a = Approvals::parse(
            "version: v1\napprovals:\n  - rule: FIELD_NO_DELETE\n    element: a.B.c\n    reason: moved\n  - rule: FILE_SAME_GO_PACKAGE\n    path: ./x/y.proto\n    reason: renamed\n",
            "a.yaml",
        )
        .unwrap();
        assert_eq!(a.list.len(), 2);
        assert!(a.find("FIELD_NO_DELETE", Some("a.B.c"), &[]).is_some());
        assert!(a.find("FIELD_NO_DELETE", Some("a.B.d"), &[]).is_none());
        assert!(a
            .find("FILE_SAME_GO_PACKAGE", None, &["x/y.proto"])
            .is_some());
        assert_eq!(a.list[0].at, "a.yaml:3:11");
    }

    #[test]
    fn errors_point_at_the_line() {
        let err = Approvals::parse(
            "version: v1\napprovals:\n  - rule: FIELD_NO_DELETE\n    elemnt: a.B.c\n    reason: x\n",
            "a.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("a.yaml:4:"), "{err}");
        let err = Approvals::parse(
            "version: v1\napprovals:\n  - rule: NOPE\n    element: a\n    reason: x\n",
            "a.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("a.yaml:3:11") && err.contains("NOPE"), "{err}");
    }
}
