//! `FIELD_SAME_UTF8_VALIDATION`: Checks that string fields have the same UTF8 validation mode.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_UTF8_VALIDATION",
        kind: Kind::Breaking,
        purpose: r#"Checks that string fields have the same UTF8 validation mode."#,
        doc: r#"String fields must keep their UTF-8 validation mode (the `utf8_validation` feature: `VERIFY` in proto3, `NONE` in proto2)."#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    if !matches!(prev.kind, FieldKind::String) || !matches!(cur.kind, FieldKind::String) {
        return;
    }
    let (before, after) = (
        utf8_default(&prev.syntax_or_proto2()),
        utf8_default(&cur.syntax_or_proto2()),
    );
    if before != after {
        ctx.report(
            Some(At::path(cur.file, cur.path.clone())),
            Some(prev.file),
            format!(
                "{} changed UTF8 validation from {before} to {after}.",
                cur.description()
            ),
        );
    }
}
