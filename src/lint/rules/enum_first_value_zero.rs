//! `ENUM_FIRST_VALUE_ZERO`: Checks that all first values of enums have a numeric value of 0.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_FIRST_VALUE_ZERO",
        kind: Kind::Lint,
        purpose: r#"Checks that all first values of enums have a numeric value of 0."#,
        doc: r#"The first value of every enum must be 0 (proto3 requires it; this extends it to proto2).

```proto
enum Colour {
  COLOUR_RED = 1; // First enum value "COLOUR_RED" should have a numeric value of 0
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::Other]),
            v1: Some(&[Category::Basic, Category::Default, Category::Standard]),
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumEl<'_>) {
    if let Some(first) = el.proto.value.first() {
        if first.number() != 0 {
            let path = child(&el.path, &[2, 0, 2]);
            ctx.report(
                el.file,
                Some(&path),
                format!(
                    "First enum value {:?} should have a numeric value of 0",
                    first.name()
                ),
            );
        }
    }
}
