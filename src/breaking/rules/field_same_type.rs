//! `FIELD_SAME_TYPE`: Checks that fields have the same types in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_TYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same types in a given message."#,
        doc: r#"A field must keep its type, including the message or enum it refers to.

```proto
int32 size = 2; // previous
int64 size = 2; // current: breaking for generated code
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::Csr, Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    if kind_id(prev) != kind_id(cur) {
        field_changed_type(ctx, prev, cur, &[]);
        return;
    }
    if has_type_name(cur) && prev.type_name() != cur.type_name() {
        field_changed_type_name(ctx, prev, cur);
    }
}
