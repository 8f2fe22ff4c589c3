//! `FIELD_NUMBER_NO_REUSE`: Checks that no two fields of a message share a number.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "FIELD_NUMBER_NO_REUSE",
        kind: Kind::Lint,
        purpose: r#"Checks that no two fields of a message share a number."#,
        doc: r#"*protowright rule.* No two fields of a message share a number — oneof members included, and extensions declared in the input for a message of the input. Runs on files that do not compile.

```proto
message Widget {
  string name = 1;
  string label = 1; // Field "label" on message "Widget" uses number 1, already used by field "name" (line 2).
}
```"#,
        categories: OWN_RULE_CATEGORIES,
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check_message), Check::Field(check_extension)],
    unlinked: true,
};

fn check_message(ctx: &mut Ctx<'_>, el: &MessageEl<'_>) {
    let mut seen: BTreeMap<i32, usize> = BTreeMap::new();
    for (index, field) in el.proto.field.iter().enumerate() {
        match seen.get(&field.number()) {
            Some(&first) => {
                let first_path = child(&el.path, &[2, first as i32]);
                let path = child(&el.path, &[2, index as i32, 3]);
                let message = format!(
                    "Field {:?} on message {:?} uses number {}, already used by field {:?} (line {}).",
                    field.name(),
                    el.proto.name(),
                    field.number(),
                    el.proto.field[first].name(),
                    line_of(el.file, &first_path),
                );
                ctx.report(el.file, Some(&path), message);
            }
            None => {
                seen.insert(field.number(), index);
            }
        }
    }
}

fn check_extension(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    if !el.is_extension {
        return;
    }
    let Some((target_name, target_file, target)) =
        ctx.resolve_message(&el.scope(), el.proto.extendee())
    else {
        return;
    };
    let Some(index) = target
        .field
        .iter()
        .position(|f| f.number() == el.proto.number())
    else {
        // Another extension of the same message declared earlier with the same number.
        let earlier = ctx
            .extensions_of(&target_name)
            .iter()
            .take_while(|x| !(x.file.name == el.file.name && x.path == el.path))
            .find(|x| x.proto.number() == el.proto.number())
            .map(|x| (x.file, x.proto.name(), x.path.clone()));
        if let Some((file, name, path)) = earlier {
            let at = if file.name == el.file.name {
                format!("line {}", line_of(file, &path))
            } else {
                format!("{}:{}", file.name, line_of(file, &path))
            };
            let message = format!(
                "Extension {:?} of message {:?} uses number {}, already used by extension {name:?} ({at}).",
                el.proto.name(),
                target.name(),
                el.proto.number(),
            );
            let number = el.number_path();
            ctx.report(el.file, Some(&number), message);
        }
        return;
    };
    let target_path = field_path(target_file, target, index);
    let line = match target_path {
        Some(p) if target_file.name == el.file.name => format!("line {}", line_of(target_file, &p)),
        Some(p) => format!("{}:{}", target_file.name, line_of(target_file, &p)),
        None => target_file.name.to_string(),
    };
    let path = el.number_path();
    let message = format!(
        "Extension {:?} of message {:?} uses number {}, already used by field {:?} ({line}).",
        el.proto.name(),
        target.name(),
        el.proto.number(),
        target.field[index].name(),
    );
    ctx.report(el.file, Some(&path), message);
}

/// The SourceCodeInfo path of field `index` of `message` in `file` (a message can be nested).
fn field_path(
    file: &FileEl<'_>,
    message: &prost_types::DescriptorProto,
    index: usize,
) -> Option<Vec<i32>> {
    fn find(
        messages: &[prost_types::DescriptorProto],
        tag: i32,
        prefix: &[i32],
        target: *const prost_types::DescriptorProto,
    ) -> Option<Vec<i32>> {
        for (i, m) in messages.iter().enumerate() {
            let path = child(prefix, &[tag, i as i32]);
            if std::ptr::eq(m, target) {
                return Some(path);
            }
            if let Some(found) = find(&m.nested_type, 3, &path, target) {
                return Some(found);
            }
        }
        None
    }
    find(&file.proto.message_type, 4, &[], message).map(|p| child(&p, &[2, index as i32]))
}
