//! The compatibility report of `protowright breaking --report FILE`: a serializable view model
//! computed here (verdict, what each finding breaks, fixes, additions, approvals), rendered with
//! the `report/` Handlebars templates of [`crate::render`] (overridable file by file).
//!
//! The verdict is the most severe of the findings' impacts, from the categories of their rules:
//! a `WIRE` rule breaks the binary wire, a `WIRE_JSON` rule (not `WIRE`) the JSON wire, a rule
//! only in `FILE` / `PACKAGE` the generated code. Because a `FILE` rule such as `FIELD_SAME_TYPE`
//! also catches wire breaks, the `WIRE` and `WIRE_JSON` rule sets are run as well ([`impacts`]):
//! a finding on an element they report takes their impact. Without findings, the change is additive
//! (minor) when the current input adds files, messages, fields, enums, enum values, services or
//! methods, else there is no change.

pub mod approvals;

use std::collections::{BTreeMap, BTreeSet};

use prost_reflect::{DescriptorPool, EnumDescriptor, MessageDescriptor};
use serde::Serialize;

use crate::{breaking, check::Category, finding::Finding, model::Model, Error, Result};

pub use approvals::{Approval, Approvals, Target, DEFAULT_FILE};

/// How severe a change is, least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    None,
    Minor,
    GeneratedCode,
    JsonWire,
    BinaryWire,
}

impl Level {
    pub fn title(self) -> &'static str {
        match self {
            Level::None => "No change",
            Level::Minor => "Additive change (minor)",
            Level::GeneratedCode => "Breaking for generated code only (major)",
            Level::JsonWire => "Breaking on the JSON wire (major)",
            Level::BinaryWire => "Breaking on the binary wire (major)",
        }
    }

    fn semver(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Minor => "minor",
            _ => "major",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            Level::None => "The schemas describe the same API.",
            Level::Minor => "Only additions: existing clients, servers and stored data keep working.",
            Level::GeneratedCode => "Messages on the wire (binary and JSON) stay compatible, but code generated from the previous schema no longer compiles or behaves the same against the new one.",
            Level::JsonWire => "The binary wire format stays compatible, but JSON produced with one schema is not read correctly with the other; generated code breaks too.",
            Level::BinaryWire => "Data serialized with one schema is not read correctly with the other: old and new clients and servers cannot talk to each other, and stored data may be misread.",
        }
    }
}

/// The verdict at the top of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// `none`, `minor`, `generated-code`, `json-wire` or `binary-wire`.
    pub level: Level,
    pub title: &'static str,
    /// The semantic version bump it calls for: `none`, `minor` or `major`.
    pub semver: &'static str,
    pub summary: &'static str,
    /// Every breaking change is approved in the approvals file.
    pub all_approved: bool,
}

/// A fix for one finding.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    pub summary: String,
    /// Lines to add to the `.proto` file (may be empty).
    pub lines: Vec<String>,
}

/// One breaking change.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub rule: String,
    /// The file as the user sees it (empty for a file that no longer exists).
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The element's full name (`acme.v1.User.email`), or `""` for the file itself.
    pub element: String,
    /// The rule's categories (configuration version v1 names).
    pub categories: Vec<&'static str>,
    /// `binary-wire`, `json-wire` or `generated-code`.
    pub level: Level,
    /// What it breaks, in words: `binary wire`, `JSON`, `generated Go source`, …
    pub breaks: Vec<String>,
    pub fix: Option<Fix>,
    pub approved: bool,
    /// The approval's reason (empty when not approved).
    pub reason: String,
}

/// The findings on one element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementGroup {
    /// Full name, or `""` for the file itself.
    pub element: String,
    pub findings: Vec<FindingView>,
}

/// The findings in one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileGroup {
    pub path: String,
    pub elements: Vec<ElementGroup>,
}

/// Something the current input adds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Addition {
    /// `file`, `message`, `field`, `enum`, `enum value`, `service` or `method`.
    pub kind: &'static str,
    /// Full name, or the file name for files.
    pub element: String,
    /// The import path of the file it is in.
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Every breaking change, approved or not.
    pub findings: usize,
    pub approved: usize,
    pub unapproved: usize,
    pub additions: usize,
    pub files: usize,
}

/// The view model of every report template.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub tool: &'static str,
    pub version: &'static str,
    /// The input and the against input, as given on the command line.
    pub input: String,
    pub against: String,
    pub verdict: Verdict,
    pub counts: Counts,
    /// Every finding, in buf's order.
    pub findings: Vec<FindingView>,
    /// The findings grouped by file, then element.
    pub files: Vec<FileGroup>,
    /// The approved findings.
    pub approved: Vec<FindingView>,
    pub additions: Vec<Addition>,
    /// The approvals file that was read (empty when none).
    pub approvals_file: String,
}

