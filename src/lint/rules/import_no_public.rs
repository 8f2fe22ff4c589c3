//! `IMPORT_NO_PUBLIC`: Checks that imports are not public.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "IMPORT_NO_PUBLIC",
        kind: Kind::Lint,
        purpose: r#"Checks that imports are not public."#,
        doc: r#"Imports must not be `public`.

```proto
import public "acme/widget/v1/widget.proto"; // flagged
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::Sensible,
            ]),
            v1: Some(&[Category::Basic, Category::Default, Category::Standard]),
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Import(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &ImportEl<'_>) {
    if el.public {
        ctx.report(
            el.file,
            Some(&el.path),
            format!("Import {:?} must not be public.", el.name),
        );
    }
}
