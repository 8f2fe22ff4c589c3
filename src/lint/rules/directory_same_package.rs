//! `DIRECTORY_SAME_PACKAGE`: Checks that all files in a given directory are in the same package.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DIRECTORY_SAME_PACKAGE",
        kind: Kind::Lint,
        purpose: r#"Checks that all files in a given directory are in the same package."#,
        doc: r#"All files in a directory must have the same package.

```proto
// a/one.proto
package a.v1;
// a/two.proto
package b.v1; // Multiple packages "a.v1,b.v1" detected within directory "a".
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
    let mut by_dir: BTreeMap<&str, Vec<&FileEl<'_>>> = BTreeMap::new();
    for file in &files.targets {
        by_dir.entry(file.dir()).or_default().push(file);
    }
    for (dir, dir_files) in by_dir {
        let mut packages: BTreeSet<&str> = dir_files.iter().map(|f| f.package()).collect();
        if packages.len() < 2 {
            continue;
        }
        let prefix = if packages.remove("") {
            let joined = packages.iter().copied().collect::<Vec<_>>().join(",");
            if packages.len() > 1 {
                format!("Multiple packages {joined:?} and file with no package")
            } else {
                format!("Package {joined:?} and file with no package")
            }
        } else {
            let joined = packages.iter().copied().collect::<Vec<_>>().join(",");
            format!("Multiple packages {joined:?}")
        };
        for file in dir_files {
            let path = file.location(&[2]).map(|_| &[2][..]);
            ctx.report(
                file,
                path,
                format!("{prefix} detected within directory {dir:?}."),
            );
        }
    }
}
