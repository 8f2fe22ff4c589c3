//! Managed mode: rewrites file options (and the `jstype` field option) of every non-well-known
//! file before generation, as `buf generate` does (bufimagemodify). The model's files are decoded
//! as `FileDescriptorProto` messages, edited, and linked again into a new pool, so every
//! generator, built in or external, sees the managed options, including in embedded descriptors.
//!
//! Rules (buf 1.75): an option is left alone when a disable rule covers it; otherwise its value is
//! the default below, changed by the override rules that match the file (the last one wins); when
//! the file already has that value nothing is touched. Defaults: `java_multiple_files = true`,
//! `java_outer_classname = <FileName>Proto`, `java_package = com.<package>`,
//! `csharp_namespace`, `objc_class_prefix`, `php_namespace`, `php_metadata_namespace` and
//! `ruby_package` computed from the package; `cc_enable_arenas`, `java_string_check_utf8`,
//! `optimize_for` keep protobuf's defaults, `go_package` and `jstype` change only when
//! configured. Files without a package get none of the package-derived options. Source-code-info
//! locations of rewritten options are removed.

use std::borrow::Cow;

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, FileDescriptor, MessageDescriptor, Value};

use crate::{
    config::managed::{FieldOption, FileOption, Managed, OverrideRule, Selector, Target},
    lint::names::{package_version, to_pascal_case},
    model::Model,
    Error, Result,
};

/// Field numbers in `google.protobuf.FileOptions`.
fn field_number(option: FileOption) -> u32 {
    match option {
        FileOption::JavaPackage => 1,
        FileOption::JavaOuterClassname => 8,
        FileOption::OptimizeFor => 9,
        FileOption::JavaMultipleFiles => 10,
        FileOption::GoPackage => 11,
        FileOption::JavaStringCheckUtf8 => 27,
        FileOption::CcEnableArenas => 31,
        FileOption::ObjcClassPrefix => 36,
        FileOption::CsharpNamespace => 37,
        FileOption::PhpNamespace => 41,
        FileOption::PhpMetadataNamespace => 44,
        FileOption::RubyPackage => 45,
        // Prefixes and suffixes only shape other options.
        _ => 0,
    }
}

/// PHP reserved words and classes a namespace part must not be (buf appends `_`).
const PHP_RESERVED: &[&str] = &[
    "directory",
    "exception",
    "errorexception",
    "closure",
    "generator",
    "arithmeticerror",
    "assertionerror",
    "divisionbyzeroerror",
    "error",
    "throwable",
    "parseerror",
    "typeerror",
    "abstract",
    "and",
    "array",
    "as",
    "break",
    "callable",
    "case",
    "catch",
    "class",
    "clone",
    "const",
    "continue",
    "declare",
    "default",
    "die",
    "do",
    "echo",
    "else",
    "elseif",
    "empty",
    "enddeclare",
    "endfor",
    "endforeach",
    "endif",
    "endswitch",
    "endwhile",
    "eval",
    "exit",
    "extends",
    "final",
    "finally",
    "fn",
    "for",
    "foreach",
    "function",
    "global",
    "goto",
    "if",
    "implements",
    "include",
    "include_once",
    "instanceof",
    "insteadof",
    "interface",
    "isset",
    "list",
    "match",
    "namespace",
    "new",
    "or",
    "print",
    "private",
    "protected",
    "public",
    "require",
    "require_once",
    "return",
    "static",
    "switch",
    "throw",
    "trait",
    "try",
    "unset",
    "use",
    "var",
    "while",
    "xor",
    "yield",
    "int",
    "float",
    "bool",
    "string",
    "true",
    "false",
    "null",
    "void",
    "iterable",
];

/// One file as managed mode sees it.
struct FileView<'a> {
    path: &'a str,
    package: &'a str,
    module: Option<&'a str>,
}

