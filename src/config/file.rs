//! Raw serde mirror of buf's configuration files: `buf.yaml` (v1beta1, v1, v2), `buf.work.yaml`
//! (v1) and policy files (`buf.policy.yaml`, v2), decoded strictly.
//!
//! Decoding happens in two steps, as buf does: the `version` key is read first, then the whole
//! document is decoded into the struct for that version with unknown keys rejected. Every error is
//! one [`Error::config`] naming the file as the user would see it, with a 1-based line and column.
//! JSON content is accepted too (it is YAML flow syntax), as buf accepts for `--config`.
//!
//! Values that later validation may reject (paths, names) are kept as [`Str`] so that the error
//! can point at them. Nothing here interprets paths; see `resolve.rs`.

use std::collections::BTreeMap;

use serde::{de::IgnoredAny, Deserialize, Deserializer};

use crate::error::{Error, Result};

/// A string with the place it was written.
pub type Str = serde_saphyr::Spanned<String>;

/// `(line, column)`, 1-based, of a spanned value; `(1, 1)` when unknown.
pub fn at<T>(value: &serde_saphyr::Spanned<T>) -> (usize, usize) {
    let loc = value.referenced;
    if loc.line() == 0 {
        (1, 1)
    } else {
        (loc.line() as usize, loc.column().max(1) as usize)
    }
}

/// A config error pointing at a spanned value.
pub fn error_at<T>(
    shown: &str,
    value: &serde_saphyr::Spanned<T>,
    message: impl Into<String>,
) -> Error {
    let (line, column) = at(value);
    Error::config(shown, line, column, message)
}

/// The version of a configuration file, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileVersion {
    V1Beta1,
    V1,
    V2,
}

impl FileVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            FileVersion::V1Beta1 => "v1beta1",
            FileVersion::V1 => "v1",
            FileVersion::V2 => "v2",
        }
    }
}

/// A decoded `buf.yaml` (or `buf.mod`, or `--config` content).
#[derive(Debug)]
pub enum BufYaml {
    V1Beta1(BufYamlV1Beta1),
    V1(BufYamlV1),
    V2(BufYamlV2),
}

impl BufYaml {
    pub fn version(&self) -> FileVersion {
        match self {
            BufYaml::V1Beta1(_) => FileVersion::V1Beta1,
            BufYaml::V1(_) => FileVersion::V1,
            BufYaml::V2(_) => FileVersion::V2,
        }
    }
}

/// `buf.yaml` version v1beta1.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BufYamlV1Beta1 {
    pub version: Option<Str>,
    #[serde(default)]
    pub name: Option<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub deps: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub build: BuildV1Beta1,
    #[serde(default, deserialize_with = "nullable")]
    pub lint: LintV1,
    #[serde(default, deserialize_with = "nullable")]
    pub breaking: Breaking,
}

/// `build:` in a v1beta1 `buf.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildV1Beta1 {
    /// Include roots, relative to the buf.yaml directory; `[.]` when empty.
    #[serde(default, deserialize_with = "nullable")]
    pub roots: Vec<Str>,
    /// Directories excluded, relative to the buf.yaml directory (not to a root).
    #[serde(default, deserialize_with = "nullable")]
    pub excludes: Vec<Str>,
}

/// `buf.yaml` version v1.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BufYamlV1 {
    pub version: Option<Str>,
    #[serde(default)]
    pub name: Option<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub deps: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub build: BuildV1,
    #[serde(default, deserialize_with = "nullable")]
    pub lint: LintV1,
    #[serde(default, deserialize_with = "nullable")]
    pub breaking: Breaking,
}

/// `build:` in a v1 `buf.yaml`. A `roots` key is rejected (with a dedicated message).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildV1 {
    /// Only here to report buf's "build.roots cannot be set on version v1".
    #[serde(default)]
    pub roots: Option<serde_saphyr::Spanned<IgnoredAny>>,
    #[serde(default, deserialize_with = "nullable")]
    pub excludes: Vec<Str>,
}

/// `buf.yaml` version v2: a workspace of modules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BufYamlV2 {
    pub version: Option<Str>,
    /// Name of the single module at `.`; only allowed without `modules:`.
    #[serde(default)]
    pub name: Option<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub modules: Vec<ModuleV2>,
    #[serde(default, deserialize_with = "nullable")]
    pub deps: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub lint: LintV2,
    #[serde(default, deserialize_with = "nullable")]
    pub breaking: Breaking,
    #[serde(default, deserialize_with = "nullable")]
    pub plugins: Vec<PluginV2>,
    #[serde(default, deserialize_with = "nullable")]
    pub policies: Vec<PolicyRefV2>,
}