/// Where the `WIRE` and `WIRE_JSON` rule sets find changes, whatever rules the configuration
/// uses: a finding of the configured rules (say `FIELD_SAME_TYPE`, a `FILE` rule) breaks the binary
/// wire when a `WIRE` rule reports the same element. Keys: (path, element or line).
#[derive(Debug, Clone, Default)]
pub struct Impacts {
    pub wire: BTreeSet<(String, String)>,
    pub json: BTreeSet<(String, String)>,
}

fn impact_key(f: &Finding, element: Option<&String>) -> (String, String) {
    (
        f.path.clone(),
        element
            .cloned()
            .unwrap_or_else(|| format!("line {}", f.start_line)),
    )
}

/// Runs the `WIRE` and `WIRE_JSON` categories over the same pair (same ignores, no policies).
pub fn impacts(current: &Model, previous: &Model, options: breaking::Options) -> Result<Impacts> {
    let run = |category: &str| -> Result<BTreeSet<(String, String)>> {
        if current.workspace.modules.is_empty() {
            return Ok(BTreeSet::new());
        }
        let mut model = current.clone();
        model.workspace.policies.clear();
        for module in &mut model.workspace.modules {
            module.breaking.use_ = vec![category.to_string()];
            module.breaking.except.clear();
        }
        let report = breaking::run(&model, previous, options)?;
        Ok(report
            .findings
            .iter()
            .map(|f| impact_key(f, report.elements.get(f)))
            .collect())
    };
    Ok(Impacts {
        wire: run("WIRE")?,
        json: run("WIRE_JSON")?,
    })
}

/// Builds the report from a breaking run and the two models.
#[allow(clippy::too_many_arguments)]
pub fn build(
    input: &str,
    against: &str,
    current: &Model,
    previous: &Model,
    report: &breaking::Report,
    impacts: &Impacts,
    approvals: &Approvals,
    approvals_file: &str,
) -> ReportView {
    let findings: Vec<FindingView> = report
        .findings
        .iter()
        .map(|f| {
            let element = report.elements.get(f);
            let key = impact_key(f, element);
            let wire = impacts.wire.contains(&key);
            let json = impacts.json.contains(&key);
            finding_view(f, element, (wire, json), previous, approvals)
        })
        .collect();
    let additions = additions(current, previous);
    let worst = findings.iter().map(|f| f.level).max();
    let level = match worst {
        Some(level) => level,
        None if additions.is_empty() => Level::None,
        None => Level::Minor,
    };
    let approved: Vec<FindingView> = findings.iter().filter(|f| f.approved).cloned().collect();
    let mut files: BTreeMap<String, BTreeMap<String, Vec<FindingView>>> = BTreeMap::new();
    for f in &findings {
        files
            .entry(f.path.clone())
            .or_default()
            .entry(f.element.clone())
            .or_default()
            .push(f.clone());
    }
    let files: Vec<FileGroup> = files
        .into_iter()
        .map(|(path, elements)| FileGroup {
            path,
            elements: elements
                .into_iter()
                .map(|(element, findings)| ElementGroup { element, findings })
                .collect(),
        })
        .collect();
    ReportView {
        tool: "protowright",
        version: env!("CARGO_PKG_VERSION"),
        input: input.to_string(),
        against: against.to_string(),
        verdict: Verdict {
            level,
            title: level.title(),
            semver: level.semver(),
            summary: level.summary(),
            all_approved: !findings.is_empty() && findings.iter().all(|f| f.approved),
        },
        counts: Counts {
            findings: findings.len(),
            approved: approved.len(),
            unapproved: findings.len() - approved.len(),
            additions: additions.len(),
            files: files.len(),
        },
        findings,
        files,
        approved,
        additions,
        approvals_file: approvals_file.to_string(),
    }
}

/// The report template for a report file name: `report/report.md`, `.html` or `.json`.
pub fn template_for(path: &std::path::Path) -> Result<&'static str> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("md" | "markdown") => Ok("report/report.md"),
        Some("html" | "htm") => Ok("report/report.html"),
        Some("json") => Ok("report/report.json"),
        _ => Err(Error::usage(format!(
            "--report {}: unknown report format; the file name must end in .md, .html or .json",
            path.display()
        ))),
    }
}

fn rule_categories(rule: &str) -> Vec<Category> {
    breaking::RULES
        .iter()
        .find(|r| r.meta.id == rule)
        .and_then(|r| r.meta.categories.v1.or(r.meta.categories.v2))
        .map(<[Category]>::to_vec)
        .unwrap_or_default()
}

