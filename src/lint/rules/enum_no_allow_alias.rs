//! `ENUM_NO_ALLOW_ALIAS`: Checks that enums do not have the allow_alias option set.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_NO_ALLOW_ALIAS",
        kind: Kind::Lint,
        purpose: r#"Checks that enums do not have the allow_alias option set."#,
        doc: r#"Enums must not set `allow_alias`: aliases make JSON and code generation ambiguous.

```proto
enum Colour {
  option allow_alias = true; // flagged
  COLOUR_UNSPECIFIED = 0;
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::Sensible,
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
    if el.allow_alias() {
        let path = child(&el.path, &[3, 2]);
        ctx.report(
            el.file,
            Some(&path),
            format!(
                "Enum option \"allow_alias\" on enum {:?} must be false.",
                el.proto.name()
            ),
        );
    }
}
