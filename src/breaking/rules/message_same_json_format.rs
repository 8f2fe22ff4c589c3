//! `MESSAGE_SAME_JSON_FORMAT`: Checks that messages have the same JSON format support.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "MESSAGE_SAME_JSON_FORMAT",
        kind: Kind::Breaking,
        purpose: r#"Checks that messages have the same JSON format support."#,
        doc: r#"A message must not lose full JSON support (the `json_format` feature: `ALLOW` in proto3, `LEGACY_BEST_EFFORT` in proto2)."#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package, Category::WireJson]),
            v1: Some(&[Category::File, Category::Package, Category::WireJson]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    let format = |side: &Side, m: &MessageEl| json_format(side.file(m.file).syntax());
    let (before, after) = (format(ctx.prev, prev), format(ctx.cur, cur));
    if before == "ALLOW" && after != "ALLOW" {
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!(
                "Message {:?} JSON format support changed from {before} to {after}.",
                cur.name()
            ),
        );
    }
}
