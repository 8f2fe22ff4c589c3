//! `COMMENT_RPC`: Checks that RPCs have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_RPC",
        kind: Kind::Lint,
        purpose: r#"Checks that RPCs have non-empty comments."#,
        doc: r#"RPCs must have a non-empty leading comment.

```proto
service WidgetService {
  // Gets a widget.
  rpc GetWidget(GetWidgetRequest) returns (GetWidgetResponse);
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
    checks: &[Check::Method(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &MethodEl<'_>) {
    comment_check(ctx, el.file, &el.path, "RPC", el.proto.name());
}
