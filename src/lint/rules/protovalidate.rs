//! `PROTOVALIDATE`: Checks that protovalidate rules are valid and all CEL expressions compile.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PROTOVALIDATE",
        kind: Kind::Lint,
        purpose: r#"Checks that protovalidate rules are valid and all CEL expressions compile."#,
        doc: r#"Checks that protovalidate rules are valid and all CEL expressions compile. *Not implemented yet in protowright: selecting it reports nothing.*"#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[],
    unlinked: false,
};

// TODO(protovalidate): check protovalidate constraints (rule types matching field types,
// CEL expressions compiling, predefined rules). Registered with no checks so that selection,
// `except` and `ignore_only` already accept the ID.
