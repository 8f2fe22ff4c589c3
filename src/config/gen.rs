//! `buf.gen.yaml` (v1 and v2): which generators to run, where their output goes, and which
//! inputs to generate from. Decoded strictly (unknown keys are errors pointing at their line),
//! then resolved into [`GenConfig`].

use serde::Deserialize;

use super::managed::{self, Managed};
use crate::{Error, Result};

/// One string or a list of strings (`opt`, `local`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawV2 {
    #[allow(dead_code)]
    version: String,
    #[serde(default)]
    clean: bool,
    #[serde(default)]
    managed: Option<managed::RawV2>,
    #[serde(default)]
    plugins: Vec<RawPluginV2>,
    #[serde(default)]
    inputs: Vec<RawInput>,
    /// protowright extension: a template override directory.
    #[serde(default)]
    templates: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPluginV2 {
    remote: Option<String>,
    local: Option<OneOrMany>,
    protoc_builtin: Option<String>,
    #[allow(dead_code)]
    protoc_path: Option<OneOrMany>,
    #[allow(dead_code)]
    revision: Option<u32>,
    out: String,
    opt: Option<OneOrMany>,
    #[serde(default)]
    include_imports: bool,
    #[serde(default)]
    include_wkt: bool,
    strategy: Option<String>,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    exclude_types: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawV1 {
    #[allow(dead_code)]
    version: String,
    #[serde(default)]
    managed: Option<managed::RawV1>,
    #[serde(default)]
    plugins: Vec<RawPluginV1>,
    #[serde(default)]
    types: Option<RawTypes>,
    #[serde(default)]
    templates: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTypes {
    #[serde(default)]
    include: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPluginV1 {
    plugin: Option<String>,
    name: Option<String>,
    remote: Option<String>,
    out: String,
    opt: Option<OneOrMany>,
    path: Option<OneOrMany>,
    strategy: Option<String>,
    #[allow(dead_code)]
    protoc_path: Option<String>,
    #[allow(dead_code)]
    revision: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    directory: Option<String>,
    proto_file: Option<String>,
    binary_image: Option<String>,
    json_image: Option<String>,
    txt_image: Option<String>,
    yaml_image: Option<String>,
    git_repo: Option<String>,
    module: Option<String>,
    tarball: Option<String>,
    zip_archive: Option<String>,
    branch: Option<String>,
    tag: Option<String>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    subdir: Option<String>,
    depth: Option<u32>,
    #[allow(dead_code)]
    compression: Option<String>,
    #[allow(dead_code)]
    strip_components: Option<u32>,
    #[allow(dead_code)]
    recurse_submodules: Option<bool>,
    #[allow(dead_code)]
    include_package_files: Option<bool>,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    exclude_types: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    exclude_paths: Vec<String>,
}

/// A resolved buf.gen.yaml.
#[derive(Debug, Clone, Default)]
pub struct GenConfig {
    /// Delete each plugin's `out` directory contents before writing (v2 `clean`).
    pub clean: bool,
    /// Managed mode (`managed:`), in buf's v2 form whatever the file's version.
    pub managed: Managed,
    pub plugins: Vec<PluginConfig>,
    pub inputs: Vec<GenInput>,
    /// Template override directory (protowright extension key `templates`).
    pub templates: Option<String>,
}

/// Which generator a plugin entry selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generator {
    /// protoc's `--python_out`.
    Python,
    /// protoc's `--pyi_out`.
    Pyi,
    /// grpcio-tools' `protoc-gen-grpc_python`.
    GrpcPython,
    /// `protoc-gen-go` (google.golang.org/protobuf): `.pb.go`.
    Go,
    /// `protoc-gen-go-grpc` (google.golang.org/grpc): `_grpc.pb.go`.
    GoGrpc,
    /// `protoc-gen-prost`: prost messages.
    Prost,
    /// `protoc-gen-tonic`: tonic clients and servers.
    Tonic,
    /// An executable speaking the protoc plugin protocol: the command line.
    Local(Vec<String>),
}

/// One resolved plugin entry.
#[derive(Debug, Clone)]
pub struct PluginConfig {
    /// How the user named it (for messages).
    pub label: String,
    pub generator: Generator,
    pub out: String,
    pub opt: Vec<String>,
    pub include_imports: bool,
    pub include_wkt: bool,
    /// `directory` (default) or `all`.
    pub strategy_all: bool,
    pub types: Vec<String>,
    pub exclude_types: Vec<String>,
}

/// One input of `inputs:`, in protowright's input syntax.
#[derive(Debug, Clone)]
pub struct GenInput {
    pub input: String,
    pub paths: Vec<String>,
    pub exclude_paths: Vec<String>,
    pub types: Vec<String>,
    pub exclude_types: Vec<String>,
}

impl GenInput {
    /// An input given by location only.
    pub fn new(input: &str) -> Self {
        GenInput {
            input: input.to_string(),
            paths: Vec::new(),
            exclude_paths: Vec::new(),
            types: Vec::new(),
            exclude_types: Vec::new(),
        }
    }
}

/// The `remote:` plugin names served by a built-in generator.
pub const BUILTIN_REMOTES: &[&str] = &[
    "buf.build/protocolbuffers/python",
    "buf.build/protocolbuffers/pyi",
    "buf.build/grpc/python",
    "buf.build/protocolbuffers/go",
    "buf.build/grpc/go",
    "buf.build/community/neoeinstein-prost",
    "buf.build/community/neoeinstein-tonic",
];

/// Selects a built-in generator by the names users already write, or a local plugin.
pub fn generator_for(kind: &str, name: &[String]) -> std::result::Result<Generator, String> {
    let first = name.first().map(String::as_str).unwrap_or_default();
    match kind {
        "protoc_builtin" => match first {
            "python" => Ok(Generator::Python),
            "pyi" => Ok(Generator::Pyi),
            other => Err(format!(
                "protoc_builtin {other:?} is not built in; supported: python, pyi"
            )),
        },
        "remote" => {
            let base = first.split(':').next().unwrap_or(first);
            match base {
                "buf.build/protocolbuffers/python" => Ok(Generator::Python),
                "buf.build/protocolbuffers/pyi" => Ok(Generator::Pyi),
                "buf.build/grpc/python" => Ok(Generator::GrpcPython),
                "buf.build/protocolbuffers/go" => Ok(Generator::Go),
                "buf.build/grpc/go" => Ok(Generator::GoGrpc),
                "buf.build/community/neoeinstein-prost" => Ok(Generator::Prost),
                "buf.build/community/neoeinstein-tonic" => Ok(Generator::Tonic),
                other => Err(format!(
                    "remote plugin {other:?} is not supported: protowright does not call the BSR; built in are {}",
                    BUILTIN_REMOTES.join(", ")
                )),
            }
        }
        _ => {
            let bare = first.rsplit('/').next().unwrap_or(first);
            match (name.len(), bare) {
                (1, "protoc-gen-grpc_python" | "grpc_python" | "protoc-gen-grpc-python") => {
                    Ok(Generator::GrpcPython)
                }
                (1, "protoc-gen-python" | "python") => Ok(Generator::Python),
                (1, "protoc-gen-pyi" | "pyi") => Ok(Generator::Pyi),
                (1, "protoc-gen-go" | "go") => Ok(Generator::Go),
                (1, "protoc-gen-go-grpc" | "go-grpc") => Ok(Generator::GoGrpc),
                (1, "protoc-gen-prost" | "prost") => Ok(Generator::Prost),
                (1, "protoc-gen-tonic" | "tonic") => Ok(Generator::Tonic),
                _ if first.is_empty() => Err("empty plugin name".into()),
                _ => Ok(Generator::Local(name.to_vec())),
            }
        }
    }
}

fn decode<T: for<'de> Deserialize<'de>>(text: &str, shown: &str) -> Result<T> {
    serde_saphyr::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .filter(|loc| loc.line() > 0)
            .map(|loc| (loc.line() as usize, loc.column().max(1) as usize))
            .unwrap_or((1, 1));
        let message = err.without_snippet().to_string();
        let first = message
            .lines()
            .next()
            .unwrap_or(&message)
            .trim()
            .to_string();
        Error::config(shown, line, column, first)
    })
}

