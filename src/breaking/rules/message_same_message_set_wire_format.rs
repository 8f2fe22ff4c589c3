//! `MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT`: Checks that messages have the same value for the message_set_wire_format option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT",
        kind: Kind::Breaking,
        purpose: r#"Checks that messages have the same value for the message_set_wire_format option."#,
        doc: r#"Deprecated: selecting it selects its replacements (if any), with a warning."#,
        categories: PerVersion::all(&[]),
        deprecated: true,
        replacements: &[],
    },
    checks: &[],
};
