//! `ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED`: Checks that enum values are not deleted from a given enum unless the name is reserved.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
        kind: Kind::Breaking,
        purpose: r#"Checks that enum values are not deleted from a given enum unless the name is reserved."#,
        doc: r#"Enum values may be deleted only when every name they had is reserved (JSON uses names).

```proto
enum Status { STATUS_UNSPECIFIED = 0; reserved "STATUS_ACTIVE"; }
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::WireJson]),
            v1: Some(&[Category::WireJson]),
            v2: Some(&[Category::Csr, Category::WireJson]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &EnumEl, cur: &EnumEl) {
    enum_value_no_delete(ctx, prev, cur, false, true);
}