impl FileView<'_> {
    fn matches(&self, s: &Selector) -> bool {
        let path_ok = s.path.as_deref().is_none_or(|p| {
            p == "."
                || self.path == p
                || self
                    .path
                    .strip_prefix(p)
                    .is_some_and(|r| r.starts_with('/'))
        });
        let module_ok = s.module.as_deref().is_none_or(|m| self.module == Some(m));
        path_ok && module_ok
    }

    fn package_parts(&self) -> Vec<&str> {
        if self.package.is_empty() {
            Vec::new()
        } else {
            self.package.split('.').collect()
        }
    }

    fn pascal_package(&self, sep: &str) -> String {
        self.package_parts()
            .iter()
            .map(|p| to_pascal_case(p))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn objc_class_prefix(&self) -> String {
        let parts = self.package_parts();
        if parts.is_empty() {
            return String::new();
        }
        let skip_last = package_version(self.package).is_some();
        let mut prefix: String = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| !(skip_last && *i == parts.len() - 1))
            .filter_map(|(_, p)| p.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        while prefix.chars().count() < 3 {
            prefix.push('X');
        }
        if prefix == "GPB" {
            prefix = "GPX".into();
        }
        prefix
    }

    fn php_namespace(&self) -> String {
        self.package_parts()
            .iter()
            .map(|p| {
                let mut s = to_pascal_case(p);
                if PHP_RESERVED.contains(&p.to_lowercase().as_str()) {
                    s.push('_');
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\\")
    }

    fn go_package(&self, prefix: &str) -> String {
        let dir = self.path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut out = clean_join(prefix, dir);
        let parts = self.package_parts();
        if package_version(self.package).is_some() && parts.len() >= 2 {
            out.push(';');
            out.push_str(parts[parts.len() - 2]);
            out.push_str(parts[parts.len() - 1]);
        }
        out
    }
}

/// Go's `path.Join`: the non-empty parts joined with `/`, then cleaned lexically.
fn clean_join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => crate::tree::normalize(b),
        (false, true) => crate::tree::normalize(a),
        (false, false) => crate::tree::normalize(&format!("{a}/{b}")),
    }
}

/// A string option's default or configured shape: a whole value, or a prefix and/or suffix
/// around the computed one.
#[derive(Default, PartialEq, Eq, Clone)]
struct Shape {
    value: String,
    prefix: String,
    suffix: String,
}

struct Rules<'a> {
    managed: &'a Managed,
}

impl Rules<'_> {
    /// Whether a disable rule covers this file option for the file (a rule naming a field
    /// option never does; one naming neither option covers all of them).
    fn disabled(&self, file: &FileView, option: FileOption) -> bool {
        self.managed.disables.iter().any(|d| {
            d.file_option.is_none_or(|o| o == option)
                && d.field_option.is_none()
                && file.matches(&d.selector)
        })
    }

    fn matching_overrides<'b>(
        &'b self,
        file: &'b FileView,
    ) -> impl Iterator<Item = &'b OverrideRule> {
        self.managed
            .overrides
            .iter()
            .filter(move |o| file.matches(&o.selector))
    }

    /// The value a string option gets, or `None` to leave it alone.
    fn string_option(
        &self,
        file: &FileView,
        option: FileOption,
        prefix_option: Option<FileOption>,
        suffix_option: Option<FileOption>,
        default: Shape,
        compute: impl Fn(&Shape) -> String,
    ) -> Option<String> {
        if self.disabled(file, option) {
            return None;
        }
        let ignore_prefix = prefix_option.is_none_or(|p| self.disabled(file, p));
        let ignore_suffix = suffix_option.is_none_or(|s| self.disabled(file, s));
        let mut shape = default;
        if ignore_prefix {
            shape.prefix.clear();
        }
        if ignore_suffix {
            shape.suffix.clear();
        }
        for rule in self.matching_overrides(file) {
            let Target::File(target) = rule.target else {
                continue;
            };
            let crate::config::managed::Value::Str(v) = &rule.value else {
                continue;
            };
            if target == option {
                shape = Shape {
                    value: v.clone(),
                    ..Shape::default()
                };
            } else if Some(target) == prefix_option && !ignore_prefix {
                shape = Shape {
                    value: String::new(),
                    prefix: v.clone(),
                    suffix: shape.suffix,
                };
            } else if Some(target) == suffix_option && !ignore_suffix {
                shape = Shape {
                    value: String::new(),
                    prefix: shape.prefix,
                    suffix: v.clone(),
                };
            }
        }
        if shape == Shape::default() {
            return None;
        }
        let value = if shape.value.is_empty() {
            compute(&shape)
        } else {
            shape.value
        };
        (!value.is_empty()).then_some(value)
    }

    /// The value a bool or enum option gets (`default` unless overridden), or `None` when the
    /// option is disabled for the file.
    fn scalar_option(
        &self,
        file: &FileView,
        option: FileOption,
        default: crate::config::managed::Value,
    ) -> Option<crate::config::managed::Value> {
        if self.disabled(file, option) {
            return None;
        }
        let mut value = default;
        for rule in self.matching_overrides(file) {
            if rule.target == Target::File(option) {
                value = rule.value.clone();
            }
        }
        Some(value)
    }
}

