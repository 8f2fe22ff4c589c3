//! `PROTOVALIDATE`: Checks that protovalidate rules are valid and all CEL expressions compile.
//!
//! The checks follow buf's `buflintvalidate` package: field rules that fit the field's type,
//! bounds that admit some value, redundant or contradictory rules, regular expressions that
//! compile, CEL expressions that parse and type-check (with our own checker over the `cel`
//! crate's parser, [`cel`]), example values that satisfy the field's rules ([`examples`], with
//! the `cel` crate's interpreter), message `oneof` rules, and predefined rule extensions.
//!
//! Rules are read from the linked descriptors as dynamic messages, so predefined rules declared
//! in the user's own files are seen like standard ones.

mod cel;
mod examples;
mod field;
mod location;

use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "PROTOVALIDATE",
        kind: Kind::Lint,
        purpose: r#"Checks that protovalidate rules are valid and all CEL expressions compile."#,
        doc: r#"Checks [protovalidate](https://github.com/bufbuild/protovalidate) annotations: rules must fit the field's type (`string` rules on a `string` or `google.protobuf.StringValue` field), bounds must admit some value, rules must not contradict or repeat each other, `pattern`s must compile, CEL expressions (`cel`, `cel_expression`, predefined rules) must compile and evaluate to a `bool` or a `string`, and `example` values must satisfy the field's rules.

```proto
message Widget {
  // flagged: min_len is greater than max_len
  string name = 1 [(buf.validate.field).string = { min_len: 5, max_len: 2 }];
  // flagged: CEL type error
  int32 size = 2 [(buf.validate.field).cel = { id: "size", expression: "this > 'a'" }];
}
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[Category::Default, Category::Standard]),
            v2: Some(&[Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check_message), Check::Field(check_field)],
    unlinked: false,
};

/// `buf.validate.field`, `.message`, `.predefined`: the extensions' field numbers on options.
const EXTENSION_NUMBER: i32 = 1159;
const PREDEFINED_NUMBER: i32 = 1160;
/// Options fields of descriptors.
const MESSAGE_OPTIONS: i32 = 7;
const FIELD_OPTIONS: i32 = 8;

/// The linked pool, when it declares protovalidate's extensions.
struct Validate {
    pool: DescriptorPool,
}

impl Validate {
    fn of(file: &FileEl<'_>) -> Option<Validate> {
        let pool = file.linked.as_ref()?.parent_pool().clone();
        pool.get_extension_by_name("buf.validate.field")?;
        Some(Validate { pool })
    }

    fn field_rules(&self) -> Option<MessageDescriptor> {
        self.pool.get_message_by_name("buf.validate.FieldRules")
    }
}

/// The value of extension `name` on `options`, when set.
fn extension_value(
    pool: &DescriptorPool,
    options: &DynamicMessage,
    name: &str,
) -> Option<DynamicMessage> {
    let ext = pool.get_extension_by_name(name)?;
    if !options.has_extension(&ext) {
        return None;
    }
    options.get_extension(&ext).as_message().cloned()
}

fn check_message(ctx: &mut Ctx<'_>, el: &MessageEl<'_>) {
    let Some(v) = Validate::of(el.file) else {
        return;
    };
    let Some(message) = v.pool.get_message_by_name(&el.full_name) else {
        return;
    };
    let Some(rules) = extension_value(&v.pool, &message.options(), "buf.validate.message") else {
        return;
    };
    let options_path = child(&el.path, &[MESSAGE_OPTIONS, EXTENSION_NUMBER]);
    let mut out = Vec::new();
    field::check_message_rules(&rules, &message, el.proto.name(), &mut |path, msg| {
        out.push((path, msg));
    });
    let root = v.pool.get_message_by_name("buf.validate.MessageRules");
    for (path, msg) in out {
        let full = child(&options_path, &path);
        report(ctx, el.file, &full, options_path.len(), root.as_ref(), msg);
    }
}

/// Reports `msg` at the option path `full` (see [`location::resolve`]).
fn report(
    ctx: &mut Ctx<'_>,
    file: &FileEl<'_>,
    full: &[i32],
    extension_len: usize,
    root: Option<&MessageDescriptor>,
    msg: String,
) {
    match location::resolve(file, full, extension_len, root) {
        Some(location::At::Path(p)) => ctx.report(file, Some(&p), msg),
        Some(location::At::Span(p, span)) => ctx.report_span(file, &p, span, msg),
        None => ctx.report(file, None, msg),
    }
}

fn check_field(ctx: &mut Ctx<'_>, el: &FieldEl<'_>) {
    let Some(v) = Validate::of(el.file) else {
        return;
    };
    let Some(fd) = field::FieldInfo::of(&v.pool, el) else {
        return;
    };
    let options_path = child(&el.path, &[FIELD_OPTIONS, EXTENSION_NUMBER]);
    let mut out: Vec<(Vec<Vec<i32>>, String)> = Vec::new();
    if let Some(rules) = extension_value(&v.pool, &fd.options, "buf.validate.field") {
        if let Some(rules_desc) = v.field_rules() {
            field::check_field(&v.pool, &rules_desc, &fd, &rules, &mut out);
        }
    }
    // Report: each finding names one or more paths (deduplicated by location, as buf does).
    let root = v.field_rules();
    for (paths, msg) in out {
        let mut seen = Vec::new();
        for path in paths {
            let full = child(&options_path, &path);
            match location::resolve(el.file, &full, options_path.len(), root.as_ref()) {
                Some(location::At::Path(p)) => {
                    let span = el.file.location(&p).map(|l| l.span.clone());
                    if seen.contains(&span) {
                        continue;
                    }
                    seen.push(span);
                    ctx.report(el.file, Some(&p), msg.clone());
                }
                Some(location::At::Span(p, span)) => {
                    if seen.contains(&Some(span.clone())) {
                        continue;
                    }
                    seen.push(Some(span.clone()));
                    ctx.report_span(el.file, &p, span, msg.clone());
                }
                None => {
                    if seen.contains(&None) {
                        continue;
                    }
                    seen.push(None);
                    ctx.report(el.file, None, msg.clone());
                }
            }
        }
    }
    // Predefined rule extensions: `extend buf.validate.StringRules { … [(buf.validate.predefined)] }`.
    if el.is_extension {
        let predefined_path = child(&el.path, &[FIELD_OPTIONS, PREDEFINED_NUMBER]);
        let mut out = Vec::new();
        field::check_predefined(&v.pool, &fd, &mut |path, msg| out.push((path, msg)));
        let root = v.pool.get_message_by_name("buf.validate.PredefinedRules");
        for (path, msg) in out {
            let full = child(&predefined_path, &path);
            report(
                ctx,
                el.file,
                &full,
                predefined_path.len(),
                root.as_ref(),
                msg,
            );
        }
    }
}
