//! `sarif`: a SARIF 2.1.0 log (buf has no SARIF output) with one run, for GitHub code scanning
//! and other SARIF consumers.
//!
//! The run's `tool.driver` is protowright with one `rules` entry per distinct rule ID (sorted;
//! `shortDescription` from [`OutputContext::rule_descriptions`]); every finding is a result with
//! `level: error`, its `ruleId` and `ruleIndex`, and a location relative to `%SRCROOT%`. A finding
//! without a path (a deleted file) has no location. Output is deterministic: pretty-printed, keys
//! in a fixed order, no timestamps.
//!
//! The log is built from small serde structs rather than a SARIF crate: the one maintained crate
//! (`serde-sarif`) generates its types from the schema at build time through `schemafy`, a
//! sizeable build dependency for the dozen fields used here. The tests validate the output
//! against the published schema (`testdata/sarif-schema-2.1.0.json`).

use std::collections::BTreeSet;
use std::io;

use serde::Serialize;

use super::{message_or_rule, OutputContext, Position};
use crate::finding::Finding;

/// The `$schema` of the log: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// `tool.driver.informationUri`: the package's repository or homepage from Cargo.toml, or
/// nothing (the field is then left out) while neither is set.
pub const INFORMATION_URI: Option<&str> = {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    if !repository.is_empty() {
        Some(repository)
    } else if !homepage.is_empty() {
        Some(homepage)
    } else {
        None
    }
};

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message<'a>>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

/// 1-based; unknown values are left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

pub(super) fn write(
    out: &mut dyn io::Write,
    findings: &[Finding],
    ctx: &OutputContext,
) -> io::Result<()> {
    let rule_ids: Vec<&str> = findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let rules = rule_ids
        .iter()
        .map(|id| Rule {
            id,
            short_description: ctx.rule_descriptions.get(*id).map(|text| Message {
                text: text.as_str().into(),
            }),
        })
        .collect();
    let results = findings
        .iter()
        .map(|finding| SarifResult {
            rule_id: &finding.rule,
            rule_index: rule_ids
                .binary_search(&finding.rule.as_str())
                .expect("every rule is listed"),
            level: "error",
            message: Message {
                text: message_or_rule(finding),
            },
            locations: location(finding).into_iter().collect(),
        })
        .collect();
    let log = Log {
        schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "protowright",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

fn location(finding: &Finding) -> Option<Location> {
    if finding.path.is_empty() {
        return None;
    }
    let pos = Position::of(finding);
    let known = |n: u32| (n > 0).then_some(n);
    let region = known(pos.start_line).map(|start_line| Region {
        start_line,
        start_column: known(pos.start_column),
        end_line: known(pos.end_line),
        end_column: known(pos.end_line).and(known(pos.end_column)),
    });
    Some(Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_reference(&finding.path),
                uri_base_id: "%SRCROOT%",
            },
            region,
        },
    })
}

/// A relative path as a URI reference: bytes outside RFC 3986's unreserved characters,
/// sub-delimiters, `@` and `/` percent-encoded (`:` too, so a first segment never reads as a
/// scheme).
fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_references() {
        assert_eq!(uri_reference("proto/a/v1/a.proto"), "proto/a/v1/a.proto");
        assert_eq!(
            uri_reference("proto/wéird&<dir/b c:d%.proto"),
            "proto/w%C3%A9ird&%3Cdir/b%20c%3Ad%25.proto"
        );
    }
}
