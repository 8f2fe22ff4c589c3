//! `COMMENT_MESSAGE`: Checks that messages have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_MESSAGE",
        kind: Kind::Lint,
        purpose: r#"Checks that messages have non-empty comments."#,
        doc: r#"Messages must have a non-empty leading comment.

```proto
// A widget.
message Widget {}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::Comments]),
            v1: Some(&[Category::Comments]),
            v2: Some(&[Category::Comments]),
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
    comment_check(ctx, el.file, &el.path, "Message", el.proto.name());
}
