//! `RPC_PASCAL_CASE`: Checks that RPCs are PascalCase.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_PASCAL_CASE",
        kind: Kind::Lint,
        purpose: r#"Checks that RPCs are PascalCase."#,
        doc: r#"RPC names must be PascalCase.

```proto
service WidgetService {
  rpc get_widget(GetWidgetRequest) returns (GetWidgetResponse); // should be "GetWidget"
}
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
    checks: &[Check::Method(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &MethodEl<'_>) {
    let name = el.proto.name();
    let expected = to_pascal_case(name);
    if name != expected {
        let path = child(&el.path, &[1]);
        ctx.report(
            el.file,
            Some(&path),
            format!("RPC name {name:?} should be PascalCase, such as {expected:?}."),
        );
    }
}
