//! `RESERVED_MESSAGE_NO_DELETE`: Checks that reserved ranges and names are not deleted from a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RESERVED_MESSAGE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that reserved ranges and names are not deleted from a given message."#,
        doc: r#"Reserved numbers and names of a message must stay reserved: unreserving them allows reuse with another meaning.

```proto
message Widget { reserved 2, 3; reserved "size"; } // previous
message Widget { reserved 2; }                      // current: [3] and "size" deleted
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
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
    let (before, after) = (message_reserved_ranges(prev), message_reserved_ranges(cur));
    tag_ranges(ctx, "reserved", &owner, &before, &after);
    reserved_names(
        ctx,
        &owner,
        &prev.proto().reserved_name,
        &cur.proto().reserved_name,
    );
}
