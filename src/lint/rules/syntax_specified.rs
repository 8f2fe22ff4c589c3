//! `SYNTAX_SPECIFIED`: Checks that all files have a syntax specified.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SYNTAX_SPECIFIED",
        kind: Kind::Lint,
        purpose: r#"Checks that all files have a syntax specified."#,
        doc: r#"Every file must state its syntax (or edition) explicitly.

```proto
package acme.v1; // no `syntax = "proto3";`: flagged
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[Category::Basic, Category::Default, Category::Standard]),
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, file: &FileEl<'_>) {
    if !file.syntax_specified() {
        ctx.report(
            file,
            None,
            "Files must have a syntax explicitly specified. If no syntax is specified, the file defaults to \"proto2\".",
        );
    }
}
