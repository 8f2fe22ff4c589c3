//! `FILE_SAME_JAVA_GENERIC_SERVICES`: Checks that files have the same value for the java_generic_services option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_JAVA_GENERIC_SERVICES",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the java_generic_services option."#,
        doc: r#"The file option `java_generic_services` must not change: code generated from the file, and code that uses it, depends on it.

```proto
option java_generic_services = true;  // previous
option java_generic_services = false;  // current: breaking
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
        o.java_generic_services().to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(
        ctx,
        prev,
        cur,
        values,
        &[8, 17],
        r#"option "java_generic_services""#,
    );
}
