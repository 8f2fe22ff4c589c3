//! CEL compile checks: the `cel` crate parses (its ANTLR grammar gives cel-go's syntax error
//! texts); the crate has no type checker, so this module checks types itself, for the standard
//! library, protovalidate's extensions and the `strings` extension, with cel-go's error texts
//! (`undeclared reference to 'x' (in container '')`, `found no matching overload for '_>_'
//! applied to '(string, int)'`, `undefined field 'f'`).

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue};
use prost_reflect::{DescriptorPool, Kind};

use super::field::{is_wrapper, FieldInfo};

/// A CEL type.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Int,
    Uint,
    Double,
    Bool,
    String,
    Bytes,
    Null,
    Duration,
    Timestamp,
    List(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Message(String),
    Type,
    /// A wrapper type's field (`google.protobuf.Int32Value`): its primitive, or null.
    Wrapper(Box<Ty>),
    Dyn,
    /// An expression that already failed to check: errors are not reported twice.
    Error,
}

impl Ty {
    /// cel-go's name of the type, as in its error messages.
    pub fn name(&self) -> String {
        match self {
            Ty::Int => "int".into(),
            Ty::Uint => "uint".into(),
            Ty::Double => "double".into(),
            Ty::Bool => "bool".into(),
            Ty::String => "string".into(),
            Ty::Bytes => "bytes".into(),
            Ty::Null => "null".into(),
            Ty::Duration => "duration".into(),
            Ty::Timestamp => "timestamp".into(),
            Ty::List(t) => format!("list({})", t.name()),
            Ty::Map(k, v) => format!("map({}, {})", k.name(), v.name()),
            Ty::Message(m) => m.clone(),
            Ty::Type => "type".into(),
            Ty::Wrapper(t) => format!("wrapper({})", t.name()),
            Ty::Dyn => "dyn".into(),
            Ty::Error => "*error*".into(),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Uint | Ty::Double)
    }
}

/// Whether a value of type `b` can be used where `a` is expected (and the other way round:
/// CEL's checks here are symmetric).
fn assignable(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Dyn | Ty::Error, _) | (_, Ty::Dyn | Ty::Error) => true,
        (Ty::List(x), Ty::List(y)) => assignable(x, y),
        (Ty::Map(k1, v1), Ty::Map(k2, v2)) => assignable(k1, k2) && assignable(v1, v2),
        (Ty::Wrapper(_), Ty::Null) | (Ty::Null, Ty::Wrapper(_)) => true,
        (Ty::Wrapper(x), y) | (y, Ty::Wrapper(x)) => assignable(x, y),
        (Ty::Null, Ty::Message(_) | Ty::Duration | Ty::Timestamp)
        | (Ty::Message(_) | Ty::Duration | Ty::Timestamp, Ty::Null) => true,
        _ => a == b,
    }
}

/// Variables and the message types they may select fields of.
pub struct Env {
    pool: DescriptorPool,
    vars: Vec<(String, Ty)>,
}

impl Env {
    /// An environment with the variables `vars` (`this`, and `rule` and `rules` for predefined
    /// rules) and protovalidate's `now`.
    pub fn new(pool: DescriptorPool, mut vars: Vec<(String, Ty)>) -> Env {
        vars.push(("now".into(), Ty::Timestamp));
        Env { pool, vars }
    }
}

/// The CEL type of a protobuf field kind (not repeated).
pub fn kind_type(kind: &Kind) -> Ty {
    match kind {
        Kind::Double | Kind::Float => Ty::Double,
        Kind::Int32
        | Kind::Int64
        | Kind::Sint32
        | Kind::Sint64
        | Kind::Sfixed32
        | Kind::Sfixed64 => Ty::Int,
        Kind::Uint32 | Kind::Uint64 | Kind::Fixed32 | Kind::Fixed64 => Ty::Uint,
        Kind::Bool => Ty::Bool,
        Kind::String => Ty::String,
        Kind::Bytes => Ty::Bytes,
        Kind::Enum(_) => Ty::Int,
        Kind::Message(m) => message_type(m.full_name()),
    }
}

