//! `ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED`: Checks that enum values are not deleted from a given enum unless the number is reserved.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        kind: Kind::Breaking,
        purpose: r#"Checks that enum values are not deleted from a given enum unless the number is reserved."#,
        doc: r#"Enum values may be deleted only when their number is reserved.

```proto
enum Status { STATUS_UNSPECIFIED = 0; reserved 1; } // deleting value 1 this way is fine
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::WireJson, Category::Wire]),
            v1: Some(&[Category::WireJson, Category::Wire]),
            v2: Some(&[Category::Csr, Category::WireJson, Category::Wire]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &EnumEl, cur: &EnumEl) {
    enum_value_no_delete(ctx, prev, cur, true, false);
}