/// The language whose generated code a file option rule concerns (None: every language).
fn option_language(rule: &str) -> Option<&'static str> {
    let option = rule.strip_prefix("FILE_SAME_")?;
    let table: &[(&str, &str)] = &[
        ("GO_", "Go"),
        ("JAVA_", "Java"),
        ("CC_", "C++"),
        ("CPP_", "C++"),
        ("CSHARP_", "C#"),
        ("OBJC_", "Objective-C"),
        ("PHP_", "PHP"),
        ("PY_", "Python"),
        ("RUBY_", "Ruby"),
        ("SWIFT_", "Swift"),
    ];
    table
        .iter()
        .find(|(prefix, _)| option.starts_with(prefix))
        .map(|(_, lang)| *lang)
}

fn finding_view(
    f: &Finding,
    element: Option<&String>,
    (wire, json): (bool, bool),
    previous: &Model,
    approvals: &Approvals,
) -> FindingView {
    let categories = rule_categories(&f.rule);
    let has = |c: Category| categories.contains(&c);
    let binary = wire || has(Category::Wire);
    let json = json || has(Category::WireJson);
    let level = if binary {
        Level::BinaryWire
    } else if json {
        Level::JsonWire
    } else {
        Level::GeneratedCode
    };
    let mut breaks = Vec::new();
    if binary {
        breaks.push("binary wire".to_string());
    }
    if json {
        breaks.push("JSON".to_string());
    }
    match option_language(&f.rule) {
        Some(lang) => breaks.push(format!("generated {lang} source")),
        None => {
            for lang in ["Go", "Python", "Rust"] {
                breaks.push(format!("generated {lang} source"));
            }
        }
    }
    let mut element = element.cloned().unwrap_or_default();
    let mut fix = None;
    let quoted = quoted_values(&f.message);
    if f.rule.starts_with("FIELD_NO_DELETE") {
        // "Previously present field "3" with name "x" on message "M" was deleted…"
        let number = quoted.first().and_then(|n| n.parse::<u32>().ok());
        let field = number.and_then(|n| {
            previous
                .pool
                .get_message_by_name(&element)
                .and_then(|m| m.get_field(n))
        });
        if let (Some(n), Some(field)) = (number, field) {
            fix = Some(reserved_fix("field", n, &[field.name().to_string()]));
            element = format!("{element}.{}", field.name());
        }
    } else if f.rule.starts_with("ENUM_VALUE_NO_DELETE") {
        // "Previously present enum value "2" on enum "E" was deleted…"
        let number = quoted.first().and_then(|n| n.parse::<i32>().ok());
        let names: Vec<String> = match (number, previous.pool.get_enum_by_name(&element)) {
            (Some(n), Some(e)) => e
                .values()
                .filter(|v| v.number() == n)
                .map(|v| v.name().to_string())
                .collect(),
            _ => Vec::new(),
        };
        if let (Some(n), Some(first)) = (number, names.first()) {
            element = format!("{element}.{first}");
            fix = Some(reserved_fix("enum value", n as u32, &names));
        }
    } else if element.is_empty() && f.rule == "FILE_NO_DELETE" {
        // Nothing to name but the file; approvals use `path:`.
    } else {
        fix = hint(&f.rule);
    }
    let deleted_file = if f.rule == "FILE_NO_DELETE" {
        quoted.first().cloned()
    } else {
        None
    };
    let mut files = vec![f.path.as_str()];
    if let Some(d) = &deleted_file {
        files.push(d);
    }
    let approval = approvals.find(
        &f.rule,
        (!element.is_empty()).then_some(element.as_str()),
        &files,
    );
    FindingView {
        rule: f.rule.clone(),
        path: if f.path.is_empty() {
            deleted_file.unwrap_or_default()
        } else {
            f.path.clone()
        },
        line: f.start_line,
        column: f.start_column,
        message: f.message.clone(),
        element,
        categories: categories.iter().map(|c| c.id()).collect(),
        level,
        breaks,
        fix,
        approved: approval.is_some(),
        reason: approval.map(|a| a.reason.clone()).unwrap_or_default(),
    }
}

fn reserved_fix(what: &str, number: u32, names: &[String]) -> Fix {
    let mut lines = vec![format!("reserved {number};")];
    for name in names {
        lines.push(format!("reserved {name:?};"));
    }
    Fix {
        summary: format!(
            "If the {what} is gone for good, reserve its number and name so they are never reused (then `*_NO_DELETE_UNLESS_NUMBER_RESERVED` accepts the deletion); otherwise restore it."
        ),
        lines,
    }
}

