//! `RESERVED_NO_OVERLAP`: Checks that reserved ranges do not overlap each other, extension ranges, fields or enum values.

use super::prelude::*;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "RESERVED_NO_OVERLAP",
        kind: Kind::Lint,
        purpose: r#"Checks that reserved ranges do not overlap each other, extension ranges, fields or enum values."#,
        doc: r#"*protowright rule.* Reserved ranges must not overlap each other, an extension range, or a declared field or enum value. Runs on files that do not compile.

```proto
message Widget {
  reserved 1 to 5;
  reserved 4 to 8; // Reserved range 4 to 8 on message "Widget" overlaps reserved range 1 to 5 (line 2).
}
```"#,
        categories: OWN_RULE_CATEGORIES,
        deprecated: false,
        replacements: &[],
    },
    checks: &[Check::Message(check_message), Check::Enum(check_enum)],
    unlinked: true,
};

/// Formats an inclusive range like protobuf source does.
fn range_text(start: i32, end: i32) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start} to {end}")
    }
}

fn check_message(ctx: &mut Ctx<'_>, el: &MessageEl<'_>) {
    // Message reserved and extension ranges are end-exclusive in descriptors.
    let ranges: Vec<(i32, i32)> = el
        .proto
        .reserved_range
        .iter()
        .map(|r| (r.start(), r.end() - 1))
        .collect();
    for (j, &(start, end)) in ranges.iter().enumerate() {
        let path = child(&el.path, &[9, j as i32]);
        let this = range_text(start, end);
        for (i, &(s, e)) in ranges.iter().enumerate().take(j) {
            if s <= end && start <= e {
                let other = child(&el.path, &[9, i as i32]);
                let text = format!(
                    "Reserved range {this} on message {:?} overlaps reserved range {} (line {}).",
                    el.proto.name(),
                    range_text(s, e),
                    line_of(el.file, &other),
                );
                ctx.report(el.file, Some(&path), text);
            }
        }
        for (i, range) in el.proto.extension_range.iter().enumerate() {
            let (s, e) = (range.start(), range.end() - 1);
            if s <= end && start <= e {
                let other = child(&el.path, &[5, i as i32]);
                let text = format!(
                    "Reserved range {this} on message {:?} overlaps extension range {} (line {}).",
                    el.proto.name(),
                    range_text(s, e),
                    line_of(el.file, &other),
                );
                ctx.report(el.file, Some(&path), text);
            }
        }
        for (i, field) in el.proto.field.iter().enumerate() {
            if start <= field.number() && field.number() <= end {
                let other = child(&el.path, &[2, i as i32]);
                let text = format!(
                    "Reserved range {this} on message {:?} overlaps field {:?} (line {}).",
                    el.proto.name(),
                    field.name(),
                    line_of(el.file, &other),
                );
                ctx.report(el.file, Some(&path), text);
            }
        }
    }
}

fn check_enum(ctx: &mut Ctx<'_>, el: &EnumEl<'_>) {
    // Enum reserved ranges are end-inclusive.
    let ranges: Vec<(i32, i32)> = el
        .proto
        .reserved_range
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect();
    for (j, &(start, end)) in ranges.iter().enumerate() {
        let path = child(&el.path, &[4, j as i32]);
        let this = range_text(start, end);
        for (i, &(s, e)) in ranges.iter().enumerate().take(j) {
            if s <= end && start <= e {
                let other = child(&el.path, &[4, i as i32]);
                let text = format!(
                    "Reserved range {this} on enum {:?} overlaps reserved range {} (line {}).",
                    el.proto.name(),
                    range_text(s, e),
                    line_of(el.file, &other),
                );
                ctx.report(el.file, Some(&path), text);
            }
        }
        for (i, value) in el.proto.value.iter().enumerate() {
            if start <= value.number() && value.number() <= end {
                let other = child(&el.path, &[2, i as i32]);
                let text = format!(
                    "Reserved range {this} on enum {:?} overlaps enum value {:?} (line {}).",
                    el.proto.name(),
                    value.name(),
                    line_of(el.file, &other),
                );
                ctx.report(el.file, Some(&path), text);
            }
        }
    }
}
