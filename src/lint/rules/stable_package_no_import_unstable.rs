//! `STABLE_PACKAGE_NO_IMPORT_UNSTABLE`: Checks that all files that have stable versioned packages do not import packages with unstable version packages.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "STABLE_PACKAGE_NO_IMPORT_UNSTABLE",
        kind: Kind::Lint,
        purpose: r#"Checks that all files that have stable versioned packages do not import packages with unstable version packages."#,
        doc: r#"Files in stable packages (`foo.v1`) must not import files in unstable packages (`foo.v1beta1`, `foo.v1alpha`, `foo.v1test`).

```proto
package acme.v1;
import "acme/v1beta1/widget.proto"; // flagged
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: None,
            v2: Some(&[]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Files(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, files: &Files<'_>) {
    let by_name: BTreeMap<&str, &FileEl<'_>> = files.targets.iter().map(|f| (f.name, *f)).collect();
    for file in &files.targets {
        if package_version(file.package()) != Some(Stability::Stable) {
            continue;
        }
        for (index, dep) in file.proto.dependency.iter().enumerate() {
            let Some(imported) = by_name.get(dep.as_str()) else {
                continue;
            };
            match package_version(imported.package()) {
                Some(Stability::Stable) | None => {}
                Some(_) => {
                    let path = [3, index as i32];
                    ctx.report(
                        file,
                        Some(&path),
                        format!(
                            "This file is in stable package {:?}, so it should not depend on {:?} from unstable package {:?}.",
                            file.package(),
                            dep,
                            imported.package()
                        ),
                    );
                }
            }
        }
    }
}
