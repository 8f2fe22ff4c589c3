//! The one neutral result type of every check: compile errors, lint findings and breaking changes.
//! Output formats (`crate::output`) and reports render it; nothing else knows how it is printed.

use std::cmp::Ordering;

/// The rule ID given to compile errors, as buf does.
pub const COMPILE: &str = "COMPILE";

/// One problem at one place. Lines and columns are 1-based; a finding about a whole file that no
/// longer exists has an empty `path` and position 1:1, as buf reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// The path as the user sees it (relative to the current directory, like buf's external path).
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The rule ID, e.g. `FIELD_LOWER_SNAKE_CASE`, or `COMPILE`.
    #[serde(rename = "type")]
    pub rule: String,
    pub message: String,
    /// The v2 policy whose configuration reported it (its `policy:` reference, e.g. `p.yaml`);
    /// `None` for the module's own configuration and for compile errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
}

impl Finding {
    pub fn is_compile_error(&self) -> bool {
        self.rule == COMPILE
    }

    /// buf's order (`bufanalysis`): path, start line, start column, type, message, end line, end
    /// column.
    fn sort_key(&self) -> (&str, u32, u32, &str, &str, u32, u32) {
        (
            &self.path,
            self.start_line,
            self.start_column,
            &self.rule,
            &self.message,
            self.end_line,
            self.end_column,
        )
    }
}

impl Ord for Finding {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Sorts findings in buf's order (path, start, rule, message, end) and removes exact duplicates.
pub fn sort_and_dedup(findings: &mut Vec<Finding>) {
    findings.sort();
    findings.dedup();
}
