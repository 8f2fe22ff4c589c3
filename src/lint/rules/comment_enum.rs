//! `COMMENT_ENUM`: Checks that enums have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_ENUM",
        kind: Kind::Lint,
        purpose: r#"Checks that enums have non-empty comments."#,
        doc: r#"Enums must have a non-empty leading comment (lines starting with `buf:lint:ignore` do not count).

```proto
// Colour of a widget.
enum Colour { COLOUR_UNSPECIFIED = 0; }
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::Comments]),
            v1: Some(&[Category::Comments]),
            v2: Some(&[Category::Comments]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumEl<'_>) {
    comment_check(ctx, el.file, &el.path, "Enum", el.proto.name());
}
