//! `MESSAGE_PASCAL_CASE`: Checks that messages are PascalCase.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "MESSAGE_PASCAL_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that messages are PascalCase."#,
        doc: r#"Message names must be PascalCase. Map entries are skipped.

```proto
message widget_info {} // should be "WidgetInfo"
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
    checks: &[Check::Message(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &MessageEl<'_>) {
    if el.is_map_entry() {
        return;
    }
    let name = el.proto.name();
    let expected = to_pascal_case(name);
    if name != expected {
        let path = el.name_path();
        ctx.report(
            el.file,
            Some(&path),
            format!("Message name {name:?} should be PascalCase, such as {expected:?}."),
        );
    }
}
