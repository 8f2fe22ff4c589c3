//! `FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY`: Checks that fields have wire and JSON compatible cardinalities in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have wire and JSON compatible cardinalities in a given message."#,
        doc: r#"A field's cardinality may change only in ways both the binary and JSON encodings tolerate: optional presence kinds are interchangeable; repeated and map are not (their JSON differs)."#,
        categories: PerVersion {
            v1beta1: Some(&[Category::WireJson]),
            v1: Some(&[Category::WireJson]),
            v2: Some(&[Category::Csr, Category::WireJson]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    cardinality_change(ctx, prev, cur, |c| match c {
        Cardinality::OptionalExplicit | Cardinality::OptionalImplicit => 1,
        Cardinality::Required => 2,
        Cardinality::Repeated => 3,
        Cardinality::Map => 4,
    });
}
