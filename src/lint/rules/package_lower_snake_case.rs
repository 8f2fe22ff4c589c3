//! `PACKAGE_LOWER_SNAKE_CASE`: Checks that packages are lower_snake.case.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_LOWER_SNAKE_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that packages are lower_snake.case."#,
        doc: r#"Package names must be lower_snake.case.

```proto
package acme.WidgetService.v1; // should be "acme.widget_service.v1"
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
    checks: &[Check::File(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, file: &FileEl<'_>) {
    let pkg = file.package();
    if pkg.is_empty() {
        return;
    }
    let expected = pkg
        .split('.')
        .map(to_lower_snake_case)
        .collect::<Vec<_>>()
        .join(".");
    if pkg != expected {
        ctx.report(
            file,
            Some(&[2]),
            format!("Package name {pkg:?} should be lower_snake.case, such as {expected:?}."),
        );
    }
}
