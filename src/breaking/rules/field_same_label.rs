//! `FIELD_SAME_LABEL`: Checks that fields have the same labels in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_LABEL",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same labels in a given message."#,
        doc: r#"Deprecated: selecting it selects its replacements (if any), with a warning."#,
        categories: PerVersion {
            v1beta1: Some(&[]),
            v1: Some(&[]),
            v2: None,
        },
        deprecated: true,
        replacements: &[
            "FIELD_SAME_CARDINALITY",
            "FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
    },
    checks: &[],
};
