//! `FILE_NO_DELETE`: Checks that files are not deleted.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FILE_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that files are not deleted."#,
        doc: r#"Files must not be deleted. Moving a file is a deletion too: its import path changes. The finding has no location, as buf reports it."#,
        categories: PerVersion {
            v1beta1: Some(&[Category::File]),
            v1: Some(&[Category::File]),
            v2: Some(&[Category::Csr, Category::File]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Sides(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &Side, cur: &Side) {
    for (name, &file) in &prev.by_name {
        if !cur.by_name.contains_key(name) {
            ctx.report(
                None,
                Some(file),
                format!("Previously present file {name:?} was deleted."),
            );
        }
    }
}
