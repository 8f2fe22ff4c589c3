//! `RPC_SAME_RESPONSE_TYPE`: Checks that rpcs are have the same response type.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_SAME_RESPONSE_TYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that rpcs are have the same response type."#,
        doc: r#"An RPC must keep its response type."#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Method(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &MethodEl, cur: &MethodEl) {
    let name = |m: &MethodEl| m.proto().output_type().trim_start_matches('.').to_string();
    let (before, after) = (name(prev), name(cur));
    if before != after {
        let mut path = cur.path();
        path.push(3);
        ctx.report(
            Some(At::path(cur.file, path)),
            Some(prev.file),
            format!(
                "RPC {:?} on service {:?} changed response type from {before:?} to {after:?}.",
                cur.desc.name(),
                cur.service_name()
            ),
        );
    }
}
