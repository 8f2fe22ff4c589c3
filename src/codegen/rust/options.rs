//! Options of the Rust generators (`opt:` in buf.gen.yaml), named as protoc-gen-prost and
//! protoc-gen-tonic name them (which take prost-build's and tonic-build's names).

use crate::{Error, Result};

/// Every option the Rust generators accept, parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    // prost-build (messages)
    pub btree_map: Vec<String>,
    pub bytes: Vec<String>,
    pub boxed: Vec<String>,
    pub disable_comments: Vec<String>,
    pub skip_debug: Vec<String>,
    pub extern_path: Vec<(String, String)>,
    pub type_attribute: Vec<(String, String)>,
    pub message_attribute: Vec<(String, String)>,
    pub enum_attribute: Vec<(String, String)>,
    pub field_attribute: Vec<(String, String)>,
    pub compile_well_known_types: bool,
    pub retain_enum_prefix: bool,
    pub enable_type_names: bool,
    pub default_package_filename: Option<String>,
    // tonic (services)
    pub no_client: bool,
    pub no_server: bool,
    pub no_transport: bool,
    // output layout
    pub include_file: Option<String>,
    pub crate_name: Option<String>,
    pub prost_version: Option<String>,
    pub tonic_version: Option<String>,
}

/// The option names, for messages.
pub const KNOWN: &[&str] = &[
    "btree_map",
    "bytes",
    "boxed",
    "disable_comments",
    "skip_debug",
    "extern_path",
    "type_attribute",
    "message_attribute",
    "enum_attribute",
    "field_attribute",
    "compile_well_known_types",
    "retain_enum_prefix",
    "enable_type_names",
    "default_package_filename",
    "no_client",
    "no_server",
    "no_transport",
    "include_file",
    "crate",
    "prost_version",
    "tonic_version",
];

/// Options whose value is a Rust attribute, which may itself contain commas: an `opt:` entry
/// starting with one of them is taken whole instead of being split at commas.
const ATTRIBUTE_OPTIONS: &[&str] = &[
    "type_attribute=",
    "message_attribute=",
    "enum_attribute=",
    "field_attribute=",
];

impl Options {
    /// Parses the `opt:` entries of one plugin. Each entry may hold several options separated by
    /// commas (protoc's parameter syntax), except the `*_attribute=` options, whose entry is
    /// taken whole.
    pub fn parse(opt: &[String], label: &str) -> Result<Options> {
        let mut o = Options::default();
        let mut items: Vec<&str> = Vec::new();
        for entry in opt {
            if ATTRIBUTE_OPTIONS.iter().any(|p| entry.starts_with(p)) {
                items.push(entry);
            } else {
                items.extend(entry.split(',').map(str::trim).filter(|s| !s.is_empty()));
            }
        }
        for item in items {
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (item, None),
            };
            let need = |what: &str| -> Result<&str> {
                value.filter(|v| !v.is_empty()).ok_or_else(|| {
                    Error::usage(format!(
                        "plugin {label}: option {key} needs a value: {key}={what}"
                    ))
                })
            };
            let pair = |what: &str| -> Result<(String, String)> {
                let v = need(what)?;
                match v.split_once('=') {
                    Some((a, b)) if !a.is_empty() && !b.is_empty() => {
                        Ok((a.to_string(), b.to_string()))
                    }
                    _ => Err(Error::usage(format!(
                        "plugin {label}: option {key} needs two values: {key}={what}, got {item:?}"
                    ))),
                }
            };
            let flag = || -> Result<bool> {
                match value {
                    None | Some("true") => Ok(true),
                    Some("false") => Ok(false),
                    Some(v) => Err(Error::usage(format!(
                        "plugin {label}: option {key} takes true or false, got {v:?}"
                    ))),
                }
            };
            match key {
                "btree_map" => o.btree_map.push(need("<proto_path>")?.into()),
                "bytes" => o.bytes.push(need("<proto_path>")?.into()),
                "boxed" => o.boxed.push(need("<proto_path>")?.into()),
                "disable_comments" => o.disable_comments.push(need("<proto_path>")?.into()),
                "skip_debug" => o.skip_debug.push(need("<proto_path>")?.into()),
                "extern_path" => o.extern_path.push(pair("<proto_path>=<rust_path>")?),
                "type_attribute" => o.type_attribute.push(pair("<proto_path>=<attribute>")?),
                "message_attribute" => o.message_attribute.push(pair("<proto_path>=<attribute>")?),
                "enum_attribute" => o.enum_attribute.push(pair("<proto_path>=<attribute>")?),
                "field_attribute" => o.field_attribute.push(pair("<proto_path>=<attribute>")?),
                "compile_well_known_types" => o.compile_well_known_types = flag()?,
                "retain_enum_prefix" => o.retain_enum_prefix = flag()?,
                "enable_type_names" => o.enable_type_names = flag()?,
                "default_package_filename" => {
                    o.default_package_filename = Some(file_stem(need("<name>")?, key, label)?)
                }
                "no_client" => o.no_client = flag()?,
                "no_server" => o.no_server = flag()?,
                "no_transport" => o.no_transport = flag()?,
                "include_file" => o.include_file = Some(need("<path>")?.into()),
                "crate" => {
                    let name = need("<name>")?;
                    if !is_crate_name(name) {
                        return Err(Error::usage(format!(
                            "plugin {label}: crate={name:?} is not a valid crate name (letters, digits, `-` and `_`, starting with a letter)"
                        )));
                    }
                    o.crate_name = Some(name.into());
                }
                "prost_version" => o.prost_version = Some(version(need("<version>")?, key, label)?),
                "tonic_version" => o.tonic_version = Some(version(need("<version>")?, key, label)?),
                _ => {
                    return Err(Error::usage(format!(
                        "plugin {label}: unknown option {key:?} (known: {})",
                        KNOWN.join(", ")
                    )))
                }
            }
        }
        Ok(o)
    }
}

fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A file stem without path separators (it becomes `<stem>.rs`).
fn file_stem(v: &str, key: &str, label: &str) -> Result<String> {
    if v.contains(['/', '\\']) || v.starts_with('.') {
        return Err(Error::usage(format!(
            "plugin {label}: {key}={v:?} must be a plain file name"
        )));
    }
    Ok(v.to_string())
}

/// A Cargo version requirement made of digits and dots (`0.14`, `0.14.6`).
fn version(v: &str, key: &str, label: &str) -> Result<String> {
    let ok = !v.is_empty()
        && v.split('.').count() <= 3
        && v.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !ok {
        return Err(Error::usage(format!(
            "plugin {label}: {key}={v:?} must be a version like 0.14 or 0.14.6"
        )));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(opts: &[&str]) -> Result<Options> {
        Options::parse(&opts.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "t")
    }

    #[test]
    fn parses_options() {
        let o = parse(&[
            "btree_map=.,bytes=.a.B",
            "type_attribute=.a.B=#[derive(Eq, Hash)]",
            "extern_path=.x=::x",
            "no_server",
            "retain_enum_prefix=false",
            "crate=my-proto",
            "include_file=mod.rs",
        ])
        .unwrap();
        assert_eq!(o.btree_map, ["."]);
        assert_eq!(o.bytes, [".a.B"]);
        assert_eq!(
            o.type_attribute,
            [(".a.B".to_string(), "#[derive(Eq, Hash)]".to_string())]
        );
        assert_eq!(o.extern_path, [(".x".to_string(), "::x".to_string())]);
        assert!(o.no_server && !o.no_client && !o.retain_enum_prefix);
        assert_eq!(o.crate_name.as_deref(), Some("my-proto"));
        assert_eq!(o.include_file.as_deref(), Some("mod.rs"));
    }

    #[test]
    fn rejects_bad_options() {
        for bad in [
            "nope",
            "btree_map",
            "extern_path=.x",
            "no_server=maybe",
            "crate=1x",
            "crate=a/b",
            "prost_version=latest",
            "default_package_filename=../x",
        ] {
            let e = parse(&[bad]).unwrap_err().to_string();
            assert!(e.contains("plugin t:"), "{bad}: {e}");
        }
    }
}
