//! `ENUM_ZERO_VALUE_SUFFIX`: Checks that enum zero values have a consistent suffix (configurable, default suffix is "_UNSPECIFIED").

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_ZERO_VALUE_SUFFIX",
        kind: Kind::Lint,
        purpose: r#"Checks that enum zero values have a consistent suffix (configurable, default suffix is "_UNSPECIFIED")."#,
        doc: r#"The zero value of every enum must end with a suffix, `_UNSPECIFIED` unless `enum_zero_value_suffix` says otherwise.

```proto
enum Colour {
  COLOUR_NONE = 0; // should be suffixed with "_UNSPECIFIED"
}
```"#,
        categories: PerVersion {
            v1beta1: Some(&[
                Category::Default,
                Category::Standard,
                Category::StyleDefault,
                Category::StyleStandard,
            ]),
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::EnumValue(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumValueEl<'_>) {
    if el.proto.number() != 0 {
        return;
    }
    let suffix = if ctx.config.enum_zero_value_suffix.is_empty() {
        "_UNSPECIFIED"
    } else {
        ctx.config.enum_zero_value_suffix.as_str()
    };
    let name = el.proto.name();
    if !name.ends_with(suffix) {
        let path = el.name_path();
        let message = format!("Enum zero value name {name:?} should be suffixed with {suffix:?}.");
        ctx.report(el.file, Some(&path), message);
    }
}
