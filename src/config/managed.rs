//! Managed mode of buf.gen.yaml, resolved into buf's v2 form: `enabled`, a list of disable rules
//! and a list of override rules (later rules win). v1's keys (`java_package_prefix`, `except`,
//! per-file `override` maps, …) are translated into the same rules, as buf does, so one
//! implementation (`codegen::managed`) serves both versions.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A file option managed mode can set, or a prefix/suffix that shapes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileOption {
    JavaPackage,
    JavaPackagePrefix,
    JavaPackageSuffix,
    JavaOuterClassname,
    JavaMultipleFiles,
    JavaStringCheckUtf8,
    OptimizeFor,
    GoPackage,
    GoPackagePrefix,
    CcEnableArenas,
    ObjcClassPrefix,
    CsharpNamespace,
    CsharpNamespacePrefix,
    PhpNamespace,
    PhpMetadataNamespace,
    PhpMetadataNamespaceSuffix,
    RubyPackage,
    RubyPackageSuffix,
}

/// Every file option key, as written in buf.gen.yaml.
pub const FILE_OPTIONS: &[(&str, FileOption)] = &[
    ("java_package", FileOption::JavaPackage),
    ("java_package_prefix", FileOption::JavaPackagePrefix),
    ("java_package_suffix", FileOption::JavaPackageSuffix),
    ("java_outer_classname", FileOption::JavaOuterClassname),
    ("java_multiple_files", FileOption::JavaMultipleFiles),
    ("java_string_check_utf8", FileOption::JavaStringCheckUtf8),
    ("optimize_for", FileOption::OptimizeFor),
    ("go_package", FileOption::GoPackage),
    ("go_package_prefix", FileOption::GoPackagePrefix),
    ("cc_enable_arenas", FileOption::CcEnableArenas),
    ("objc_class_prefix", FileOption::ObjcClassPrefix),
    ("csharp_namespace", FileOption::CsharpNamespace),
    ("csharp_namespace_prefix", FileOption::CsharpNamespacePrefix),
    ("php_namespace", FileOption::PhpNamespace),
    ("php_metadata_namespace", FileOption::PhpMetadataNamespace),
    (
        "php_metadata_namespace_suffix",
        FileOption::PhpMetadataNamespaceSuffix,
    ),
    ("ruby_package", FileOption::RubyPackage),
    ("ruby_package_suffix", FileOption::RubyPackageSuffix),
];

impl FileOption {
    pub fn name(self) -> &'static str {
        FILE_OPTIONS
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(n, _)| *n)
            .unwrap_or_default()
    }

    fn parse(s: &str) -> Result<Self, String> {
        let key = s.trim().to_lowercase();
        if key.is_empty() {
            return Err("empty file_option".into());
        }
        FILE_OPTIONS
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, o)| *o)
            .ok_or_else(|| format!("unknown file_option: {key:?}"))
    }

    fn is_bool(self) -> bool {
        matches!(
            self,
            FileOption::JavaMultipleFiles
                | FileOption::JavaStringCheckUtf8
                | FileOption::CcEnableArenas
        )
    }
}

/// The one field option managed mode sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldOption {
    JsType,
}

impl FieldOption {
    fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "" => Err("empty field_option".into()),
            "jstype" => Ok(FieldOption::JsType),
            other => Err(format!("unknown field_option: {other:?}")),
        }
    }
}

/// What an option is matched against: a rule applies to a file when its path (if any) equals
/// or contains the file's import path and its module (if any) is the file's module name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    pub path: Option<String>,
    pub module: Option<String>,
}

/// `managed.disable[]`: the options (all when neither is set) not to touch for the selected
/// files, or for one field (`field`, a fully-qualified name without the leading dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisableRule {
    pub selector: Selector,
    pub field: Option<String>,
    pub file_option: Option<FileOption>,
    pub field_option: Option<FieldOption>,
}

/// An override's value, already checked against its option's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Bool(bool),
    /// `optimize_for`: SPEED = 1, CODE_SIZE = 2, LITE_RUNTIME = 3.
    OptimizeMode(i32),
    /// `jstype`: JS_NORMAL = 0, JS_STRING = 1, JS_NUMBER = 2.
    JsType(i32),
}

