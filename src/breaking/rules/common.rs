//! What several rules share: where to report a deleted element, deleted fields and enum values
//! with their reserved-name/number variants, tag ranges, file option comparisons, cardinalities
//! and wire-compatibility groups. Messages are buf 1.75.0's.

use std::collections::{BTreeMap, BTreeSet};

use prost_reflect::Kind;

use super::super::{
    element::{field_kind_str, Cardinality, EnumEl, FieldEl, MessageEl, Side},
    At, Ctx,
};

/// Where buf reports an element deleted from a file that still exists: on the closest enclosing
/// message that still exists (`Outer` for `Outer.Inner.Gone`), else on the file (1:1).
pub fn deleted_location(cur: &Side, file: usize, prev_nested: &str) -> At {
    if prev_nested.contains('.') {
        let messages = cur.nested_messages(file);
        let parts: Vec<&str> = prev_nested.split('.').collect();
        for i in (1..parts.len()).rev() {
            if let Some(m) = messages.get(parts[..i].join(".").as_str()) {
                return At::path(file, m.path());
            }
        }
    }
    At::file(file)
}

/// Lower-cases the first letter (buf's field descriptions inside sentences).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Inclusive reserved ranges of a message (descriptor ends are exclusive).
pub fn message_reserved_ranges(m: &MessageEl) -> Vec<(i64, i64)> {
    m.proto()
        .reserved_range
        .iter()
        .map(|r| (r.start() as i64, r.end() as i64 - 1))
        .collect()
}

/// Inclusive extension ranges of a message.
pub fn message_extension_ranges(m: &MessageEl) -> Vec<(i64, i64)> {
    m.proto()
        .extension_range
        .iter()
        .map(|r| (r.start() as i64, r.end() as i64 - 1))
        .collect()
}

/// Inclusive reserved ranges of an enum.
pub fn enum_reserved_ranges(e: &EnumEl) -> Vec<(i64, i64)> {
    e.proto()
        .reserved_range
        .iter()
        .map(|r| (r.start() as i64, r.end() as i64))
        .collect()
}

fn in_ranges(number: i64, ranges: &[(i64, i64)]) -> bool {
    ranges.iter().any(|(s, e)| *s <= number && number <= *e)
}

/// FIELD_NO_DELETE and its `_UNLESS_NUMBER_RESERVED` / `_UNLESS_NAME_RESERVED` variants.
pub fn field_no_delete(
    ctx: &mut Ctx<'_>,
    prev: &MessageEl,
    cur: &MessageEl,
    allow_number: bool,
    allow_name: bool,
) {
    let cur_fields = cur.fields(cur.file);
    let reserved = message_reserved_ranges(cur);
    let reserved_names: BTreeSet<&str> = cur
        .proto()
        .reserved_name
        .iter()
        .map(String::as_str)
        .collect();
    for (number, field) in prev.fields(prev.file) {
        if cur_fields.contains_key(&number) {
            continue;
        }
        let allowed = (allow_number && in_ranges(number as i64, &reserved))
            || (allow_name && reserved_names.contains(field.name.as_str()));
        if allowed {
            continue;
        }
        let suffix = if allow_number {
            format!(" without reserving the number \"{number}\"")
        } else if allow_name {
            format!(" without reserving the name {:?}", field.name)
        } else {
            String::new()
        };
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!(
                "Previously present {} was deleted{suffix}.",
                lower_first(&field.description())
            ),
        );
    }
}

