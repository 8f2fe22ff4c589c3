//! `FIELD_NO_DESCRIPTOR`: Checks that field names are not any capitalization of "descriptor" with any number of prefix or suffix underscores.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NO_DESCRIPTOR",
        kind: Kind::Lint,
        purpose: r#"Checks that field names are not any capitalization of "descriptor" with any number of prefix or suffix underscores."#,
        doc: r#"Field names must not be `descriptor` in any capitalization, with any number of leading or trailing underscores: it clashes with generated accessors.

```proto
message Widget { string _Descriptor_ = 1; } // flagged
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Minimal,
                Category::Basic,
                Category::Default,
                Category::Standard,
                Category::Sensible,
            ]),
            v1: None,
            v2: None,
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    let name = el.proto.name();
    if name.trim_matches('_').to_lowercase() == "descriptor" {
        let path = el.name_path();
        ctx.report(
            el.file,
            Some(&path),
            format!("Field name {name:?} cannot be any capitalization of \"descriptor\" with any number of prefix or suffix underscores."),
        );
    }
}
