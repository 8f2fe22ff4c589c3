//! `PACKAGE_SERVICE_NO_DELETE`: Checks that services are not deleted from a given package.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_SERVICE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that services are not deleted from a given package."#,
        doc: r#"Services must not be deleted from a package, even when they move to another file of it. Reported on the service's file (1:1) when it still exists."#,
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
            let message = format!(
                "Previously present service {name:?} was deleted from package {package:?}."
            );
            let prev_name = &prev.file(file).name;
            let at = cur.by_name.get(prev_name).map(|&f| At::file(f));
            ctx.report(at, Some(file), message);
        }
    }
}

/// Package → service name → declaring file. Unlike buf's indexes of enums, messages and
/// extensions, every package of the side has an entry, even without services.
fn by_package(side: &Side) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (file, f) in side.files.iter().enumerate() {
        let names = out.entry(f.package().to_string()).or_default();
        for name in side.file_services_by_name(file).into_keys() {
            names.insert(name.to_string(), file);
        }
    }
    out
}
