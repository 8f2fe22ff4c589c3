//! Golden tests: every case in `testdata/` holds buf 1.75.0's output for one input in every
//! format (see `testdata/capture.sh`), and `findings.jsonl` (buf's `--error-format json`) as the
//! findings to render. Each rendering must match buf's bytes exactly.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;

const CASES: &[&str] = &[
    "lint", "image", "lint-v2", "odd", "compile", "breaking", "clean",
];

/// The formats buf has, with the golden file holding each.
const BUF_FORMATS: &[(ErrorFormat, &str)] = &[
    (ErrorFormat::Text, "text.golden"),
    (ErrorFormat::Json, "findings.jsonl"),
    (ErrorFormat::Msvs, "msvs.golden"),
    (ErrorFormat::Junit, "junit.golden"),
    (ErrorFormat::GithubActions, "github-actions.golden"),
    (ErrorFormat::GitlabCodeQuality, "gitlab-code-quality.golden"),
];

fn testdata(case: &str, file: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "src/output/testdata",
        case,
        file,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A line of buf's JSON output; buf leaves out an empty path.
#[derive(serde::Deserialize)]
struct BufJson {
    #[serde(default)]
    path: String,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(rename = "type")]
    rule: String,
    message: String,
}

fn findings(case: &str) -> Vec<Finding> {
    testdata(case, "findings.jsonl")
        .lines()
        .map(|line| {
            let j: BufJson = serde_json::from_str(line).unwrap();
            Finding {
                path: j.path,
                start_line: j.start_line,
                start_column: j.start_column,
                end_line: j.end_line,
                end_column: j.end_column,
                rule: j.rule,
                message: j.message,
                policy: None,
            }
        })
        .collect()
}

#[test]
fn buf_formats_are_byte_identical() {
    let ctx = OutputContext::default();
    for case in CASES {
        let findings = findings(case);
        for (format, file) in BUF_FORMATS {
            let expected = testdata(case, file);
            let actual = render(&findings, *format, &ctx);
            assert!(
                actual == expected,
                "{case} {format:?} differs from buf\n--- buf\n{expected}\n--- ours\n{actual}"
            );
        }
    }
}

#[test]
fn write_matches_render() {
    let findings = findings("lint");
    for (format, _) in BUF_FORMATS {
        let mut out = Vec::new();
        write(&mut out, &findings, *format, &OutputContext::default()).unwrap();
        assert_eq!(
            out,
            render(&findings, *format, &OutputContext::default()).into_bytes()
        );
    }
}

#[test]
fn nothing_for_zero_findings() {
    let ctx = OutputContext {
        check: CheckKind::Breaking,
        config_version: Version::V2,
        ..OutputContext::default()
    };
    for (format, _) in BUF_FORMATS {
        assert_eq!(render(&[], *format, &ctx), "");
    }
    assert_eq!(render(&[], ErrorFormat::Sarif, &ctx), "");
    assert_eq!(render(&[], ErrorFormat::ConfigIgnoreYaml, &ctx), "");
}

#[test]
fn gitlab_fingerprints_are_bufs() {
    for case in ["lint", "odd", "compile", "breaking"] {
        let report: Vec<serde_json::Value> =
            serde_json::from_str(&testdata(case, "gitlab-code-quality.golden")).unwrap();
        let findings = findings(case);
        assert_eq!(report.len(), findings.len());
        for (issue, finding) in report.iter().zip(&findings) {
            assert_eq!(issue["fingerprint"], gitlab_fingerprint(finding).as_str());
        }
    }
}

#[test]
fn config_ignore_yaml_v1_is_bufs() {
    let ctx = OutputContext::default();
    for case in ["lint", "image", "compile", "clean"] {
        assert_eq!(
            render(&findings(case), ErrorFormat::ConfigIgnoreYaml, &ctx),
            testdata(case, "config-ignore-yaml.golden"),
            "{case}"
        );
    }
}

/// buf prints module-relative paths for a v2 workspace too; with the context saying v1 and
/// mapping to module-relative paths, we print exactly that.
#[test]
fn config_ignore_yaml_module_relative_paths() {
    let findings = findings("lint-v2");
    let ctx = OutputContext {
        config_paths: BTreeMap::from([(
            "proto/a/v1/a.proto".to_owned(),
            "a/v1/a.proto".to_owned(),
        )]),
        ..OutputContext::default()
    };
    assert_eq!(
        render(&findings, ErrorFormat::ConfigIgnoreYaml, &ctx),
        testdata("lint-v2", "config-ignore-yaml.golden")
    );
}

/// Our improvement: the same findings under the v2 buf.yaml they came from, with paths relative
/// to the buf.yaml directory, ready to paste.
#[test]
fn config_ignore_yaml_in_the_configs_version() {
    let findings = findings("lint-v2");
    let ctx = OutputContext {
        config_version: Version::V2,
        ..OutputContext::default()
    };
    let expected = testdata("lint-v2", "config-ignore-yaml.golden")
        .replace("version: v1", "version: v2")
        .replace("- a/v1/a.proto", "- proto/a/v1/a.proto");
    assert!(expected.starts_with(
        "version: v2\nlint:\n  ignore_only:\n    ENUM_VALUE_PREFIX:\n      - proto/a/v1/a.proto\n"
    ));
    assert_eq!(
        render(&findings, ErrorFormat::ConfigIgnoreYaml, &ctx),
        expected
    );

    let v1beta1 = OutputContext {
        config_version: Version::V1Beta1,
        ..OutputContext::default()
    };
    assert!(render(&findings, ErrorFormat::ConfigIgnoreYaml, &v1beta1)
        .starts_with("version: v1beta1\nlint:\n"));
}

