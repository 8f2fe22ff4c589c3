//! `PACKAGE_SAME_DIRECTORY`: Checks that all files with a given package are in the same directory.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_SAME_DIRECTORY",
        kind: Kind::Lint,
        purpose: r#"Checks that all files with a given package are in the same directory."#,
        doc: r#"All files of a package must be in one directory.

```proto
// a/v1/one.proto and b/v1/two.proto both declare package acme.v1: flagged
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
    checks: &[Check::Files(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, files: &Files<'_>) {
    let mut by_package: BTreeMap<&str, Vec<&FileEl<'_>>> = BTreeMap::new();
    for file in &files.targets {
        by_package.entry(file.package()).or_default().push(file);
    }
    for (pkg, pkg_files) in by_package {
        let dirs: BTreeSet<&str> = pkg_files.iter().map(|f| f.dir()).collect();
        if dirs.len() < 2 {
            continue;
        }
        let joined = dirs.into_iter().collect::<Vec<_>>().join(",");
        for file in pkg_files {
            let path = file.location(&[2]).map(|_| &[2][..]);
            ctx.report(
                file,
                path,
                format!("Multiple directories {joined:?} contain files with package {pkg:?}."),
            );
        }
    }
}
