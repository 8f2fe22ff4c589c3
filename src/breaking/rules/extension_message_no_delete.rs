//! `EXTENSION_MESSAGE_NO_DELETE`: Checks that extension ranges are not deleted from a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "EXTENSION_MESSAGE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that extension ranges are not deleted from a given message."#,
        doc: r#"Extension ranges must not shrink: extensions declared elsewhere may use any number in them.

```proto
message Widget { extensions 100 to 199; } // previous
message Widget { extensions 100 to 149; } // current: [150,199] were removed
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::Csr, Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MessageEl, cur: &MessageEl) {
    let owner = RangeOwner {
        at: At::path(cur.file, cur.path()),
        against: prev.file,
        kind: "message",
        name: cur.name(),
        prev_max: if prev.is_message_set() {
            MESSAGE_SET_MAX
        } else {
            MESSAGE_MAX
        },
        max: if cur.is_message_set() {
            MESSAGE_SET_MAX
        } else {
            MESSAGE_MAX
        },
    };
    let (before, after) = (
        message_extension_ranges(prev),
        message_extension_ranges(cur),
    );
    tag_ranges(ctx, "extension", &owner, &before, &after);
}
