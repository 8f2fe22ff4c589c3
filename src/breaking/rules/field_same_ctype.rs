//! `FIELD_SAME_CTYPE`: Checks that fields have the same value for the ctype option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_CTYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same value for the ctype option."#,
        doc: r#"Deprecated: selecting it selects its replacements (if any), with a warning."#,
        categories: PerVersion {
            v1beta1: Some(&[]),
            v1: Some(&[]),
            v2: None,
        },
        deprecated: true,
        replacements: &["FIELD_SAME_CPP_STRING_TYPE"],
    },
    checks: &[],
};