fn message_type(name: &str) -> Ty {
    match name {
        "google.protobuf.Timestamp" => Ty::Timestamp,
        "google.protobuf.Duration" => Ty::Duration,
        "google.protobuf.Any" | "google.protobuf.Value" => Ty::Dyn,
        "google.protobuf.Struct" => Ty::Map(Box::new(Ty::String), Box::new(Ty::Dyn)),
        "google.protobuf.ListValue" => Ty::List(Box::new(Ty::Dyn)),
        "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => {
            Ty::Wrapper(Box::new(Ty::Double))
        }
        "google.protobuf.Int32Value" | "google.protobuf.Int64Value" => {
            Ty::Wrapper(Box::new(Ty::Int))
        }
        "google.protobuf.UInt32Value" | "google.protobuf.UInt64Value" => {
            Ty::Wrapper(Box::new(Ty::Uint))
        }
        "google.protobuf.BoolValue" => Ty::Wrapper(Box::new(Ty::Bool)),
        "google.protobuf.StringValue" => Ty::Wrapper(Box::new(Ty::String)),
        "google.protobuf.BytesValue" => Ty::Wrapper(Box::new(Ty::Bytes)),
        other => {
            debug_assert!(!is_wrapper(other));
            Ty::Message(other.to_string())
        }
    }
}

fn field_desc_type(fd: &prost_reflect::FieldDescriptor) -> Ty {
    if fd.is_map() {
        if let Some(entry) = fd.kind().as_message() {
            return Ty::Map(
                Box::new(kind_type(&entry.map_entry_key_field().kind())),
                Box::new(kind_type(&entry.map_entry_value_field().kind())),
            );
        }
    }
    if fd.is_list() {
        return Ty::List(Box::new(kind_type(&fd.kind())));
    }
    kind_type(&fd.kind())
}

/// The type of `this` for rules on `field` (`for_items`: on each item of a repeated field).
pub fn field_type(field: &FieldInfo, for_items: bool) -> Ty {
    if field.is_map {
        if let Some(entry) = field.kind.as_message() {
            return Ty::Map(
                Box::new(kind_type(&entry.map_entry_key_field().kind())),
                Box::new(kind_type(&entry.map_entry_value_field().kind())),
            );
        }
    }
    if field.is_list && !for_items {
        return Ty::List(Box::new(kind_type(&field.kind)));
    }
    kind_type(&field.kind)
}

/// The type of `this` in a predefined rule extending `buf.validate.<name>`.
pub fn rules_this_type(name: &str) -> Option<Ty> {
    Some(match name {
        "FloatRules" | "DoubleRules" => Ty::Double,
        "Int32Rules" | "Int64Rules" | "SInt32Rules" | "SInt64Rules" | "SFixed32Rules"
        | "SFixed64Rules" | "EnumRules" => Ty::Int,
        "UInt32Rules" | "UInt64Rules" | "Fixed32Rules" | "Fixed64Rules" => Ty::Uint,
        "BoolRules" => Ty::Bool,
        "StringRules" => Ty::String,
        "BytesRules" => Ty::Bytes,
        "RepeatedRules" => Ty::List(Box::new(Ty::Dyn)),
        "MapRules" => Ty::Map(Box::new(Ty::Dyn), Box::new(Ty::Dyn)),
        "AnyRules" => Ty::Dyn,
        "DurationRules" => Ty::Duration,
        "TimestampRules" => Ty::Timestamp,
        "FieldMaskRules" => Ty::Message("google.protobuf.FieldMask".into()),
        _ => return None,
    })
}

/// Parses and checks `source`: its output type, or the error texts (as buf prints them: the
/// first line of each cel-go issue, without position).
pub fn compile(env: &Env, source: &str) -> Result<Ty, Vec<String>> {
    let expr = parse(source)?;
    let mut checker = Checker {
        env,
        scopes: Vec::new(),
        errors: Vec::new(),
    };
    let ty = match checker.check(&expr) {
        Ty::Wrapper(t) => *t,
        t => t,
    };
    if checker.errors.is_empty() {
        Ok(ty)
    } else {
        Err(checker.errors)
    }
}

