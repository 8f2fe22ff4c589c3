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
    checks: &[Check::File(check)],
    unlinked: false,
};

fn check(ctx: &mut Ctx<'_>, file: &FileEl<'_>) {
    let Some(linked) = &file.linked else {
        return;
    };
    if file.proto.dependency.is_empty() {
        return;
    }
    let used = used_files(linked);
    let pool = linked.parent_pool();
    for (index, name) in file.proto.dependency.iter().enumerate() {
        // A public import re-exports the file; buf never reports it as unused.
        if file.proto.public_dependency.contains(&(index as i32)) {
            continue;
        }
        // An import is used when a symbol of the imported file, or of a file it re-exports
        // with `import public` (transitively), is referenced.
        let mut stack = vec![name.clone()];
        let mut seen = BTreeSet::new();
        let mut is_used = false;
        while let Some(candidate) = stack.pop() {
            if !seen.insert(candidate.clone()) {
                continue;
            }
            if used.contains(&candidate) {
                is_used = true;
                break;
            }
            if let Some(fd) = pool.get_file_by_name(&candidate) {
                let proto = fd.file_descriptor_proto();
                for public in &proto.public_dependency {
                    if let Some(dep) = proto.dependency.get(*public as usize) {
                        stack.push(dep.clone());
                    }
                }
            }
        }
        if !is_used {
            let path = [3, index as i32];
            ctx.report(file, Some(&path), format!("Import {name:?} is unused."));
        }
    }
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
