//! `FILE_SAME_PHP_GENERIC_SERVICES`: Checks that files have the same value for the php_generic_services option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_PHP_GENERIC_SERVICES",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the php_generic_services option."#,
        doc: r#"Deprecated: selecting it selects its replacements (if any), with a warning."#,
        categories: PerVersion {
            v1beta1: Some(&[]),
            v1: Some(&[]),
            v2: None,
        },
        deprecated: true,
        replacements: &[],
    },
    checks: &[],
};
