//! `FIELD_NUMBER_IN_RANGE`: Checks that field numbers are between 1 and 536,870,911 and outside 19,000 to 19,999.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NUMBER_IN_RANGE",
        kind: Kind::Lint,
        purpose: r#"Checks that field numbers are between 1 and 536,870,911 and outside 19,000 to 19,999."#,
        doc: r#"*protowright rule.* Field numbers must be between 1 and 536,870,911 and outside 19,000–19,999 (reserved for the protobuf implementation). Runs on files that do not compile.

```proto
message Widget {
  string name = 19000; // Field "name" on message "Widget" uses number 19000, which is reserved for the protobuf implementation (19,000 to 19,999).
}
```"#,
        categories: OWN_RULE_CATEGORIES,
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Field(check)],
    unlinked: true,
};

fn check(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    let number = el.proto.number();
    let subject = match (el.is_extension, el.message) {
        (false, Some(m)) => format!(
            "Field {:?} on message {:?}",
            el.proto.name(),
            m.proto.name()
        ),
        _ => format!("Extension {:?}", el.proto.name()),
    };
    let text = if !(1..=536_870_911).contains(&number) {
        format!("{subject} uses number {number}, outside the valid range 1 to 536,870,911.")
    } else if (19_000..=19_999).contains(&number) {
        format!("{subject} uses number {number}, which is reserved for the protobuf implementation (19,000 to 19,999).")
    } else {
        return;
    };
    let path = el.number_path();
    ctx.report(el.file, Some(&path), text);
}
