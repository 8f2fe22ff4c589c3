//! `ENUM_SAME_JSON_FORMAT`: Checks that enums have the same JSON format support.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_SAME_JSON_FORMAT",
        kind: Kind::Breaking,
        purpose: r#"Checks that enums have the same JSON format support."#,
        doc: r#"An enum must not lose full JSON support (the `json_format` feature: `ALLOW` in proto3, `LEGACY_BEST_EFFORT` in proto2)."#,
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
    checks: &[Check::Enum(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &EnumEl, cur: &EnumEl) {
    let format = |side: &Side, e: &EnumEl| json_format(side.file(e.file).syntax());
    let (before, after) = (format(ctx.prev, prev), format(ctx.cur, cur));
    if before == "ALLOW" && after != "ALLOW" {
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!(
                "Enum {:?} JSON format support changed from {before} to {after}.",
                cur.name()
            ),
        );
    }
}
