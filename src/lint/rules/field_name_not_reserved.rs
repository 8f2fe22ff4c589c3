//! `FIELD_NAME_NOT_RESERVED`: Checks that fields do not use reserved names.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NAME_NOT_RESERVED",
        kind: Kind::Lint,
        purpose: r#"Checks that fields do not use reserved names."#,
        doc: r#"*protowright rule.* Fields must not use a name their message reserves. Runs on files that do not compile.

```proto
message Widget {
  reserved "label";
  string label = 1; // Field "label" on message "Widget" uses name "label", which is reserved (line 2).
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
    let name = el.proto.name();
    if let Some(index) = message.proto.reserved_name.iter().position(|n| n == name) {
        let reserved_path = child(&message.path, &[10, index as i32]);
        let path = el.name_path();
        let text = format!(
            "Field {name:?} on message {:?} uses name {name:?}, which is reserved (line {}).",
            message.proto.name(),
            line_of(el.file, &reserved_path),
        );
        ctx.report(el.file, Some(&path), text);
    }
}
