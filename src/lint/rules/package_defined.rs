//! `PACKAGE_DEFINED`: Checks that all files have a package defined.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_DEFINED",
        kind: Kind::Lint,
        purpose: r#"Checks that all files have a package defined."#,
        doc: r#"Every file must declare a package.

```proto
syntax = "proto3";
// no package: flagged
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::Sensible,
            ]),
            v1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
            ]),
            v2: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, file: &FileEl<'_>) {
    if file.package().is_empty() {
        ctx.report(file, None, "Files must have a package defined.");
    }
}