/// buf has no config-ignore-yaml for breaking; ours writes a `breaking:` block and leaves out
/// deleted files, which have no path to ignore.
#[test]
fn config_ignore_yaml_for_breaking() {
    let ctx = OutputContext {
        check: CheckKind::Breaking,
        ..OutputContext::default()
    };
    assert_eq!(
        render(&findings("breaking"), ErrorFormat::ConfigIgnoreYaml, &ctx),
        "version: v1\n\
         breaking:\n  \
           ignore_only:\n    \
             ENUM_VALUE_NO_DELETE:\n      \
               - cur/foo/v1/a.proto\n    \
             FIELD_NO_DELETE:\n      \
               - cur/foo/v1/a.proto\n    \
             FIELD_SAME_TYPE:\n      \
               - cur/foo/v1/a.proto\n"
    );
    let deleted_only: Vec<Finding> = findings("breaking")
        .into_iter()
        .filter(|f| f.path.is_empty())
        .collect();
    assert_eq!(
        render(&deleted_only, ErrorFormat::ConfigIgnoreYaml, &ctx),
        ""
    );
}

/// buf prints the odd path raw, which is not YAML (tab, C0 controls, DEL, U+FFFE); we quote it.
/// Every other byte is buf's.
#[test]
fn config_ignore_yaml_quotes_what_yaml_cannot_hold() {
    let buf = testdata("odd", "config-ignore-yaml.golden");
    let raw = "x\ty\u{1}z\u{8}\u{c}'>\u{2028}\u{fffe}\u{7f}\"q/m.proto";
    let quoted = r#""x\ty\x01z\x08\x0C'>\u2028\uFFFE\x7F\"q/m.proto""#;
    assert!(buf.contains(raw));
    assert_eq!(
        render(
            &findings("odd"),
            ErrorFormat::ConfigIgnoreYaml,
            &OutputContext::default()
        ),
        buf.replace(raw, quoted)
    );
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&testdata("", "sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let validator = sarif_validator();
    let ctx = OutputContext {
        rule_descriptions: BTreeMap::from([(
            "FIELD_LOWER_SNAKE_CASE".to_owned(),
            "Field names are lower_snake_case.".to_owned(),
        )]),
        ..OutputContext::default()
    };
    for case in CASES.iter().filter(|case| **case != "clean") {
        let sarif = render(&findings(case), ErrorFormat::Sarif, &ctx);
        let instance: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{case}: {errors:#?}");
        assert_eq!(sarif, render(&findings(case), ErrorFormat::Sarif, &ctx));
    }
    // The validator does reject what the schema forbids.
    let sarif = render(&findings("lint"), ErrorFormat::Sarif, &ctx);
    for (from, to) in [
        ("\"level\": \"error\"", "\"level\": \"fatal\""),
        ("\"startLine\": 2", "\"startLine\": 0"),
        ("\"version\": \"2.1.0\"", "\"version\": \"2.0.0\""),
    ] {
        let bad: serde_json::Value = serde_json::from_str(&sarif.replacen(from, to, 1)).unwrap();
        assert!(!validator.is_valid(&bad), "{to} accepted");
    }
}

#[test]
fn sarif_bytes() {
    let mut findings = findings("breaking");
    findings.drain(1..5);
    let ctx = OutputContext {
        rule_descriptions: BTreeMap::from([(
            "FILE_NO_DELETE".to_owned(),
            "Files are not deleted.".to_owned(),
        )]),
        ..OutputContext::default()
    };
    let information_uri = match INFORMATION_URI {
        Some(uri) => format!("\n          \"informationUri\": \"{uri}\","),
        None => String::new(),
    };
    let expected = format!(
        r#"{{
  "$schema": "{SARIF_SCHEMA_URI}",
  "version": "2.1.0",
  "runs": [
    {{
      "tool": {{
        "driver": {{
          "name": "protowright",
          "version": "{version}",{information_uri}
          "rules": [
            {{
              "id": "ENUM_VALUE_NO_DELETE"
            }},
            {{
              "id": "FILE_NO_DELETE",
              "shortDescription": {{
                "text": "Files are not deleted."
              }}
            }}
          ]
        }}
      }},
      "results": [
        {{
          "ruleId": "FILE_NO_DELETE",
          "ruleIndex": 1,
          "level": "error",
          "message": {{
            "text": "Previously present file \"foo/v1/gone.proto\" was deleted."
          }}
        }},
        {{
          "ruleId": "ENUM_VALUE_NO_DELETE",
          "ruleIndex": 0,
          "level": "error",
          "message": {{
            "text": "Previously present enum value \"1\" on enum \"E\" was deleted."
          }},
          "locations": [
            {{
              "physicalLocation": {{
                "artifactLocation": {{
                  "uri": "cur/foo/v1/a.proto",
                  "uriBaseId": "%SRCROOT%"
                }},
                "region": {{
                  "startLine": 8,
                  "startColumn": 1,
                  "endLine": 8,
                  "endColumn": 30
                }}
              }}
            }}
          ]
        }}
      ]
    }}
  ]
}}
"#,
        version = env!("CARGO_PKG_VERSION"),
    );
    assert_eq!(render(&findings, ErrorFormat::Sarif, &ctx), expected);
}
