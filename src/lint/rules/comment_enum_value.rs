//! `COMMENT_ENUM_VALUE`: Checks that enum values have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_ENUM_VALUE",
        kind: Kind::Lint,
        purpose: r#"Checks that enum values have non-empty comments."#,
        doc: r#"Enum values must have a non-empty leading comment.

```proto
enum Colour {
  // Not set.
  COLOUR_UNSPECIFIED = 0;
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::Comments]),
            v1: Some(&[Category::Comments]),
            v2: Some(&[Category::Comments]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::EnumValue(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumValueEl<'_>) {
    comment_check(ctx, el.file, &el.path, "Enum value", el.proto.name());
}
