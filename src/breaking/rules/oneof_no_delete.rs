//! `ONEOF_NO_DELETE`: Checks that oneofs are not deleted from a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ONEOF_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that oneofs are not deleted from a given message."#,
        doc: r#"Oneofs must not be deleted from a message (synthetic oneofs of proto3 `optional` fields are not oneofs here)."#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::Csr, Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    let current: Vec<String> = cur.desc.oneofs().map(|o| o.name().to_string()).collect();
    for oneof in prev.desc.oneofs() {
        if oneof.is_synthetic() || current.iter().any(|n| n == oneof.name()) {
            continue;
        }
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!(
                "Previously present oneof {:?} on message {:?} was deleted.",
                oneof.name(),
                cur.name()
            ),
        );
    }
}
