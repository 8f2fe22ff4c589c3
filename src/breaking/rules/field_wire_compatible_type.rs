//! `FIELD_WIRE_COMPATIBLE_TYPE`: Checks that fields have wire-compatible types in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_WIRE_COMPATIBLE_TYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have wire-compatible types in a given message."#,
        doc: r#"A field's type may change only to one with the same binary encoding: `int32`, `int64`, `uint32`, `uint64` and `bool` are interchangeable, and so are `sint32`/`sint64`, `fixed32`/`sfixed32`, `fixed64`/`sfixed64`; `string` may become `bytes`. An enum may be replaced by one with the same name whose values include all the old ones."#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[Category::Wire]),
            v2: Some(&[Category::Wire]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

/// Kinds in one group share a wire encoding.
fn group(kind: &str) -> u8 {
    match kind {
        "int32" | "int64" | "uint32" | "uint64" | "bool" => 1,
        "sint32" | "sint64" => 2,
        "string" => 3,
        "bytes" => 4,
        "fixed32" | "sfixed32" => 5,
        "fixed64" | "sfixed64" => 6,
        "double" => 7,
        "float" => 8,
        "group" => 9,
        "message" => 10,
        _ => 11,
    }
}

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    let (before, after) = (kind_id(prev), kind_id(cur));
    if group(before) != group(after) {
        let mut extra = vec![
            "See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.",
        ];
        match (before, after) {
            // string → bytes is compatible.
            ("string", "bytes") => return,
            ("bytes", "string") => extra.push(
                "Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.",
            ),
            _ => {}
        }
        field_changed_type(ctx, prev, cur, &extra);
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
