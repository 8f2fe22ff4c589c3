//! `PACKAGE_NO_IMPORT_CYCLE`: Checks that packages do not have import cycles.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PACKAGE_NO_IMPORT_CYCLE",
        kind: Kind::Lint,
        purpose: r#"Checks that packages do not have import cycles."#,
        doc: r#"Packages must not import each other in a cycle (files of package `a` importing `b` while files of `b` import `a`, directly or through other packages).

```proto
// a/v1/a.proto: package a.v1; import "b/v1/b.proto";
// b/v1/b.proto: package b.v1; import "a/v1/a2.proto"; // Package import cycle: b.v1 -> a.v1 -> b.v1
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[]),
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
    // The files of the image: the targets and everything they import, transitively.
    let mut image: BTreeMap<&str, &FileEl<'_>> = BTreeMap::new();
    let mut stack: Vec<&FileEl<'_>> = files.targets.clone();
    while let Some(file) = stack.pop() {
        if image.insert(file.name, file).is_some() {
            continue;
        }
        for dep in &file.proto.dependency {
            if let Some(d) = files.get(dep) {
                stack.push(d);
            }
        }
    }
    // package -> directly imported package -> (importing file, import index)
    let mut graph: Graph<'_, '_> = BTreeMap::new();
    for file in image.values() {
        let pkg = file.package();
        let entry = graph.entry(pkg).or_default();
        for (index, dep) in file.proto.dependency.iter().enumerate() {
            if let Some(d) = image.get(dep.as_str()) {
                if d.package() != pkg {
                    entry.entry(d.package()).or_default().push((file, index));
                }
            }
        }
    }
    for (pkg, imported) in &graph {
        if pkg.is_empty() {
            continue;
        }
        for (direct, imports) in imported {
            if direct.is_empty() {
                continue;
            }
            let mut used = BTreeSet::from([*pkg]);
            let Some(cycle) = find_cycle(direct, &graph, &mut used, vec![*pkg]) else {
                continue;
            };
            for (file, index) in imports {
                if file.is_import {
                    continue;
                }
                let path = [3, *index as i32];
                ctx.report(
                    file,
                    Some(&path),
                    format!("Package import cycle: {}", cycle.join(" -> ")),
                );
            }
        }
    }
}

type Graph<'a, 'b> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<(&'b FileEl<'b>, usize)>>>;

fn find_cycle<'a>(
    pkg: &'a str,
    graph: &Graph<'a, '_>,
    used: &mut BTreeSet<&'a str>,
    mut list: Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    list.push(pkg);
    if used.contains(pkg) {
        return (list.first() == list.last()).then_some(list);
    }
    used.insert(pkg);
    if let Some(imported) = graph.get(pkg) {
        for direct in imported.keys() {
            if direct.is_empty() {
                continue;
            }
            if let Some(cycle) = find_cycle(direct, graph, used, list.clone()) {
                return Some(cycle);
            }
        }
    }
    used.remove(pkg);
    None
}
