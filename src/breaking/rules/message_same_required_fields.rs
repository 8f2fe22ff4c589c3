//! `MESSAGE_SAME_REQUIRED_FIELDS`: Checks that messages have no added or deleted required fields.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "MESSAGE_SAME_REQUIRED_FIELDS",
        kind: Kind::Breaking,
        purpose: r#"Checks that messages have no added or deleted required fields."#,
        doc: r#"Required fields must not be added or deleted: a side that does not know about a required field fails to parse or to send it."#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    let required = |m: &MessageEl| -> BTreeMap<u32, FieldEl> {
        m.fields(m.file)
            .into_iter()
            .filter(|(_, f)| f.proto.label() == Label::Required)
            .collect()
    };
    let (before, after) = (required(prev), required(cur));
    for number in before.keys() {
        if !after.contains_key(number) {
            ctx.report(
                Some(At::path(cur.file, cur.path())),
                Some(prev.file),
                format!(
                    "Message {:?} had required field \"{number}\" deleted. Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.",
                    prev.name()
                ),
            );
        }
    }
    for (number, field) in &after {
        if !before.contains_key(number) {
            ctx.report(
                Some(At::path(cur.file, field.path.clone())),
                None,
                format!(
                    "Message {:?} had required field \"{number}\" added. Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.",
                    cur.name()
                ),
            );
        }
    }
}