/// Parses `source` with the `cel` crate's parser (macros expanded).
pub fn parse(source: &str) -> Result<IdedExpr, Vec<String>> {
    cel::parser::Parser::new().parse(source).map_err(|errs| {
        errs.errors
            .iter()
            .map(|e| e.msg.trim_start_matches("Syntax error: ").to_string())
            .collect()
    })
}

struct Checker<'a> {
    env: &'a Env,
    scopes: Vec<(String, Ty)>,
    errors: Vec<String>,
}

impl Checker<'_> {
    fn lookup(&self, name: &str) -> Option<Ty> {
        self.scopes
            .iter()
            .rev()
            .chain(self.env.vars.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    }

    fn error(&mut self, msg: String) -> Ty {
        self.errors.push(msg);
        Ty::Error
    }

    fn check(&mut self, e: &IdedExpr) -> Ty {
        match &e.expr {
            Expr::Unspecified => Ty::Dyn,
            Expr::Literal(l) => match l {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Bytes(_) => Ty::Bytes,
                LiteralValue::Double(_) => Ty::Double,
                LiteralValue::Int(_) => Ty::Int,
                LiteralValue::Null => Ty::Null,
                LiteralValue::String(_) => Ty::String,
                LiteralValue::UInt(_) => Ty::Uint,
            },
            Expr::Ident(name) => match self.lookup(name) {
                Some(t) => t,
                None => match name.as_str() {
                    "int" | "uint" | "double" | "bool" | "string" | "bytes" | "list" | "map"
                    | "null_type" | "type" => Ty::Type,
                    _ => self.error(format!(
                        "undeclared reference to '{name}' (in container '')"
                    )),
                },
            },
            Expr::Select(s) => {
                // A qualified name that is not a variable: an enum value
                // (`acme.v1.Status.STATUS_OK`), a type, or an undeclared reference.
                if !s.test {
                    if let Some(name) = qualified_name(e) {
                        let root = name.split('.').next().unwrap_or("");
                        if self.lookup(root).is_none() {
                            return self.qualified(&name);
                        }
                    }
                }
                let operand = self.check(&s.operand);
                if s.test {
                    return match operand {
                        Ty::Error => Ty::Error,
                        _ => Ty::Bool,
                    };
                }
                self.select(&operand, &s.field)
            }
            Expr::List(l) => {
                let types: Vec<Ty> = l.elements.iter().map(|x| self.check(x)).collect();
                Ty::List(Box::new(join(&types)))
            }
            Expr::Map(m) => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                for entry in &m.entries {
                    if let EntryExpr::MapEntry(me) = &entry.expr {
                        keys.push(self.check(&me.key));
                        values.push(self.check(&me.value));
                    }
                }
                Ty::Map(Box::new(join(&keys)), Box::new(join(&values)))
            }
            Expr::Struct(s) => {
                for entry in &s.entries {
                    if let EntryExpr::StructField(f) = &entry.expr {
                        self.check(&f.value);
                    }
                }
                message_type(s.type_name.trim_start_matches('.'))
            }
            Expr::Comprehension(c) => {
                let range = self.check(&c.iter_range);
                let (iter, iter2) = match &range {
                    Ty::List(t) => (Ty::Int, (**t).clone()),
                    Ty::Map(k, v) => ((**k).clone(), (**v).clone()),
                    Ty::Dyn | Ty::Error => (Ty::Dyn, Ty::Dyn),
                    other => {
                        let msg = format!(
                            "expression of type '{}' cannot be range of a comprehension (must be list, map, or dynamic)",
                            other.name()
                        );
                        self.error(msg);
                        (Ty::Error, Ty::Error)
                    }
                };
                // One variable: list elements or map keys; two: index/key and value.
                let first = if c.iter_var2.is_some() {
                    iter
                } else {
                    match &range {
                        Ty::List(t) => (**t).clone(),
                        _ => iter,
                    }
                };
                let mut accu = self.check(&c.accu_init);
                let mark = self.scopes.len();
                self.scopes.push((c.iter_var.clone(), first));
                if let Some(v2) = &c.iter_var2 {
                    self.scopes.push((v2.clone(), iter2));
                }
                self.scopes.push((c.accu_var.clone(), accu.clone()));
                let cond = self.check(&c.loop_cond);
                let _ = cond;
                let step = self.check(&c.loop_step);
                if accu == Ty::List(Box::new(Ty::Dyn)) {
                    if let Ty::List(_) = step {
                        accu = step;
                    }
                }
                self.scopes.truncate(mark);
                self.scopes.push((c.accu_var.clone(), accu));
                let result = self.check(&c.result);
                self.scopes.truncate(mark);
                result
            }
            Expr::Call(call) => {
                let target = call.target.as_ref().map(|t| self.check(t));
                let args: Vec<Ty> = call.args.iter().map(|a| self.check(a)).collect();
                if target.as_ref() == Some(&Ty::Error) || args.contains(&Ty::Error) {
                    return Ty::Error;
                }
                // Wrappers act as their primitive, except in equality with null.
                let plain = |t: &Ty| match t {
                    Ty::Wrapper(x) => (**x).clone(),
                    t => t.clone(),
                };
                let found = if matches!(call.func_name.as_str(), "_==_" | "_!=_") {
                    overload(&call.func_name, target.as_ref(), &args)
                } else {
                    let target = target.as_ref().map(plain);
                    let args: Vec<Ty> = args.iter().map(plain).collect();
                    overload(&call.func_name, target.as_ref(), &args)
                };
                match found {
                    Some(t) => t,
                    None if !KNOWN_FUNCTIONS.contains(&call.func_name.as_str()) => {
                        self.error(format!(
                            "undeclared reference to '{}' (in container '')",
                            call.func_name
                        ))
                    }
                    None => {
                        let list = args.iter().map(Ty::name).collect::<Vec<_>>().join(", ");
                        let applied = match &target {
                            Some(t) => format!("{}.({list})", t.name()),
                            None => format!("({list})"),
                        };
                        self.error(format!(
                            "found no matching overload for '{}' applied to '{applied}'",
                            call.func_name
                        ))
                    }
                }
            }
        }
    }

    /// A dotted name whose root is not a variable.
    fn qualified(&mut self, name: &str) -> Ty {
        let name = name.trim_start_matches('.');
        if let Some((enum_name, value)) = name.rsplit_once('.') {
            if self
                .env
                .pool
                .get_enum_by_name(enum_name)
                .is_some_and(|e| e.get_value_by_name(value).is_some())
            {
                return Ty::Int;
            }
        }
        if self.env.pool.get_message_by_name(name).is_some()
            || self.env.pool.get_enum_by_name(name).is_some()
        {
            return Ty::Type;
        }
        // cel-go then checks the operand: the root identifier is what is undeclared.
        let root = name.split('.').next().unwrap_or(name);
        self.error(format!(
            "undeclared reference to '{root}' (in container '')"
        ))
    }

    fn select(&mut self, operand: &Ty, field: &str) -> Ty {
        match operand {
            Ty::Error => Ty::Error,
            Ty::Dyn => Ty::Dyn,
            Ty::Map(_, v) => (**v).clone(),
            Ty::Message(name) => {
                let found = self
                    .env
                    .pool
                    .get_message_by_name(name)
                    .and_then(|m| m.get_field_by_name(field))
                    .map(|fd| field_desc_type(&fd));
                match found {
                    Some(t) => t,
                    None => self.error(format!("undefined field '{field}'")),
                }
            }
            other => self.error(format!(
                "type '{}' does not support field selection",
                other.name()
            )),
        }
    }
}

