//! `FILE_SAME_PACKAGE`: Checks that files have the same package.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_PACKAGE",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same package."#,
        doc: r#"A file must keep its package: every type in it changes its full name otherwise.

```proto
package acme.v1; // previous
package acme.v2; // current: breaking
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File]),
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
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let values = (
        ctx.prev.file(prev).package().to_string(),
        ctx.cur.file(cur).package().to_string(),
    );
    file_same_value(ctx, prev, cur, values, &[2], "package");
}