/// A change to apply to one file's options.
enum Change {
    Str(FileOption, String),
    Bool(FileOption, bool),
    Enum(FileOption, i32),
}

impl Change {
    fn option(&self) -> FileOption {
        match self {
            Change::Str(o, _) | Change::Bool(o, _) | Change::Enum(o, _) => *o,
        }
    }
}

/// The file option changes managed mode makes to one file.
fn file_changes(rules: &Rules, file: &FileView, current: &prost_types::FileOptions) -> Vec<Change> {
    use crate::config::managed::Value as V;
    let mut out = Vec::new();
    let pkg = file.package;
    let mut string = |option: FileOption, now: &Option<String>, value: Option<String>| {
        if let Some(v) = value {
            if now.as_deref().unwrap_or_default() != v {
                out.push(Change::Str(option, v));
            }
        }
    };
    let base = file.path.rsplit('/').next().unwrap_or(file.path);
    string(
        FileOption::JavaOuterClassname,
        &current.java_outer_classname,
        rules.string_option(
            file,
            FileOption::JavaOuterClassname,
            None,
            None,
            Shape {
                value: to_pascal_case(base),
                ..Shape::default()
            },
            |_| to_pascal_case(base),
        ),
    );
    string(
        FileOption::JavaPackage,
        &current.java_package,
        rules.string_option(
            file,
            FileOption::JavaPackage,
            Some(FileOption::JavaPackagePrefix),
            Some(FileOption::JavaPackageSuffix),
            Shape {
                prefix: "com".into(),
                ..Shape::default()
            },
            |s| {
                if pkg.is_empty() {
                    return String::new();
                }
                let mut v = pkg.to_string();
                if !s.prefix.is_empty() {
                    v = format!("{}.{v}", s.prefix);
                }
                if !s.suffix.is_empty() {
                    v = format!("{v}.{}", s.suffix);
                }
                v
            },
        ),
    );
    string(
        FileOption::GoPackage,
        &current.go_package,
        rules.string_option(
            file,
            FileOption::GoPackage,
            Some(FileOption::GoPackagePrefix),
            None,
            Shape::default(),
            |s| {
                if s.prefix.is_empty() {
                    String::new()
                } else {
                    file.go_package(&s.prefix)
                }
            },
        ),
    );
    let objc = file.objc_class_prefix();
    string(
        FileOption::ObjcClassPrefix,
        &current.objc_class_prefix,
        rules.string_option(
            file,
            FileOption::ObjcClassPrefix,
            None,
            None,
            Shape {
                value: objc.clone(),
                ..Shape::default()
            },
            |_| objc.clone(),
        ),
    );
    let csharp = file.pascal_package(".");
    string(
        FileOption::CsharpNamespace,
        &current.csharp_namespace,
        rules.string_option(
            file,
            FileOption::CsharpNamespace,
            Some(FileOption::CsharpNamespacePrefix),
            None,
            Shape {
                value: csharp.clone(),
                ..Shape::default()
            },
            |s| match (csharp.is_empty(), s.prefix.is_empty()) {
                (true, _) => String::new(),
                (false, true) => csharp.clone(),
                (false, false) => format!("{}.{csharp}", s.prefix),
            },
        ),
    );
    let php = file.php_namespace();
    string(
        FileOption::PhpNamespace,
        &current.php_namespace,
        rules.string_option(
            file,
            FileOption::PhpNamespace,
            None,
            None,
            Shape {
                value: php.clone(),
                ..Shape::default()
            },
            |_| php.clone(),
        ),
    );
    string(
        FileOption::PhpMetadataNamespace,
        &current.php_metadata_namespace,
        rules.string_option(
            file,
            FileOption::PhpMetadataNamespace,
            None,
            Some(FileOption::PhpMetadataNamespaceSuffix),
            Shape {
                value: if php.is_empty() {
                    String::new()
                } else {
                    format!("{php}\\GPBMetadata")
                },
                ..Shape::default()
            },
            |s| match (php.is_empty(), s.suffix.is_empty()) {
                (true, _) => String::new(),
                (false, true) => php.clone(),
                (false, false) => format!("{php}\\{}", s.suffix),
            },
        ),
    );
    let ruby = file.pascal_package("::");
    string(
        FileOption::RubyPackage,
        &current.ruby_package,
        rules.string_option(
            file,
            FileOption::RubyPackage,
            None,
            Some(FileOption::RubyPackageSuffix),
            Shape {
                value: ruby.clone(),
                ..Shape::default()
            },
            |s| match (ruby.is_empty(), s.suffix.is_empty()) {
                (true, _) => String::new(),
                (false, true) => ruby.clone(),
                (false, false) => format!("{ruby}::{}", s.suffix),
            },
        ),
    );
    for (option, default, now) in [
        (
            FileOption::CcEnableArenas,
            true,
            current.cc_enable_arenas.unwrap_or(true),
        ),
        (
            FileOption::JavaMultipleFiles,
            true,
            current.java_multiple_files.unwrap_or(false),
        ),
        (
            FileOption::JavaStringCheckUtf8,
            false,
            current.java_string_check_utf8.unwrap_or(false),
        ),
    ] {
        if let Some(V::Bool(v)) = rules.scalar_option(file, option, V::Bool(default)) {
            if v != now {
                out.push(Change::Bool(option, v));
            }
        }
    }
    if let Some(V::OptimizeMode(v)) =
        rules.scalar_option(file, FileOption::OptimizeFor, V::OptimizeMode(1))
    {
        if v != current.optimize_for.unwrap_or(1) {
            out.push(Change::Enum(FileOption::OptimizeFor, v));
        }
    }
    out
}

