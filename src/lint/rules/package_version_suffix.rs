//! `PACKAGE_VERSION_SUFFIX`: Checks that the last component of all packages is a version of the form v\d+, v\d+test.*, v\d+(alpha|beta)\d+, or v\d+p\d+(alpha|beta)\d+, where numbers are >=1.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_VERSION_SUFFIX",
        kind: Kind::Lint,
        purpose: r#"Checks that the last component of all packages is a version of the form v\d+, v\d+test.*, v\d+(alpha|beta)\d+, or v\d+p\d+(alpha|beta)\d+, where numbers are >=1."#,
        doc: r#"The last component of every package must be a version: `v1`, `v1beta1`, `v1p1alpha1`, `v1test`…

```proto
package acme.widget; // should be suffixed with a version, such as "acme.widget.v1"
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Default,
                Category::Standard,
                Category::StyleDefault,
                Category::StyleStandard,
            ]),
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, file: &FileEl<'_>) {
    let pkg = file.package();
    if pkg.is_empty() || package_version(pkg).is_some() {
        return;
    }
    ctx.report(
        file,
        Some(&[2]),
        format!("Package name {pkg:?} should be suffixed with a correctly formed version, such as {:?}.", format!("{pkg}.v1")),
    );
}
