//! `FILE_SAME_GO_PACKAGE`: Checks that files have the same value for the go_package option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_GO_PACKAGE",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the go_package option."#,
        doc: r#"The file option `go_package` must not change: code generated from the file, and code that uses it, depends on it.

```proto
option go_package = "before";  // previous
option go_package = "after";  // current: breaking
```"#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let value = |side: &Side, file: usize| {
        let o = file_options(side, file);
        o.go_package().to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(ctx, prev, cur, values, &[8, 11], r#"option "go_package""#);
}
