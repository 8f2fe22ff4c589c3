//! `FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED`: Checks that fields are not deleted from a given message unless the number is reserved.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields are not deleted from a given message unless the number is reserved."#,
        doc: r#"Fields may be deleted only when their number is reserved, so it can never be reused with another meaning.

```proto
message Widget { string name = 1; reserved 2; } // deleting field 2 this way is fine
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::WireJson, Category::Wire]),
            v1: Some(&[Category::WireJson, Category::Wire]),
            v2: Some(&[Category::Csr, Category::WireJson, Category::Wire]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    field_no_delete(ctx, prev, cur, true, false);
}
