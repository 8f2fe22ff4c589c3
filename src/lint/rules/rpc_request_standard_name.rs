//! `RPC_REQUEST_STANDARD_NAME`: Checks that RPC request type names are RPCNameRequest or ServiceNameRPCNameRequest (configurable).

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_REQUEST_STANDARD_NAME",
        kind: Kind::Lint,
        purpose: r#"Checks that RPC request type names are RPCNameRequest or ServiceNameRPCNameRequest (configurable)."#,
        doc: r#"Request types must be named `<RPC>Request` or `<Service><RPC>Request` (`rpc_allow_google_protobuf_empty_requests` allows `google.protobuf.Empty`).

```proto
service WidgetService {
  rpc GetWidget(Widget) returns (GetWidgetResponse); // flagged
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
    check_standard_name(ctx, el, Side::Request);
}

/// Which message of an RPC a standard-name rule checks.
#[derive(Clone, Copy)]
pub(super) enum Side {
    Request,
    Response,
}

/// Shared by RPC_REQUEST_STANDARD_NAME and RPC_RESPONSE_STANDARD_NAME: the message must be named
/// `<Rpc><Suffix>` or `<Service><Rpc><Suffix>`, unless it is an allowed `google.protobuf.Empty`.
pub(super) fn check_standard_name(ctx: &mut Ctx<'_>, el: &MethodEl<'_>, side: Side) {
    // (type, Empty allowed, suffix, MethodDescriptorProto field, word in the message)
    let (full, allow_empty, suffix, field, word) = match side {
        Side::Request => (
            el.input_type(),
            ctx.config.rpc_allow_google_protobuf_empty_requests,
            "Request",
            2,
            "request",
        ),
        Side::Response => (
            el.output_type(),
            ctx.config.rpc_allow_google_protobuf_empty_responses,
            "Response",
            3,
            "response",
        ),
    };
    if allow_empty && full == "google.protobuf.Empty" {
        return;
    }
    let name = full.rsplit('.').next().unwrap_or(full);
    let expected1 = format!("{}{suffix}", to_pascal_case(el.proto.name()));
    let expected2 = format!("{}{expected1}", to_pascal_case(el.service.proto.name()));
    if name != expected1 && name != expected2 {
        let path = child(&el.path, &[field]);
        ctx.report(
            el.file,
            Some(&path),
            format!("RPC {word} type {name:?} should be named {expected1:?} or {expected2:?}."),
        );
    }
}
