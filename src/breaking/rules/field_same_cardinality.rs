//! `FIELD_SAME_CARDINALITY`: Checks that fields have the same cardinalities in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_CARDINALITY",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same cardinalities in a given message."#,
        doc: r#"A field must keep its cardinality: optional with explicit presence, optional with implicit presence, required, repeated or map.

```proto
string name = 1;          // previous: implicit presence
optional string name = 1; // current: explicit presence, breaking for generated code
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    cardinality_change(ctx, prev, cur, |c| c as u8);
}
