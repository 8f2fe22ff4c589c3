//! `FIELD_SAME_DEFAULT`: Checks that fields have the same default value, if a default is specified.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_DEFAULT",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same default value, if a default is specified."#,
        doc: r#"A field must keep its default value, when one is specified (v2 only). Numeric defaults compare by value across numeric types."#,
        categories: PerVersion {
            v1beta1: None,
            v1: None,
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
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    let can_have = |f: &FieldEl| {
        !matches!(f.cardinality, Cardinality::Repeated | Cardinality::Map)
            && !matches!(f.kind, FieldKind::Message(_))
    };
    if !can_have(prev) || !can_have(cur) {
        return;
    }
    let (before, after) = (FieldDefault::of(prev), FieldDefault::of(cur));
    if before.is_zero() && after.is_zero() {
        return;
    }
    if !before.equals(&after) {
        let at = ctx.first_present(cur.file, &[cur.child(&[7]), cur.path.clone()]);
        ctx.report(
            Some(at),
            Some(prev.file),
            format!(
                "{} changed default value from {} to {}.",
                cur.description(),
                before.printable,
                after.printable
            ),
        );
    }
}
