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
    super::rpc_request_standard_name::check_standard_name(
        ctx,
        el,
        super::rpc_request_standard_name::Side::Response,
    );
}
