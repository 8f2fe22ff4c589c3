//! `COMMENT_SERVICE`: Checks that services have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_SERVICE",
        kind: Kind::Lint,
        purpose: r#"Checks that services have non-empty comments."#,
        doc: r#"Services must have a non-empty leading comment.

```proto
// Manages widgets.
service WidgetService {}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::Comments]),
            v1: Some(&[Category::Comments]),
            v2: Some(&[Category::Comments]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Service(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &ServiceEl<'_>) {
    comment_check(ctx, el.file, &el.path, "Service", el.proto.name());
}
