//! `ENUM_PASCAL_CASE`: Checks that enums are PascalCase.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_PASCAL_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that enums are PascalCase."#,
        doc: r#"Enum names must be PascalCase.

```proto
enum colour { COLOUR_UNSPECIFIED = 0; } // should be "Colour"
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
    checks: &[Check::Enum(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumEl<'_>) {
    let name = el.proto.name();
    let expected = to_pascal_case(name);
    if name != expected {
        let path = child(&el.path, &[1]);
        ctx.report(
            el.file,
            Some(&path),
            format!("Enum name {name:?} should be PascalCase, such as {expected:?}."),
        );
    }
}
