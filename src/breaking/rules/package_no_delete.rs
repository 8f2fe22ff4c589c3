//! `PACKAGE_NO_DELETE`: Checks that packages are not deleted.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that packages are not deleted."#,
        doc: r#"Packages must not be deleted: every file of a package moving to another package deletes it. The finding has no location."#,
        categories: PerVersion::all(&[Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Sides(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &Side, cur: &Side) {
    let current = cur.packages();
    for (package, files) in prev.packages() {
        if current.contains_key(package) {
            continue;
        }
        // The first file in name order stands for the package (for ignores).
        let first = files.iter().copied().min_by_key(|&f| &prev.file(f).name);
        ctx.report(
            None,
            first,
            format!("Previously present package {package:?} was deleted."),
        );
    }
}