/// The `jstype` rules that apply to one file: per field (or all fields with `None`) the value,
/// in order; and the fields excluded. `None` when jstype is not managed for the file.
struct JsTypeRules<'a> {
    overrides: Vec<(Option<&'a str>, i32)>,
    disabled_fields: Vec<&'a str>,
}

fn jstype_rules<'a>(managed: &'a Managed, file: &FileView) -> Option<JsTypeRules<'a>> {
    let overrides: Vec<(Option<&str>, i32)> = managed
        .overrides
        .iter()
        .filter(|o| o.target == Target::Field(FieldOption::JsType) && file.matches(&o.selector))
        .filter_map(|o| match o.value {
            crate::config::managed::Value::JsType(v) => Some((o.field.as_deref(), v)),
            _ => None,
        })
        .collect();
    if overrides.is_empty() {
        return None;
    }
    let mut disabled_fields = Vec::new();
    for d in &managed.disables {
        let applies = (d.field_option == Some(FieldOption::JsType)
            || (d.field_option.is_none() && d.file_option.is_none()))
            && file.matches(&d.selector);
        if !applies {
            continue;
        }
        match &d.field {
            None => return None,
            Some(f) => disabled_fields.push(f.as_str()),
        }
    }
    Some(JsTypeRules {
        overrides,
        disabled_fields,
    })
}

fn descriptor_message(name: &str) -> Result<MessageDescriptor> {
    DescriptorPool::global()
        .get_message_by_name(name)
        .ok_or_else(|| Error::other(format!("managed mode: {name} is not known")))
}

fn get_str<'a>(msg: &'a DynamicMessage, name: &str) -> Cow<'a, str> {
    match msg.get_field_by_name(name) {
        Some(Cow::Borrowed(Value::String(s))) => Cow::Borrowed(s.as_str()),
        Some(Cow::Owned(Value::String(s))) => Cow::Owned(s),
        _ => Cow::Borrowed(""),
    }
}

fn list_mut<'a>(msg: &'a mut DynamicMessage, name: &str) -> &'a mut [Value] {
    if !msg.has_field_by_name(name) {
        return &mut [];
    }
    match msg.get_field_by_name_mut(name) {
        Some(Value::List(items)) => items.as_mut_slice(),
        _ => &mut [],
    }
}

/// Field types `jstype` is allowed on: the 64-bit integers.
fn jstype_allowed(field_type: i32) -> bool {
    // INT64 = 3, UINT64 = 4, FIXED64 = 6, SFIXED64 = 16, SINT64 = 18.
    matches!(field_type, 3 | 4 | 6 | 16 | 18)
}

