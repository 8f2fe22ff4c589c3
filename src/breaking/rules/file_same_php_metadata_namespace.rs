//! `FILE_SAME_PHP_METADATA_NAMESPACE`: Checks that files have the same value for the php_metadata_namespace option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_SAME_PHP_METADATA_NAMESPACE",
        kind: Kind::Breaking,
        purpose: r#"Checks that files have the same value for the php_metadata_namespace option."#,
        doc: r#"The file option `php_metadata_namespace` must not change: code generated from the file, and code that uses it, depends on it.

```proto
option php_metadata_namespace = "before";  // previous
option php_metadata_namespace = "after";  // current: breaking
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
        o.php_metadata_namespace().to_string()
    };
    let values = (value(ctx.prev, prev), value(ctx.cur, cur));
    file_same_value(
        ctx,
        prev,
        cur,
        values,
        &[8, 44],
        r#"option "php_metadata_namespace""#,
    );
}
