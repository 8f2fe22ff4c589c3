//! Example values (`(buf.validate.field).string.example = "…"`) must satisfy the field's rules.
//!
//! buf validates a message holding each example with protovalidate; here each rule that applies
//! to the field's values is evaluated directly: the CEL rules of every set standard or
//! predefined rule (`(buf.validate.predefined).cel` on the rule's field), with `this` the
//! example, `rules` the type rules and `rule` the rule's value, with the `cel` crate's
//! interpreter; the field's own `cel` rules; and `enum.defined_only`, which protovalidate
//! implements natively. Durations and timestamps are not evaluated (the `cel` crate is built
//! without its `chrono` feature).

use std::collections::HashMap;
use std::sync::Arc;

use cel::{Context, Env as CelEnv, Value as CelValue};
use prost_reflect::{DescriptorPool, DynamicMessage, FieldDescriptor, Kind, ReflectMessage, Value};

use super::cel::{self as celcheck, Env, Ty};
use super::field::FieldInfo;

/// A CEL rule: id, message, expression.
struct CelRule {
    id: String,
    message: String,
    expression: String,
}

fn cel_rules(msg: &DynamicMessage, field: &str) -> Vec<CelRule> {
    let Some(list) = msg.get_field_by_name(field) else {
        return Vec::new();
    };
    let Some(list) = list.as_list() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| v.as_message())
        .map(|m| {
            let s = |n: &str| {
                m.get_field_by_name(n)
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            };
            CelRule {
                id: s("id"),
                message: s("message"),
                expression: s("expression"),
            }
        })
        .collect()
}

/// The value as CEL sees it (`None` for values not evaluated here).
fn to_cel(v: &Value) -> Option<CelValue> {
    Some(match v {
        Value::Bool(b) => CelValue::Bool(*b),
        Value::I32(x) => CelValue::Int(i64::from(*x)),
        Value::I64(x) => CelValue::Int(*x),
        Value::U32(x) => CelValue::UInt(u64::from(*x)),
        Value::U64(x) => CelValue::UInt(*x),
        Value::F32(x) => CelValue::Float(f64::from(*x)),
        Value::F64(x) => CelValue::Float(*x),
        Value::String(s) => CelValue::String(Arc::new(s.clone())),
        Value::Bytes(b) => CelValue::Bytes(Arc::new(b.to_vec())),
        Value::EnumNumber(n) => CelValue::Int(i64::from(*n)),
        Value::List(items) => CelValue::List(Arc::new(
            items.iter().map(to_cel).collect::<Option<Vec<_>>>()?,
        )),
        Value::Message(_) | Value::Map(_) => return None,
    })
}

/// Go's `%v` of the example value.
fn go_format(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::I32(x) => x.to_string(),
        Value::I64(x) => x.to_string(),
        Value::U32(x) => x.to_string(),
        Value::U64(x) => x.to_string(),
        Value::F32(x) => go_float(f64::from(*x)),
        Value::F64(x) => go_float(*x),
        Value::String(s) => s.clone(),
        Value::Bytes(b) => format!(
            "[{}]",
            b.iter().map(u8::to_string).collect::<Vec<_>>().join(" ")
        ),
        Value::EnumNumber(n) => n.to_string(),
        Value::List(_) | Value::Map(_) | Value::Message(_) => "&{}".to_string(),
    }
}

fn go_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let abs = x.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        let s = format!("{x:e}");
        // Rust: 1e21, 1.5e-7; Go: 1e+21, 1.5e-07.
        if let Some((m, e)) = s.split_once('e') {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            return format!("{m}e{sign}{digits:0>2}");
        }
        return s;
    }
    format!("{x}")
}

/// The message of a standard rule as buf's embedded protovalidate words it: without the
/// leading `value` (`value length must be at least 3 characters` is `must be at least 3
/// characters`), whatever version of `validate.proto` the module vendors.
fn standard_message(message: &str, standard: bool) -> String {
    if !standard {
        return message.to_string();
    }
    for prefix in ["value length ", "value "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if rest.starts_with("must ")
                || rest.starts_with("does ")
                || rest.starts_with("contains ")
            {
                return rest.to_string();
            }
        }
    }
    message.to_string()
}

