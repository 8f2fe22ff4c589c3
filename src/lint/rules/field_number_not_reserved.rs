//! `FIELD_NUMBER_NOT_RESERVED`: Checks that fields do not use reserved numbers.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NUMBER_NOT_RESERVED",
        kind: Kind::Lint,
        purpose: r#"Checks that fields do not use reserved numbers."#,
        doc: r#"*protowright rule.* Fields must not use a number their message reserves. Runs on files that do not compile.

```proto
message Widget {
  reserved 2 to 5;
  string name = 3; // Field "name" on message "Widget" uses number 3, which is reserved (line 2).
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
    let (Some(message), false) = (el.message, el.is_extension) else {
        return;
    };
    let number = el.proto.number();
    for (index, range) in message.proto.reserved_range.iter().enumerate() {
        if range.start() <= number && number < range.end() {
            let range_path = child(&message.path, &[9, index as i32]);
            let path = el.number_path();
            let text = format!(
                "Field {:?} on message {:?} uses number {number}, which is reserved (line {}).",
                el.proto.name(),
                message.proto.name(),
                line_of(el.file, &range_path),
            );
            ctx.report(el.file, Some(&path), text);
            return;
        }
    }
}