fn quoted_join(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// ENUM_VALUE_NO_DELETE and its `_UNLESS_NUMBER_RESERVED` / `_UNLESS_NAME_RESERVED` variants.
pub fn enum_value_no_delete(
    ctx: &mut Ctx<'_>,
    prev: &EnumEl,
    cur: &EnumEl,
    allow_number: bool,
    allow_name: bool,
) {
    let cur_values = cur.values_by_number();
    let reserved = enum_reserved_ranges(cur);
    let reserved_names: BTreeSet<&str> = cur
        .proto()
        .reserved_name
        .iter()
        .map(String::as_str)
        .collect();
    for (number, names) in prev.values_by_number() {
        if cur_values.contains_key(&number) {
            continue;
        }
        let allowed = if allow_number {
            in_ranges(number as i64, &reserved)
        } else if allow_name {
            names.keys().all(|n| reserved_names.contains(n.as_str()))
        } else {
            false
        };
        if allowed {
            continue;
        }
        let suffix = if allow_number {
            format!(" without reserving the number \"{number}\"")
        } else if allow_name {
            let sorted: Vec<&str> = names.keys().map(String::as_str).collect();
            format!(
                " without reserving the name{} {}",
                if sorted.len() > 1 { "s" } else { "" },
                quoted_join(&sorted)
            )
        } else {
            String::new()
        };
        ctx.report(
            Some(At::path(cur.file, cur.path())),
            Some(prev.file),
            format!(
                "Previously present enum value \"{number}\" on enum {:?} was deleted{suffix}.",
                cur.name()
            ),
        );
    }
}

/// The largest tag of an element: fields, message-set fields, enum values.
pub const MESSAGE_MAX: i64 = 536_870_911;
pub const MESSAGE_SET_MAX: i64 = 2_147_483_646;
pub const ENUM_MAX: i64 = 2_147_483_647;

fn range_string(start: i64, end: i64, max: i64) -> String {
    if start == end {
        format!("[{start}]")
    } else if end == max {
        format!("[{start},max]")
    } else {
        format!("[{start},{end}]")
    }
}

/// Ranges, sorted and merged when they overlap or touch.
fn collapse(ranges: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The parts of `start..=end` not covered by `collapsed`.
fn missing(start: i64, end: i64, collapsed: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut next = start;
    for &(s, e) in collapsed {
        if e < next {
            continue;
        }
        if s > end {
            break;
        }
        if s > next {
            out.push((next, s - 1));
        }
        next = e + 1;
        if next > end {
            return out;
        }
    }
    if next <= end {
        out.push((next, end));
    }
    out
}

/// The element whose ranges are compared.
pub struct RangeOwner<'a> {
    pub at: At,
    pub against: usize,
    /// `message` or `enum`.
    pub kind: &'static str,
    pub name: &'a str,
    pub prev_max: i64,
    pub max: i64,
}

/// EXTENSION_MESSAGE_NO_DELETE and the range half of RESERVED_*_NO_DELETE.
pub fn tag_ranges(
    ctx: &mut Ctx<'_>,
    range_kind: &str,
    owner: &RangeOwner<'_>,
    prev: &[(i64, i64)],
    cur: &[(i64, i64)],
) {
    let collapsed = collapse(cur);
    for &(start, end) in prev {
        let gone = missing(start, end, &collapsed);
        if gone.is_empty() {
            continue;
        }
        let removed = gone
            .iter()
            .map(|(s, e)| range_string(*s, *e, owner.max))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.report(
            Some(owner.at.clone()),
            Some(owner.against),
            format!(
                "Previously present {range_kind} range {:?} on {} {:?} is missing values: {removed} were removed.",
                range_string(start, end, owner.prev_max),
                owner.kind,
                owner.name
            ),
        );
    }
}

/// Reserved names deleted from a message or enum.
pub fn reserved_names(ctx: &mut Ctx<'_>, owner: &RangeOwner<'_>, prev: &[String], cur: &[String]) {
    let cur: BTreeSet<&str> = cur.iter().map(String::as_str).collect();
    let prev: BTreeSet<&str> = prev.iter().map(String::as_str).collect();
    for name in prev {
        if !cur.contains(name) {
            ctx.report(
                Some(owner.at.clone()),
                Some(owner.against),
                format!(
                    "Previously present reserved name {name:?} on {} {:?} was deleted.",
                    owner.kind, owner.name
                ),
            );
        }
    }
}

/// The FILE_SAME_* option rules: `File option "x" changed from "a" to "b".` at the option in
/// the current file (1:1 when the current file does not set it).
pub fn file_same_value(
    ctx: &mut Ctx<'_>,
    prev: usize,
    cur: usize,
    values: (String, String),
    path: &[i32],
    what: &str,
) {
    let (before, after) = values;
    if before != after {
        ctx.report(
            Some(At::path(cur, path.to_vec())),
            Some(prev),
            format!("File {what} changed from {before:?} to {after:?}."),
        );
    }
}

/// A file's options (defaults when unset).
pub fn file_options(side: &Side, file: usize) -> prost_types::FileOptions {
    side.file(file).proto().options.clone().unwrap_or_default()
}

/// The three cardinality rules: the group of each cardinality decides what is compatible.
pub fn cardinality_change(
    ctx: &mut Ctx<'_>,
    prev: &FieldEl,
    cur: &FieldEl,
    group: fn(Cardinality) -> u8,
) {
    if prev.in_map_entry && cur.in_map_entry {
        return;
    }
    if group(prev.cardinality) != group(cur.cardinality) {
        ctx.report(
            Some(At::path(cur.file, cur.path.clone())),
            Some(prev.file),
            format!(
                "{} changed cardinality from {:?} to {:?}.",
                cur.description(),
                prev.cardinality.as_str(),
                cur.cardinality.as_str()
            ),
        );
    }
}

/// A kind's identity as protoreflect compares kinds (groups are not messages).
pub fn kind_id(field: &FieldEl) -> &'static str {
    field_kind_str(field)
}

