//! `FIELD_LOWER_SNAKE_CASE`: Checks that field names are lower_snake_case.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_LOWER_SNAKE_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that field names are lower_snake_case."#,
        doc: r#"Field names must be lower_snake_case.

```proto
message Widget { string displayName = 1; } // should be "display_name"
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
    checks: &[Check::Field(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    if el.message.is_some_and(|m| m.is_map_entry()) {
        return;
    }
    let name = el.proto.name();
    let expected = to_lower_snake_case(name);
    if name != expected {
        let path = el.name_path();
        ctx.report(
            el.file,
            Some(&path),
            format!("Field name {name:?} should be lower_snake_case, such as {expected:?}."),
        );
    }
}
