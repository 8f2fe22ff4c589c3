//! `RPC_RESPONSE_STANDARD_NAME`: Checks that RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse (configurable).

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_RESPONSE_STANDARD_NAME",
        kind: Kind::Lint,
        purpose: r#"Checks that RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse (configurable)."#,
        doc: r#"Response types must be named `<RPC>Response` or `<Service><RPC>Response` (`rpc_allow_google_protobuf_empty_responses` allows `google.protobuf.Empty`).

```proto
service WidgetService {
  rpc GetWidget(GetWidgetRequest) returns (Widget); // flagged
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Default,
                Category::Standard,
                Category::StyleDefault,
                Category::StyleStandard,
            ]),
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Method(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &MethodEl<'_>) {
    let full = el.output_type();
    if ctx.config.rpc_allow_google_protobuf_empty_responses && full == "google.protobuf.Empty" {
        return;
    }
    let name = full.rsplit('.').next().unwrap_or(full);
    let expected1 = format!("{}Response", to_pascal_case(el.proto.name()));
    let expected2 = format!("{}{expected1}", to_pascal_case(el.service.proto.name()));
    if name != expected1 && name != expected2 {
        let path = child(&el.path, &[3]);
        ctx.report(
            el.file,
            Some(&path),
            format!("RPC response type {name:?} should be named {expected1:?} or {expected2:?}."),
        );
    }
}
