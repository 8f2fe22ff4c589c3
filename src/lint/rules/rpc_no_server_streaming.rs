//! `RPC_NO_SERVER_STREAMING`: Checks that RPCs are not server streaming.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_NO_SERVER_STREAMING",
        kind: Kind::Lint,
        purpose: r#"Checks that RPCs are not server streaming."#,
        doc: r#"RPCs must not be server streaming.

```proto
service WidgetService {
  rpc Watch(WatchRequest) returns (stream WatchResponse); // flagged
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
    if el.proto.server_streaming() {
        ctx.report(
            el.file,
            Some(&el.path),
            format!("RPC {:?} is server streaming.", el.proto.name()),
        );
    }
}