fn is_named_kind(field: &FieldEl) -> bool {
    matches!(field.kind, Kind::Message(_) | Kind::Enum(_))
}

/// `… changed type from "int32" to "int64".` at the type (or type name) of the current field.
pub fn field_changed_type(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl, extra: &[&str]) {
    let extra = extra.join(" ");
    let extra = extra.trim();
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" {extra}")
    };
    let path = type_name_path(cur);
    let path = if is_named_kind(cur) {
        path
    } else {
        cur.child(&[5])
    };
    ctx.report(
        Some(At::path(cur.file, path)),
        Some(prev.file),
        format!(
            "{} changed type from {:?} to {:?}.{extra}",
            cur.description(),
            kind_id(prev),
            kind_id(cur)
        ),
    );
}

/// Where buf shows a field's type name: the type name, except for groups, whose type name is
/// shown at the `group` keyword (buf's compiler records it there).
fn type_name_path(field: &FieldEl) -> Vec<i32> {
    if super::super::element::is_group(field) {
        field.child(&[5])
    } else {
        field.child(&[6])
    }
}

/// `… changed type from "a.Foo" to "a.Bar".` at the current type name.
pub fn field_changed_type_name(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    ctx.report(
        Some(At::path(cur.file, type_name_path(cur))),
        Some(prev.file),
        format!(
            "{} changed type from {:?} to {:?}.",
            cur.description(),
            prev.type_name(),
            cur.type_name()
        ),
    );
}

/// Whether the field's declared type is an enum, group or message (uses a type name).
pub fn has_type_name(field: &FieldEl) -> bool {
    use prost_types::field_descriptor_proto::Type;
    matches!(
        field.proto.r#type(),
        Type::Enum | Type::Group | Type::Message
    )
}

/// For a changed enum type in the wire rules: a different short name, or a previous enum whose
/// values are not all in the new one, is a type change.
pub fn enum_wire_compatible(ctx: &mut Ctx<'_>, prev: &FieldEl, cur: &FieldEl) {
    let (Some(prev_enum), Some(cur_enum)) = (
        ctx.prev.enums.get(prev.type_name()),
        ctx.cur.enums.get(cur.type_name()),
    ) else {
        return;
    };
    if prev_enum.name() != cur_enum.name() {
        field_changed_type_name(ctx, prev, cur);
        return;
    }
    let cur_values: BTreeMap<String, i32> = cur_enum
        .desc
        .values()
        .map(|v| (v.name().to_string(), v.number()))
        .collect();
    let subset = prev_enum
        .desc
        .values()
        .all(|v| cur_values.get(v.name()) == Some(&v.number()));
    if !subset {
        field_changed_type_name(ctx, prev, cur);
    }
}

/// The `json_format` feature a syntax implies: `ALLOW` for proto3, `LEGACY_BEST_EFFORT` for
/// proto2 (editions files are not compiled).
pub fn json_format(syntax: &str) -> &'static str {
    if syntax == "proto3" {
        "ALLOW"
    } else {
        "LEGACY_BEST_EFFORT"
    }
}

/// The `utf8_validation` feature a syntax implies: `VERIFY` for proto3, `NONE` for proto2.
pub fn utf8_default(syntax: &str) -> &'static str {
    if syntax == "proto3" {
        "VERIFY"
    } else {
        "NONE"
    }
}

/// A field's default value, compared and printed as buf does.
pub struct FieldDefault {
    value: DefaultValue,
    pub printable: String,
}

enum DefaultValue {
    /// Strings and bytes compare as bytes.
    Bytes(Vec<u8>),
    Float32(f32),
    Float64(f64),
    /// Every other scalar (bool, integers, enum numbers), exactly.
    Int(i128),
}

