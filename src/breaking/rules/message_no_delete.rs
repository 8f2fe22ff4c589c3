//! `MESSAGE_NO_DELETE`: Checks that messages are not deleted from a given file.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "MESSAGE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that messages are not deleted from a given file."#,
        doc: r#"Messages must not be deleted from a file. A nested message that is gone is reported on the closest enclosing message that still exists, a top-level one on the file.

```proto
message Widget {} // previous; deleted in current: breaking
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File]),
            v1: Some(&[Category::File]),
            v2: Some(&[Category::Csr, Category::File]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let current = ctx.cur.nested_messages(cur);
    let gone: Vec<String> = ctx
        .prev
        .nested_messages(prev)
        .into_keys()
        .filter(|name| !current.contains_key(name))
        .map(str::to_string)
        .collect();
    for name in gone {
        let at = deleted_location(ctx.cur, cur, &name);
        ctx.report(
            Some(at),
            Some(prev),
            format!("Previously present message {name:?} was deleted from file."),
        );
    }
}
