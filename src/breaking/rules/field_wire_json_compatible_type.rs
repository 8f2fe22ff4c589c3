//! `FIELD_WIRE_JSON_COMPATIBLE_TYPE`: Checks that fields have wire and JSON compatible types in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have wire and JSON compatible types in a given message."#,
        doc: r#"A field's type may change only to one with the same binary and JSON encodings: `int32`/`uint32`, `int64`/`uint64`, `fixed32`/`sfixed32`, `fixed64`/`sfixed64`."#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[Category::WireJson]),
            v2: Some(&[Category::Csr, Category::WireJson]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

/// Kinds in one group share both the binary and the JSON encoding.
fn group(kind: &str) -> u8 {
    match kind {
        "int32" | "uint32" => 1,
        "int64" | "uint64" => 2,
        "fixed32" | "sfixed32" => 3,
        "fixed64" | "sfixed64" => 4,
        "bool" => 5,
        "sint32" => 6,
        "sint64" => 7,
        "string" => 8,
        "bytes" => 9,
        "double" => 10,
        "float" => 11,
        "group" => 12,
        "message" => 13,
        _ => 14,
    }
}

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    let (before, after) = (kind_id(prev), kind_id(cur));
    if group(before) != group(after) {
        field_changed_type(
            ctx,
            prev,
            cur,
            &["See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules."],
        );
        return;
    }
    if prev.type_name() == cur.type_name() {
        return;
    }
    match after {
        "enum" => enum_wire_compatible(ctx, prev, cur),
        "group" | "message" => field_changed_type_name(ctx, prev, cur),
        _ => {}
    }
}
