//! `ENUM_VALUE_PREFIX`: Checks that enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_PREFIX",
        kind: Kind::Lint,
        purpose: r#"Checks that enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE."#,
        doc: r#"Enum value names must start with the enum's name in UPPER_SNAKE_CASE and an underscore.

```proto
enum Colour {
  UNSPECIFIED = 0; // should be prefixed with "COLOUR_"
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Default,
                Category::Standard,
                Category::StyleDefault,
                Category::StyleStandard,
            ]),
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::EnumValue(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumValueEl<'_>) {
    let name = el.proto.name();
    let prefix = format!("{}_", to_upper_snake_case(el.enum_.proto.name()));
    if !name.starts_with(&prefix) {
        let path = el.name_path();
        ctx.report(
            el.file,
            Some(&path),
            format!("Enum value name {name:?} should be prefixed with {prefix:?}."),
        );
    }
}
