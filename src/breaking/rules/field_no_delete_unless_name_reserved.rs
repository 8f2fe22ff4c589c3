//! `FIELD_NO_DELETE_UNLESS_NAME_RESERVED`: Checks that fields are not deleted from a given message unless the name is reserved.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields are not deleted from a given message unless the name is reserved."#,
        doc: r#"Fields may be deleted only when their name is reserved (the JSON encoding uses names).

```proto
message Widget { string name = 1; reserved "size"; } // deleting field "size" this way is fine
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::WireJson]),
            v1: Some(&[Category::WireJson]),
            v2: Some(&[Category::Csr, Category::WireJson]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    field_no_delete(ctx, prev, cur, false, true);
}