/// The violations of each example value: (index of the example, message).
pub fn check(
    pool: &DescriptorPool,
    rules: &DynamicMessage,
    type_rules: &DynamicMessage,
    field: &FieldInfo,
    values: &[Value],
    example_fd: &FieldDescriptor,
) -> Vec<(usize, String)> {
    let field_cel = cel_rules(rules, "cel");
    // The rules to evaluate: (rule value, CEL rules) of every set rule but `example`.
    let mut applied: Vec<(Value, Vec<CelRule>, bool)> = Vec::new();
    let mut rules_map: HashMap<String, CelValue> = HashMap::new();
    let mut has_rules = !field_cel.is_empty();
    let mut defined_only = false;
    for (fd, v) in type_rules.fields() {
        if fd.number() == example_fd.number() {
            continue;
        }
        has_rules = true;
        if let Some(c) = to_cel(v) {
            rules_map.insert(fd.name().to_string(), c);
        }
        if fd.name() == "defined_only" && v.as_bool() == Some(true) {
            defined_only = true;
        }
        let predefined = super::extension_value(pool, &fd.options(), "buf.validate.predefined");
        if let Some(p) = predefined {
            applied.push((v.clone(), cel_rules(&p, "cel"), true));
        }
    }
    for (ext, v) in type_rules.extensions() {
        has_rules = true;
        let predefined = super::extension_value(pool, &ext.options(), "buf.validate.predefined");
        let Some(p) = predefined else { continue };
        let cel = cel_rules(&p, "cel");
        // A predefined rule that does not compile stops validation (buf reports nothing).
        let this = celcheck::rules_this_type(type_rules.descriptor().name()).unwrap_or(Ty::Dyn);
        let rule_ty = celcheck::kind_type(&ext.kind());
        let rule_ty = if ext.is_list() {
            Ty::List(Box::new(rule_ty))
        } else {
            rule_ty
        };
        let env = Env::new(
            pool.clone(),
            vec![
                ("rule".into(), rule_ty),
                ("this".into(), this),
                (
                    "rules".into(),
                    Ty::Message(type_rules.descriptor().full_name().to_string()),
                ),
            ],
        );
        if cel
            .iter()
            .any(|r| celcheck::compile(&env, &r.expression).is_err())
        {
            return Vec::new();
        }
        applied.push((v.clone(), cel, false));
    }
    if !has_rules {
        return Vec::new();
    }
    let enum_values: Option<Vec<i32>> = match &field.kind {
        Kind::Enum(e) => Some(e.values().map(|v| v.number()).collect()),
        _ => None,
    };
    let mut env = CelEnv::stdlib();
    if env.add_extension(cel::extensions::strings).is_err() {
        return Vec::new();
    }
    let env = Arc::new(env);
    let rules_value = CelValue::from(rules_map);
    let mut out = Vec::new();
    for (index, example) in values.iter().enumerate() {
        if let Some(violations) = duration_example(type_rules, example) {
            for (id, message) in violations {
                out.push((
                    index,
                    format!("\"&{{{{}} [] [] 0x0}}\" is an example value but does not satisfy rule {id:?}: {message}"),
                ));
            }
            continue;
        }
        let Some(this) = to_cel(example) else {
            continue;
        };
        let shown = go_format(example);
        let mut violations: Vec<(String, String)> = Vec::new();
        if defined_only {
            if let (Some(defined), Value::I32(n) | Value::EnumNumber(n)) = (&enum_values, example) {
                if !defined.contains(n) {
                    violations.push((
                        "enum.defined_only".into(),
                        "value must be one of the defined enum values".into(),
                    ));
                }
            }
        }
        let mut evaluate = |rule: Option<&Value>, cel: &CelRule, standard: bool| {
            let Ok(program) = env.compile(&cel.expression) else {
                return;
            };
            let mut ctx = Context::with_env(env.clone());
            ctx.add_variable_from_value("this", this.clone());
            ctx.add_variable_from_value("rules", rules_value.clone());
            if let Some(c) = rule.and_then(to_cel) {
                ctx.add_variable_from_value("rule", c);
            }
            let _ = ctx.add_function(
                "getField",
                |cel::extractors::Arguments(args): cel::extractors::Arguments| -> cel::ResolveResult {
                    match (args.first(), args.get(1)) {
                        (Some(CelValue::Map(m)), Some(CelValue::String(k))) => Ok(m
                            .get(&cel::objects::KeyRef::String(k.as_str()))
                            .cloned()
                            .unwrap_or(CelValue::Null)),
                        _ => Ok(CelValue::Null),
                    }
                },
            );
            add_library(&mut ctx);
            let _ = ctx.add_function(
                "isNan",
                |cel::extractors::This(x): cel::extractors::This<f64>| x.is_nan(),
            );
            let _ = ctx.add_function(
                "isInf",
                |cel::extractors::This(x): cel::extractors::This<f64>| x.is_infinite(),
            );
            match program.execute(&ctx) {
                Ok(CelValue::Bool(false)) => {
                    violations.push((cel.id.clone(), standard_message(&cel.message, standard)))
                }
                Ok(CelValue::String(s)) if !s.is_empty() => {
                    violations.push((cel.id.clone(), standard_message(&s, standard)))
                }
                _ => {}
            }
        };
        for (rule, cels, standard) in &applied {
            for c in cels {
                evaluate(Some(rule), c, *standard);
            }
        }
        for c in &field_cel {
            evaluate(None, c, false);
        }
        for (id, message) in violations {
            out.push((
                index,
                format!(
                    "\"{shown}\" is an example value but does not satisfy rule {id:?}: {message}"
                ),
            ));
        }
    }
    out
}

