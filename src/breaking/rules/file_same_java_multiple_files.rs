//! `FILE_SAME_JAVA_MULTIPLE_FILES`: Checks that files have the same value for the java_multiple_files option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_JAVA_MULTIPLE_FILES",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the java_multiple_files option."#,
        doc: r#"The file option `java_multiple_files` must not change: code generated from the file, and code that uses it, depends on it.

```proto
option java_multiple_files = true;  // previous
option java_multiple_files = false;  // current: breaking
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
        o.java_multiple_files().to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(
        ctx,
        prev,
        cur,
        values,
        &[8, 10],
        r#"option "java_multiple_files""#,
    );
}
