//! `RPC_NO_CLIENT_STREAMING`: Checks that RPCs are not client streaming.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_NO_CLIENT_STREAMING",
        kind: Kind::Lint,
        purpose: r#"Checks that RPCs are not client streaming."#,
        doc: r#"RPCs must not be client streaming.

```proto
service WidgetService {
  rpc Watch(stream WatchRequest) returns (WatchResponse); // flagged
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[Category::UnaryRpc]),
            v1: Some(&[Category::UnaryRpc]),
            v2: Some(&[Category::UnaryRpc]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Method(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &MethodEl<'_>) {
    if el.proto.client_streaming() {
        ctx.report(
            el.file,
            Some(&el.path),
            format!("RPC {:?} is client streaming.", el.proto.name()),
        );
    }
}
