//! `COMMENT_ONEOF`: Checks that oneofs have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_ONEOF",
        kind: Kind::Lint,
        purpose: r#"Checks that oneofs have non-empty comments."#,
        doc: r#"Oneofs must have a non-empty leading comment. The synthetic oneofs of proto3 `optional` fields are skipped.

```proto
message Widget {
  // How the widget is identified.
  oneof id { string name = 1; int64 number = 2; }
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
    checks: &[Check::Oneof(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &OneofEl<'_>) {
    if el.is_synthetic() {
        return;
    }
    comment_check(ctx, el.file, &el.path, "Oneof", el.proto.name());
}
