//! `ENUM_VALUE_NUMBER_NOT_RESERVED`: Checks that enum values do not use reserved numbers.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_NUMBER_NOT_RESERVED",
        kind: Kind::Lint,
        purpose: r#"Checks that enum values do not use reserved numbers."#,
        doc: r#"*protowright rule.* Enum values must not use a number their enum reserves. Runs on files that do not compile.

```proto
enum Colour {
  reserved 1;
  COLOUR_UNSPECIFIED = 0;
  COLOUR_RED = 1; // Enum value "COLOUR_RED" on enum "Colour" uses number 1, which is reserved (line 2).
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
    let number = el.proto.number();
    for (index, range) in el.enum_.proto.reserved_range.iter().enumerate() {
        if range.start() <= number && number <= range.end() {
            let range_path = child(&el.enum_.path, &[4, index as i32]);
            let path = el.number_path();
            let text = format!(
                "Enum value {:?} on enum {:?} uses number {number}, which is reserved (line {}).",
                el.proto.name(),
                el.enum_.proto.name(),
                line_of(el.file, &range_path),
            );
            ctx.report(el.file, Some(&path), text);
            return;
        }
    }
}
