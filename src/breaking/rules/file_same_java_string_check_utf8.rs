//! `FILE_SAME_JAVA_STRING_CHECK_UTF8`: Checks that files have the same value for the java_string_check_utf8 option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_JAVA_STRING_CHECK_UTF8",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the java_string_check_utf8 option."#,
        doc: r#"Deprecated: selecting it selects its replacements (if any), with a warning."#,
        categories: PerVersion {
            v1beta1: Some(&[]),
            v1: Some(&[]),
            v2: None,
        },
        deprecated: true,
        replacements: &["FIELD_SAME_JAVA_UTF8_VALIDATION"],
    },
    checks: &[],
};
