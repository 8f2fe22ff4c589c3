//! `COMMENT_FIELD`: Checks that fields have non-empty comments.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "COMMENT_FIELD",
        kind: Kind::Lint,
        purpose: r#"Checks that fields have non-empty comments."#,
        doc: r#"Fields must have a non-empty leading comment. Map entry fields and groups are skipped.

```proto
message Widget {
  // The widget's name.
  string name = 1;
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
    checks: &[Check::Field(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    if el.message.is_some_and(|m| m.is_map_entry())
        || el.proto.r#type() == prost_types::field_descriptor_proto::Type::Group
    {
        return;
    }
    comment_check(ctx, el.file, &el.path, "Field", el.proto.name());
}