/// A fix in words for rules without a mechanical one.
fn hint(rule: &str) -> Option<Fix> {
    let summary = match rule {
        r if r.ends_with("_NO_DELETE") => "Restore the deleted element, or deprecate it (`option deprecated = true;`) and delete it in a major version.",
        r if r.starts_with("FILE_SAME_") => "Restore the previous file option value.",
        "FIELD_SAME_NAME" | "ENUM_VALUE_SAME_NAME" | "FIELD_SAME_JSON_NAME" => "Restore the previous name; to rename, add a new element with a new number and deprecate the old one.",
        r if r.starts_with("FIELD_") && r.contains("TYPE") => "Restore the previous type; to change it, add a new field with a new number and deprecate the old one.",
        r if r.starts_with("FIELD_") => "Restore the field's previous declaration; to change it, add a new field with a new number and deprecate the old one.",
        r if r.starts_with("RPC_SAME_") => "Restore the method's previous signature; to change it, add a new method.",
        r if r.starts_with("RESERVED_") => "Restore the deleted reservation: reserved numbers and names must stay reserved.",
        _ => return None,
    };
    Some(Fix {
        summary: summary.to_string(),
        lines: Vec::new(),
    })
}

/// The double-quoted values of a message, in order.
fn quoted_values(message: &str) -> Vec<String> {
    message
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// What the current input's target files add to the previous input.
pub fn additions(current: &Model, previous: &Model) -> Vec<Addition> {
    let mut out = BTreeSet::new();
    let prev = &previous.pool;
    for file in current.targets() {
        let Some(fd) = current.pool.get_file_by_name(&file.name) else {
            continue;
        };
        let name = fd.name().to_string();
        let add = |out: &mut BTreeSet<Addition>, kind, element: String| {
            out.insert(Addition {
                kind,
                element,
                file: name.clone(),
            });
        };
        if prev.get_file_by_name(&name).is_none() {
            add(&mut out, "file", name.clone());
        }
        fn enum_adds(
            e: &EnumDescriptor,
            prev: &DescriptorPool,
            out: &mut Vec<(&'static str, String)>,
        ) {
            match prev.get_enum_by_name(e.full_name()) {
                None => out.push(("enum", e.full_name().to_string())),
                Some(p) => {
                    for v in e.values() {
                        if p.get_value(v.number()).is_none() {
                            out.push(("enum value", format!("{}.{}", e.full_name(), v.name())));
                        }
                    }
                }
            }
        }
        fn message_adds(
            m: &MessageDescriptor,
            prev: &DescriptorPool,
            out: &mut Vec<(&'static str, String)>,
        ) {
            if m.is_map_entry() {
                return;
            }
            match prev.get_message_by_name(m.full_name()) {
                None => out.push(("message", m.full_name().to_string())),
                Some(p) => {
                    for f in m.fields() {
                        if p.get_field(f.number()).is_none() {
                            out.push(("field", f.full_name().to_string()));
                        }
                    }
                }
            }
            for nested in m.child_messages() {
                message_adds(&nested, prev, out);
            }
            for e in m.child_enums() {
                enum_adds(&e, prev, out);
            }
        }
        let mut found = Vec::new();
        for m in fd.messages() {
            message_adds(&m, prev, &mut found);
        }
        for e in fd.enums() {
            enum_adds(&e, prev, &mut found);
        }
        for s in fd.services() {
            match prev.get_service_by_name(s.full_name()) {
                None => found.push(("service", s.full_name().to_string())),
                Some(p) => {
                    for m in s.methods() {
                        if !p.methods().any(|pm| pm.name() == m.name()) {
                            found.push(("method", m.full_name().to_string()));
                        }
                    }
                }
            }
        }
        for (kind, element) in found {
            add(&mut out, kind, element);
        }
    }
    out.into_iter().collect()
}

/// Every variable path of a view (`files[].elements[].findings[].rule`), for the docs test.
pub fn variable_paths(view: &ReportView) -> BTreeSet<String> {
    let json = serde_json::to_value(view).unwrap_or_default();
    crate::codegen::python::variable_paths(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted() {
        assert_eq!(
            quoted_values(
                r#"Previously present field "3" with name "x" on message "M" was deleted."#
            ),
            vec!["3", "x", "M"]
        );
    }

    #[test]
    fn levels_order() {
        assert!(Level::BinaryWire > Level::JsonWire);
        assert!(Level::JsonWire > Level::GeneratedCode);
        assert!(Level::GeneratedCode > Level::Minor);
        assert_eq!(option_language("FILE_SAME_GO_PACKAGE"), Some("Go"));
        assert_eq!(option_language("FIELD_SAME_TYPE"), None);
    }
}
