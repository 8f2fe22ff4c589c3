//! `FIELD_SAME_CPP_STRING_TYPE`: Checks that fields have the same C++ string type, based on ctype field option or (pb.cpp).string_type feature.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_CPP_STRING_TYPE",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same C++ string type, based on ctype field option or (pb.cpp).string_type feature."#,
        doc: r#"String and bytes fields must keep their C++ string type (`ctype`, or the `(pb.cpp).string_type` feature); changing `STRING_PIECE` to `STRING` is allowed."#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

/// (string type, whether it is `STRING_PIECE`), from `ctype` (editions features are not read).
fn string_type(f: &FieldEl) -> (&'static str, bool) {
    match f.proto.options.as_ref().and_then(|o| o.ctype) {
        Some(1) => ("CORD", false),
        Some(2) => ("STRING", true),
        _ => ("STRING", false),
    }
}

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    if prev.in_map_entry && cur.in_map_entry {
        return;
    }
    let stringish = |f: &FieldEl| matches!(f.kind, FieldKind::String | FieldKind::Bytes);
    if !stringish(prev) || !stringish(cur) {
        return;
    }
    let (before, before_piece) = string_type(prev);
    let (after, after_piece) = string_type(cur);
    // STRING_PIECE → STRING is not breaking.
    if (before == after && before_piece == after_piece)
        || (before_piece && after == "STRING" && !after_piece)
    {
        return;
    }
    let name = |t: &'static str, piece: bool| if piece { "STRING_PIECE" } else { t };
    let at = ctx.first_present(cur.file, &[cur.child(&[8, 1]), cur.path.clone()]);
    ctx.report(
        Some(at),
        Some(prev.file),
        format!(
            "{} changed C++ string type from {:?} to {:?}.",
            cur.description(),
            name(before, before_piece),
            name(after, after_piece)
        ),
    );
}
