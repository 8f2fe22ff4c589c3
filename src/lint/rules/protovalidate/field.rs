//! Field, message and predefined-rule checks (buf's `field.go`, `numeric.go`, `message.go`,
//! `cel.go`, `predefined_rules.go`), over dynamic messages of the linked options.

use prost_reflect::{
    DescriptorPool, DynamicMessage, ExtensionDescriptor, FieldDescriptor, Kind, MessageDescriptor,
    ReflectMessage, Value,
};

use super::cel::{self as celcheck, Env, Ty};
use super::examples;
use crate::lint::FieldEl;

/// What the checks need to know about a field, an extension, or a map entry's key or value.
#[derive(Clone)]
pub struct FieldInfo {
    pub name: String,
    pub kind: Kind,
    pub is_list: bool,
    pub is_map: bool,
    pub has_presence: bool,
    /// The (non-synthetic) oneof the field belongs to.
    pub oneof: Option<String>,
    pub is_extension: bool,
    pub options: DynamicMessage,
    /// The message declaring the field (the extended message for extensions).
    pub containing: MessageDescriptor,
    pub ext: Option<ExtensionDescriptor>,
}

impl FieldInfo {
    pub fn of(pool: &DescriptorPool, el: &FieldEl<'_>) -> Option<FieldInfo> {
        if el.is_extension {
            let ext = pool.get_extension_by_name(&format!("{}.{}", el.scope(), el.proto.name()))?;
            Some(FieldInfo {
                name: ext.name().to_string(),
                kind: ext.kind(),
                is_list: ext.is_list(),
                is_map: ext.is_map(),
                has_presence: ext.supports_presence(),
                oneof: None,
                is_extension: true,
                options: ext.options(),
                containing: ext.containing_message(),
                ext: Some(ext),
            })
        } else {
            let message = pool.get_message_by_name(&el.message?.full_name)?;
            let fd = message.get_field_by_name(el.proto.name())?;
            Some(Self::from_field(fd, message))
        }
    }

    fn from_field(fd: FieldDescriptor, containing: MessageDescriptor) -> FieldInfo {
        FieldInfo {
            name: fd.name().to_string(),
            kind: fd.kind(),
            is_list: fd.is_list(),
            is_map: fd.is_map(),
            has_presence: fd.supports_presence(),
            oneof: fd
                .containing_oneof()
                .filter(|o| !o.is_synthetic())
                .map(|o| o.name().to_string()),
            is_extension: false,
            options: fd.options(),
            containing,
            ext: None,
        }
    }

    /// The key and value fields of a map field.
    fn map_entry(&self) -> Option<(FieldInfo, FieldInfo)> {
        let entry = self.kind.as_message()?.clone();
        let key = entry.map_entry_key_field();
        let value = entry.map_entry_value_field();
        Some((
            Self::from_field(key, entry.clone()),
            Self::from_field(value, entry),
        ))
    }
}

/// buf's pretty type name: scalar names, `enum`, message full names, `map<K, V>`.
pub fn pretty_type(kind: &Kind, is_map: bool) -> String {
    if is_map {
        if let Some(entry) = kind.as_message() {
            let key = entry.map_entry_key_field();
            let value = entry.map_entry_value_field();
            return format!(
                "map<{}, {}>",
                pretty_type(&key.kind(), key.is_map()),
                pretty_type(&value.kind(), value.is_map())
            );
        }
    }
    match kind {
        Kind::Double => "double".into(),
        Kind::Float => "float".into(),
        Kind::Int32 => "int32".into(),
        Kind::Int64 => "int64".into(),
        Kind::Uint32 => "uint32".into(),
        Kind::Uint64 => "uint64".into(),
        Kind::Sint32 => "sint32".into(),
        Kind::Sint64 => "sint64".into(),
        Kind::Fixed32 => "fixed32".into(),
        Kind::Fixed64 => "fixed64".into(),
        Kind::Sfixed32 => "sfixed32".into(),
        Kind::Sfixed64 => "sfixed64".into(),
        Kind::Bool => "bool".into(),
        Kind::String => "string".into(),
        Kind::Bytes => "bytes".into(),
        Kind::Enum(_) => "enum".into(),
        Kind::Message(m) => m.full_name().to_string(),
    }
}

// FieldRules field numbers.
const MAP: u32 = 19;
const REPEATED: u32 = 18;
const REQUIRED: i32 = 25;
const IGNORE: i32 = 27;
const CEL: i32 = 23;
const CEL_EXPRESSION: i32 = 29;

/// The scalar kind or message a type rule (by FieldRules number) applies to.
fn rule_fits(rule: u32, field: &FieldInfo) -> bool {
    let scalar = match rule {
        1 => Some(matches!(field.kind, Kind::Float)),
        2 => Some(matches!(field.kind, Kind::Double)),
        3 => Some(matches!(field.kind, Kind::Int32)),
        4 => Some(matches!(field.kind, Kind::Int64)),
        5 => Some(matches!(field.kind, Kind::Uint32)),
        6 => Some(matches!(field.kind, Kind::Uint64)),
        7 => Some(matches!(field.kind, Kind::Sint32)),
        8 => Some(matches!(field.kind, Kind::Sint64)),
        9 => Some(matches!(field.kind, Kind::Fixed32)),
        10 => Some(matches!(field.kind, Kind::Fixed64)),
        11 => Some(matches!(field.kind, Kind::Sfixed32)),
        12 => Some(matches!(field.kind, Kind::Sfixed64)),
        13 => Some(matches!(field.kind, Kind::Bool)),
        14 => Some(matches!(field.kind, Kind::String)),
        15 => Some(matches!(field.kind, Kind::Bytes)),
        16 => Some(matches!(field.kind, Kind::Enum(_))),
        _ => None,
    };
    if scalar == Some(true) {
        return true;
    }
    let message = match rule {
        1 => "google.protobuf.FloatValue",
        2 => "google.protobuf.DoubleValue",
        3 => "google.protobuf.Int32Value",
        4 => "google.protobuf.Int64Value",
        5 => "google.protobuf.UInt32Value",
        6 => "google.protobuf.UInt64Value",
        13 => "google.protobuf.BoolValue",
        14 => "google.protobuf.StringValue",
        15 => "google.protobuf.BytesValue",
        20 => "google.protobuf.Any",
        21 => "google.protobuf.Duration",
        22 => "google.protobuf.Timestamp",
        28 => "google.protobuf.FieldMask",
        _ => return false,
    };
    !field.is_map && matches!(&field.kind, Kind::Message(m) if m.full_name() == message)
}

