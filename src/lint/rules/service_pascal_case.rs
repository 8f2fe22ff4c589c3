//! `SERVICE_PASCAL_CASE`: Checks that services are PascalCase.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SERVICE_PASCAL_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that services are PascalCase."#,
        doc: r#"Service names must be PascalCase.

```proto
service widget_service {} // should be "WidgetService"
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
    checks: &[Check::Service(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &ServiceEl<'_>) {
    let name = el.proto.name();
    let expected = to_pascal_case(name);
    if name != expected {
        let path = child(&el.path, &[1]);
        ctx.report(
            el.file,
            Some(&path),
            format!("Service name {name:?} should be PascalCase, such as {expected:?}."),
        );
    }
}