/// One entry of v2 `modules:`. Paths are relative to the buf.yaml directory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleV2 {
    /// Defaults to `.`.
    #[serde(default)]
    pub path: Option<Str>,
    #[serde(default)]
    pub name: Option<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub includes: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub excludes: Vec<Str>,
    /// When not empty, replaces the top-level `lint:` entirely for this module.
    #[serde(default, deserialize_with = "nullable")]
    pub lint: LintV2,
    /// When not empty, replaces the top-level `breaking:` entirely for this module.
    #[serde(default, deserialize_with = "nullable")]
    pub breaking: Breaking,
}

/// One entry of v2 `plugins:` (custom check plugins; recorded, not run).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginV2 {
    /// A plugin name or path, or a command line as a list.
    pub plugin: PluginName,
    #[serde(default)]
    pub options: Option<BTreeMap<String, IgnoredAny>>,
}

/// `plugin:` is a string or a list of strings (program and arguments).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PluginName {
    One(String),
    Many(Vec<String>),
}

impl PluginName {
    /// The plugin itself (first element of a command line).
    pub fn name(&self) -> &str {
        match self {
            PluginName::One(name) => name,
            PluginName::Many(args) => args.first().map(String::as_str).unwrap_or(""),
        }
    }
}

/// One entry of v2 `policies:`. `ignore` and `ignore_only` paths are relative to the buf.yaml
/// directory and apply to the policy's own findings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRefV2 {
    /// Path of a local policy file (as written; findings name the policy by it).
    pub policy: Str,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore_only: BTreeMap<String, Vec<Str>>,
}

/// `lint:` in a v1beta1 or v1 `buf.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintV1 {
    #[serde(default, rename = "use", deserialize_with = "nullable")]
    pub use_: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub except: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore_only: BTreeMap<String, Vec<Str>>,
    #[serde(default, deserialize_with = "nullable")]
    pub enum_zero_value_suffix: String,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_same_request_response: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_google_protobuf_empty_requests: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_google_protobuf_empty_responses: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub service_suffix: String,
    #[serde(default, deserialize_with = "nullable")]
    pub allow_comment_ignores: bool,
    /// Accepted by buf 1.75 in v1 files too.
    #[serde(default, deserialize_with = "nullable")]
    pub disable_builtin: bool,
}

/// `lint:` in a v2 `buf.yaml` (top level or per module).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintV2 {
    #[serde(default, rename = "use", deserialize_with = "nullable")]
    pub use_: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub except: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore_only: BTreeMap<String, Vec<Str>>,
    #[serde(default, deserialize_with = "nullable")]
    pub enum_zero_value_suffix: String,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_same_request_response: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_google_protobuf_empty_requests: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_google_protobuf_empty_responses: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub service_suffix: String,
    #[serde(default, deserialize_with = "nullable")]
    pub disallow_comment_ignores: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub disable_builtin: bool,
}

impl LintV2 {
    /// Whether every key has its zero value. A module-level block only replaces the top-level
    /// one when it is not empty (`lint: {}` or `use: []` change nothing), as in buf.
    pub fn is_empty(&self) -> bool {
        self.use_.is_empty()
            && self.except.is_empty()
            && self.ignore.is_empty()
            && self.ignore_only.is_empty()
            && self.enum_zero_value_suffix.is_empty()
            && !self.rpc_allow_same_request_response
            && !self.rpc_allow_google_protobuf_empty_requests
            && !self.rpc_allow_google_protobuf_empty_responses
            && self.service_suffix.is_empty()
            && !self.disallow_comment_ignores
            && !self.disable_builtin
    }
}

/// `breaking:` in any `buf.yaml` version.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breaking {
    #[serde(default, rename = "use", deserialize_with = "nullable")]
    pub use_: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub except: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore: Vec<Str>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore_only: BTreeMap<String, Vec<Str>>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore_unstable_packages: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub disable_builtin: bool,
}

impl Breaking {
    /// See [`LintV2::is_empty`].
    pub fn is_empty(&self) -> bool {
        self.use_.is_empty()
            && self.except.is_empty()
            && self.ignore.is_empty()
            && self.ignore_only.is_empty()
            && !self.ignore_unstable_packages
            && !self.disable_builtin
    }
}

