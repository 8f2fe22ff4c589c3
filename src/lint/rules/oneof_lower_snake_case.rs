//! `ONEOF_LOWER_SNAKE_CASE`: Checks that oneof names are lower_snake_case.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ONEOF_LOWER_SNAKE_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that oneof names are lower_snake_case."#,
        doc: r#"Oneof names must be lower_snake_case. The synthetic oneofs of proto3 `optional` fields are skipped.

```proto
message Widget { oneof widgetId { string name = 1; } } // should be "widget_id"
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
    checks: &[Check::Oneof(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &OneofEl<'_>) {
    if el.is_synthetic() {
        return;
    }
    let name = el.proto.name();
    let expected = to_lower_snake_case(name);
    if name != expected {
        let path = child(&el.path, &[1]);
        ctx.report(
            el.file,
            Some(&path),
            format!("Oneof name {name:?} should be lower_snake_case, such as {expected:?}."),
        );
    }
}
