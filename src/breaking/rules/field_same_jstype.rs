//! `FIELD_SAME_JSTYPE`: Checks that fields have the same value for the jstype option.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_JSTYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same value for the jstype option."#,
        doc: r#"64-bit integer fields must keep their `jstype` option: JavaScript code sees a number or a string."#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn is_64_bit(f: &FieldEl) -> bool {
    use prost_types::field_descriptor_proto::Type;
    matches!(
        f.proto.r#type(),
        Type::Int64 | Type::Sint64 | Type::Uint64 | Type::Fixed64 | Type::Sfixed64
    )
}

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    if !is_64_bit(prev) || !is_64_bit(cur) {
        return;
    }
    let jstype = |f: &FieldEl| {
        f.proto
            .options
            .as_ref()
            .map(|o| o.jstype())
            .unwrap_or_default()
            .as_str_name()
    };
    let (before, after) = (jstype(prev), jstype(cur));
    if before != after {
        let at = ctx.first_present(cur.file, &[cur.child(&[8, 6]), cur.path.clone()]);
        ctx.report(
            Some(at),
            Some(prev.file),
            format!(
                "{} changed option \"jstype\" from {before:?} to {after:?}.",
                cur.description()
            ),
        );
    }
}