/// Sets `jstype` on the fields of `fields` (a message's `field` or a scope's `extension`
/// list); returns the source paths of the options it set.
fn set_jstype_on_fields(
    fields: &mut [Value],
    scope: &str,
    path: &[i32],
    rules: &JsTypeRules,
    marks: &mut Vec<Vec<i32>>,
) {
    for (i, value) in fields.iter_mut().enumerate() {
        let Value::Message(field) = value else {
            continue;
        };
        let name = get_str(field, "name").into_owned();
        let full = if scope.is_empty() {
            name
        } else {
            format!("{scope}.{name}")
        };
        if rules.disabled_fields.contains(&full.as_str()) {
            continue;
        }
        let Some(js) = rules
            .overrides
            .iter()
            .rev()
            .find(|(f, _)| f.is_none_or(|f| f == full))
            .map(|(_, v)| *v)
        else {
            continue;
        };
        let field_type = match field.get_field_by_name("type").as_deref() {
            Some(Value::EnumNumber(t)) if field.has_field_by_name("type") => *t,
            _ => continue,
        };
        if !jstype_allowed(field_type) {
            continue;
        }
        let options = field
            .get_field_by_name_mut("options")
            .and_then(|v| v.as_message_mut());
        let Some(options) = options else {
            continue;
        };
        if options.has_field_by_name("jstype")
            && options.get_field_by_name("jstype").as_deref() == Some(&Value::EnumNumber(js))
        {
            continue;
        }
        options.set_field_by_name("jstype", Value::EnumNumber(js));
        let mut mark = path.to_vec();
        mark.extend([i as i32, 8, 6]);
        marks.push(mark);
    }
}

fn set_jstype_in_message(
    message: &mut DynamicMessage,
    scope: &str,
    path: &[i32],
    rules: &JsTypeRules,
    marks: &mut Vec<Vec<i32>>,
) {
    let name = get_str(message, "name").into_owned();
    let full = if scope.is_empty() {
        name
    } else {
        format!("{scope}.{name}")
    };
    let with = |n: i32| [path, &[n]].concat();
    set_jstype_on_fields(list_mut(message, "field"), &full, &with(2), rules, marks);
    set_jstype_on_fields(
        list_mut(message, "extension"),
        &full,
        &with(6),
        rules,
        marks,
    );
    for (i, nested) in list_mut(message, "nested_type").iter_mut().enumerate() {
        if let Value::Message(nested) = nested {
            let mut p = with(3);
            p.push(i as i32);
            set_jstype_in_message(nested, &full, &p, rules, marks);
        }
    }
}