/// `buf.work.yaml` version v1.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BufWorkYaml {
    pub version: Option<Str>,
    /// Module directories, relative to the buf.work.yaml directory.
    #[serde(default, deserialize_with = "nullable")]
    pub directories: Vec<Str>,
}

/// A policy file (`buf.policy.yaml`, version v2) referenced from v2 `policies:`. Its blocks have
/// no paths: ignores come from the referencing `policies:` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub version: Option<Str>,
    #[serde(default)]
    pub name: Option<Str>,
    /// Absent or empty means the default lint configuration.
    #[serde(default, deserialize_with = "nullable")]
    pub lint: PolicyLint,
    #[serde(default, deserialize_with = "nullable")]
    pub breaking: PolicyBreaking,
    #[serde(default, deserialize_with = "nullable")]
    pub plugins: Vec<PluginV2>,
}

/// `lint:` in a policy file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyLint {
    #[serde(default, rename = "use", deserialize_with = "nullable")]
    pub use_: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub except: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub enum_zero_value_suffix: String,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_same_request_response: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_google_protobuf_empty_requests: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub rpc_allow_google_protobuf_empty_responses: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub service_suffix: String,
    #[serde(default, deserialize_with = "nullable")]
    pub disable_builtin: bool,
}

/// `breaking:` in a policy file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyBreaking {
    #[serde(default, rename = "use", deserialize_with = "nullable")]
    pub use_: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub except: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub ignore_unstable_packages: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub disable_builtin: bool,
}

/// `key: ~` (or an empty value) means the default, as Go's YAML decoder treats it.
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// First pass: only the version, everything else ignored.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    version: Option<Str>,
}

/// Which file is being read; decides the accepted versions and the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `buf.yaml`, `buf.mod` or `--config` content: v1beta1, v1, v2.
    BufYaml,
    /// `buf.work.yaml`: v1 only.
    BufWorkYaml,
    /// A policy file: v2 only.
    Policy,
}

impl Kind {
    fn accepts(self, version: FileVersion) -> bool {
        match self {
            Kind::BufYaml => true,
            Kind::BufWorkYaml => version == FileVersion::V1,
            Kind::Policy => version == FileVersion::V2,
        }
    }

    fn suggested(self) -> &'static str {
        match self {
            Kind::BufWorkYaml => "v1",
            Kind::BufYaml | Kind::Policy => "v2",
        }
    }
}

