//! `FILE_SAME_SYNTAX`: Checks that files have the same syntax.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_SYNTAX",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same syntax."#,
        doc: r#"A file must keep its syntax (`proto2` when unset): proto2 and proto3 differ in field presence, enum semantics and JSON.

```proto
syntax = "proto2"; // previous
syntax = "proto3"; // current: breaking
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File, Category::Package]),
            v1: Some(&[Category::File, Category::Package]),
            v2: Some(&[Category::Csr, Category::File, Category::Package]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let values = (
        ctx.prev.file(prev).syntax().to_string(),
        ctx.cur.file(cur).syntax().to_string(),
    );
    file_same_value(ctx, prev, cur, values, &[12], "syntax");
}