/// What an override rule sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    File(FileOption),
    Field(FieldOption),
}

/// `managed.override[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideRule {
    pub selector: Selector,
    pub field: Option<String>,
    pub target: Target,
    pub value: Value,
}

/// Managed mode, resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Managed {
    pub enabled: bool,
    pub disables: Vec<DisableRule>,
    pub overrides: Vec<OverrideRule>,
}

// ---- raw forms -------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawV2 {
    #[serde(default)]
    enabled: bool,
    #[serde(default)]
    disable: Vec<RawDisable>,
    #[serde(default, rename = "override")]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisable {
    file_option: Option<String>,
    field_option: Option<String>,
    module: Option<String>,
    path: Option<String>,
    field: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    file_option: Option<String>,
    field_option: Option<String>,
    module: Option<String>,
    path: Option<String>,
    field: Option<String>,
    value: Option<serde_json::Value>,
}

/// v1's `java_package_prefix` / `optimize_for`: a plain string (the default) or a table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum StringOrTable {
    Plain(String),
    Table(RawPerModule),
}

impl StringOrTable {
    fn into_table(self) -> RawPerModule {
        match self {
            StringOrTable::Plain(default) => RawPerModule {
                default: Some(default),
                ..RawPerModule::default()
            },
            StringOrTable::Table(t) => t,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerModule {
    default: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default, rename = "override")]
    overrides: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExceptOverride {
    #[serde(default)]
    except: Vec<String>,
    #[serde(default, rename = "override")]
    overrides: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawV1 {
    #[serde(default)]
    enabled: bool,
    cc_enable_arenas: Option<bool>,
    java_multiple_files: Option<bool>,
    java_string_check_utf8: Option<bool>,
    java_package_prefix: Option<StringOrTable>,
    csharp_namespace: Option<RawExceptOverride>,
    optimize_for: Option<StringOrTable>,
    go_package_prefix: Option<RawPerModule>,
    objc_class_prefix: Option<RawPerModule>,
    ruby_package: Option<RawExceptOverride>,
    #[serde(default, rename = "override")]
    overrides: BTreeMap<String, BTreeMap<String, String>>,
}

// ---- resolution ------------------------------------------------------------------------------

fn value_for(target: Target, raw: &serde_json::Value) -> Result<Value, String> {
    use serde_json::Value as J;
    let shown = match raw {
        J::String(s) => s.clone(),
        other => other.to_string(),
    };
    let kind = |v: &J| match v {
        J::String(_) => "string",
        J::Bool(_) => "bool",
        J::Number(_) => "number",
        J::Null => "null",
        J::Array(_) => "list",
        J::Object(_) => "map",
    };
    let (name, result) = match target {
        Target::File(FileOption::OptimizeFor) => (
            "optimize_for",
            match raw.as_str() {
                Some("SPEED") => Ok(Value::OptimizeMode(1)),
                Some("CODE_SIZE") => Ok(Value::OptimizeMode(2)),
                Some("LITE_RUNTIME") => Ok(Value::OptimizeMode(3)),
                _ => Err("must be one of SPEED, CODE_SIZE or LITE_RUNTIME".to_string()),
            },
        ),
        Target::File(option) if option.is_bool() => (
            option.name(),
            raw.as_bool()
                .map(Value::Bool)
                .ok_or_else(|| format!("expected a bool, got a {}", kind(raw))),
        ),
        Target::File(option) => (
            option.name(),
            raw.as_str()
                .map(|s| Value::Str(s.to_string()))
                .ok_or_else(|| format!("expected a string, got a {}", kind(raw))),
        ),
        Target::Field(FieldOption::JsType) => (
            "jstype",
            match raw.as_str() {
                Some("JS_NORMAL") => Ok(Value::JsType(0)),
                Some("JS_STRING") => Ok(Value::JsType(1)),
                Some("JS_NUMBER") => Ok(Value::JsType(2)),
                _ => Err("must be one of JS_NORMAL, JS_STRING or JS_NUMBER".to_string()),
            },
        ),
    };
    result.map_err(|e| format!("invalid value {shown} for {name}: {e}"))
}

/// A path in a rule must be relative, normalised and `/`-separated, as buf requires.
fn check_path(path: &str) -> Result<(), String> {
    let relative = !path.starts_with('/') && !path.split('/').any(|c| c == "..");
    if !relative || path.contains('\\') || crate::tree::normalize(path) != path {
        return Err(format!(
            "path {path:?} in your configuration must be relative and use '/' as the path separator"
        ));
    }
    Ok(())
}

/// A module name in a rule: `remote/owner/name`.
fn check_module(module: &str) -> Result<(), String> {
    let parts: Vec<&str> = module.split('/').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(format!(
            "invalid module name {module:?}: must be in the form remote/owner/name"
        ));
    }
    Ok(())
}

fn selector(path: Option<String>, module: Option<String>) -> Result<Selector, String> {
    let path = path.filter(|p| !p.is_empty());
    let module = module.filter(|m| !m.is_empty());
    if let Some(p) = &path {
        check_path(p)?;
    }
    if let Some(m) = &module {
        check_module(m)?;
    }
    Ok(Selector { path, module })
}

pub(super) fn resolve_v2(raw: RawV2) -> Result<Managed, String> {
    let mut managed = Managed {
        enabled: raw.enabled,
        ..Managed::default()
    };
    for d in raw.disable {
        let file_option = d
            .file_option
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(FileOption::parse)
            .transpose()?;
        let field_option = d
            .field_option
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(FieldOption::parse)
            .transpose()?;
        let field = d.field.filter(|f| !f.is_empty());
        if d.path.as_deref().unwrap_or_default().is_empty()
            && d.module.as_deref().unwrap_or_default().is_empty()
            && field.is_none()
            && file_option.is_none()
            && field_option.is_none()
        {
            return Err("empty disable rule is not allowed".into());
        }
        if field.is_some() && file_option.is_some() {
            return Err("cannot disable a file option for a field".into());
        }
        if file_option.is_some() && field_option.is_some() {
            return Err("at most one of file_option and field_option can be specified".into());
        }
        let selector =
            selector(d.path, d.module).map_err(|e| format!("invalid disable rule: {e}"))?;
        managed.disables.push(DisableRule {
            selector,
            field,
            file_option,
            field_option,
        });
    }
    for o in raw.overrides {
        let file_option = o.file_option.filter(|s| !s.is_empty());
        let field_option = o.field_option.filter(|s| !s.is_empty());
        let target = match (&file_option, &field_option) {
            (None, None) => {
                return Err("must set file_option or field_option for an override".into())
            }
            (Some(_), Some(_)) => {
                return Err(
                    "exactly one of file_option and field_option must be set for an override"
                        .into(),
                )
            }
            (Some(f), None) => Target::File(FileOption::parse(f)?),
            (None, Some(f)) => Target::Field(FieldOption::parse(f)?),
        };
        let Some(raw_value) = o.value.filter(|v| !v.is_null()) else {
            return Err("must set value for an override".into());
        };
        let field = o.field.filter(|f| !f.is_empty());
        if field.is_some() && matches!(target, Target::File(_)) {
            return Err("must not set field for a file_option override".into());
        }
        let value = value_for(target, &raw_value)?;
        let selector = selector(o.path, o.module)?;
        managed.overrides.push(OverrideRule {
            selector,
            field,
            target,
            value,
        });
    }
    Ok(managed)
}

fn file_override(option: FileOption, value: Value, selector: Selector) -> OverrideRule {
    OverrideRule {
        selector,
        field: None,
        target: Target::File(option),
        value,
    }
}

/// v1's `except` (modules the option is left alone for) and `override` (module → value).
fn except_and_override(
    managed: &mut Managed,
    except_option: FileOption,
    except: Vec<String>,
    override_option: FileOption,
    overrides: BTreeMap<String, String>,
) -> Result<(), String> {
    let mut seen = Vec::new();
    for module in except {
        check_module(&module)?;
        if seen.contains(&module) {
            return Err(format!("{module:?} is defined multiple times in except"));
        }
        seen.push(module.clone());
        managed.disables.push(DisableRule {
            selector: Selector {
                path: None,
                module: Some(module),
            },
            field: None,
            file_option: Some(except_option),
            field_option: None,
        });
    }
    for (module, value) in overrides {
        check_module(&module)?;
        if seen.contains(&module) {
            return Err(format!(
                "override {module:?} is already defined as an except"
            ));
        }
        let value = value_for(
            Target::File(override_option),
            &serde_json::Value::String(value),
        )?;
        managed.overrides.push(file_override(
            override_option,
            value,
            Selector {
                path: None,
                module: Some(module),
            },
        ));
    }
    Ok(())
}

pub(super) fn resolve_v1(raw: RawV1) -> Result<Managed, String> {
    let mut managed = Managed {
        enabled: raw.enabled,
        ..Managed::default()
    };
    let everywhere = Selector::default;
    for (option, value) in [
        (FileOption::CcEnableArenas, raw.cc_enable_arenas),
        (FileOption::JavaMultipleFiles, raw.java_multiple_files),
        (FileOption::JavaStringCheckUtf8, raw.java_string_check_utf8),
    ] {
        if let Some(v) = value {
            managed
                .overrides
                .push(file_override(option, Value::Bool(v), everywhere()));
        }
    }
    let with_default = |managed: &mut Managed,
                        table: RawPerModule,
                        name: &str,
                        option: FileOption,
                        value_option: FileOption,
                        default_required: bool|
     -> Result<(), String> {
        if table.default.is_none() && table.except.is_empty() && table.overrides.is_empty() {
            return Ok(());
        }
        match table.default.filter(|d| !d.is_empty()) {
            Some(d) => {
                let value = value_for(Target::File(option), &serde_json::Value::String(d))?;
                managed
                    .overrides
                    .push(file_override(option, value, everywhere()));
            }
            None if default_required => return Err(format!("{name} requires a default value")),
            None => {}
        }
        except_and_override(managed, value_option, table.except, option, table.overrides)
    };
    if let Some(t) = raw.java_package_prefix {
        with_default(
            &mut managed,
            t.into_table(),
            "java_package_prefix",
            FileOption::JavaPackagePrefix,
            FileOption::JavaPackage,
            true,
        )?;
    }
    if let Some(t) = raw.csharp_namespace {
        except_and_override(
            &mut managed,
            FileOption::CsharpNamespace,
            t.except,
            FileOption::CsharpNamespace,
            t.overrides,
        )?;
    }
    if let Some(t) = raw.optimize_for {
        with_default(
            &mut managed,
            t.into_table(),
            "optimize_for",
            FileOption::OptimizeFor,
            FileOption::OptimizeFor,
            true,
        )?;
    }
    if let Some(t) = raw.go_package_prefix {
        with_default(
            &mut managed,
            t,
            "go_package_prefix",
            FileOption::GoPackagePrefix,
            FileOption::GoPackage,
            true,
        )?;
    }
    if let Some(t) = raw.objc_class_prefix {
        with_default(
            &mut managed,
            t,
            "objc_class_prefix",
            FileOption::ObjcClassPrefix,
            FileOption::ObjcClassPrefix,
            false,
        )?;
    }
    if let Some(t) = raw.ruby_package {
        except_and_override(
            &mut managed,
            FileOption::RubyPackage,
            t.except,
            FileOption::RubyPackage,
            t.overrides,
        )?;
    }
    for (option_name, per_file) in raw.overrides {
        let option = FileOption::parse(&option_name)
            .map_err(|_| format!("{option_name:?} is not a valid file option"))?;
        for (path, value) in per_file {
            check_path(&path)
                .map_err(|e| format!("invalid import path for override {option_name}: {e}"))?;
            let raw_value = if option.is_bool() {
                match value.as_str() {
                    "true" | "1" | "t" | "T" | "TRUE" | "True" => serde_json::Value::Bool(true),
                    "false" | "0" | "f" | "F" | "FALSE" | "False" => serde_json::Value::Bool(false),
                    _ => {
                        return Err(format!(
                            "invalid override for {option_name}: non-boolean override {value} set for file {path}"
                        ))
                    }
                }
            } else {
                serde_json::Value::String(value)
            };
            let value = value_for(Target::File(option), &raw_value)?;
            managed.overrides.push(file_override(
                option,
                value,
                Selector {
                    path: Some(path),
                    module: None,
                },
            ));
        }
    }
    Ok(managed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v2(yaml: &str) -> Result<Managed, String> {
        resolve_v2(serde_saphyr::from_str(yaml).unwrap())
    }

    #[test]
    fn v2_rules() {
        let m = v2("enabled: true\ndisable:\n  - module: buf.build/googleapis/googleapis\n  - file_option: java_package\n    path: a/b\noverride:\n  - file_option: go_package_prefix\n    value: example.com/gen\n  - field_option: jstype\n    field: a.B.c\n    value: JS_STRING\n  - file_option: optimize_for\n    value: CODE_SIZE\n").unwrap();
        assert!(m.enabled);
        assert_eq!(m.disables.len(), 2);
        assert_eq!(m.disables[1].file_option, Some(FileOption::JavaPackage));
        assert_eq!(m.overrides[1].value, Value::JsType(1));
        assert_eq!(m.overrides[2].value, Value::OptimizeMode(2));
    }

    #[test]
    fn v2_errors() {
        for (yaml, expected) in [
            ("disable:\n  - {}\n", "empty disable rule"),
            (
                "disable:\n  - file_option: go_package\n    field: a.b\n",
                "cannot disable a file option for a field",
            ),
            (
                "override:\n  - value: x\n",
                "must set file_option or field_option",
            ),
            (
                "override:\n  - file_option: java_package\n",
                "must set value for an override",
            ),
            (
                "override:\n  - file_option: java_multiple_files\n    value: yes please\n",
                "invalid value yes please for java_multiple_files: expected a bool",
            ),
            (
                "override:\n  - file_option: jav_package\n    value: x\n",
                "unknown file_option: \"jav_package\"",
            ),
            (
                "override:\n  - file_option: java_package\n    path: ../x\n    value: x\n",
                "must be relative",
            ),
            (
                "override:\n  - file_option: java_package\n    field: a.b\n    value: x\n",
                "must not set field for a file_option override",
            ),
        ] {
            let err = v2(yaml).unwrap_err();
            assert!(err.contains(expected), "{yaml}: {err}");
        }
    }

    #[test]
    fn v1_translation() {
        let raw: RawV1 = serde_saphyr::from_str(
            "enabled: true\njava_multiple_files: false\njava_package_prefix: net\ngo_package_prefix:\n  default: example.com/gen\n  except: [buf.build/googleapis/googleapis]\n  override:\n    buf.build/acme/weather: example.com/weather\noverride:\n  JAVA_PACKAGE:\n    acme/v1/a.proto: org.acme\n",
        )
        .unwrap();
        let m = resolve_v1(raw).unwrap();
        assert!(m.enabled);
        assert_eq!(m.disables.len(), 1);
        assert_eq!(m.disables[0].file_option, Some(FileOption::GoPackage));
        let targets: Vec<Target> = m.overrides.iter().map(|o| o.target).collect();
        assert_eq!(
            targets,
            vec![
                Target::File(FileOption::JavaMultipleFiles),
                Target::File(FileOption::JavaPackagePrefix),
                Target::File(FileOption::GoPackagePrefix),
                Target::File(FileOption::GoPackagePrefix),
                Target::File(FileOption::JavaPackage),
            ]
        );
        let raw: RawV1 = serde_saphyr::from_str(
            "enabled: true\ngo_package_prefix:\n  except: [buf.build/a/b]\n",
        )
        .unwrap();
        assert_eq!(
            resolve_v1(raw).unwrap_err(),
            "go_package_prefix requires a default value"
        );
    }
}
