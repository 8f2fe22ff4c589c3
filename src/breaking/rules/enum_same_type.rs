//! `ENUM_SAME_TYPE`: Checks that enums have the same type (open vs closed).

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_SAME_TYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that enums have the same type (open vs closed)."#,
        doc: r#"An enum must stay open (proto3) or closed (proto2): unknown values are handled differently."#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &EnumEl, cur: &EnumEl) {
    if prev.is_closed() != cur.is_closed() {
        let (before, after) = if cur.is_closed() {
            ("open", "closed")
        } else {
            ("closed", "open")
        };
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!("Enum {:?} changed from {before} to {after}.", cur.name()),
        );
    }
}
