//! `SERVICE_NO_DELETE`: Checks that services are not deleted from a given file.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SERVICE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that services are not deleted from a given file."#,
        doc: r#"Services must not be deleted from a file; the finding is on the file (1:1).

```proto
service WidgetService { rpc Get(GetRequest) returns (GetResponse); } // previous; deleted: breaking
```"#,
        categories: PerVersion::all(&[Category::File]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::File(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: usize, cur: usize) {
    let current = ctx.cur.file_services_by_name(cur);
    let gone: Vec<String> = ctx
        .prev
        .file_services_by_name(prev)
        .into_keys()
        .filter(|name| !current.contains_key(name))
        .map(str::to_string)
        .collect();
    for name in gone {
        ctx.report(
            Some(At::file(cur)),
            Some(prev),
            format!("Previously present service {name:?} was deleted from file."),
        );
    }
}
