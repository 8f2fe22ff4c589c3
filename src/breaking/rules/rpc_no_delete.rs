//! `RPC_NO_DELETE`: Checks that rpcs are not deleted from a given service.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_NO_DELETE",
        kind: Kind::Breaking,
        purpose: r#"Checks that rpcs are not deleted from a given service."#,
        doc: r#"RPCs must not be deleted from a service; reported on the service."#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Service(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &ServiceEl, cur: &ServiceEl) {
    let current = cur.methods();
    for name in prev.methods().into_keys() {
        if !current.contains_key(&name) {
            ctx.report(
                Some(At::path(cur.file, cur.path())),
                Some(prev.file),
                format!(
                    "Previously present RPC {name:?} on service {:?} was deleted.",
                    cur.desc.name()
                ),
            );
        }
    }
}
