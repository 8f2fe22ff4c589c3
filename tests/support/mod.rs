//! Test-only helpers: a minimal reading of buf.yaml / buf.work.yaml / buf.policy.yaml (the real
//! configuration parser lives in `src/config/`, built separately), compiling a directory, and
//! linting it. Just enough for the per-rule fixtures and the conformance cases.

#![allow(dead_code)]

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use protowright::{
    compile::{self, Compiled},
    config::{LintConfig, Module, Version, Workspace},
    finding::Finding,
    lint::{self, Job, Report},
    tree::{self, FileTree},
};
use serde_json::Value;

/// A workspace read from a directory plus the extra lint jobs its policies add.
pub struct Setup {
    pub workspace: Workspace,
    /// (module index, version, config, config name) for policies.
    pub policies: Vec<(usize, Version, LintConfig, String)>,
}

fn yaml(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_saphyr::from_str::<Value>(&text).ok()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn version_of(value: &Value) -> Version {
    match value.get("version").and_then(Value::as_str) {
        Some("v1beta1") => Version::V1Beta1,
        Some("v2") => Version::V2,
        _ => Version::V1,
    }
}

/// Reads a `lint:` block; paths are joined to `base` to make them tree-relative.
fn lint_config(lint: Option<&Value>, version: Version, base: &str) -> LintConfig {
    let empty = Value::Null;
    let lint = lint.unwrap_or(&empty);
    let mut ignore_only = BTreeMap::new();
    if let Some(map) = lint.get("ignore_only").and_then(Value::as_object) {
        for (k, v) in map {
            ignore_only.insert(
                k.clone(),
                strings(Some(v))
                    .iter()
                    .map(|p| tree::join(base, p))
                    .collect(),
            );
        }
    }
    let flag = |key: &str| lint.get(key).and_then(Value::as_bool).unwrap_or(false);
    LintConfig {
        use_: strings(lint.get("use")),
        except: strings(lint.get("except")),
        ignore: strings(lint.get("ignore"))
            .iter()
            .map(|p| tree::join(base, p))
            .collect(),
        ignore_only,
        enum_zero_value_suffix: lint
            .get("enum_zero_value_suffix")
            .and_then(Value::as_str)
            .unwrap_or("_UNSPECIFIED")
            .to_string(),
        service_suffix: lint
            .get("service_suffix")
            .and_then(Value::as_str)
            .unwrap_or("Service")
            .to_string(),
        rpc_allow_same_request_response: flag("rpc_allow_same_request_response"),
        rpc_allow_google_protobuf_empty_requests: flag("rpc_allow_google_protobuf_empty_requests"),
        rpc_allow_google_protobuf_empty_responses: flag(
            "rpc_allow_google_protobuf_empty_responses",
        ),
        allow_comment_ignores: match version {
            Version::V2 => !flag("disallow_comment_ignores"),
            _ => flag("allow_comment_ignores"),
        },
        disable_builtin: flag("disable_builtin"),
    }
}

fn v1_module(root: &Path, dir: &str) -> (Version, Module) {
    let config = yaml(&root.join(dir).join("buf.yaml"));
    let version = config.as_ref().map(version_of).unwrap_or(Version::V1);
    let empty = Value::Null;
    let config = config.as_ref().unwrap_or(&empty);
    let roots = match version {
        Version::V1Beta1 => {
            let r = strings(config.get("build").and_then(|b| b.get("roots")));
            if r.is_empty() {
                vec![dir.to_string()]
            } else {
                r.iter().map(|p| tree::join(dir, p)).collect()
            }
        }
        _ => vec![dir.to_string()],
    };
    let excludes = strings(config.get("build").and_then(|b| b.get("excludes")))
        .iter()
        .map(|p| tree::join(dir, p))
        .collect();
    // v1beta1 ignore paths are relative to the roots; with one root that is the root.
    let base = if version == Version::V1Beta1 && roots.len() == 1 {
        roots[0].clone()
    } else {
        dir.to_string()
    };
    let module = Module {
        dir: dir.to_string(),
        roots,
        excludes,
        includes: Vec::new(),
        name: config.get("name").and_then(Value::as_str).map(String::from),
        lint: lint_config(config.get("lint"), version, &base),
        breaking: Default::default(),
    };
    (version, module)
}

/// Reads the configuration of the tree rooted at `root`.
pub fn setup(root: &Path) -> Setup {
    if let Some(work) = yaml(&root.join("buf.work.yaml")) {
        let mut modules = Vec::new();
        let mut version = Version::V1;
        for dir in strings(work.get("directories")) {
            let (v, m) = v1_module(root, &tree::normalize(&dir));
            version = v;
            modules.push(m);
        }
        return Setup {
            workspace: Workspace {
                version,
                root: ".".into(),
                config_file: Some("buf.work.yaml".into()),
                modules,
            },
            policies: Vec::new(),
        };
    }
    let config = yaml(&root.join("buf.yaml"));
    let version = config.as_ref().map(version_of).unwrap_or(Version::V1);
    if version != Version::V2 {
        let (version, module) = v1_module(root, ".");
        return Setup {
            workspace: Workspace {
                version,
                root: ".".into(),
                config_file: config.as_ref().map(|_| "buf.yaml".into()),
                modules: vec![module],
            },
            policies: Vec::new(),
        };
    }
    let config = config.unwrap_or(Value::Null);
    let top_lint = config.get("lint");
    let mut modules = Vec::new();
    let module_values = config
        .get("modules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_else(|| vec![serde_json::json!({"path": "."})]);
    for m in &module_values {
        let dir = tree::normalize(m.get("path").and_then(Value::as_str).unwrap_or("."));
        let lint = m.get("lint").or(top_lint);
        modules.push(Module {
            dir: dir.clone(),
            roots: vec![dir.clone()],
            excludes: strings(m.get("excludes"))
                .iter()
                .map(|p| tree::normalize(p))
                .collect(),
            includes: strings(m.get("includes"))
                .iter()
                .map(|p| tree::normalize(p))
                .collect(),
            name: m.get("name").and_then(Value::as_str).map(String::from),
            lint: lint_config(lint, Version::V2, "."),
            breaking: Default::default(),
        });
    }
    let mut policies = Vec::new();
    for p in config
        .get("policies")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        let Some(file) = p.get("policy").and_then(Value::as_str) else {
            continue;
        };
        let policy = yaml(&root.join(file)).unwrap_or(Value::Null);
        let mut lint = lint_config(policy.get("lint"), Version::V2, ".");
        let overrides = lint_config(Some(&p), Version::V2, ".");
        lint.ignore.extend(overrides.ignore);
        for (k, v) in overrides.ignore_only {
            lint.ignore_only.entry(k).or_default().extend(v);
        }
        for index in 0..modules.len() {
            policies.push((index, Version::V2, lint.clone(), file.to_string()));
        }
    }
    Setup {
        workspace: Workspace {
            version: Version::V2,
            root: ".".into(),
            config_file: Some("buf.yaml".into()),
            modules,
        },
        policies,
    }
}

/// Compiles the workspace at `root`, targeting files below `input` (tree-relative) minus
/// `excludes`, and lints it.
pub fn lint_dir(
    root: &Path,
    input: &str,
    excludes: &[String],
) -> Result<(Compiled, Report), String> {
    let setup = setup(root);
    let tree = FileTree::disk(root);
    let input = tree::normalize(input);
    let excludes: Vec<String> = excludes.iter().map(|e| tree::normalize(e)).collect();
    let is_target = |rel: &str| {
        tree::is_within(rel, &input) && !excludes.iter().any(|e| tree::is_within(rel, e))
    };
    let compiled = compile::compile(&compile::Request {
        tree: &tree,
        workspace: &setup.workspace,
        display_base: ".".into(),
        is_target: &is_target,
    })
    .map_err(|e| e.to_string())?;
    let mut jobs: Vec<Job<'_>> = setup
        .workspace
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| Job {
            module: i,
            version: setup.workspace.version,
            config: &m.lint,
            config_name: "buf.yaml",
        })
        .collect();
    for (module, version, config, name) in &setup.policies {
        jobs.push(Job {
            module: *module,
            version: *version,
            config,
            config_name: name,
        });
    }
    let report = lint::run_jobs(&compiled, &setup.workspace, &jobs).map_err(|e| e.to_string())?;
    Ok((compiled, report))
}

/// `path:line:col:end_line:end_col:RULE:message`, one line per finding.
pub fn golden_lines(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}:{}:{}:{}:{}:{}:{}\n",
            f.path, f.start_line, f.start_column, f.end_line, f.end_column, f.rule, f.message
        ));
    }
    out
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
