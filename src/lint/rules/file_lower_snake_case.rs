//! `FILE_LOWER_SNAKE_CASE`: Checks that filenames are lower_snake_case.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_LOWER_SNAKE_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that filenames are lower_snake_case."#,
        doc: r#"File names must be lower_snake_case.

```text
widgetService.proto  ->  widget_service.proto
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
    checks: &[Check::File(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, file: &FileEl<'_>) {
    let base = file.name.rsplit('/').next().unwrap_or(file.name);
    let ext = base.rfind('.').map(|i| &base[i..]).unwrap_or("");
    let stem = &base[..base.len() - ext.len()];
    let expected = to_lower_snake_case(stem);
    if stem != expected {
        ctx.report(
            file,
            None,
            format!(
                "Filename {base:?} should be lower_snake_case{ext}, such as \"{expected}{ext}\"."
            ),
        );
    }
}