impl FieldDefault {
    pub fn of(field: &FieldEl) -> FieldDefault {
        use prost_reflect::Value;
        match &field.default {
            Value::Bytes(b) => FieldDefault {
                value: DefaultValue::Bytes(b.to_vec()),
                printable: format!(
                    "[{}]",
                    b.iter()
                        .map(|x| format!("0x{x:X}"))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            },
            Value::String(s) => FieldDefault {
                value: DefaultValue::Bytes(s.as_bytes().to_vec()),
                printable: go_quote(s),
            },
            Value::EnumNumber(n) => {
                let printable = match &field.kind {
                    Kind::Enum(e) => match e.get_value(*n) {
                        Some(v) => format!("{}.{}", e.name(), v.name()),
                        None => format!("{}.{n}(?)", e.name()),
                    },
                    _ => n.to_string(),
                };
                FieldDefault {
                    value: DefaultValue::Int(*n as i128),
                    printable,
                }
            }
            Value::Bool(b) => FieldDefault {
                value: DefaultValue::Int(*b as i128),
                printable: b.to_string(),
            },
            Value::I32(n) => int(*n as i128),
            Value::I64(n) => int(*n as i128),
            Value::U32(n) => int(*n as i128),
            Value::U64(n) => int(*n as i128),
            Value::F32(f) => FieldDefault {
                value: DefaultValue::Float32(*f),
                printable: go_float(*f as f64, true),
            },
            Value::F64(f) => FieldDefault {
                value: DefaultValue::Float64(*f),
                printable: go_float(*f, false),
            },
            _ => int(0),
        }
    }

    pub fn is_zero(&self) -> bool {
        match &self.value {
            DefaultValue::Bytes(b) => b.is_empty(),
            DefaultValue::Float32(f) => *f == 0.0 && f.is_sign_positive(),
            DefaultValue::Float64(f) => *f == 0.0 && f.is_sign_positive(),
            DefaultValue::Int(n) => *n == 0,
        }
    }

    /// Strings and bytes compare with each other; every numeric kind with every other, by value
    /// (float and double at float precision).
    pub fn equals(&self, other: &FieldDefault) -> bool {
        use DefaultValue::*;
        match (&self.value, &other.value) {
            (Bytes(a), Bytes(b)) => a == b,
            (Bytes(_), _) | (_, Bytes(_)) => false,
            (Float32(a), Float64(b)) => (a.is_nan() && b.is_nan()) || *a == *b as f32,
            (Float64(a), Float32(b)) => (a.is_nan() && b.is_nan()) || *a as f32 == *b,
            (a, b) => match (as_f64(a), as_f64(b)) {
                (Some(x), Some(y)) if x.is_nan() || y.is_nan() => x.is_nan() && y.is_nan(),
                _ => match (a, b) {
                    (Int(x), Int(y)) => x == y,
                    _ => as_f64(a) == as_f64(b),
                },
            },
        }
    }
}

fn int(n: i128) -> FieldDefault {
    FieldDefault {
        value: DefaultValue::Int(n),
        printable: n.to_string(),
    }
}

fn as_f64(v: &DefaultValue) -> Option<f64> {
    match v {
        DefaultValue::Float32(f) => Some(*f as f64),
        DefaultValue::Float64(f) => Some(*f),
        DefaultValue::Int(n) => Some(*n as f64),
        DefaultValue::Bytes(_) => None,
    }
}

/// Go's `%q` for a string (close enough for default values: escapes quotes, backslashes and
/// control characters).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%v` for a float: the shortest representation, in exponent form when the exponent is
/// below -4 or at least 6 (`strconv.FormatFloat(f, 'g', -1, …)`).
pub fn go_float(f: f64, single: bool) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let sci = if single {
        format!("{:e}", f as f32)
    } else {
        format!("{f:e}")
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    if single {
        format!("{}", f as f32)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_floats() {
        assert_eq!(go_float(1.5, false), "1.5");
        assert_eq!(go_float(123456.0, false), "123456");
        assert_eq!(go_float(1_000_000.0, false), "1e+06");
        assert_eq!(go_float(123_456_789.0, false), "1.23456789e+08");
        assert_eq!(go_float(0.0001, false), "0.0001");
        assert_eq!(go_float(0.00001, false), "1e-05");
        assert_eq!(go_float(0.1, true), "0.1");
        assert_eq!(go_float(f64::NAN, false), "NaN");
        assert_eq!(go_float(f64::NEG_INFINITY, false), "-Inf");
    }

    #[test]
    fn quoting() {
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(go_quote("\u{1}"), r#""\x01""#);
    }

    #[test]
    fn ranges() {
        let collapsed = collapse(&[(10, 20), (1, 5), (6, 8), (30, 40)]);
        assert_eq!(collapsed, vec![(1, 8), (10, 20), (30, 40)]);
        assert_eq!(missing(1, 40, &collapsed), vec![(9, 9), (21, 29)]);
        assert_eq!(missing(50, 60, &collapsed), vec![(50, 60)]);
        assert!(missing(2, 7, &collapsed).is_empty());
        assert_eq!(missing(0, 2, &collapsed), vec![(0, 0)]);
        assert_eq!(range_string(5, 5, MESSAGE_MAX), "[5]");
        assert_eq!(range_string(5, MESSAGE_MAX, MESSAGE_MAX), "[5,max]");
        assert_eq!(range_string(5, 9, MESSAGE_MAX), "[5,9]");
    }

    #[test]
    fn lower_first_letter() {
        assert_eq!(lower_first("Field \"1\""), "field \"1\"");
        assert_eq!(lower_first(""), "");
    }
}
