//! `RPC_REQUEST_RESPONSE_UNIQUE`: Checks that RPC request and response types are only used in one RPC (configurable).

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RPC_REQUEST_RESPONSE_UNIQUE",
        kind: Kind::Lint,
        purpose: r#"Checks that RPC request and response types are only used in one RPC (configurable)."#,
        doc: r#"Each request and response type is used by one RPC only, and no RPC uses one type for both (`rpc_allow_same_request_response`, `rpc_allow_google_protobuf_empty_requests` and `rpc_allow_google_protobuf_empty_responses` relax this).

```proto
service WidgetService {
  rpc Get(GetRequest) returns (Widget);
  rpc Update(UpdateRequest) returns (Widget); // "acme.v1.Widget" is used as the request or response type for multiple RPCs.
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
    checks: &[Check::Files(check)],
    unlinked: false,
};

const EMPTY: &str = "google.protobuf.Empty";

fn check(ctx: &mut Ctx<'_>, files: &Files<'_>) {
    let allow_same = ctx.config.rpc_allow_same_request_response;
    let allow_empty_requests = ctx.config.rpc_allow_google_protobuf_empty_requests;
    let allow_empty_responses = ctx.config.rpc_allow_google_protobuf_empty_responses;
    // Method full name -> (file, path, name, input, output).
    let mut methods: BTreeMap<String, (&FileEl<'_>, Vec<i32>, &str, &str, &str)> = BTreeMap::new();
    for file in &files.targets {
        for (s, service) in file.proto.service.iter().enumerate() {
            for (m, method) in service.method.iter().enumerate() {
                let full_name = format!("{}.{}.{}", file.package(), service.name(), method.name());
                methods.entry(full_name).or_insert((
                    file,
                    vec![6, s as i32, 2, m as i32],
                    method.name(),
                    method.input_type().trim_start_matches('.'),
                    method.output_type().trim_start_matches('.'),
                ));
            }
        }
    }
    if !allow_same {
        for (file, path, name, input, output) in methods.values() {
            if input == output
                && !(*input == EMPTY && allow_empty_requests && allow_empty_responses)
            {
                ctx.report(
                    file,
                    Some(path),
                    format!(
                        "RPC {name:?} has the same type {input:?} for the request and response."
                    ),
                );
            }
        }
    }
    let mut by_type: BTreeMap<&str, BTreeSet<&String>> = BTreeMap::new();
    for (full_name, (_, _, _, input, output)) in &methods {
        by_type.entry(input).or_default().insert(full_name);
        by_type.entry(output).or_default().insert(full_name);
    }
    for (ty, users) in by_type {
        if users.len() < 2 {
            continue;
        }
        if ty == EMPTY && (allow_empty_requests || allow_empty_responses) {
            if allow_empty_requests && allow_empty_responses {
                continue;
            }
            let requests: Vec<_> = users
                .iter()
                .map(|n| &methods[*n])
                .filter(|m| m.3 == EMPTY)
                .collect();
            let responses: Vec<_> = users
                .iter()
                .map(|n| &methods[*n])
                .filter(|m| m.4 == EMPTY)
                .collect();
            if !allow_empty_requests && requests.len() > 1 {
                for (file, path, ..) in requests {
                    ctx.report(
                        file,
                        Some(path),
                        format!("{ty:?} is used as the request for multiple RPCs."),
                    );
                }
            }
            if !allow_empty_responses && responses.len() > 1 {
                for (file, path, ..) in responses {
                    ctx.report(
                        file,
                        Some(path),
                        format!("{ty:?} is used as the response for multiple RPCs."),
                    );
                }
            }
        } else {
            for name in users {
                let (file, path, ..) = &methods[name];
                ctx.report(
                    file,
                    Some(path),
                    format!("{ty:?} is used as the request or response type for multiple RPCs."),
                );
            }
        }
    }
}