#[derive(Deserialize)]
struct Probe {
    version: Option<String>,
}

/// Parses buf.gen.yaml text; `shown` names the file in errors.
pub fn parse(text: &str, shown: &str) -> Result<GenConfig> {
    #[derive(Deserialize)]
    struct Loose {
        #[serde(flatten)]
        probe: Probe,
        #[serde(flatten)]
        #[allow(dead_code)]
        rest: serde_json::Map<String, serde_json::Value>,
    }
    let probe: Loose = decode(text, shown)?;
    match probe.probe.version.as_deref() {
        Some("v2") => resolve_v2(decode(text, shown)?, text, shown),
        Some("v1") | Some("v1beta1") => resolve_v1(decode(text, shown)?, text, shown),
        Some(other) => Err(Error::config(
            shown,
            1,
            1,
            format!("unknown buf.gen.yaml version {other:?}; expected v1 or v2"),
        )),
        None => Err(Error::config(shown, 1, 1, "version is required (v1 or v2)")),
    }
}

/// A managed-mode error, located at the `managed:` key.
fn managed_error(text: &str, shown: &str, message: String) -> Error {
    let line = text
        .lines()
        .position(|l| l.starts_with("managed:"))
        .map_or(1, |i| i + 1);
    Error::config(shown, line, 1, format!("managed: {message}"))
}