/// Seconds and nanos of a Duration message value, as nanoseconds.
fn duration_nanos(v: &Value) -> Option<(&'static str, i128)> {
    let m = v.as_message()?;
    let kind = match m.descriptor().full_name() {
        "google.protobuf.Duration" => "duration",
        "google.protobuf.Timestamp" => "timestamp",
        _ => return None,
    };
    let s = m.get_field_by_name("seconds")?.as_i64()?;
    let n = m.get_field_by_name("nanos")?.as_i32()?;
    Some((kind, i128::from(s) * 1_000_000_000 + i128::from(n)))
}

/// CEL's text of a timestamp: RFC 3339 in UTC, fractional seconds only when present.
fn fmt_timestamp(nanos: i128) -> String {
    let secs = nanos.div_euclid(1_000_000_000);
    let frac = nanos.rem_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
    if frac != 0 {
        let digits = format!("{frac:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// CEL's text of a duration: seconds, shortest decimal, `s`.
fn fmt_duration(nanos: i128) -> String {
    let whole = nanos / 1_000_000_000;
    let frac = (nanos % 1_000_000_000).abs();
    let sign = if nanos < 0 && whole == 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{whole}s");
    }
    let digits = format!("{frac:09}");
    format!("{sign}{whole}.{}s", digits.trim_end_matches('0'))
}

/// The bound rules of DurationRules and TimestampRules on an example (protovalidate's
/// `duration.*` and `timestamp.*` rules, evaluated natively: the `cel` crate is built without
/// time types). `None` when the example is neither.
fn duration_example(rules: &DynamicMessage, example: &Value) -> Option<Vec<(String, String)>> {
    let (kind, this) = duration_nanos(example)?;
    let get = |name: &str| {
        rules
            .has_field_by_name(name)
            .then(|| rules.get_field_by_name(name))
            .flatten()
            .and_then(|v| duration_nanos(&v))
            .map(|(_, n)| n)
    };
    let fmt_duration = |n: i128| {
        if kind == "timestamp" {
            fmt_timestamp(n)
        } else {
            fmt_duration(n)
        }
    };
    let mut out = Vec::new();
    if let Some(c) = get("const") {
        if this != c {
            out.push((
                format!("{kind}.const"),
                format!("must equal {}", fmt_duration(c)),
            ));
        }
    }
    let lower = get("gt")
        .map(|x| (x, false))
        .or(get("gte").map(|x| (x, true)));
    let upper = get("lt")
        .map(|x| (x, false))
        .or(get("lte").map(|x| (x, true)));
    let gname = |incl: bool| if incl { "gte" } else { "gt" };
    let lname = |incl: bool| if incl { "lte" } else { "lt" };
    let gtext = |incl: bool| {
        if incl {
            "greater than or equal to"
        } else {
            "greater than"
        }
    };
    let ltext = |incl: bool| {
        if incl {
            "less than or equal to"
        } else {
            "less than"
        }
    };
    let above = |lo: i128, incl: bool| if incl { this >= lo } else { this > lo };
    let below = |hi: i128, incl: bool| if incl { this <= hi } else { this < hi };
    match (lower, upper) {
        (Some((lo, li)), Some((hi, hi_incl))) => {
            let exclusive = hi < lo || (hi == lo && !(li && hi_incl));
            let (ok, joiner, suffix) = if exclusive {
                (above(lo, li) || below(hi, hi_incl), "or", "_exclusive")
            } else {
                (above(lo, li) && below(hi, hi_incl), "and", "")
            };
            if !ok {
                out.push((
                    format!("{kind}.{}_{}{suffix}", gname(li), lname(hi_incl)),
                    format!(
                        "must be {} {} {joiner} {} {}",
                        gtext(li),
                        fmt_duration(lo),
                        ltext(hi_incl),
                        fmt_duration(hi)
                    ),
                ));
            }
        }
        (Some((lo, li)), None) => {
            if !above(lo, li) {
                out.push((
                    format!("{kind}.{}", gname(li)),
                    format!("must be {} {}", gtext(li), fmt_duration(lo)),
                ));
            }
        }
        (None, Some((hi, hi_incl))) => {
            if !below(hi, hi_incl) {
                out.push((
                    format!("{kind}.{}", lname(hi_incl)),
                    format!("must be {} {}", ltext(hi_incl), fmt_duration(hi)),
                ));
            }
        }
        (None, None) => {}
    }
    Some(out)
}

/// protovalidate's string validation functions (`isEmail`, `isHostname`, `isIp`,
/// `isIpPrefix`, `isHostAndPort`). `isUri` and `isUriRef` are not provided: a call fails to
/// evaluate, and no violation is reported.
fn add_library(ctx: &mut Context<'_, '_>) {
    use cel::extractors::{Arguments, This};
    let _ = ctx.add_function("isEmail", |This(s): This<Arc<String>>| is_email(&s));
    let _ = ctx.add_function("isHostname", |This(s): This<Arc<String>>| is_hostname(&s));
    let _ = ctx.add_function(
        "isIp",
        |This(s): This<Arc<String>>, Arguments(args): Arguments| {
            let version = match args.first() {
                Some(CelValue::Int(v)) => *v,
                _ => 0,
            };
            is_ip(&s, version)
        },
    );
    let _ = ctx.add_function(
        "isIpPrefix",
        |This(s): This<Arc<String>>, Arguments(args): Arguments| {
            let mut version = 0;
            let mut strict = false;
            for a in args.iter() {
                match a {
                    CelValue::Int(v) => version = *v,
                    CelValue::Bool(b) => strict = *b,
                    _ => {}
                }
            }
            is_ip_prefix(&s, version, strict)
        },
    );
    let _ = ctx.add_function(
        "isHostAndPort",
        |This(s): This<Arc<String>>, Arguments(args): Arguments| {
            let port_required = matches!(args.first(), Some(CelValue::Bool(true)));
            is_host_and_port(&s, port_required)
        },
    );
}

/// The HTML5 definition of an email address, as protovalidate checks it.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && hostname_label(l))
}

fn hostname_label(l: &str) -> bool {
    !l.starts_with('-')
        && !l.ends_with('-')
        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = s.split('.').collect();
    labels
        .iter()
        .all(|l| !l.is_empty() && l.len() <= 63 && hostname_label(l))
        && !labels
            .last()
            .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
}

fn is_ip(s: &str, version: i64) -> bool {
    match version {
        0 => s.parse::<std::net::IpAddr>().is_ok(),
        4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
        6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
        _ => false,
    }
}

fn is_ip_prefix(s: &str, version: i64, strict: bool) -> bool {
    let Some((addr, len)) = s.split_once('/') else {
        return false;
    };
    let Ok(len) = len.parse::<u32>() else {
        return false;
    };
    let ip: std::net::IpAddr = match addr.parse() {
        Ok(ip) => ip,
        Err(_) => return false,
    };
    let (ok_version, bits, value): (bool, u32, u128) = match ip {
        std::net::IpAddr::V4(v4) => (version == 0 || version == 4, 32, u128::from(u32::from(v4))),
        std::net::IpAddr::V6(v6) => (version == 0 || version == 6, 128, u128::from(v6)),
    };
    if !ok_version || len > bits {
        return false;
    }
    if strict {
        let host_bits = bits - len;
        let mask = if host_bits == 128 {
            u128::MAX
        } else {
            (1u128 << host_bits) - 1
        };
        return value & mask == 0;
    }
    true
}

fn is_host_and_port(s: &str, port_required: bool) -> bool {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        match rest.split_once(']') {
            Some((h, tail)) => {
                if !is_ip(h, 6) {
                    return false;
                }
                match tail.strip_prefix(':') {
                    Some(p) => (None, Some(p)),
                    None if tail.is_empty() => (None, None),
                    None => return false,
                }
            }
            None => return false,
        }
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(s), None),
        }
    };
    if let Some(h) = host {
        if !(is_hostname(h) || is_ip(h, 4)) {
            return false;
        }
    }
    match port {
        Some(p) => {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p == "0" || !p.starts_with('0'))
                && p.parse::<u32>().is_ok_and(|n| n <= 65535)
        }
        None => !port_required,
    }
}