/// Removes the source locations of rewritten options: a file option's `[8, n]` with the `[8]`
/// just before it, a field option's `[…, 8, 6]` and its `[…, 8]` once nothing else is under it.
fn sweep_locations(file: &mut DynamicMessage, marks: &[Vec<i32>]) {
    if marks.is_empty() || !file.has_field_by_name("source_code_info") {
        return;
    }
    let Some(info) = file
        .get_field_by_name_mut("source_code_info")
        .and_then(|v| v.as_message_mut())
    else {
        return;
    };
    let locations = list_mut(info, "location");
    let paths: Vec<Vec<i32>> = locations
        .iter()
        .map(|l| match l {
            Value::Message(m) => match m.get_field_by_name("path").as_deref() {
                Some(Value::List(p)) => p.iter().filter_map(|v| v.as_i32()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        })
        .collect();
    let mut remove = vec![false; paths.len()];
    for (i, path) in paths.iter().enumerate() {
        if !marks.contains(path) {
            continue;
        }
        remove[i] = true;
        if path.len() == 2 && i > 0 && paths[i - 1] == [8] {
            remove[i - 1] = true;
        }
    }
    for mark in marks.iter().filter(|m| m.len() > 2) {
        let parent = &mark[..mark.len() - 1];
        let has_child = paths
            .iter()
            .enumerate()
            .any(|(i, p)| !remove[i] && p.len() > parent.len() && p.starts_with(parent));
        if !has_child {
            for (i, p) in paths.iter().enumerate() {
                if p.as_slice() == parent {
                    remove[i] = true;
                }
            }
        }
    }
    let mut index = 0;
    let kept: Vec<Value> = locations
        .iter()
        .filter(|_| {
            let keep = !remove[index];
            index += 1;
            keep
        })
        .cloned()
        .collect();
    info.set_field_by_name("location", Value::List(kept));
}

/// Applies managed mode to one file; `None` when it changes nothing.
fn manage_file(
    managed: &Managed,
    file: &FileDescriptor,
    module: Option<&str>,
    file_type: &MessageDescriptor,
) -> Result<Option<Vec<u8>>> {
    let proto = file.file_descriptor_proto();
    let view = FileView {
        path: file.name(),
        package: file.package_name(),
        module,
    };
    let rules = Rules { managed };
    let default_options = prost_types::FileOptions::default();
    let changes = file_changes(
        &rules,
        &view,
        proto.options.as_ref().unwrap_or(&default_options),
    );
    let js = jstype_rules(managed, &view);
    if changes.is_empty() && js.is_none() {
        return Ok(None);
    }
    if js.is_none() {
        // File options only: edit the encoded file directly (no full decode).
        return Ok(Some(wire::set_file_options(
            &file.encode_to_vec(),
            &changes,
        )));
    }
    let mut message = DynamicMessage::decode(file_type.clone(), file.encode_to_vec().as_slice())
        .map_err(|e| Error::other(format!("managed mode: decoding {}: {e}", file.name())))?;
    let mut marks: Vec<Vec<i32>> = Vec::new();
    if !changes.is_empty() {
        let options = message
            .get_field_by_name_mut("options")
            .and_then(|v| v.as_message_mut())
            .ok_or_else(|| Error::other("managed mode: FileDescriptorProto has no options"))?;
        for change in &changes {
            let (option, value) = match change {
                Change::Str(o, v) => (*o, Value::String(v.clone())),
                Change::Bool(o, v) => (*o, Value::Bool(*v)),
                Change::Enum(o, v) => (*o, Value::EnumNumber(*v)),
            };
            options.set_field_by_number(field_number(option), value);
            marks.push(vec![8, field_number(option) as i32]);
        }
    }
    if let Some(js) = &js {
        let package = get_str(&message, "package").into_owned();
        set_jstype_on_fields(
            list_mut(&mut message, "extension"),
            &package,
            &[7],
            js,
            &mut marks,
        );
        for (i, m) in list_mut(&mut message, "message_type")
            .iter_mut()
            .enumerate()
        {
            if let Value::Message(m) = m {
                set_jstype_in_message(m, &package, &[4, i as i32], js, &mut marks);
            }
        }
        if changes.is_empty() && marks.is_empty() {
            return Ok(None);
        }
    }
    sweep_locations(&mut message, &marks);
    Ok(Some(message.encode_to_vec()))
}

/// Applies managed mode to every file of the model except the well-known types. The model is
/// taken by value so its pool can be dropped before the modified files are linked again (one
/// pool in memory at a time); it comes back unchanged when managed mode is off or changes
/// nothing.
pub fn apply(model: Model, managed: &Managed) -> Result<Model> {
    if !managed.enabled {
        return Ok(model);
    }
    let file_type = descriptor_message("google.protobuf.FileDescriptorProto")?;
    let is_wkt = |n: &str| crate::wkt::FILES.iter().any(|(w, _)| *w == n);
    let mut set = Vec::new();
    let mut changed = false;
    for file in model.pool.files() {
        let bytes = if is_wkt(file.name()) {
            None
        } else {
            let module = model
                .file(file.name())
                .and_then(|f| f.module)
                .and_then(|i| model.workspace.modules.get(i))
                .and_then(|m| m.name.as_deref());
            manage_file(managed, &file, module, &file_type)?
        };
        changed |= bytes.is_some();
        let bytes = bytes.unwrap_or_else(|| file.encode_to_vec());
        crate::model::wire::write_bytes(1, &bytes, &mut set);
    }
    if !changed {
        return Ok(model);
    }
    let Model {
        pool,
        files,
        workspace,
        source_info_detached,
    } = model;
    drop(pool);
    let pool = DescriptorPool::decode(set.as_slice())
        .map_err(|e| Error::other(format!("managed mode: relinking the modified files: {e}")))?;
    Ok(Model {
        pool,
        files,
        workspace,
        source_info_detached,
    })
}

/// Editing an encoded `FileDescriptorProto`'s options without decoding the rest.
mod wire {
    use prost::encoding::{decode_varint, encode_key, encode_varint, WireType};

    use super::{field_number, Change};
    use crate::model::wire::{fields, write_bytes, WireField};

    /// The new `FileOptions` payload: the standard fields (numbers below 1000) by number, the
    /// changed ones replaced, then extensions and unknown fields in their original order, as a
    /// reflective re-encoding orders them.
    fn options_payload(old: &[WireField], changes: &[Change]) -> Vec<u8> {
        let mut entries: Vec<(u32, Vec<u8>)> = old
            .iter()
            .filter(|f| !changes.iter().any(|c| field_number(c.option()) == f.number))
            .map(|f| (f.number, f.raw.to_vec()))
            .collect();
        for change in changes {
            let number = field_number(change.option());
            let mut bytes = Vec::new();
            match change {
                Change::Str(_, v) => write_bytes(number, v.as_bytes(), &mut bytes),
                Change::Bool(_, v) => {
                    encode_key(number, WireType::Varint, &mut bytes);
                    encode_varint(u64::from(*v), &mut bytes);
                }
                Change::Enum(_, v) => {
                    encode_key(number, WireType::Varint, &mut bytes);
                    encode_varint(*v as i64 as u64, &mut bytes);
                }
            }
            entries.push((number, bytes));
        }
        entries.sort_by_key(|(n, _)| if *n < 1000 { (0, *n) } else { (1, 0) });
        entries.into_iter().flat_map(|(_, b)| b).collect()
    }

    /// Drops the source locations `[8, n]` of the changed options and the `[8]` before each.
    fn swept_source_info(info: &[u8], changes: &[Change]) -> Vec<u8> {
        let Some(locations) = fields(info) else {
            return info.to_vec();
        };
        let paths: Vec<Vec<u64>> = locations
            .iter()
            .map(|l| {
                let mut path = Vec::new();
                if let (1, Some(payload)) = (l.number, l.payload) {
                    for f in fields(payload).unwrap_or_default() {
                        match (f.number, f.payload) {
                            (1, Some(mut packed)) => {
                                while let Ok(v) = decode_varint(&mut packed) {
                                    path.push(v);
                                }
                            }
                            (1, None) => {
                                let mut b = &f.raw[1..];
                                if let Ok(v) = decode_varint(&mut b) {
                                    path.push(v);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                path
            })
            .collect();
        let marked = |p: &[u64]| {
            p.len() == 2
                && p[0] == 8
                && changes
                    .iter()
                    .any(|c| u64::from(field_number(c.option())) == p[1])
        };
        let mut remove = vec![false; locations.len()];
        for (i, path) in paths.iter().enumerate() {
            if marked(path) {
                remove[i] = true;
                if i > 0 && paths[i - 1] == [8] {
                    remove[i - 1] = true;
                }
            }
        }
        locations
            .iter()
            .zip(remove)
            .filter(|(_, r)| !r)
            .flat_map(|(l, _)| l.raw.to_vec())
            .collect()
    }

    /// `file` (an encoded `FileDescriptorProto`) with `changes` applied to its options.
    pub(super) fn set_file_options(file: &[u8], changes: &[Change]) -> Vec<u8> {
        let Some(top) = fields(file) else {
            return file.to_vec();
        };
        let old_options: Vec<WireField> = top
            .iter()
            .filter(|f| f.number == 8)
            .filter_map(|f| f.payload.and_then(fields))
            .flatten()
            .collect();
        let options = options_payload(&old_options, changes);
        let mut out = Vec::with_capacity(file.len() + options.len());
        let mut written = false;
        for f in &top {
            if f.number == 8 {
                continue;
            }
            if f.number > 8 && !written {
                write_bytes(8, &options, &mut out);
                written = true;
            }
            if let (9, Some(info)) = (f.number, f.payload) {
                write_bytes(9, &swept_source_info(info, changes), &mut out);
                continue;
            }
            out.extend_from_slice(f.raw);
        }
        if !written {
            write_bytes(8, &options, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(path: &'a str, package: &'a str) -> FileView<'a> {
        FileView {
            path,
            package,
            module: None,
        }
    }

    #[test]
    fn package_derived_values() {
        let f = view("acme/weather/v1/weather_service.proto", "acme.weather.v1");
        assert_eq!(f.objc_class_prefix(), "AWX");
        assert_eq!(f.pascal_package("."), "Acme.Weather.V1");
        assert_eq!(f.pascal_package("::"), "Acme::Weather::V1");
        assert_eq!(f.php_namespace(), "Acme\\Weather\\V1");
        assert_eq!(
            f.go_package("example.com/gen/"),
            "example.com/gen/acme/weather/v1;weatherv1"
        );
        assert_eq!(
            to_pascal_case("weather_service.proto"),
            "WeatherServiceProto"
        );
        assert_eq!(
            view("a.proto", "google.protobuf.b").objc_class_prefix(),
            "GPX"
        );
        assert_eq!(view("a.proto", "gpb").objc_class_prefix(), "GXX");
        assert_eq!(view("a.proto", "google.pub.bar").objc_class_prefix(), "GPX");
        assert_eq!(
            view("a.proto", "foo.class.list").php_namespace(),
            "Foo\\Class_\\List_"
        );
        assert_eq!(view("a.proto", "").objc_class_prefix(), "");
        assert_eq!(view("a.proto", "foo").go_package("x"), "x");
    }

    #[test]
    fn selectors() {
        let f = FileView {
            path: "acme/v1/a.proto",
            package: "acme.v1",
            module: Some("buf.build/acme/api"),
        };
        let sel = |path: Option<&str>, module: Option<&str>| Selector {
            path: path.map(String::from),
            module: module.map(String::from),
        };
        assert!(f.matches(&sel(None, None)));
        assert!(f.matches(&sel(Some("acme"), None)));
        assert!(f.matches(&sel(Some("acme/v1/a.proto"), None)));
        assert!(!f.matches(&sel(Some("acm"), None)));
        assert!(f.matches(&sel(Some("."), Some("buf.build/acme/api"))));
        assert!(!f.matches(&sel(None, Some("buf.build/acme/other"))));
    }

    #[test]
    fn wire_edit_replaces_options_and_sweeps_their_locations() {
        use prost_types::{
            source_code_info::Location, FileDescriptorProto, FileOptions, SourceCodeInfo,
        };
        let loc = |path: &[i32]| Location {
            path: path.to_vec(),
            span: vec![1, 0, 10],
            ..Location::default()
        };
        let file = FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("a.v1".into()),
            options: Some(FileOptions {
                java_package: Some("old".into()),
                go_package: Some("example.com/a".into()),
                ..FileOptions::default()
            }),
            source_code_info: Some(SourceCodeInfo {
                location: vec![
                    loc(&[]),
                    loc(&[8]),
                    loc(&[8, 1]),
                    loc(&[8]),
                    loc(&[8, 11]),
                    loc(&[2]),
                ],
            }),
            syntax: Some("proto3".into()),
            ..FileDescriptorProto::default()
        };
        let edited = wire::set_file_options(
            &file.encode_to_vec(),
            &[
                Change::Str(FileOption::JavaPackage, "com.a.v1".into()),
                Change::Bool(FileOption::JavaMultipleFiles, true),
            ],
        );
        let got = FileDescriptorProto::decode(edited.as_slice()).unwrap();
        let options = got.options.clone().unwrap();
        assert_eq!(options.java_package.as_deref(), Some("com.a.v1"));
        assert_eq!(options.java_multiple_files, Some(true));
        assert_eq!(options.go_package.as_deref(), Some("example.com/a"));
        let paths: Vec<Vec<i32>> = got
            .source_code_info
            .unwrap()
            .location
            .into_iter()
            .map(|l| l.path)
            .collect();
        assert_eq!(paths, vec![vec![], vec![8], vec![8, 11], vec![2]]);
        // Canonical order, as a full re-encoding gives.
        let mut expected = file.clone();
        expected.options = got.options;
        expected.source_code_info = FileDescriptorProto::decode(edited.as_slice())
            .unwrap()
            .source_code_info;
        assert_eq!(edited, expected.encode_to_vec());
    }

    #[test]
    fn go_path_join() {
        assert_eq!(clean_join("example.com/x/", ""), "example.com/x");
        assert_eq!(clean_join("a", "b/../c"), "a/c");
        assert_eq!(clean_join("", ""), "");
    }
}