/// `a.b.c` for an identifier and field selections on it.
fn qualified_name(e: &IdedExpr) -> Option<String> {
    match &e.expr {
        Expr::Ident(name) => Some(name.clone()),
        Expr::Select(s) if !s.test => Some(format!("{}.{}", qualified_name(&s.operand)?, s.field)),
        _ => None,
    }
}

/// The functions (and operators) the checker knows; calls of others are undeclared.
const KNOWN_FUNCTIONS: &[&str] = &[
    "_&&_",
    "_||_",
    "@not_strictly_false",
    "!_",
    "-_",
    "_?_:_",
    "_==_",
    "_!=_",
    "_<_",
    "_<=_",
    "_>_",
    "_>=_",
    "_+_",
    "_-_",
    "_*_",
    "_/_",
    "_%_",
    "_[_]",
    "_[?_]",
    "@in",
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "bool",
    "duration",
    "timestamp",
    "dyn",
    "type",
    "getSeconds",
    "getMinutes",
    "getHours",
    "getMilliseconds",
    "getFullYear",
    "getMonth",
    "getDate",
    "getDayOfMonth",
    "getDayOfWeek",
    "getDayOfYear",
    "isEmail",
    "isHostname",
    "isUri",
    "isUriRef",
    "isHostAndPort",
    "isIp",
    "isIpPrefix",
    "isNan",
    "isInf",
    "unique",
    "getField",
    "format",
    "lowerAscii",
    "upperAscii",
    "trim",
    "reverse",
    "charAt",
    "indexOf",
    "lastIndexOf",
    "substring",
    "replace",
    "split",
    "join",
    "quote",
];

