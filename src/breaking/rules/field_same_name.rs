//! `FIELD_SAME_NAME`: Checks that fields have the same names in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_NAME",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same names in a given message."#,
        doc: r#"A field must keep its name (fields are paired by number): JSON, text format and generated code use names. Extensions are compared by full name."#,
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
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    let name = |f: &FieldEl| {
        if prev.is_extension() {
            f.full_name.clone()
        } else {
            f.name.clone()
        }
    };
    let (before, after) = (name(prev), name(cur));
    if before != after {
        ctx.report(
            Some(At::path(cur.file, cur.child(&[1]))),
            Some(prev.file),
            format!(
                "{} changed name from {before:?} to {after:?}.",
                cur.description_with_name("")
            ),
        );
    }
}
