//! `FIELD_NO_DELETE`: Checks that fields are not deleted from a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields are not deleted from a given message."#,
        doc: r#"Fields must not be deleted from a message; reported on the message.

```proto
message Widget { string name = 1; int32 size = 2; } // previous
message Widget { string name = 1; }                 // current: field 2 deleted
```"#,
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
    field_no_delete(ctx, prev, cur, false, false);
}
