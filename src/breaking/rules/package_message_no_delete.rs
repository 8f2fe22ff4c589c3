//! `PACKAGE_MESSAGE_NO_DELETE`: Checks that messages are not deleted from a given package.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_MESSAGE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that messages are not deleted from a given package."#,
        doc: r#"Messages must not be deleted from a package, even when they move to another file of it. Reported where the message's file still is, or without a location when the file is gone."#,
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
                "Previously present message {name:?} was deleted from package {package:?}."
            );
            let prev_name = &prev.file(file).name;
            // Unlike the other package rules, the enclosing message is looked up in the whole
            // package (it may have moved to another file).
            let at = cur
                .by_name
                .get(prev_name)
                .map(|&f| enclosing_in_package(cur, &package, &name).unwrap_or(At::file(f)));
            ctx.report(at, Some(file), message);
        }
    }
}

/// Package → nested name → declaring file. Like buf's index, a package without any such
/// element has no entry, so deletions from it are not reported.
fn by_package(side: &Side) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (file, f) in side.files.iter().enumerate() {
        for name in side.nested_messages(file).into_keys() {
            out.entry(f.package().to_string())
                .or_default()
                .insert(name.to_string(), file);
        }
    }
    out
}

/// The closest enclosing message of `nested` that still exists anywhere in `package`.
fn enclosing_in_package(cur: &Side, package: &str, nested: &str) -> Option<At> {
    let parts: Vec<&str> = nested.split('.').collect();
    for i in (1..parts.len()).rev() {
        let parent = parts[..i].join(".");
        let full = if package.is_empty() {
            parent
        } else {
            format!("{package}.{parent}")
        };
        if let Some(m) = cur.messages.get(&full) {
            return Some(At::path(m.file, m.path()));
        }
    }
    None
}
