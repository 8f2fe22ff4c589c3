//! `FILE_SAME_OPTIMIZE_FOR`: Checks that files have the same value for the optimize_for option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_OPTIMIZE_FOR",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the optimize_for option."#,
        doc: r#"The file option `optimize_for` must not change (`SPEED` when unset).

```proto
option optimize_for = LITE_RUNTIME; // previous: unset, i.e. SPEED
```"#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let value = |side: &Side, file: usize| {
        file_options(side, file)
            .optimize_for()
            .as_str_name()
            .to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(ctx, prev, cur, values, &[8, 9], r#"option "optimize_for""#);
}
