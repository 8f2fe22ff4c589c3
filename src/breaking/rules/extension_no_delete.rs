//! `EXTENSION_NO_DELETE`: Checks that extensions are not deleted from a given file.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "EXTENSION_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that extensions are not deleted from a given file."#,
        doc: r#"Extensions must not be deleted from a file (v2 only). Extensions are known by their name within the package (`Scope.name`).

```proto
extend google.protobuf.MessageOptions { string label = 50000; } // previous; deleted: breaking
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: None,
            v2: Some(&[Category::File]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let current = ctx.cur.nested_extensions(cur);
    let gone: Vec<String> = ctx
        .prev
        .nested_extensions(prev)
        .into_keys()
        .filter(|name| !current.contains_key(name))
        .map(str::to_string)
        .collect();
    for name in gone {
        let at = deleted_location(ctx.cur, cur, &name);
        ctx.report(
            Some(at),
            Some(prev),
            format!("Previously present extension {name:?} was deleted from file."),
        );
    }
}
