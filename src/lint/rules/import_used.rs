//! `IMPORT_USED`: Checks that imports are used.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "IMPORT_USED",
        kind: Kind::Lint,
        purpose: r#"Checks that imports are used."#,
        doc: r#"Every import must be used: a type, extendee, RPC type or custom option of the imported file (or of a file it imports publicly) must be referenced.

```proto
import "google/protobuf/timestamp.proto"; // Import "google/protobuf/timestamp.proto" is unused.
```"#,
        categories: PerVersion {
            v1beta1: None,
            v1: Some(&[Category::Basic, Category::Default, Category::Standard]),
            v2: Some(&[Category::Basic, Category::Default, Category::Standard]),
        },
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Import(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, el: &ImportEl<'_>) {
    let Some(linked) = &el.file.linked else {
        return;
    };
    let used = used_files(linked);
    let pool = linked.parent_pool();
    // An import is used when a symbol of the imported file, or of a file it re-exports with
    // `import public` (transitively), is referenced.
    let mut stack = vec![el.name.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if used.contains(&name) {
            return;
        }
        if let Some(fd) = pool.get_file_by_name(&name) {
            let proto = fd.file_descriptor_proto();
            for index in &proto.public_dependency {
                if let Some(dep) = proto.dependency.get(*index as usize) {
                    stack.push(dep.clone());
                }
            }
        }
    }
    ctx.report(
        el.file,
        Some(&el.path),
        format!("Import {:?} is unused.", el.name),
    );
}

/// The files whose symbols `file` references: field types, extendees, RPC types, and the
/// extensions set in options anywhere in the file.
fn used_files(file: &prost_reflect::FileDescriptor) -> BTreeSet<String> {
    use prost_reflect::{DynamicMessage, Kind, MessageDescriptor, Value};
    fn options(message: &DynamicMessage, out: &mut BTreeSet<String>) {
        for (ext, value) in message.extensions() {
            out.insert(ext.parent_file().name().to_string());
            values(value, out);
        }
    }
    fn values(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Message(m) => {
                options(m, out);
                for (_, v) in m.fields() {
                    values(v, out);
                }
            }
            Value::List(items) => items.iter().for_each(|v| values(v, out)),
            _ => {}
        }
    }
    fn field(f: &prost_reflect::FieldDescriptor, out: &mut BTreeSet<String>) {
        match f.kind() {
            Kind::Message(m) if !m.is_map_entry() => {
                out.insert(m.parent_file().name().to_string());
            }
            Kind::Message(m) => {
                for entry_field in m.fields() {
                    field(&entry_field, out);
                }
            }
            Kind::Enum(e) => {
                out.insert(e.parent_file().name().to_string());
            }
            _ => {}
        }
        options(&f.options(), out);
    }
    fn extension(x: &prost_reflect::ExtensionDescriptor, out: &mut BTreeSet<String>) {
        out.insert(x.containing_message().parent_file().name().to_string());
        match x.kind() {
            Kind::Message(m) => {
                out.insert(m.parent_file().name().to_string());
            }
            Kind::Enum(e) => {
                out.insert(e.parent_file().name().to_string());
            }
            _ => {}
        }
        options(&x.options(), out);
    }
    fn message(m: &MessageDescriptor, out: &mut BTreeSet<String>) {
        options(&m.options(), out);
        for f in m.fields() {
            field(&f, out);
        }
        for o in m.oneofs() {
            options(&o.options(), out);
        }
        for x in m.child_extensions() {
            extension(&x, out);
        }
        for n in m.child_messages() {
            if !n.is_map_entry() {
                message(&n, out);
            }
        }
        for e in m.child_enums() {
            enum_(&e, out);
        }
    }
    fn enum_(e: &prost_reflect::EnumDescriptor, out: &mut BTreeSet<String>) {
        options(&e.options(), out);
        for v in e.values() {
            options(&v.options(), out);
        }
    }
    let mut out = BTreeSet::new();
    options(&file.options(), &mut out);
    for m in file.messages() {
        message(&m, &mut out);
    }
    for e in file.enums() {
        enum_(&e, &mut out);
    }
    for x in file.extensions() {
        extension(&x, &mut out);
    }
    for s in file.services() {
        options(&s.options(), &mut out);
        for m in s.methods() {
            out.insert(m.input().parent_file().name().to_string());
            out.insert(m.output().parent_file().name().to_string());
            options(&m.options(), &mut out);
        }
    }
    out
}
