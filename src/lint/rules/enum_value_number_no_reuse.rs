//! `ENUM_VALUE_NUMBER_NO_REUSE`: Checks that no two enum values share a number unless the enum allows aliases.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ENUM_VALUE_NUMBER_NO_REUSE",
        kind: Kind::Lint,
        purpose: r#"Checks that no two enum values share a number unless the enum allows aliases."#,
        doc: r#"*protowright rule.* No two values of an enum share a number unless the enum sets `allow_alias`. Runs on files that do not compile.

```proto
enum Colour {
  COLOUR_UNSPECIFIED = 0;
  COLOUR_RED = 0; // Enum value "COLOUR_RED" on enum "Colour" uses number 0, already used by enum value "COLOUR_UNSPECIFIED" (line 2).
}
```"#,
        categories: OWN_RULE_CATEGORIES,
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Enum(check)],
    unlinked: true,
};

fn check(ctx: &mut Ctx<'_>, el: &EnumEl<'_>) {
    if el.allow_alias() {
        return;
    }
    let mut seen: BTreeMap<i32, usize> = BTreeMap::new();
    for (index, value) in el.proto.value.iter().enumerate() {
        match seen.get(&value.number()) {
            Some(&first) => {
                let first_path = child(&el.path, &[2, first as i32]);
                let path = child(&el.path, &[2, index as i32, 2]);
                let message = format!(
                    "Enum value {:?} on enum {:?} uses number {}, already used by enum value {:?} (line {}).",
                    value.name(),
                    el.proto.name(),
                    value.number(),
                    el.proto.value[first].name(),
                    line_of(el.file, &first_path),
                );
                ctx.report(el.file, Some(&path), message);
            }
            None => {
                seen.insert(value.number(), index);
            }
        }
    }
}
