//! `ENUM_VALUE_NAME_NOT_RESERVED`: Checks that enum values do not use reserved names.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_NAME_NOT_RESERVED",
        kind: Kind::Lint,
        purpose: r#"Checks that enum values do not use reserved names."#,
        doc: r#"*protowright rule.* Enum values must not use a name their enum reserves. Runs on files that do not compile.

```proto
enum Colour {
  reserved "COLOUR_RED";
  COLOUR_UNSPECIFIED = 0;
  COLOUR_RED = 1; // flagged
}
```"#,
        categories: OWN_RULE_CATEGORIES,
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::EnumValue(check)],
    unlinked: true,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumValueEl<'_>) {
    let name = el.proto.name();
    if let Some(index) = el.enum_.proto.reserved_name.iter().position(|n| n == name) {
        let reserved_path = child(&el.enum_.path, &[5, index as i32]);
        let path = el.name_path();
        let text = format!(
            "Enum value {name:?} on enum {:?} uses name {name:?}, which is reserved (line {}).",
            el.enum_.proto.name(),
            line_of(el.file, &reserved_path),
        );
        ctx.report(el.file, Some(&path), text);
    }
}
