//! `FIELD_WIRE_COMPATIBLE_CARDINALITY`: Checks that fields have wire-compatible cardinalities in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have wire-compatible cardinalities in a given message."#,
        doc: r#"A field's cardinality may change only in ways the binary encoding tolerates: optional presence kinds are interchangeable, and so are repeated and map."#,
        categories: PerVersion::all(&[Category::Wire]),
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    cardinality_change(ctx, prev, cur, |c| match c {
        Cardinality::OptionalExplicit | Cardinality::OptionalImplicit => 1,
        Cardinality::Required => 2,
        Cardinality::Repeated | Cardinality::Map => 3,
    });
}
