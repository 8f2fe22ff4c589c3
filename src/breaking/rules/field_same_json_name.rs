//! `FIELD_SAME_JSON_NAME`: Checks that fields have the same value for the json_name option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_JSON_NAME",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same value for the json_name option."#,
        doc: r#"A field must keep its JSON name (`json_name`, or the one derived from its name)."#,
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
    if prev.is_extension() {
        return;
    }
    if prev.json_name() != cur.json_name() {
        let at = ctx.first_present(cur.file, &[cur.child(&[10]), cur.path.clone()]);
        ctx.report(
            Some(at),
            Some(prev.file),
            format!(
                "{} changed option \"json_name\" from {:?} to {:?}.",
                cur.description(),
                prev.json_name(),
                cur.json_name()
            ),
        );
    }
}
