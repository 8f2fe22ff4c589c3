//! `FILE_SAME_CC_ENABLE_ARENAS`: Checks that files have the same value for the cc_enable_arenas option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_CC_ENABLE_ARENAS",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the cc_enable_arenas option."#,
        doc: r#"The file option `cc_enable_arenas` must not change: code generated from the file, and code that uses it, depends on it.

```proto
option cc_enable_arenas = true;  // previous
option cc_enable_arenas = false;  // current: breaking
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
        o.cc_enable_arenas().to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(
        ctx,
        prev,
        cur,
        values,
        &[8, 31],
        r#"option "cc_enable_arenas""#,
    );
}
