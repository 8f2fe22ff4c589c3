//! `PACKAGE_DIRECTORY_MATCH`: Checks that all files are in a directory that matches their package name.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_DIRECTORY_MATCH",
        kind: Kind::Lint,
        purpose: r#"Checks that all files are in a directory that matches their package name."#,
        doc: r#"A file's directory (relative to its module root) must match its package: `acme.widget.v1` lives in `acme/widget/v1/`.

```proto
// widget.proto at the module root
package acme.widget.v1; // must be within a directory "acme/widget/v1"
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::FileLayout,
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
    let pkg = file.package();
    if pkg.is_empty() {
        return;
    }
    let expected = pkg.replace('.', "/");
    let dir = file.dir();
    if dir != expected {
        ctx.report(
            file,
            Some(&[2]),
            format!("Files with package {pkg:?} must be within a directory \"{expected}\" relative to root but were in directory \"{dir}\"."),
        );
    }
}
