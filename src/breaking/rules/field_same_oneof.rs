//! `FIELD_SAME_ONEOF`: Checks that fields have the same oneofs in a given message.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_SAME_ONEOF",
        kind: Kind::Breaking,
        purpose: r#"Checks that fields have the same oneofs in a given message."#,
        doc: r#"A field must stay in (or out of) the same oneof: moving it changes generated code and which fields clear each other.

```proto
string email = 3;                       // previous
oneof contact { string email = 3; }     // current: moved inside a oneof
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v1: Some(&[
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
            v2: Some(&[
                Category::Csr,
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
            ]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
};

fn check(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    if prev.is_extension() {
        return;
    }
    let real = |f: &FieldEl| {
        f.oneof
            .as_ref()
            .filter(|(_, synthetic)| !synthetic)
            .map(|(name, _)| name.clone())
    };
    let (before, after) = (real(prev), real(cur));
    let message = match (&before, &after) {
        (None, None) => return,
        (Some(b), Some(a)) if b == a => return,
        (Some(b), Some(a)) => format!(
            "{} moved from oneof {b:?} to oneof {a:?}.",
            cur.description()
        ),
        (Some(_), None) => format!(
            "{} moved from inside to outside a oneof.",
            cur.description()
        ),
        (None, Some(_)) => format!(
            "{} moved from outside to inside a oneof.",
            cur.description()
        ),
    };
    ctx.report(
        Some(At::path(cur.file, cur.path.clone())),
        Some(prev.file),
        message,
    );
}