/// The common type of list elements or map keys and values: the type when all agree, `dyn`
/// otherwise.
fn join(types: &[Ty]) -> Ty {
    let mut out: Option<Ty> = None;
    for t in types {
        match &out {
            None => out = Some(t.clone()),
            Some(o) if o == t => {}
            Some(_) => return Ty::Dyn,
        }
    }
    out.unwrap_or(Ty::Dyn)
}

fn either(a: &Ty, b: &Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Dyn, t) | (t, Ty::Dyn) => Some(t.clone()),
        _ if a == b => Some(a.clone()),
        _ => None,
    }
}

fn is(t: &Ty, want: &Ty) -> bool {
    matches!(t, Ty::Dyn) || t == want
}

fn is_list(t: &Ty) -> bool {
    matches!(t, Ty::List(_) | Ty::Dyn)
}

/// The result type of a call, or `None` when no overload matches.
fn overload(name: &str, target: Option<&Ty>, args: &[Ty]) -> Option<Ty> {
    use Ty::*;
    let b = Some(Bool);
    match (name, target, args) {
        ("_&&_" | "_||_", None, [x, y]) => (is(x, &Bool) && is(y, &Bool)).then_some(Bool),
        ("@not_strictly_false", None, [x]) => is(x, &Bool).then_some(Bool),
        ("!_", None, [x]) => is(x, &Bool).then_some(Bool),
        ("-_", None, [x]) => matches!(x, Int | Double | Dyn).then(|| x.clone()),
        ("_?_:_", None, [c, x, y]) => {
            if !is(c, &Bool) {
                return None;
            }
            either(x, y).or_else(|| assignable(x, y).then(|| x.clone()))
        }
        ("_==_" | "_!=_", None, [x, y]) => assignable(x, y).then_some(Bool),
        ("_<_" | "_<=_" | "_>_" | "_>=_", None, [x, y]) => {
            let ok = match (x, y) {
                (Dyn, _) | (_, Dyn) => true,
                (x, y) if x.is_numeric() && y.is_numeric() => true,
                (x, y) => x == y && matches!(x, String | Bytes | Bool | Timestamp | Duration),
            };
            ok.then_some(Bool)
        }
        ("_+_", None, [x, y]) => match (x, y) {
            (Timestamp, Duration) | (Duration, Timestamp) => Some(Timestamp),
            (List(a), List(c)) => Some(List(Box::new(either(a, c).unwrap_or(Dyn)))),
            _ => either(x, y).filter(|t| {
                matches!(
                    t,
                    Int | Uint | Double | String | Bytes | Duration | List(_) | Dyn
                )
            }),
        },
        ("_-_", None, [x, y]) => match (x, y) {
            (Timestamp, Timestamp) => Some(Duration),
            (Timestamp, Duration) => Some(Timestamp),
            _ => either(x, y).filter(|t| matches!(t, Int | Uint | Double | Duration | Dyn)),
        },
        ("_*_" | "_/_", None, [x, y]) => {
            either(x, y).filter(|t| matches!(t, Int | Uint | Double | Dyn))
        }
        ("_%_", None, [x, y]) => either(x, y).filter(|t| matches!(t, Int | Uint | Dyn)),
        ("_[_]" | "_[?_]", None, [c, i]) => match c {
            List(t) => is(i, &Int).then(|| (**t).clone()),
            Map(k, v) => assignable(k, i).then(|| (**v).clone()),
            Dyn => Some(Dyn),
            _ => None,
        },
        ("@in", None, [x, c]) => match c {
            List(t) => assignable(t, x).then_some(Bool),
            Map(k, _) => assignable(k, x).then_some(Bool),
            Dyn => b,
            _ => None,
        },
        ("size", None, [x]) | ("size", Some(x), []) => {
            matches!(x, String | Bytes | List(_) | Map(_, _) | Dyn).then_some(Int)
        }
        ("contains" | "startsWith" | "endsWith" | "matches", Some(t), [x]) => {
            (is(t, &String) && is(x, &String)).then_some(Bool)
        }
        ("matches", None, [t, x]) => (is(t, &String) && is(x, &String)).then_some(Bool),
        ("int", None, [x]) => {
            matches!(x, Int | Uint | Double | String | Timestamp | Duration | Dyn).then_some(Int)
        }
        ("uint", None, [x]) => matches!(x, Int | Uint | Double | String | Dyn).then_some(Uint),
        ("double", None, [x]) => matches!(x, Int | Uint | Double | String | Dyn).then_some(Double),
        ("string", None, [x]) => matches!(
            x,
            Int | Uint | Double | String | Bytes | Bool | Timestamp | Duration | Dyn
        )
        .then_some(String),
        ("bytes", None, [x]) => matches!(x, String | Bytes | Dyn).then_some(Bytes),
        ("bool", None, [x]) => matches!(x, String | Bool | Dyn).then_some(Bool),
        ("duration", None, [x]) => matches!(x, String | Duration | Dyn).then_some(Duration),
        ("timestamp", None, [x]) => {
            matches!(x, String | Int | Timestamp | Dyn).then_some(Timestamp)
        }
        ("dyn", None, [_]) => Some(Dyn),
        ("type", None, [_]) => Some(Type),
        ("getSeconds" | "getMinutes" | "getHours" | "getMilliseconds", Some(Duration), []) => {
            Some(Int)
        }
        (
            "getFullYear" | "getMonth" | "getDate" | "getDayOfMonth" | "getDayOfWeek"
            | "getDayOfYear" | "getHours" | "getMinutes" | "getSeconds" | "getMilliseconds",
            Some(Timestamp | Dyn),
            [] | [String],
        ) => Some(Int),
        // protovalidate's library.
        ("isEmail" | "isHostname" | "isUri" | "isUriRef", Some(t), []) => {
            is(t, &String).then_some(Bool)
        }
        ("isHostAndPort", Some(t), [p]) => (is(t, &String) && is(p, &Bool)).then_some(Bool),
        ("isIp", Some(t), [] | [Int]) => is(t, &String).then_some(Bool),
        ("isIpPrefix", Some(t), [] | [Int] | [Bool] | [Int, Bool]) => {
            is(t, &String).then_some(Bool)
        }
        ("isNan", Some(t), []) => is(t, &Double).then_some(Bool),
        ("isInf", Some(t), [] | [Int]) => is(t, &Double).then_some(Bool),
        ("unique", Some(t), []) => is_list(t).then_some(Bool),
        ("getField", None, [_, x]) => is(x, &String).then_some(Dyn),
        // The strings extension.
        ("format", Some(t), [l]) => (is(t, &String) && is_list(l)).then_some(String),
        ("lowerAscii" | "upperAscii" | "trim" | "reverse", Some(t), []) => {
            is(t, &String).then_some(String)
        }
        ("charAt", Some(t), [i]) => (is(t, &String) && is(i, &Int)).then_some(String),
        ("indexOf" | "lastIndexOf", Some(t), [s] | [s, Int]) => {
            (is(t, &String) && is(s, &String)).then_some(Int)
        }
        ("substring", Some(t), [Int] | [Int, Int]) => is(t, &String).then_some(String),
        ("replace", Some(t), [_, _] | [_, _, Int]) => is(t, &String).then_some(String),
        ("split", Some(t), [_] | [_, Int]) => is(t, &String).then(|| List(Box::new(String))),
        ("join", Some(t), [] | [String]) => is_list(t).then_some(String),
        ("quote", None, [s]) => is(s, &String).then_some(String),
        _ => {
            if target.is_some_and(|t| *t == Dyn) {
                return Some(Dyn);
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        let pool = DescriptorPool::global();
        Env::new(
            pool,
            vec![
                ("this".into(), Ty::String),
                ("n".into(), Ty::Int),
                ("d".into(), Ty::Duration),
                ("xs".into(), Ty::List(Box::new(Ty::Int))),
                (
                    "fd".into(),
                    Ty::Message("google.protobuf.FieldDescriptorProto".into()),
                ),
            ],
        )
    }

    #[test]
    fn output_types_and_errors_match_cel_go() {
        let cases: &[(&str, Result<Ty, &[&str]>)] = &[
            ("this.size() > 5", Ok(Ty::Bool)),
            ("this == '' ? 'empty' : ''", Ok(Ty::String)),
            ("n + 1", Ok(Ty::Int)),
            ("xs.all(x, x > 0)", Ok(Ty::Bool)),
            ("xs.exists_one(x, x > 0)", Ok(Ty::Bool)),
            ("xs.map(x, x * 2)", Ok(Ty::List(Box::new(Ty::Int)))),
            ("xs.filter(x, x > 1).size() > 0", Ok(Ty::Bool)),
            ("has(fd.name) && fd.number > 0", Ok(Ty::Bool)),
            ("fd.type == google.protobuf.FieldDescriptorProto.Type.TYPE_STRING", Ok(Ty::Bool)),
            ("n > 1.5 && n < 2u", Ok(Ty::Bool)),
            ("'%s'.format([n])", Ok(Ty::String)),
            ("this > 5", Err(&["found no matching overload for '_>_' applied to '(string, int)'"])),
            ("d <= 5", Err(&["found no matching overload for '_<=_' applied to '(duration, int)'"])),
            ("xs > 1", Err(&["found no matching overload for '_>_' applied to '(list(int), int)'"])),
            ("foo + bar", Err(&["undeclared reference to 'foo' (in container '')", "undeclared reference to 'bar' (in container '')"])),
            ("a.b.c", Err(&["undeclared reference to 'a' (in container '')"])),
            ("fd.missing", Err(&["undefined field 'missing'"])),
            ("this.startsWith(1)", Err(&["found no matching overload for 'startsWith' applied to 'string.(int)'"])),
            ("nope(1)", Err(&["undeclared reference to 'nope' (in container '')"])),
            ("n +", Err(&["mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}"])),
        ];
        let env = env();
        for (source, want) in cases {
            let have = compile(&env, source);
            match want {
                Ok(t) => assert_eq!(have.as_ref(), Ok(t), "{source}"),
                Err(errors) => {
                    let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                    assert_eq!(have, Err(errors), "{source}");
                }
            }
        }
    }
}
