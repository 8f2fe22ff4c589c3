//! `FILE_SAME_OBJC_CLASS_PREFIX`: Checks that files have the same value for the objc_class_prefix option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_OBJC_CLASS_PREFIX",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the objc_class_prefix option."#,
        doc: r#"The file option `objc_class_prefix` must not change: code generated from the file, and code that uses it, depends on it.

```proto
option objc_class_prefix = "before";  // previous
option objc_class_prefix = "after";  // current: breaking
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
        o.objc_class_prefix().to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(
        ctx,
        prev,
        cur,
        values,
        &[8, 36],
        r#"option "objc_class_prefix""#,
    );
}