fn strategy(value: Option<&str>, shown: &str) -> Result<bool> {
    match value {
        None | Some("directory") => Ok(false),
        Some("all") => Ok(true),
        Some(other) => Err(Error::config(
            shown,
            1,
            1,
            format!("unknown strategy {other:?}; expected directory or all"),
        )),
    }
}

fn resolve_v2(raw: RawV2, text: &str, shown: &str) -> Result<GenConfig> {
    let mut plugins = Vec::new();
    for p in raw.plugins {
        let (kind, name) = match (&p.remote, &p.local, &p.protoc_builtin) {
            (Some(r), None, None) => ("remote", vec![r.clone()]),
            (None, Some(l), None) => ("local", l.clone().into_vec()),
            (None, None, Some(b)) => ("protoc_builtin", vec![b.clone()]),
            _ => {
                return Err(Error::config(
                    shown,
                    1,
                    1,
                    format!(
                        "plugin with out {:?}: exactly one of remote, local or protoc_builtin is required",
                        p.out
                    ),
                ))
            }
        };
        let generator = generator_for(kind, &name)
            .map_err(|m| Error::config(shown, 1, 1, format!("plugin {}: {m}", name.join(" "))))?;
        plugins.push(PluginConfig {
            label: name.join(" "),
            generator,
            out: p.out,
            opt: p.opt.map(OneOrMany::into_vec).unwrap_or_default(),
            include_imports: p.include_imports,
            include_wkt: p.include_wkt,
            strategy_all: strategy(p.strategy.as_deref(), shown)?,
            types: p.types,
            exclude_types: p.exclude_types,
        });
    }
    let mut inputs = Vec::new();
    for i in raw.inputs {
        inputs.push(resolve_input(i, shown)?);
    }
    Ok(GenConfig {
        clean: raw.clean,
        managed: match raw.managed {
            Some(m) => managed::resolve_v2(m).map_err(|e| managed_error(text, shown, e))?,
            None => Managed::default(),
        },
        plugins,
        inputs,
        templates: raw.templates,
    })
}

fn resolve_input(i: RawInput, shown: &str) -> Result<GenInput> {
    let git_params = || {
        let mut params = Vec::new();
        for (k, v) in [
            ("branch", &i.branch),
            ("tag", &i.tag),
            ("ref", &i.git_ref),
            ("subdir", &i.subdir),
        ] {
            if let Some(v) = v {
                params.push(format!("{k}={v}"));
            }
        }
        if let Some(d) = i.depth {
            params.push(format!("depth={d}"));
        }
        params
    };
    let input = if let Some(d) = &i.directory {
        d.clone()
    } else if let Some(f) = &i.proto_file {
        f.clone()
    } else if let Some(f) = i
        .binary_image
        .as_ref()
        .or(i.json_image.as_ref())
        .or(i.txt_image.as_ref())
        .or(i.yaml_image.as_ref())
    {
        f.clone()
    } else if let Some(g) = &i.git_repo {
        let params = git_params();
        let mut s = g.clone();
        if !params.is_empty() {
            s.push('#');
            s.push_str(&params.join(","));
        }
        s
    } else if let Some(m) = &i.module {
        return Err(Error::config(
            shown,
            1,
            1,
            format!("input module {m:?}: BSR modules are not supported; use a directory, file, image or git input"),
        ));
    } else if i.tarball.is_some() || i.zip_archive.is_some() {
        return Err(Error::config(
            shown,
            1,
            1,
            "tarball and zip_archive inputs are not supported yet",
        ));
    } else {
        return Err(Error::config(shown, 1, 1, "input without a location"));
    };
    Ok(GenInput {
        input,
        paths: i.paths,
        exclude_paths: i.exclude_paths,
        types: i.types,
        exclude_types: i.exclude_types,
    })
}