const WRAPPERS: &[&str] = &[
    "google.protobuf.FloatValue",
    "google.protobuf.DoubleValue",
    "google.protobuf.Int32Value",
    "google.protobuf.Int64Value",
    "google.protobuf.UInt32Value",
    "google.protobuf.UInt64Value",
    "google.protobuf.BoolValue",
    "google.protobuf.StringValue",
    "google.protobuf.BytesValue",
];

/// A finding: the option paths (relative to the extension) it is reported at, and its message.
pub type Out = Vec<(Vec<Vec<i32>>, String)>;

/// Reports for one field, with a base path (`map.keys`, `repeated.items`) in front of every
/// path, as buf's `adder`.
struct Adder<'a> {
    field_name: String,
    pretty: String,
    base: Vec<i32>,
    rules_desc: &'a MessageDescriptor,
    out: &'a mut Out,
}

impl Adder<'_> {
    fn add(&mut self, path: &[i32], msg: String) {
        self.add_paths(&[path], msg);
    }

    fn add_paths(&mut self, paths: &[&[i32]], msg: String) {
        let full = paths
            .iter()
            .map(|p| {
                let mut v = self.base.clone();
                v.extend_from_slice(p);
                v
            })
            .collect();
        self.out.push((full, msg));
    }

    /// `(buf.validate.field).a.b` for the path (after the base path).
    fn rule_name(&self, path: &[i32]) -> String {
        let mut name = "(buf.validate.field)".to_string();
        let mut desc = Some(self.rules_desc.clone());
        for &n in self.base.iter().chain(path) {
            let Some(d) = desc.clone() else {
                return name;
            };
            let Some(f) = d.get_field(n as u32) else {
                return name;
            };
            name.push('.');
            name.push_str(f.name());
            desc = f.kind().as_message().cloned();
        }
        name
    }

    fn with_base(&mut self, base: &[i32]) -> Adder<'_> {
        Adder {
            field_name: self.field_name.clone(),
            pretty: self.pretty.clone(),
            base: base.to_vec(),
            rules_desc: self.rules_desc,
            out: self.out,
        }
    }
}

/// The set fields of a message (regular fields, then extensions), as protobuf-go's `Range`.
fn set_fields(msg: &DynamicMessage) -> Vec<(FieldDescriptor, Value)> {
    let mut out: Vec<(FieldDescriptor, Value)> = msg
        .fields()
        .map(|(f, v)| (f, v.clone()))
        .filter(|(f, v)| !is_unset_list(f, v))
        .collect();
    out.sort_by_key(|(f, _)| f.number());
    out
}

fn is_unset_list(_f: &FieldDescriptor, v: &Value) -> bool {
    matches!(v, Value::List(l) if l.is_empty())
}

fn set_count(msg: &DynamicMessage) -> usize {
    set_fields(msg).len() + msg.extensions().count()
}

/// The type-rule field set in FieldRules' `type` oneof.
fn which_type(rules: &DynamicMessage) -> Option<FieldDescriptor> {
    let oneof = rules.descriptor().oneofs().find(|o| o.name() == "type")?;
    let found = oneof.fields().find(|f| rules.has_field(f));
    found
}

fn get_u64(msg: &DynamicMessage, name: &str) -> Option<u64> {
    if !msg.has_field_by_name(name) {
        return None;
    }
    msg.get_field_by_name(name)?.as_u64()
}

fn get_str(msg: &DynamicMessage, name: &str) -> Option<String> {
    if !msg.has_field_by_name(name) {
        return None;
    }
    msg.get_field_by_name(name)?.as_str().map(str::to_string)
}

fn number_of(msg: &DynamicMessage, name: &str) -> i32 {
    msg.descriptor()
        .get_field_by_name(name)
        .map_or(0, |f| f.number() as i32)
}

fn enum_name(rules: &DynamicMessage, field: &str, value: i32) -> String {
    rules
        .descriptor()
        .get_field_by_name(field)
        .and_then(|f| f.kind().as_enum().cloned())
        .and_then(|e| e.get_value(value))
        .map_or_else(|| value.to_string(), |v| v.name().to_string())
}

fn ignore_value(rules: &DynamicMessage) -> Option<String> {
    if !rules.has_field_by_name("ignore") {
        return None;
    }
    let v = rules.get_field_by_name("ignore")?.as_enum_number()?;
    Some(enum_name(rules, "ignore", v))
}

