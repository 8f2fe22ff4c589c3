//! `ENUM_VALUE_NO_DELETE`: Checks that enum values are not deleted from a given enum.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that enum values are not deleted from a given enum."#,
        doc: r#"Enum values must not be deleted (values are paired by number); reported on the enum.

```proto
enum Status { STATUS_UNSPECIFIED = 0; STATUS_ACTIVE = 1; } // previous
enum Status { STATUS_UNSPECIFIED = 0; }                    // current: value 1 deleted
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::Csr, Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &EnumEl, cur: &EnumEl) {
    enum_value_no_delete(ctx, prev, cur, false, false);
}
