//! `PACKAGE_ENUM_NO_DELETE`: Checks that enums are not deleted from a given package.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_ENUM_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that enums are not deleted from a given package."#,
        doc: r#"Enums must not be deleted from a package, even when they move to another file of it. Reported where the enum's file still is, or without a location when the file is gone."#,
        categories: PerVersion::all(&[Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Sides(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &Side, cur: &Side) {
    let current = by_package(cur);
    for (package, previous) in by_package(prev) {
        let Some(names) = current.get(&package) else {
            continue;
        };
        for (name, file) in previous {
            if names.contains_key(&name) {
                continue;
            }
            let message =
                format!("Previously present enum {name:?} was deleted from package {package:?}.");
            let prev_name = &prev.file(file).name;
            let at = cur
                .by_name
                .get(prev_name)
                .map(|&f| deleted_location(cur, f, &name));
            ctx.report(at, Some(file), message);
        }
    }
}

/// Package → nested name → declaring file. Like buf's index, a package without any such
/// element has no entry, so deletions from it are not reported.
fn by_package(side: &Side) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (file, f) in side.files.iter().enumerate() {
        for name in side.nested_enums(file).into_keys() {
            out.entry(f.package().to_string())
                .or_default()
                .insert(name.to_string(), file);
        }
    }
    out
}
