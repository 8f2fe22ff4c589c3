//! `ENUM_VALUE_UPPER_SNAKE_CASE`: Checks that enum values are UPPER_SNAKE_CASE.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_UPPER_SNAKE_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that enum values are UPPER_SNAKE_CASE."#,
        doc: r#"Enum value names must be UPPER_SNAKE_CASE.

```proto
enum Colour { colourUnspecified = 0; } // should be "COLOUR_UNSPECIFIED"
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::StyleBasic,
                Category::StyleDefault,
                Category::StyleStandard,
            ]),
            v1: Some(&[Category::Basic, Category::Default, Category::Standard]),
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::EnumValue(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumValueEl<'_>) {
    let name = el.proto.name();
    let expected = to_upper_snake_case(name);
    if name != expected {
        let path = el.name_path();
        ctx.report(
            el.file,
            Some(&path),
            format!("Enum value name {name:?} should be UPPER_SNAKE_CASE, such as {expected:?}."),
        );
    }
}