fn required(rules: &DynamicMessage) -> bool {
    rules
        .get_field_by_name("required")
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub fn check_field(
    pool: &DescriptorPool,
    rules_desc: &MessageDescriptor,
    field: &FieldInfo,
    rules: &DynamicMessage,
    out: &mut Out,
) {
    let mut adder = Adder {
        field_name: field.name.clone(),
        pretty: pretty_type(&field.kind, field.is_map),
        base: Vec::new(),
        rules_desc,
        out,
    };
    let containing = field.containing.clone();
    check_rules_for_field(
        pool,
        &mut adder,
        rules,
        &containing,
        field,
        field.is_list || field.is_map,
    );
}

#[allow(clippy::too_many_arguments)]
fn check_rules_for_field(
    pool: &DescriptorPool,
    adder: &mut Adder<'_>,
    rules: &DynamicMessage,
    containing: &MessageDescriptor,
    field: &FieldInfo,
    expect_repeated: bool,
) {
    if field.is_extension {
        if required(rules) {
            let msg = format!(
                "Field {:?} is an extension field and cannot have {}.",
                adder.field_name,
                adder.rule_name(&[REQUIRED])
            );
            adder.add(&[REQUIRED], msg);
        }
        if ignore_value(rules).as_deref() == Some("IGNORE_IF_ZERO_VALUE") {
            let msg = format!(
                "Field {:?} is an extension field and cannot have {}=IGNORE_IF_ZERO_VALUE.",
                adder.field_name,
                adder.rule_name(&[IGNORE])
            );
            adder.add(&[IGNORE], msg);
        }
    }
    if let Some(oneof) = &field.oneof {
        if required(rules) {
            let name = adder.rule_name(&[REQUIRED]);
            let msg = format!(
                "Field {:?} has {name} but is in a oneof ({oneof}). Oneof fields must not have {name}.",
                adder.field_name
            );
            adder.add(&[REQUIRED], msg);
        }
    }
    check_field_flags(adder, field, rules);
    let cel_ok = check_cel_for_field(pool, adder, rules, field, !expect_repeated);
    let Some(type_fd) = which_type(rules) else {
        return;
    };
    let type_number = type_fd.number();
    let type_rules = match rules.get_field(&type_fd).as_message() {
        Some(m) => m.clone(),
        None => return,
    };
    if type_number == MAP {
        check_map_rules(pool, adder, &type_rules, field, containing);
        return;
    }
    if type_number == REPEATED {
        check_repeated_rules(pool, adder, &type_rules, field, containing);
        return;
    }
    let tn = type_number as i32;
    if expect_repeated {
        let msg = format!(
            "Field {:?} is of type repeated {} but has {} rules.",
            adder.field_name,
            adder.pretty,
            adder.rule_name(&[tn])
        );
        adder.add(&[tn], msg);
        return;
    }
    if !rule_fits(type_number, field) {
        let msg = format!(
            "Field {:?} is of type {} but has {} rules.",
            adder.field_name,
            adder.pretty,
            adder.rule_name(&[tn])
        );
        adder.add(&[tn], msg);
        return;
    }
    // Example values.
    if let Some(example_fd) = type_rules.descriptor().get_field_by_name("example") {
        if let Some(Value::List(values)) = type_rules
            .has_field(&example_fd)
            .then(|| type_rules.get_field(&example_fd).into_owned())
        {
            if cel_ok && !values.is_empty() {
                for (index, violation) in
                    examples::check(pool, rules, &type_rules, field, &values, &example_fd)
                {
                    adder.add(&[tn, example_fd.number() as i32, index as i32], violation);
                }
            }
        }
    }
    match type_number {
        1..=12 => check_number_rules(adder, tn, &type_rules),
        14 => check_string_rules(adder, &type_rules),
        15 => check_bytes_rules(adder, &type_rules),
        16 | 20 => check_const(adder, &type_rules, tn),
        21 => check_numeric_messages(adder, tn, &type_rules, false),
        22 => check_timestamp_rules(adder, &type_rules),
        28 => check_field_mask_rules(adder, &type_rules),
        _ => {}
    }
}

fn check_field_flags(adder: &mut Adder<'_>, field: &FieldInfo, rules: &DynamicMessage) {
    let ignore = ignore_value(rules);
    if ignore.as_deref() == Some("IGNORE_ALWAYS") && set_count(rules) > 1 {
        let msg = format!(
            "Field {:?} has {}=IGNORE_ALWAYS and therefore other rules in {} are not applied and should be removed.",
            adder.field_name,
            adder.rule_name(&[IGNORE]),
            adder.rule_name(&[])
        );
        adder.add(&[IGNORE], msg);
    }
    if required(rules) && ignore.as_deref() == Some("IGNORE_IF_ZERO_VALUE") {
        let msg = format!(
            "Field {:?} has both {} and {}=IGNORE_IF_ZERO_VALUE. A field cannot be empty if it is required.",
            adder.field_name,
            adder.rule_name(&[REQUIRED]),
            adder.rule_name(&[IGNORE])
        );
        adder.add_paths(&[&[REQUIRED], &[IGNORE]], msg);
    }
    if ignore.as_deref() == Some("IGNORE_IF_ZERO_VALUE")
        && field.has_presence
        && !field.is_extension
    {
        let msg = format!(
            "Field {:?} has {}=IGNORE_IF_ZERO_VALUE and tracks presence. This is the same as the default and the ignore option can be removed.",
            adder.field_name,
            adder.rule_name(&[IGNORE])
        );
        adder.add(&[IGNORE], msg);
    }
}

fn check_repeated_rules(
    pool: &DescriptorPool,
    adder: &mut Adder<'_>,
    rules: &DynamicMessage,
    field: &FieldInfo,
    containing: &MessageDescriptor,
) {
    let r = REPEATED as i32;
    if !field.is_list {
        let msg = format!(
            "Field {:?} is not repeated but has {} rules.",
            adder.field_name,
            adder.rule_name(&[r])
        );
        adder.add(&[r], msg);
        return;
    }
    let unique = rules
        .get_field_by_name("unique")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if unique {
        if let Kind::Message(m) = &field.kind {
            if !WRAPPERS.contains(&m.full_name()) {
                let msg = format!(
                    "Field {:?} is of type {} but has {} set to true, which is only allowed for scalar types and wrapper types.",
                    adder.field_name,
                    adder.pretty,
                    adder.rule_name(&[r, 3])
                );
                adder.add(&[r, 3], msg);
            }
        }
    }
    min_max(adder, rules, r, "min_items", "max_items");
    if let Some(items) = rules
        .has_field_by_name("items")
        .then(|| rules.get_field_by_name("items"))
        .flatten()
        .and_then(|v| v.as_message().cloned())
    {
        let mut item_adder = adder.with_base(&[r, 4]);
        if required(&items) {
            let name = item_adder.rule_name(&[REQUIRED]);
            let msg = format!(
                "Field {:?} has {name} on repeated item rules, which is unenforceable. The {name} constraint cannot be applied to individual items in a repeated field.",
                item_adder.field_name
            );
            item_adder.add(&[REQUIRED], msg);
        }
        let mut item = field.clone();
        item.is_list = false;
        check_rules_for_field(pool, &mut item_adder, &items, containing, &item, false);
    }
}

fn min_max(adder: &mut Adder<'_>, rules: &DynamicMessage, r: i32, min: &str, max: &str) {
    if let (Some(lo), Some(hi)) = (get_u64(rules, min), get_u64(rules, max)) {
        if lo > hi {
            let (ln, hn) = (number_of(rules, min), number_of(rules, max));
            let msg = format!(
                "Field {:?} has value {lo} for {}, which must be lower than value {hi} for {}.",
                adder.field_name,
                adder.rule_name(&[r, ln]),
                adder.rule_name(&[r, hn])
            );
            adder.add(&[r, ln], msg);
            let msg = format!(
                "Field {:?} has value {hi} for {}, which must be higher than value {lo} for {}.",
                adder.field_name,
                adder.rule_name(&[r, hn]),
                adder.rule_name(&[r, ln])
            );
            adder.add(&[r, hn], msg);
        }
    }
}

fn check_map_rules(
    pool: &DescriptorPool,
    adder: &mut Adder<'_>,
    rules: &DynamicMessage,
    field: &FieldInfo,
    containing: &MessageDescriptor,
) {
    let m = MAP as i32;
    if !field.is_map {
        let msg = format!(
            "Field {:?} is not a map but has {}.",
            adder.field_name,
            adder.rule_name(&[m])
        );
        adder.add(&[m], msg);
        return;
    }
    min_max(adder, rules, m, "min_pairs", "max_pairs");
    let Some((key, value)) = field.map_entry() else {
        return;
    };
    for (name, number, sub, what, what2) in [
        ("keys", 4, &key, "map key rules", "map keys"),
        ("values", 5, &value, "map value rules", "map values"),
    ] {
        let Some(sub_rules) = rules
            .has_field_by_name(name)
            .then(|| rules.get_field_by_name(name))
            .flatten()
            .and_then(|v| v.as_message().cloned())
        else {
            continue;
        };
        let mut sub_adder = adder.with_base(&[m, number]);
        if required(&sub_rules) {
            let rn = sub_adder.rule_name(&[REQUIRED]);
            let msg = format!(
                "Field {:?} has {rn} on {what}, which is unenforceable. The {rn} constraint cannot be applied to {what2}.",
                sub_adder.field_name
            );
            sub_adder.add(&[REQUIRED], msg);
        }
        check_rules_for_field(pool, &mut sub_adder, &sub_rules, containing, sub, false);
    }
}

fn check_const(adder: &mut Adder<'_>, rules: &DynamicMessage, r: i32) {
    let set = set_fields(rules);
    let count = set.len() + rules.extensions().count();
    if let Some((c, _)) = set.iter().find(|(f, _)| f.name() == "const") {
        if count > 1 {
            let cn = c.number() as i32;
            let msg = format!(
                "Field {:?} has {}, therefore other rules in {} are not applied and should be removed.",
                adder.field_name,
                adder.rule_name(&[r, cn]),
                adder.rule_name(&[r])
            );
            adder.add(&[r, cn], msg);
        }
    }
}

/// A bound of a numeric rule, comparable by equality.
#[derive(PartialEq, Clone, Copy, Debug)]
enum Num {
    I(i64),
    U(u64),
    F(f64),
    /// Seconds and nanos of a duration or timestamp.
    T(i64, i32),
}

fn check_number_rules(adder: &mut Adder<'_>, r: i32, rules: &DynamicMessage) {
    check_const(adder, rules, r);
    let bounds = collect_bounds(rules, |v| match v {
        Value::I32(x) => Some(Num::I(i64::from(*x))),
        Value::I64(x) => Some(Num::I(*x)),
        Value::U32(x) => Some(Num::U(u64::from(*x))),
        Value::U64(x) => Some(Num::U(*x)),
        Value::F32(x) => Some(Num::F(f64::from(*x))),
        Value::F64(x) => Some(Num::F(*x)),
        _ => None,
    });
    check_bounds(adder, r, &bounds);
    // NaN bounds and list entries of float and double rules.
    for (f, v) in set_fields(rules) {
        let n = f.number() as i32;
        match (f.name(), &v) {
            ("const" | "lt" | "lte" | "gt" | "gte", v) if is_nan(v) => {
                let msg = format!(
                    "Field {:?} has {} set to NaN. Comparisons with NaN are always false, so this rule can never be satisfied.",
                    adder.field_name,
                    adder.rule_name(&[r, n])
                );
                adder.add(&[r, n], msg);
            }
            (name @ ("in" | "not_in"), Value::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if is_nan(item) {
                        let effect = if name == "in" {
                            "this entry can never match"
                        } else {
                            "this entry has no effect"
                        };
                        let msg = format!(
                            "Field {:?} has NaN in {}. Comparisons with NaN are always false, so {effect}.",
                            adder.field_name,
                            adder.rule_name(&[r, n])
                        );
                        adder.add(&[r, n, i as i32], msg);
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_nan(v: &Value) -> bool {
    match v {
        Value::F32(x) => x.is_nan(),
        Value::F64(x) => x.is_nan(),
        _ => false,
    }
}

struct Bounds {
    lower: Option<(Num, i32, bool)>,
    upper: Option<(Num, i32, bool)>,
}

fn collect_bounds(rules: &DynamicMessage, conv: impl Fn(&Value) -> Option<Num>) -> Bounds {
    let mut b = Bounds {
        lower: None,
        upper: None,
    };
    for (f, v) in set_fields(rules) {
        let n = f.number() as i32;
        let Some(x) = conv(&v) else { continue };
        match f.name() {
            "gt" => b.lower = Some((x, n, false)),
            "gte" => b.lower = Some((x, n, true)),
            "lt" => b.upper = Some((x, n, false)),
            "lte" => b.upper = Some((x, n, true)),
            _ => {}
        }
    }
    b
}

fn check_bounds(adder: &mut Adder<'_>, r: i32, b: &Bounds) {
    let (Some((lo, ln, lincl)), Some((hi, hn, hincl))) = (b.lower, b.upper) else {
        return;
    };
    if lo != hi {
        return;
    }
    let msg = if lincl && hincl {
        format!(
            "Field {:?} has equal {} and {}, use {}.const instead.",
            adder.field_name,
            adder.rule_name(&[r, ln]),
            adder.rule_name(&[r, hn]),
            adder.rule_name(&[r])
        )
    } else {
        format!(
            "Field {:?} has equal {} and {}. All values are rejected by these checks.",
            adder.field_name,
            adder.rule_name(&[r, ln]),
            adder.rule_name(&[r, hn])
        )
    };
    adder.add_paths(&[&[r, ln], &[r, hn]], msg);
}

/// Seconds and nanos of a Duration or Timestamp message value.
fn seconds_nanos(v: &Value) -> Option<(i64, i32)> {
    let m = v.as_message()?;
    let s = m.get_field_by_name("seconds")?.as_i64()?;
    let n = m.get_field_by_name("nanos")?.as_i32()?;
    Some((s, n))
}

/// protobuf-go's text form of a Duration or Timestamp: `seconds:1 nanos:-1`.
fn fmt_sn(s: i64, n: i32) -> String {
    let mut parts = Vec::new();
    if s != 0 {
        parts.push(format!("seconds:{s}"));
    }
    if n != 0 {
        parts.push(format!("nanos:{n}"));
    }
    parts.join(" ")
}

/// buf's `checkDuration`: an error text, or `None` when valid.
fn duration_error(s: i64, n: i32) -> Option<String> {
    let d = fmt_sn(s, n);
    if n <= -1_000_000_000 || n >= 1_000_000_000 {
        return Some(format!(
            "duration ({d}) must have nanos in the range 0 to 999999999"
        ));
    }
    if (s > 0 && n < 0) || (s < 0 && n > 0) {
        return Some(format!(
            "duration ({d}) has seconds and nanos with different signs"
        ));
    }
    let total = i128::from(s) * 1_000_000_000 + i128::from(n);
    // protobuf-go's AsDuration saturates at the range of time.Duration (int64 nanoseconds).
    let total = total.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    let max = 9_223_372_036i128 * 1_000_000_000 + 854_775_428;
    if total > max || total < -max {
        return Some(format!(
            "duration ({d}) must be in the range seconds:-9223372036 nanos:-854775428 to seconds:9223372036 nanos:854775428"
        ));
    }
    None
}

/// protobuf-go's `Timestamp.CheckValid` text, or `None` when valid.
fn timestamp_error(s: i64, n: i32) -> Option<String> {
    let t = fmt_sn(s, n);
    if s < -62_135_596_800 {
        return Some(format!("proto:\u{a0}timestamp ({t}) before 0001-01-01"));
    }
    if s > 253_402_300_799 {
        return Some(format!("proto:\u{a0}timestamp ({t}) after 9999-12-31"));
    }
    if !(0..1_000_000_000).contains(&n) {
        return Some(format!(
            "proto:\u{a0}timestamp ({t}) has out-of-range nanos"
        ));
    }
    None
}

fn check_numeric_messages(adder: &mut Adder<'_>, r: i32, rules: &DynamicMessage, timestamp: bool) {
    let mut valid = Vec::new();
    let mut count = 0;
    let mut constant = None;
    for (f, v) in set_fields(rules) {
        count += 1;
        let n = f.number() as i32;
        if !matches!(f.name(), "const" | "gt" | "gte" | "lt" | "lte") {
            continue;
        }
        let Some((s, ns)) = seconds_nanos(&v) else {
            continue;
        };
        let err = if timestamp {
            timestamp_error(s, ns)
        } else {
            duration_error(s, ns)
        };
        if let Some(err) = err {
            let msg = format!(
                "Field {:?} has an invalid {}: {err}.",
                adder.field_name,
                adder.rule_name(&[r, n])
            );
            adder.add(&[r, n], msg);
            continue;
        }
        if f.name() == "const" {
            constant = Some(n);
        }
        valid.push((f.name().to_string(), n, Num::T(s, ns)));
    }
    count += rules.extensions().count();
    if let Some(cn) = constant {
        if count > 1 {
            let msg = format!(
                "Field {:?} has {}, therefore other rules in {} are not applied and should be removed.",
                adder.field_name,
                adder.rule_name(&[r, cn]),
                adder.rule_name(&[r])
            );
            adder.add(&[r, cn], msg);
        }
    }
    let mut b = Bounds {
        lower: None,
        upper: None,
    };
    for (name, n, x) in valid {
        match name.as_str() {
            "gt" => b.lower = Some((x, n, false)),
            "gte" => b.lower = Some((x, n, true)),
            "lt" => b.upper = Some((x, n, false)),
            "lte" => b.upper = Some((x, n, true)),
            _ => {}
        }
    }
    check_bounds(adder, r, &b);
}

fn check_timestamp_rules(adder: &mut Adder<'_>, rules: &DynamicMessage) {
    let r = 22;
    check_numeric_messages(adder, r, rules, true);
    let flag = |name: &str| {
        rules
            .get_field_by_name(name)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    if flag("lt_now") && flag("gt_now") {
        let msg = format!(
            "Field {:?} has both {} and {}. A timestamp cannot be both before and after validation time.",
            adder.field_name,
            adder.rule_name(&[r, 8]),
            adder.rule_name(&[r, 7])
        );
        adder.add_paths(&[&[r, 8], &[r, 7]], msg);
    }
    if rules.has_field_by_name("within") {
        if let Some((s, n)) = rules
            .get_field_by_name("within")
            .and_then(|v| seconds_nanos(&v))
        {
            if let Some(err) = duration_error(s, n) {
                let msg = format!(
                    "Field {:?} has an invalid {}: {err}.",
                    adder.field_name,
                    adder.rule_name(&[r, 9])
                );
                adder.add(&[r, 9], msg);
            } else if s <= 0 && n <= 0 {
                let msg = format!(
                    "Field {:?} must have a positive {} ({}).",
                    adder.field_name,
                    adder.rule_name(&[r, 9]),
                    fmt_sn(s, n)
                );
                adder.add(&[r, 9], msg);
            }
        }
    }
}

fn check_field_mask_rules(adder: &mut Adder<'_>, rules: &DynamicMessage) {
    let r = 28;
    check_const(adder, rules, r);
    let list = |name: &str| -> Vec<String> {
        rules
            .get_field_by_name(name)
            .and_then(|v| {
                v.as_list().map(|l| {
                    l.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
            })
            .unwrap_or_default()
    };
    let (ins, not_ins) = (list("in"), list("not_in"));
    for path in &ins {
        if not_ins.contains(path) {
            let msg = format!(
                "Field {:?} has path {path:?} in both in and not_in rules.",
                adder.field_name
            );
            adder.add(&[r, 2], msg);
        }
    }
}

fn check_len_rules(adder: &mut Adder<'_>, rules: &DynamicMessage, r: i32, names: [&str; 3]) {
    let [len, min, max] = names;
    let (l, lo, hi) = (
        get_u64(rules, len),
        get_u64(rules, min),
        get_u64(rules, max),
    );
    let (lenn, minn, maxn) = (
        number_of(rules, len),
        number_of(rules, min),
        number_of(rules, max),
    );
    if l.is_some() && lo.is_some() {
        let msg = format!(
            "Field {:?} has {} and therefore, {} is redundant and should be removed.",
            adder.field_name,
            adder.rule_name(&[r, lenn]),
            adder.rule_name(&[r, minn])
        );
        adder.add(&[r, minn], msg);
    }
    if l.is_some() && hi.is_some() {
        let msg = format!(
            "Field {:?} has {} and therefore, {} is redundant and should be removed.",
            adder.field_name,
            adder.rule_name(&[r, lenn]),
            adder.rule_name(&[r, maxn])
        );
        adder.add(&[r, maxn], msg);
    }
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return;
    };
    if lo > hi {
        let msg = format!(
            "Field {:?} has value {lo} for {}, which must be lower than value {hi} for {}.",
            adder.field_name,
            adder.rule_name(&[r, minn]),
            adder.rule_name(&[r, maxn])
        );
        adder.add(&[r, minn], msg);
        let msg = format!(
            "Field {:?} has value {hi} for {}, which must be higher than value {lo} for {}.",
            adder.field_name,
            adder.rule_name(&[r, maxn]),
            adder.rule_name(&[r, minn])
        );
        adder.add(&[r, maxn], msg);
    } else if lo == hi {
        let msg = format!(
            "Field {:?} has equal {} and {max}, use {}.{len} instead.",
            adder.field_name,
            adder.rule_name(&[r, minn]),
            adder.rule_name(&[r])
        );
        adder.add_paths(&[&[r, minn], &[r, maxn]], msg);
    }
}

fn check_string_rules(adder: &mut Adder<'_>, rules: &DynamicMessage) {
    let r = 14;
    check_const(adder, rules, r);
    check_len_rules(adder, rules, r, ["len", "min_len", "max_len"]);
    check_len_rules(adder, rules, r, ["len_bytes", "min_bytes", "max_bytes"]);
    let min_len = get_u64(rules, "min_len");
    let max_len = get_u64(rules, "max_len");
    let min_bytes = get_u64(rules, "min_bytes");
    let max_bytes = get_u64(rules, "max_bytes");
    if let (Some(ml), Some(mb)) = (min_len, max_bytes) {
        if mb < ml {
            let msg = format!(
                "Field {:?} has value {ml} for {}, which must be lower than value {mb} for {}. A string with {ml} UTF-8 characters has at least {ml} bytes, which is higher than {mb} bytes.",
                adder.field_name,
                adder.rule_name(&[r, 2]),
                adder.rule_name(&[r, 5])
            );
            adder.add(&[r, 2], msg);
            let msg = format!(
                "Field {:?} has value {mb} for {}, which must be higher than value {ml} for {}. A string with {ml} UTF-8 characters has at least {ml} bytes, which is higher than {mb} bytes.",
                adder.field_name,
                adder.rule_name(&[r, 5]),
                adder.rule_name(&[r, 2])
            );
            adder.add(&[r, 5], msg);
        }
    }
    if let (Some(ml), Some(mb)) = (max_len, min_bytes) {
        if ml.saturating_mul(4) < mb {
            let msg = format!(
                "Field {:?} has value {mb} for {} but {ml} for {}. A string with {ml} UTF-8 characters has at most {} bytes.",
                adder.field_name,
                adder.rule_name(&[r, 4]),
                adder.rule_name(&[r, 3]),
                ml * 4
            );
            adder.add(&[r, 4], msg);
            let msg = format!(
                "Field {:?} has value {ml} for {} but {mb} for {}. A string with {ml} UTF-8 characters has at most {} bytes.",
                adder.field_name,
                adder.rule_name(&[r, 3]),
                adder.rule_name(&[r, 4]),
                ml * 4
            );
            adder.add(&[r, 3], msg);
        }
    }
    let not_contains = get_str(rules, "not_contains");
    for (name, n) in [("prefix", 7), ("suffix", 8), ("contains", 9)] {
        let Some(sub) = get_str(rules, name) else {
            continue;
        };
        let runes = sub.chars().count() as u64;
        if let Some(ml) = max_len {
            if runes > ml {
                let msg = format!(
                    "Field {:?} has a {} of length {runes}, exceeding its max_len ({ml}). It is impossible for a string to contain {} while having less than or equal to {runes} UTF-8 characters.",
                    adder.field_name,
                    adder.rule_name(&[r, n]),
                    go_quote(&sub)
                );
                adder.add(&[r, n], msg);
            }
        }
        let bytes = sub.len() as u64;
        if let Some(mb) = max_bytes {
            if bytes > mb {
                let msg = format!(
                    "Field {:?} has a {} of {bytes} bytes, exceeding its max_bytes ({mb}). It is impossible for a string to contain {} while having less than or equal to {bytes} bytes.",
                    adder.field_name,
                    adder.rule_name(&[r, n]),
                    go_quote(&sub)
                );
                adder.add(&[r, n], msg);
            }
        }
        if let Some(nc) = &not_contains {
            if sub.contains(nc.as_str()) {
                let msg = format!(
                    "Field {:?} has a {} ({}) containing its not_contains ({}). It is impossible for a string to contain {} without containing {}.",
                    adder.field_name,
                    adder.rule_name(&[r, n]),
                    go_quote(&sub),
                    go_quote(nc),
                    go_quote(&sub),
                    go_quote(nc)
                );
                adder.add(&[r, n], msg);
            }
        }
    }
    if let Some(pattern) = get_str(rules, "pattern") {
        if let Err(err) = go_regexp_check(&pattern) {
            let msg = format!(
                "Field {:?} has a {} that fails to compile: {err}.",
                adder.field_name,
                adder.rule_name(&[r, 6])
            );
            adder.add(&[r, 6], msg);
        }
    }
    let non_strict = rules.has_field_by_name("strict")
        && rules.get_field_by_name("strict").and_then(|v| v.as_bool()) == Some(false);
    let well_known = rules.has_field_by_name("well_known_regex")
        && rules
            .get_field_by_name("well_known_regex")
            .and_then(|v| v.as_enum_number())
            .unwrap_or(0)
            != 0;
    if non_strict && !well_known {
        let strict = adder.rule_name(&[r, 25]);
        let wkr = adder.rule_name(&[r, 24]);
        let msg = format!(
            "Field {:?} has {strict} without {wkr}. {strict} only applies to {wkr} and is invalid without it.",
            adder.field_name
        );
        adder.add(&[r, 25], msg);
    }
}

fn check_bytes_rules(adder: &mut Adder<'_>, rules: &DynamicMessage) {
    let r = 15;
    check_const(adder, rules, r);
    check_len_rules(adder, rules, r, ["len", "min_len", "max_len"]);
    let max_len = get_u64(rules, "max_len");
    for (name, n) in [("prefix", 5), ("suffix", 6), ("contains", 7)] {
        let value: Vec<u8> = if rules.has_field_by_name(name) {
            rules
                .get_field_by_name(name)
                .and_then(|v| v.as_bytes().map(|b| b.to_vec()))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if let Some(ml) = max_len {
            if value.len() as u64 > ml {
                let msg = format!(
                    "Field {:?} has a {} of {} bytes, exceeding its max_len ({ml}). It is impossible to contain {} while having less than or equal to {ml} bytes.",
                    adder.field_name,
                    adder.rule_name(&[r, n]),
                    value.len(),
                    go_quote_bytes(&value)
                );
                adder.add(&[r, n], msg);
            }
        }
    }
    if let Some(pattern) = get_str(rules, "pattern") {
        if let Err(err) = go_regexp_check(&pattern) {
            let msg = format!(
                "Field {:?} has a {} that fails to compile: {err}.",
                adder.field_name,
                adder.rule_name(&[r, 4])
            );
            adder.add(&[r, 4], msg);
        }
    }
}

/// Go's `%q` of a string: printable characters as they are, escapes otherwise.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let n = c as u32;
                if n < 0x80 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%q` of a byte slice: as a string, invalid UTF-8 bytes as `\x..`.
fn go_quote_bytes(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => go_quote(s),
        Err(_) => {
            let mut out = String::from("\"");
            for chunk in b.utf8_chunks() {
                out.push_str(go_quote(chunk.valid()).trim_matches('"'));
                for byte in chunk.invalid() {
                    out.push_str(&format!("\\x{byte:02x}"));
                }
            }
            out.push('"');
            out
        }
    }
}

/// Checks a pattern as Go's `regexp.Compile` (RE2 syntax), with Go's error text for the
/// common failures.
fn go_regexp_check(pattern: &str) -> Result<(), String> {
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(_) => Ok(()),
        Err(err) => Err(go_regexp_error(pattern, &err)),
    }
}

fn go_regexp_error(pattern: &str, err: &regex_syntax::Error) -> String {
    use regex_syntax::ast::ErrorKind as A;
    let (code, arg) = match err {
        regex_syntax::Error::Parse(e) => {
            let span = e.span();
            let at = pattern.get(span.start.offset..).unwrap_or("");
            match e.kind() {
                A::ClassUnclosed => ("missing closing ]", at.to_string()),
                A::GroupUnclosed => ("missing closing )", pattern.to_string()),
                A::GroupUnopened => ("unexpected )", pattern.to_string()),
                A::RepetitionMissing => (
                    "missing argument to repetition operator",
                    at.chars().next().map(String::from).unwrap_or_default(),
                ),
                A::UnicodeClassInvalid => (
                    "invalid character class range",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_string(),
                ),
                A::EscapeUnrecognized | A::EscapeUnexpectedEof => (
                    "invalid escape sequence",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_string(),
                ),
                A::ClassRangeInvalid => (
                    "invalid character class range",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_string(),
                ),
                A::RepetitionCountInvalid | A::RepetitionCountUnclosed => (
                    "invalid repeat count",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_string(),
                ),
                _ => ("invalid regular expression", pattern.to_string()),
            }
        }
        regex_syntax::Error::Translate(e) => {
            use regex_syntax::hir::ErrorKind as H;
            let span = e.span();
            let text = pattern
                .get(span.start.offset..span.end.offset)
                .unwrap_or("")
                .to_string();
            match e.kind() {
                H::UnicodePropertyNotFound | H::UnicodePropertyValueNotFound => {
                    ("invalid character class range", text)
                }
                _ => ("invalid regular expression", pattern.to_string()),
            }
        }
        _ => ("invalid regular expression", pattern.to_string()),
    };
    format!("error parsing regexp: {code}: `{arg}`")
}

/// CEL rules on a field (`cel` and `cel_expression`). Returns whether all of them compile.
fn check_cel_for_field(
    pool: &DescriptorPool,
    adder: &mut Adder<'_>,
    rules: &DynamicMessage,
    field: &FieldInfo,
    for_items: bool,
) -> bool {
    let cel_rules = message_list(rules, "cel");
    let exprs = string_list(rules, "cel_expression");
    if cel_rules.is_empty() && exprs.is_empty() {
        return true;
    }
    let this = celcheck::field_type(field, for_items);
    let env = Env::new(pool.clone(), vec![("this".into(), this)]);
    let parent = format!("field {:?}", adder.field_name);
    let parent_cap = format!("Field {:?}", adder.field_name);
    let cel_name = adder.rule_name(&[CEL]);
    let expr_name = adder.rule_name(&[CEL_EXPRESSION]);
    let mut ok = true;
    let mut found: Vec<(i32, usize, String)> = Vec::new();
    ok &= check_cel(
        &env,
        &cel_rules,
        &parent,
        &parent_cap,
        &cel_name,
        &mut |i, m| found.push((CEL, i, m)),
    );
    ok &= check_cel_expressions(&env, &exprs, &parent, &expr_name, &mut |i, m| {
        found.push((CEL_EXPRESSION, i, m))
    });
    for (n, i, m) in found {
        adder.add(&[n, i as i32], m);
    }
    ok
}

fn message_list(msg: &DynamicMessage, name: &str) -> Vec<DynamicMessage> {
    msg.get_field_by_name(name)
        .and_then(|v| {
            v.as_list()
                .map(|l| l.iter().filter_map(|x| x.as_message().cloned()).collect())
        })
        .unwrap_or_default()
}

fn string_list(msg: &DynamicMessage, name: &str) -> Vec<String> {
    msg.get_field_by_name(name)
        .and_then(|v| {
            v.as_list().map(|l| {
                l.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// buf's `checkCEL`: ids, empty expressions, compile errors, output types, duplicate ids.
/// Returns whether every expression compiles.
fn check_cel(
    env: &Env,
    rules: &[DynamicMessage],
    parent: &str,
    parent_cap: &str,
    cel_name: &str,
    add: &mut dyn FnMut(usize, String),
) -> bool {
    let mut ok = true;
    let mut ids: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let id = get_str(rule, "id").unwrap_or_default();
        let expression = get_str(rule, "expression").unwrap_or_default();
        let message = get_str(rule, "message").unwrap_or_default();
        if !id.is_empty() {
            if !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                add(i, format!("{parent_cap} has invalid characters for {cel_name}.id. IDs must contain only characters a-z, A-Z, 0-9, '.', '_', '-'."));
            }
            match ids.iter_mut().find(|(x, _)| *x == id) {
                Some((_, v)) => v.push(i),
                None => ids.push((id.clone(), vec![i])),
            }
        }
        if expression.trim().is_empty() {
            add(i, format!("{parent_cap} has an empty {cel_name}.expression. Expressions should always be specified."));
            continue;
        }
        match celcheck::compile(env, &expression) {
            Ok(ty) => match ty {
                Ty::Bool | Ty::Dyn => {}
                Ty::String => {
                    if !message.is_empty() {
                        add(i, format!("{parent_cap} has a {cel_name} with an expression that evaluates to a string, and also has a message. The message is redundant - since the expression evaluates to a string, its result will be printed instead of the message, so the message should be removed."));
                    }
                }
                other => add(
                    i,
                    format!(
                        "{cel_name}.expression on {parent} evaluates to a {}, only string and boolean are allowed.",
                        other.name()
                    ),
                ),
            },
            Err(errors) => {
                ok = false;
                for e in errors {
                    add(
                        i,
                        format!("{cel_name}.expression on {parent} fails to compile: {e}"),
                    );
                }
            }
        }
    }
    for (id, indices) in ids {
        if indices.len() > 1 {
            for i in indices {
                add(
                    i,
                    format!("{cel_name}.id ({id:?}) is not unique within {parent}."),
                );
            }
        }
    }
    ok
}

/// `cel_expression` entries: plain expressions, no id or message.
fn check_cel_expressions(
    env: &Env,
    exprs: &[String],
    parent: &str,
    name: &str,
    add: &mut dyn FnMut(usize, String),
) -> bool {
    let mut ok = true;
    for (i, expression) in exprs.iter().enumerate() {
        match celcheck::compile(env, expression) {
            Ok(Ty::Bool | Ty::Dyn | Ty::String) => {}
            Ok(other) => add(
                i,
                format!(
                    "{name} on {parent} evaluates to a {}, only string and boolean are allowed.",
                    other.name()
                ),
            ),
            Err(errors) => {
                ok = false;
                for e in errors {
                    add(i, format!("{name} on {parent} fails to compile: {e}"));
                }
            }
        }
    }
    ok
}

/// `(buf.validate.message)`: `disabled` with other rules, CEL rules, `oneof` rules.
pub fn check_message_rules(
    rules: &DynamicMessage,
    message: &MessageDescriptor,
    name: &str,
    add: &mut dyn FnMut(Vec<i32>, String),
) {
    let pool = message.parent_pool().clone();
    let cel_rules = message_list(rules, "cel");
    let disabled = rules
        .get_field_by_name("disabled")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if disabled && !cel_rules.is_empty() {
        add(
            vec![1],
            format!("Message {name:?} has (buf.validate.message).disabled, therefore other rules in (buf.validate.message) are not applied and should be removed."),
        );
    }
    let env = Env::new(
        pool,
        vec![("this".into(), Ty::Message(message.full_name().to_string()))],
    );
    let parent = format!("message {name:?}");
    let parent_cap = format!("Message {name:?}");
    check_cel(
        &env,
        &cel_rules,
        &parent,
        &parent_cap,
        "(buf.validate.message).cel",
        &mut |i, m| add(vec![3, i as i32], m),
    );
    let exprs = string_list(rules, "cel_expression");
    check_cel_expressions(
        &env,
        &exprs,
        &parent,
        "(buf.validate.message).cel_expression",
        &mut |i, m| add(vec![5, i as i32], m),
    );
    // oneof rules.
    let oneofs = message_list(rules, "oneof");
    let mut field_to_entries: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, oneof) in oneofs.iter().enumerate() {
        let fields = string_list(oneof, "fields");
        if fields.is_empty() {
            add(vec![4, i as i32], format!("Message {name:?} has a (buf.validate.message).oneof entry with no fields. Each oneof entry must specify at least one field."));
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for (j, f) in fields.iter().enumerate() {
            let path = vec![4, i as i32, 1, j as i32];
            if seen.contains(&f.as_str()) {
                add(path, format!("Message {name:?} has a (buf.validate.message).oneof entry that references field {f:?} more than once. Duplicate field names are not permitted."));
                continue;
            }
            seen.push(f);
            if message.get_field_by_name(f).is_none() {
                add(path, format!("Message {name:?} has a (buf.validate.message).oneof entry that references field {f:?}, which is not defined in the message."));
                continue;
            }
            match field_to_entries.iter_mut().find(|(x, _)| x == f) {
                Some((_, v)) => v.push(i),
                None => field_to_entries.push((f.clone(), vec![i])),
            }
        }
    }
    for (f, entries) in field_to_entries {
        if entries.len() < 2 {
            continue;
        }
        let mut dedup = entries.clone();
        dedup.dedup();
        for i in dedup {
            add(vec![4, i as i32], format!("Message {name:?} references field {f:?} in more than one (buf.validate.message).oneof entry. A field may only appear in one oneof entry."));
        }
    }
}

/// `extend buf.validate.XRules { T rule = N [(buf.validate.predefined).cel = …]; }`.
pub fn check_predefined(
    pool: &DescriptorPool,
    field: &FieldInfo,
    add: &mut dyn FnMut(Vec<i32>, String),
) {
    let Some(ext) = &field.ext else {
        return;
    };
    let extendee = ext.containing_message();
    let extendee_name = extendee.full_name();
    if !(extendee_name.starts_with("buf.validate.") && extendee_name.ends_with("Rules")) {
        return;
    }
    let Some(predefined) = super::extension_value(pool, &field.options, "buf.validate.predefined")
    else {
        return;
    };
    let Some(this) = celcheck::rules_this_type(extendee.name()) else {
        return;
    };
    let rule = celcheck::field_type(field, false);
    let env = Env::new(
        pool.clone(),
        vec![
            ("rule".into(), rule),
            ("this".into(), this),
            ("rules".into(), Ty::Message(extendee_name.to_string())),
        ],
    );
    let cel_rules = message_list(&predefined, "cel");
    check_cel(
        &env,
        &cel_rules,
        "extension field",
        "Extension field",
        "(buf.validate.predefined).cel",
        &mut |i, m| add(vec![1, i as i32], m),
    );
}

/// Whether a message type is a wrapper (for CEL typing).
pub fn is_wrapper(name: &str) -> bool {
    WRAPPERS.contains(&name)
}
