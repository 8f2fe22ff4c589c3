//! `RPC_SAME_CLIENT_STREAMING`: Checks that rpcs have the same client streaming value.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_SAME_CLIENT_STREAMING",
        kind: Kind::Breaking,
        purpose: r#"Checks that rpcs have the same client streaming value."#,
        doc: r#"An RPC must keep its client streaming mode: stubs and wire framing differ.

```proto
rpc Watch(WatchRequest) returns (WatchResponse);        // previous
rpc Watch(WatchRequest) returns (stream WatchResponse); // current: breaking (server side)
```"#,
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
    let (before, after) = (
        prev.proto().client_streaming(),
        cur.proto().client_streaming(),
    );
    if before != after {
        let word = |streaming: bool| if streaming { "streaming" } else { "unary" };
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!(
                "RPC {:?} on service {:?} changed from client {} to client {}.",
                cur.desc.name(),
                cur.service_name(),
                word(before),
                word(after)
            ),
        );
    }
}
