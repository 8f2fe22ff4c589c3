//! `FIELD_NOT_REQUIRED`: Checks that fields are not configured to be required.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NOT_REQUIRED",
        kind: Kind::Lint,
        purpose: r#"Checks that fields are not configured to be required."#,
        doc: r#"Fields must not be `required` (proto2) or have `features.field_presence = LEGACY_REQUIRED` (editions): required fields can never be removed safely.

```proto
message Widget { required string name = 1; } // flagged
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: None,
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    use prost_reflect::Cardinality;
    use prost_types::field_descriptor_proto::Label;
    // The linked descriptor knows the cardinality editions features give a field; the label is
    // the answer for proto2 and the fallback.
    let linked = el.file.linked.as_ref().and_then(|file| {
        let pool = file.parent_pool();
        let cardinality = if el.is_extension {
            pool.get_extension_by_name(&format!("{}.{}", el.scope(), el.proto.name()))?
                .cardinality()
        } else {
            pool.get_message_by_name(&el.message?.full_name)?
                .get_field_by_name(el.proto.name())?
                .cardinality()
        };
        Some(cardinality == Cardinality::Required)
    });
    if linked.unwrap_or(el.proto.label() == Label::Required) {
        let path = el.name_path();
        ctx.report(
            el.file,
            Some(&path),
            format!("Field named {:?} should not be required.", el.proto.name()),
        );
    }
}