/// Reads the version of a configuration file. `shown` names the file in errors.
pub fn read_version(bytes: &[u8], shown: &str, kind: Kind) -> Result<(FileVersion, String)> {
    let text = std::str::from_utf8(bytes)
        .map_err(|err| Error::config(shown, 1, 1, format!("not valid UTF-8: {err}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let probe: Option<Probe> = decode(text, shown)?;
    let Some(version) = probe.and_then(|p| p.version) else {
        return Err(Error::config(
            shown,
            1,
            1,
            format!(
                "\"version\" is not set. Please add \"version: {}\"",
                kind.suggested()
            ),
        ));
    };
    let parsed = match version.value.as_str() {
        "v1beta1" => FileVersion::V1Beta1,
        "v1" => FileVersion::V1,
        "v2" => FileVersion::V2,
        other => {
            return Err(error_at(
                shown,
                &version,
                format!("unknown file version: {other:?}"),
            ))
        }
    };
    if !kind.accepts(parsed) {
        let what = match kind {
            Kind::BufWorkYaml => "buf.work.yaml",
            Kind::Policy => "policy",
            Kind::BufYaml => "buf.yaml",
        };
        return Err(error_at(
            shown,
            &version,
            format!("{} is not supported for {what} files", parsed.as_str()),
        ));
    }
    Ok((parsed, text.to_string()))
}

/// Decodes a `buf.yaml` (or `--config` content).
pub fn parse_buf_yaml(bytes: &[u8], shown: &str) -> Result<BufYaml> {
    let (version, text) = read_version(bytes, shown, Kind::BufYaml)?;
    Ok(match version {
        FileVersion::V1Beta1 => BufYaml::V1Beta1(decode_some(&text, shown)?),
        FileVersion::V1 => {
            let file: BufYamlV1 = decode_some(&text, shown)?;
            if let Some(roots) = &file.build.roots {
                return Err(error_at(
                    shown,
                    roots,
                    "build.roots cannot be set on version v1",
                ));
            }
            BufYaml::V1(file)
        }
        FileVersion::V2 => BufYaml::V2(decode_some(&text, shown)?),
    })
}

/// Decodes a `buf.work.yaml`.
pub fn parse_buf_work_yaml(bytes: &[u8], shown: &str) -> Result<BufWorkYaml> {
    let (_, text) = read_version(bytes, shown, Kind::BufWorkYaml)?;
    decode_some(&text, shown)
}

/// Decodes a policy file.
pub fn parse_policy_file(bytes: &[u8], shown: &str) -> Result<PolicyFile> {
    let (_, text) = read_version(bytes, shown, Kind::Policy)?;
    decode_some(&text, shown)
}

fn decode_some<T: for<'de> Deserialize<'de>>(text: &str, shown: &str) -> Result<T> {
    // The probe found a version, so the document is a non-empty mapping.
    decode::<Option<T>>(text, shown)?
        .ok_or_else(|| Error::config(shown, 1, 1, "empty configuration"))
}

fn decode<T: for<'de> Deserialize<'de>>(text: &str, shown: &str) -> Result<T> {
    serde_saphyr::from_str(text).map_err(|err| saphyr_error(&err, shown))
}

/// One config error from a decoding error: its location and its message without the snippet.
pub(crate) fn saphyr_error(err: &serde_saphyr::Error, shown: &str) -> Error {
    let (line, column) = err
        .location()
        .filter(|loc| loc.line() > 0)
        .map(|loc| (loc.line() as usize, loc.column().max(1) as usize))
        .unwrap_or((1, 1));
    let message = err.without_snippet().to_string();
    Error::config(shown, line, column, strip_location(&message))
}

/// saphyr's message, first line only, without its own location (ours is in front) and with
/// parser jargon replaced by what the user wrote wrong.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    match first {
        "expected sequence start" => "expected a list".to_string(),
        "expected mapping start" => "expected a mapping".to_string(),
        "expected string scalar" => "expected a string".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// `(line, column, message)` of a config error.
    fn loc(err: Error) -> (usize, usize, String) {
        match err.kind() {
            ErrorKind::Config {
                line,
                column,
                message,
                ..
            } => (*line, *column, message.clone()),
            other => panic!("not a config error: {other:?}"),
        }
    }

    #[test]
    fn versions() {
        for (text, want) in [
            ("version: v1beta1\n", FileVersion::V1Beta1),
            ("version: v1\n", FileVersion::V1),
            ("version: v2\n", FileVersion::V2),
            ("version: \"v2\"\n", FileVersion::V2),
            ("{\"version\": \"v1\"}", FileVersion::V1),
        ] {
            assert_eq!(
                parse_buf_yaml(text.as_bytes(), "buf.yaml")
                    .unwrap()
                    .version(),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn version_errors() {
        for (text, line, column, needle) in [
            ("", 1, 1, "\"version\" is not set"),
            ("# only a comment\n", 1, 1, "\"version\" is not set"),
            ("lint:\n  use: [A]\n", 1, 1, "\"version\" is not set"),
            ("version: v3\n", 1, 10, "unknown file version: \"v3\""),
            ("version: V1\n", 1, 10, "unknown file version: \"V1\""),
            ("\nversion: 1\n", 2, 10, "unknown file version: \"1\""),
        ] {
            let (l, c, msg) = loc(parse_buf_yaml(text.as_bytes(), "buf.yaml").unwrap_err());
            assert_eq!((l, c), (line, column), "{text:?}: {msg}");
            assert!(msg.contains(needle), "{text:?}: {msg}");
        }
    }

    #[test]
    fn strict_decoding_errors() {
        for (text, line, column, needle) in [
            (
                "version: v1\nlint:\n  use: [A]\n  bogus: 1\n",
                4,
                3,
                "bogus",
            ),
            ("version: v1\nlint:\n  use: 3\n", 3, 8, ""),
            (
                "version: v1\nbuild:\n  roots: [a]\n",
                3,
                10,
                "build.roots cannot be set",
            ),
            ("version: v1beta1\nmodules: []\n", 2, 1, "modules"),
            ("version: v2\nbuild: {}\n", 2, 1, "build"),
            (
                "version: v2\nlint:\n  allow_comment_ignores: true\n",
                3,
                3,
                "allow_comment_ignores",
            ),
            (
                "version: v1\nlint:\n  disallow_comment_ignores: true\n",
                3,
                3,
                "disallow_comment_ignores",
            ),
            (
                "version: v2\nmodules:\n  - path: a\n    policies: []\n",
                4,
                5,
                "policies",
            ),
            ("version: v1\nversion: v1\n", 2, 1, "duplicate"),
            ("version: v2\nmodules:\n  - path: [a]\n", 3, 11, ""),
        ] {
            let (l, c, msg) = loc(parse_buf_yaml(text.as_bytes(), "buf.yaml").unwrap_err());
            assert_eq!((l, c), (line, column), "{text:?}: {msg}");
            assert!(msg.contains(needle), "{text:?}: {msg}");
        }
    }

    #[test]
    fn buf_work_yaml() {
        let file = parse_buf_work_yaml(b"version: v1\ndirectories:\n  - a\n  - b\n", "w").unwrap();
        let dirs: Vec<_> = file.directories.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(dirs, ["a", "b"]);
        assert_eq!(file.directories[1].referenced.line(), 4);
        for (text, line, column, needle) in [
            (
                "version: v2\ndirectories: [a]\n",
                1,
                10,
                "v2 is not supported",
            ),
            (
                "version: v1beta1\ndirectories: [a]\n",
                1,
                10,
                "v1beta1 is not supported",
            ),
            ("directories: [a]\n", 1, 1, "version: v1"),
            ("version: v1\ndirectories: [a]\nfoo: 1\n", 3, 1, "foo"),
        ] {
            let (l, c, msg) = loc(parse_buf_work_yaml(text.as_bytes(), "w").unwrap_err());
            assert_eq!((l, c), (line, column), "{text:?}: {msg}");
            assert!(msg.contains(needle), "{text:?}: {msg}");
        }
    }

    #[test]
    fn policy_files() {
        let file = parse_policy_file(
            b"version: v2\nname: buf.build/acme/p\nlint:\n  use: [STANDARD]\n  service_suffix: Svc\nbreaking:\n  use: [WIRE]\nplugins:\n  - plugin: x\n    options: {a: [1]}\n",
            "p.yaml",
        )
        .unwrap();
        assert_eq!(file.lint.use_, ["STANDARD"]);
        assert_eq!(file.lint.service_suffix, "Svc");
        assert_eq!(file.breaking.use_, ["WIRE"]);
        assert_eq!(file.plugins[0].plugin.name(), "x");
        for (text, line, column, needle) in [
            ("version: v1\n", 1, 10, "v1 is not supported"),
            ("version: v2\nlint:\n  ignore: [a]\n", 3, 3, "ignore"),
            (
                "version: v2\nbreaking:\n  ignore_only: {}\n",
                3,
                3,
                "ignore_only",
            ),
            (
                "version: v2\nlint:\n  disallow_comment_ignores: true\n",
                3,
                3,
                "disallow",
            ),
            ("version: v2\nmodules: []\n", 2, 1, "modules"),
        ] {
            let (l, c, msg) = loc(parse_policy_file(text.as_bytes(), "p.yaml").unwrap_err());
            assert_eq!((l, c), (line, column), "{text:?}: {msg}");
            assert!(msg.contains(needle), "{text:?}: {msg}");
        }
    }

    #[test]
    fn nulls_are_defaults() {
        let BufYaml::V2(file) =
            parse_buf_yaml(b"version: v2\nlint:\nbreaking: ~\nmodules:\n", "b").unwrap()
        else {
            panic!()
        };
        assert!(file.lint.is_empty() && file.breaking.is_empty() && file.modules.is_empty());
    }

    #[test]
    fn json_content() {
        let BufYaml::V2(file) = parse_buf_yaml(
            br#"{"version":"v2","modules":[{"path":"proto","lint":{"use":["MINIMAL"]}}]}"#,
            "--config",
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(file.modules[0].path.as_ref().unwrap().value, "proto");
        assert_eq!(file.modules[0].lint.use_, ["MINIMAL"]);
        // Pretty-printed JSON, tab-indented.
        let text = "{\n\t\"version\": \"v1\",\n\t\"lint\": {\n\t\t\"use\": [\n\t\t\t\"DEFAULT\"\n\t\t]\n\t}\n}\n";
        let BufYaml::V1(file) = parse_buf_yaml(text.as_bytes(), "buf.json").unwrap() else {
            panic!()
        };
        assert_eq!(file.lint.use_, ["DEFAULT"]);
        let (l, c, msg) =
            loc(parse_buf_yaml(br#"{"version":"v1","bogus":true}"#, "--config").unwrap_err());
        assert_eq!((l, c), (1, 17), "{msg}");
    }
}
