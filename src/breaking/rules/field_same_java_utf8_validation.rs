//! `FIELD_SAME_JAVA_UTF8_VALIDATION`: Checks that fields have the same Java string UTF8 validation, based on java_string_check_utf8 file option or (pb.java).utf8_validation feature.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_JAVA_UTF8_VALIDATION",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same Java string UTF8 validation, based on java_string_check_utf8 file option or (pb.java).utf8_validation feature."#,
        doc: r#"String fields must keep their Java UTF-8 validation (the file option `java_string_check_utf8`, or the `(pb.java).utf8_validation` feature)."#,
        categories: PerVersion::all(&[Category::File, Category::Package]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn validation(side: &Side, f: &FieldEl) -> &'static str {
    let file = side.file(f.file);
    let check_utf8 = file
        .proto()
        .options
        .as_ref()
        .is_some_and(|o| o.java_string_check_utf8());
    if check_utf8 {
        "VERIFY"
    } else {
        utf8_default(file.syntax())
    }
}

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    if !matches!(prev.kind, FieldKind::String) || !matches!(cur.kind, FieldKind::String) {
        return;
    }
    let (before, after) = (validation(ctx.prev, prev), validation(ctx.cur, cur));
    if before != after {
        // The file option's location first, then the field.
        let file_option = vec![8, 27];
        let at = if ctx.cur.file(cur.file).has_location(&file_option) {
            At::path(cur.file, file_option)
        } else {
            At::path(cur.file, cur.path.clone())
        };
        ctx.report(
            Some(at),
            Some(prev.file),
            format!(
                "{} changed Java string UTF8 validation from {before:?} to {after:?}.",
                cur.description()
            ),
        );
    }
}
