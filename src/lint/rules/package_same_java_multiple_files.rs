//! `PACKAGE_SAME_JAVA_MULTIPLE_FILES`: Checks that all files with a given package have the same value for the java_multiple_files option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_SAME_JAVA_MULTIPLE_FILES",
        kind: Kind::Lint,
        purpose: r#"Checks that all files with a given package have the same value for the java_multiple_files option."#,
        doc: r#"All files of a package must have the same value for the `java_multiple_files` option (or all leave it unset).

```proto
// one.proto: package acme.v1; option java_multiple_files = ...;
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
    same_file_option(ctx, files, "java_multiple_files", &[8, 10], |o| {
        o.java_multiple_files.map(|b| b.to_string())
    });
}
