//! `PACKAGE_SAME_CSHARP_NAMESPACE`: Checks that all files with a given package have the same value for the csharp_namespace option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_SAME_CSHARP_NAMESPACE",
        kind: Kind::Lint,
        purpose: r#"Checks that all files with a given package have the same value for the csharp_namespace option."#,
        doc: r#"All files of a package must have the same value for the `csharp_namespace` option (or all leave it unset).

```proto
// one.proto: package acme.v1; option csharp_namespace = ...;
// two.proto: package acme.v1; (another value, or none): both flagged
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::PackageAffinity,
            ]),
            v1: Some(&[Category::Basic, Category::Default, Category::Standard]),
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Files(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, files: &Files<'_>) {
    same_file_option(ctx, files, "csharp_namespace", &[8, 37], |o| {
        o.csharp_namespace.clone()
    });
}