fn resolve_v1(raw: RawV1, text: &str, shown: &str) -> Result<GenConfig> {
    let mut plugins = Vec::new();
    for p in raw.plugins {
        let (kind, name) = if let Some(r) = &p.remote {
            ("remote", vec![r.clone()])
        } else {
            let n = p.plugin.clone().or(p.name.clone()).ok_or_else(|| {
                Error::config(
                    shown,
                    1,
                    1,
                    format!("plugin with out {:?}: plugin (or name) is required", p.out),
                )
            })?;
            if n.contains('/') && !n.starts_with('.') && !n.starts_with('/') {
                ("remote", vec![n])
            } else if let Some(path) = p.path.clone() {
                ("local", path.into_vec())
            } else if matches!(n.as_str(), "python" | "pyi") {
                ("protoc_builtin", vec![n])
            } else {
                ("local", vec![format!("protoc-gen-{n}")])
            }
        };
        let generator = generator_for(kind, &name)
            .map_err(|m| Error::config(shown, 1, 1, format!("plugin {}: {m}", name.join(" "))))?;
        plugins.push(PluginConfig {
            label: name.join(" "),
            generator,
            out: p.out,
            opt: p.opt.map(OneOrMany::into_vec).unwrap_or_default(),
            include_imports: false,
            include_wkt: false,
            strategy_all: strategy(p.strategy.as_deref(), shown)?,
            types: raw
                .types
                .as_ref()
                .map(|t| t.include.clone())
                .unwrap_or_default(),
            exclude_types: Vec::new(),
        });
    }
    Ok(GenConfig {
        clean: false,
        managed: match raw.managed {
            Some(m) => managed::resolve_v1(m).map_err(|e| managed_error(text, shown, e))?,
            None => Managed::default(),
        },
        plugins,
        inputs: Vec::new(),
        templates: raw.templates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_names() {
        let cfg = parse(
            r#"version: v2
clean: true
managed:
  enabled: true
  override:
    - file_option: java_package_prefix
      value: net
plugins:
  - protoc_builtin: python
    out: gen
  - protoc_builtin: pyi
    out: gen
  - local: protoc-gen-grpc_python
    out: gen
  - remote: buf.build/grpc/python:v1.85.1
    out: gen2
    opt: [a, b]
  - local: [my-plugin, --flag]
    out: gen3
    strategy: all
inputs:
  - directory: proto
    paths: [proto/a]
  - git_repo: https://example.com/x.git
    branch: main
    subdir: proto
"#,
            "buf.gen.yaml",
        )
        .unwrap();
        assert!(cfg.clean && cfg.managed.enabled);
        let gens: Vec<_> = cfg.plugins.iter().map(|p| p.generator.clone()).collect();
        assert_eq!(
            gens,
            vec![
                Generator::Python,
                Generator::Pyi,
                Generator::GrpcPython,
                Generator::GrpcPython,
                Generator::Local(vec!["my-plugin".into(), "--flag".into()]),
            ]
        );
        assert_eq!(cfg.plugins[3].opt, vec!["a", "b"]);
        assert!(cfg.plugins[4].strategy_all);
        assert_eq!(cfg.inputs[0].input, "proto");
        assert_eq!(
            cfg.inputs[1].input,
            "https://example.com/x.git#branch=main,subdir=proto"
        );
    }

    #[test]
    fn v1_names() {
        let cfg = parse(
            "version: v1\nplugins:\n  - plugin: python\n    out: gen\n  - name: grpc_python\n    out: gen\n  - plugin: buf.build/protocolbuffers/pyi\n    out: gen\n",
            "buf.gen.yaml",
        )
        .unwrap();
        let gens: Vec<_> = cfg.plugins.iter().map(|p| p.generator.clone()).collect();
        assert_eq!(
            gens,
            vec![Generator::Python, Generator::GrpcPython, Generator::Pyi]
        );
    }

    #[test]
    fn errors_point_at_lines() {
        let err = parse(
            "version: v2\nplugins:\n  - protoc_builtin: python\n    outt: gen\n",
            "g.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("g.yaml:"), "{err}");
        let err = parse(
            "version: v2\nplugins:\n  - remote: buf.build/x/y\n    out: g\n",
            "g.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not supported"), "{err}");
    }
}
