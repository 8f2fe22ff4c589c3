//! `RPC_SAME_IDEMPOTENCY_LEVEL`: Checks that rpcs have the same value for the idempotency_level option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_SAME_IDEMPOTENCY_LEVEL",
        kind: Kind::Breaking,
        purpose: r#"Checks that rpcs have the same value for the idempotency_level option."#,
        doc: r#"An RPC must keep its `idempotency_level` option: clients and proxies retry and cache by it."#,
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
    let level = |m: &MethodEl| {
        m.proto()
            .options
            .as_ref()
            .map(|o| o.idempotency_level())
            .unwrap_or_default()
            .as_str_name()
    };
    let (before, after) = (level(prev), level(cur));
    if before != after {
        let mut path = cur.path();
        path.extend_from_slice(&[4, 34]);
        ctx.report(
            Some(At::path(cur.file, path)),
            Some(prev.file),
            format!(
                "RPC {:?} on service {:?} changed option \"idempotency_level\" from {before:?} to {after:?}.",
                cur.desc.name(),
                cur.service_name()
            ),
        );
    }
}
