//! From the raw files of `file.rs` to the resolved types: one function per file kind
//! ([`module_v1`] for v1beta1/v1 `buf.yaml`, [`workspace_v2`], [`workspace_work`]).
//!
//! Paths are validated as buf does (relative, not leaving the directory they are relative to) and
//! stored tree-relative:
//! - v1 `build.*`, `lint.ignore*`, `breaking.ignore*`: relative to the buf.yaml directory; v1beta1
//!   ignores are relative to each `build.roots` entry (one stored path per root).
//! - v2: everything relative to the buf.yaml directory (the workspace root). Top-level ignores
//!   outside a module are dropped for that module; module-level ones must be inside it.
//! - `buf.work.yaml` `directories:`: relative to its directory.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    file::{self, error_at, BufYaml, Str},
    BreakingConfig, LintConfig, Module, PolicyConfig, Version, Workspace,
    DEFAULT_ENUM_ZERO_VALUE_SUFFIX, DEFAULT_SERVICE_SUFFIX,
};
use crate::{
    error::{Error, Result},
    tree::{is_within, join, normalize, FileTree},
};

/// How a path of a tree is named in messages: the tree's display, normalised for disk trees
/// (`./buf.yaml` → `buf.yaml`).
pub(crate) fn shown(tree: &FileTree, rel: &str) -> String {
    let display = tree.display(rel);
    if tree.disk_root().is_some() {
        normalize(&display)
    } else {
        display
    }
}

/// Normalises a path written in a config file and checks that it stays inside the directory it
/// is relative to. `what` prefixes the message (`invalid module path`, `lint.ignore: invalid path`).
pub(crate) fn clean_path(shown: &str, value: &Str, what: &str) -> Result<String> {
    let raw = value.value.as_str();
    let path = normalize(&raw.replace('\\', "/"));
    let problem = if path.starts_with('/') || raw.get(1..2) == Some(":") {
        "expected to be relative"
    } else if path == ".." || path.starts_with("../") {
        "is outside the context directory"
    } else {
        return Ok(path);
    };
    let message = if what.is_empty() {
        format!("{raw}: {problem}")
    } else {
        format!("{what}: {raw}: {problem}")
    };
    Err(error_at(shown, value, message))
}

/// `path` relative to `base`, for a `path` inside `base` (both tree-relative and normalised).
pub(crate) fn rel_to(path: &str, base: &str) -> String {
    if base == "." {
        path.to_string()
    } else if path == base {
        ".".to_string()
    } else {
        path.strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(path)
            .to_string()
    }
}

/// A module name `registry/owner/name`.
fn module_name(shown: &str, name: Option<&Str>) -> Result<Option<String>> {
    let Some(name) = name.filter(|n| !n.value.is_empty()) else {
        return Ok(None);
    };
    if !is_full_name(&name.value) {
        return Err(error_at(
            shown,
            name,
            format!(
                "could not parse full name {:?}: must be in the form registry/owner/name",
                name.value
            ),
        ));
    }
    Ok(Some(name.value.clone()))
}

fn is_full_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.trim() == *p)
}

/// `deps:` entries: `registry/owner/name[:ref]`.
fn deps(shown: &str, deps: &[Str]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for dep in deps {
        let name = dep.value.split([':', '@']).next().unwrap_or("");
        if !is_full_name(name) {
            return Err(error_at(
                shown,
                dep,
                format!(
                    "invalid dep: could not parse reference {:?}: must be in the form registry/owner/name[:ref]",
                    dep.value
                ),
            ));
        }
        if let Some(seen) = out
            .iter()
            .find(|seen: &&String| seen.split([':', '@']).next() == Some(name))
        {
            return Err(error_at(
                shown,
                dep,
                format!("duplicate full names in input: {seen:?}, {:?}", dep.value),
            ));
        }
        out.push(dep.value.clone());
    }
    Ok(out)
}

/// How the paths of a `lint:`/`breaking:` block are resolved.
struct Paths<'a> {
    shown: &'a str,
    /// Tree-relative directory the paths are written relative to.
    base: &'a str,
    /// Directories below `base` each path is repeated under (v1beta1 roots); `["."]` otherwise.
    roots: &'a [String],
    /// v2: the module directory (relative to `base`) and whether a path outside it is an error
    /// (module-level block) or is dropped (top-level block).
    module: Option<(&'a str, bool)>,
}

impl Paths<'_> {
    fn list(&self, field: &str, paths: &[Str]) -> Result<Vec<String>> {
        let mut out = BTreeSet::new();
        for value in paths {
            let path = clean_path(self.shown, value, &format!("{field}: invalid path"))?;
            if let Some((module, required)) = self.module {
                if !is_within(&path, module) {
                    if required {
                        return Err(error_at(
                            self.shown,
                            value,
                            format!(
                                "{field}: path {path:?} is not contained within module directory {module:?}"
                            ),
                        ));
                    }
                    continue;
                }
            }
            for root in self.roots {
                out.insert(join(self.base, &join(root, &path)));
            }
        }
        Ok(out.into_iter().collect())
    }

    fn map(
        &self,
        field: &str,
        map: &BTreeMap<String, Vec<Str>>,
    ) -> Result<BTreeMap<String, Vec<String>>> {
        let mut out = BTreeMap::new();
        for (rule, paths) in map {
            let paths = self.list(field, paths)?;
            if !paths.is_empty() {
                out.insert(rule.clone(), paths);
            }
        }
        Ok(out)
    }
}

fn or_default(value: &str, default: &str) -> String {
    if value.is_empty() {
        default.to_string()
    } else {
        value.to_string()
    }
}

fn lint_v1(paths: &Paths, raw: &file::LintV1) -> Result<LintConfig> {
    Ok(LintConfig {
        use_: raw.use_.clone(),
        except: raw.except.clone(),
        ignore: paths.list("lint.ignore", &raw.ignore)?,
        ignore_only: paths.map("lint.ignore_only", &raw.ignore_only)?,
        enum_zero_value_suffix: or_default(
            &raw.enum_zero_value_suffix,
            DEFAULT_ENUM_ZERO_VALUE_SUFFIX,
        ),
        service_suffix: or_default(&raw.service_suffix, DEFAULT_SERVICE_SUFFIX),
        rpc_allow_same_request_response: raw.rpc_allow_same_request_response,
        rpc_allow_google_protobuf_empty_requests: raw.rpc_allow_google_protobuf_empty_requests,
        rpc_allow_google_protobuf_empty_responses: raw.rpc_allow_google_protobuf_empty_responses,
        allow_comment_ignores: raw.allow_comment_ignores,
        disable_builtin: raw.disable_builtin,
    })
}

fn lint_v2(paths: &Paths, raw: &file::LintV2) -> Result<LintConfig> {
    Ok(LintConfig {
        use_: raw.use_.clone(),
        except: raw.except.clone(),
        ignore: paths.list("lint.ignore", &raw.ignore)?,
        ignore_only: paths.map("lint.ignore_only", &raw.ignore_only)?,
        enum_zero_value_suffix: or_default(
            &raw.enum_zero_value_suffix,
            DEFAULT_ENUM_ZERO_VALUE_SUFFIX,
        ),
        service_suffix: or_default(&raw.service_suffix, DEFAULT_SERVICE_SUFFIX),
        rpc_allow_same_request_response: raw.rpc_allow_same_request_response,
        rpc_allow_google_protobuf_empty_requests: raw.rpc_allow_google_protobuf_empty_requests,
        rpc_allow_google_protobuf_empty_responses: raw.rpc_allow_google_protobuf_empty_responses,
        allow_comment_ignores: !raw.disallow_comment_ignores,
        disable_builtin: raw.disable_builtin,
    })
}

fn breaking(paths: &Paths, raw: &file::Breaking) -> Result<BreakingConfig> {
    Ok(BreakingConfig {
        use_: raw.use_.clone(),
        except: raw.except.clone(),
        ignore: paths.list("breaking.ignore", &raw.ignore)?,
        ignore_only: paths.map("breaking.ignore_only", &raw.ignore_only)?,
        ignore_unstable_packages: raw.ignore_unstable_packages,
        disable_builtin: raw.disable_builtin,
    })
}

/// Validates a list of directories: each clean, no duplicates, none inside another. `what`
/// names them in messages (`root`, `exclude`).
fn distinct_dirs(shown: &str, values: &[Str], what: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let path = clean_path(shown, value, "")?;
        for seen in &out {
            let message = if *seen == path {
                format!("duplicate {what} {path:?}")
            } else if is_within(&path, seen) {
                format!("{what} {path:?} is within {what} {seen:?} which is not allowed")
            } else if is_within(seen, &path) {
                format!("{what} {seen:?} is within {what} {path:?} which is not allowed")
            } else {
                continue;
            };
            return Err(error_at(shown, value, message));
        }
        out.push(path);
    }
    Ok(out)
}

/// A v1beta1 or v1 `buf.yaml` (or none: buf's v1 defaults) for the module at tree-relative `dir`.
/// `shown` names the file in errors. Returns the module (not yet targeted) and its `deps:`.
pub(crate) fn module_v1(
    shown: &str,
    dir: &str,
    file: Option<&BufYaml>,
) -> Result<(Module, Vec<String>)> {
    let default_lint = file::LintV1::default();
    let default_breaking = file::Breaking::default();
    let (version, name, raw_deps, raw_roots, raw_excludes, lint, breaking_raw) = match file {
        None => (
            Version::V1,
            None,
            &[][..],
            &[][..],
            &[][..],
            &default_lint,
            &default_breaking,
        ),
        Some(BufYaml::V1Beta1(f)) => (
            Version::V1Beta1,
            f.name.as_ref(),
            &f.deps[..],
            &f.build.roots[..],
            &f.build.excludes[..],
            &f.lint,
            &f.breaking,
        ),
        Some(BufYaml::V1(f)) => (
            Version::V1,
            f.name.as_ref(),
            &f.deps[..],
            &[][..],
            &f.build.excludes[..],
            &f.lint,
            &f.breaking,
        ),
        Some(BufYaml::V2(f)) => {
            let (line, column) = f.version.as_ref().map(file::at).unwrap_or((1, 1));
            return Err(Error::config(
                shown,
                line,
                column,
                format!("buf.yaml at {dir} did not have version v1beta1 or v1"),
            ));
        }
    };
    let name = module_name(shown, name)?;
    let deps = deps(shown, raw_deps)?;
    let roots = if raw_roots.is_empty() {
        vec![".".to_string()]
    } else {
        distinct_dirs(shown, raw_roots, "root")?
    };
    let excludes = distinct_dirs(shown, raw_excludes, "exclude")?;
    for (value, exclude) in raw_excludes.iter().zip(&excludes) {
        let message = if exclude.ends_with(".proto") {
            format!("excludes can only be directories but file {exclude} discovered")
        } else if roots.contains(exclude) {
            format!("{exclude:?} is both a root and exclude, which means the entire root is excluded, which is not valid")
        } else if !roots.iter().any(|root| is_within(exclude, root)) {
            format!("exclude {exclude:?} is not contained in any root, which is not valid")
        } else {
            continue;
        };
        return Err(error_at(shown, value, message));
    }
    let paths = Paths {
        shown,
        base: dir,
        roots: &roots,
        module: None,
    };
    let module = Module {
        dir: dir.to_string(),
        roots: roots.iter().map(|r| join(dir, r)).collect(),
        excludes: excludes.iter().map(|e| join(dir, e)).collect(),
        includes: Vec::new(),
        name,
        lint: lint_v1(&paths, lint)?,
        breaking: breaking(&paths, breaking_raw)?,
        version,
        target: false,
    };
    Ok((module, deps))
}

/// A v2 `buf.yaml` whose directory is the tree-relative `root`. `config_file` is its
/// tree-relative path (`None` for `--config` content); policy files are read from `tree`,
/// relative to `root`.
pub(crate) fn workspace_v2(
    tree: &FileTree,
    root: &str,
    shown: &str,
    config_file: Option<String>,
    raw: &file::BufYamlV2,
) -> Result<Workspace> {
    struct View<'a> {
        path: Option<&'a Str>,
        name: Option<&'a Str>,
        includes: &'a [Str],
        excludes: &'a [Str],
        lint: Option<&'a file::LintV2>,
        breaking: Option<&'a file::Breaking>,
    }
    let views: Vec<View> = if raw.modules.is_empty() {
        vec![View {
            path: None,
            name: raw.name.as_ref(),
            includes: &[],
            excludes: &[],
            lint: None,
            breaking: None,
        }]
    } else {
        if let Some(name) = &raw.name {
            return Err(error_at(
                shown,
                name,
                "top-level name key cannot be specified if modules are specified, you must specify the name on each individual module, the top-level name key is only for the default case where you have one module at path \".\"",
            ));
        }
        raw.modules
            .iter()
            .map(|m| View {
                path: m.path.as_ref(),
                name: m.name.as_ref(),
                includes: &m.includes,
                excludes: &m.excludes,
                lint: Some(&m.lint).filter(|l| !l.is_empty()),
                breaking: Some(&m.breaking).filter(|b| !b.is_empty()),
            })
            .collect()
    };

    let mut modules = Vec::new();
    let mut descriptions = BTreeSet::new();
    let mut names = BTreeSet::new();
    for view in views {
        let path = match view.path {
            Some(value) => clean_path(shown, value, "invalid module path")?,
            None => ".".to_string(),
        };
        let at = |message: String| match view.path {
            Some(value) => error_at(shown, value, message),
            None => Error::config(shown, 1, 1, message),
        };
        let name = module_name(shown, view.name)?;
        if let (Some(name), Some(value)) = (&name, view.name) {
            if !names.insert(name.clone()) {
                return Err(error_at(
                    shown,
                    value,
                    format!("duplicate full names in input: {name:?}, {name:?}"),
                ));
            }
        }
        let excludes = sub_dirs(shown, &path, view.excludes, "exclude")?;
        let includes = sub_dirs(shown, &path, view.includes, "include")?;
        for (value, include) in view.includes.iter().zip(&includes) {
            let message = if excludes.contains(include) {
                format!("{include:?} is both an include path and an exclude path")
            } else if let Some(exclude) = excludes.iter().find(|e| is_within(include, e)) {
                format!("{include:?} (an include path) is a subdirectory of {exclude:?} (an exclude path)")
            } else {
                continue;
            };
            return Err(error_at(shown, value, message));
        }
        let mut description = format!("path: {path:?}");
        for (label, list) in [("includes", &includes), ("excludes", &excludes)] {
            if !list.is_empty() {
                let mut sorted = list.clone();
                sorted.sort();
                description.push_str(&format!(", {label}: {:?}", sorted.join(", ")));
            }
        }
        if !descriptions.insert(description.clone()) {
            return Err(at(format!(
                "multiple module configs found with the same description: {description}"
            )));
        }

        let lint_paths = Paths {
            shown,
            base: root,
            roots: &[".".to_string()],
            module: Some((&path, view.lint.is_some())),
        };
        let breaking_paths = Paths {
            module: Some((&path, view.breaking.is_some())),
            ..lint_paths
        };
        let lint = lint_v2(&lint_paths, view.lint.unwrap_or(&raw.lint))?;
        let breaking = breaking(&breaking_paths, view.breaking.unwrap_or(&raw.breaking))?;
        let dir = join(root, &path);
        modules.push(Module {
            roots: vec![dir.clone()],
            dir,
            excludes: excludes.iter().map(|e| join(root, e)).collect(),
            includes: includes.iter().map(|i| join(root, i)).collect(),
            name,
            lint,
            breaking,
            version: Version::V2,
            target: false,
        });
    }

    let mut policies: Vec<PolicyConfig> = Vec::new();
    for entry in &raw.policies {
        if policies.iter().any(|p| p.name == entry.policy.value) {
            return Err(error_at(
                shown,
                &entry.policy,
                format!("duplicate policy {:?}", entry.policy.value),
            ));
        }
        policies.push(policy(tree, root, shown, entry)?);
    }
    let mut deps = deps(shown, &raw.deps)?;
    deps.sort();
    deps.dedup();
    Ok(Workspace {
        version: Version::V2,
        root: root.to_string(),
        config_file,
        modules,
        policies,
        plugins: raw
            .plugins
            .iter()
            .map(|p| p.plugin.name().to_string())
            .collect(),
        deps,
    })
}

/// v2 `includes`/`excludes` of the module at `module` (both relative to the buf.yaml directory).
fn sub_dirs(shown: &str, module: &str, values: &[Str], what: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let path = clean_path(shown, value, &format!("invalid {what} path"))?;
        let message = if path == module {
            format!("{what} path {path:?} is equal to module directory {module:?}")
        } else if !is_within(&path, module) {
            format!("{what} path {path:?} does not reside within module directory {module:?}")
        } else if path.ends_with(".proto") {
            format!(
                "{what}s can only be directories but file {:?} discovered",
                rel_to(&path, module)
            )
        } else if let Some(seen) = out
            .iter()
            .find(|seen| is_within(&path, seen) || is_within(seen, &path))
        {
            if *seen == path {
                format!("duplicate {what} {path:?}")
            } else if is_within(&path, seen) {
                format!("{what} {path:?} is within {what} {seen:?} which is not allowed")
            } else {
                format!("{what} {seen:?} is within {what} {path:?} which is not allowed")
            }
        } else {
            out.push(path);
            continue;
        };
        return Err(error_at(shown, value, message));
    }
    Ok(out)
}

/// One `policies:` entry: reads the policy file (relative to the workspace root) and applies the
/// entry's ignores to it.
fn policy(
    tree: &FileTree,
    root: &str,
    shown_yaml: &str,
    entry: &file::PolicyRefV2,
) -> Result<PolicyConfig> {
    let rel = clean_path(shown_yaml, &entry.policy, "invalid policy path")?;
    let file_rel = join(root, &rel);
    let shown_policy = shown(tree, &file_rel);
    let Some(bytes) = tree.read(&file_rel)? else {
        return Err(error_at(
            shown_yaml,
            &entry.policy,
            format!(
                "could not read local policy config {:?}: {shown_policy} does not exist",
                entry.policy.value
            ),
        ));
    };
    let raw = file::parse_policy_file(&bytes, &shown_policy)?;
    let paths = Paths {
        shown: shown_yaml,
        base: root,
        roots: &[".".to_string()],
        module: None,
    };
    let ignore = paths.list("ignore", &entry.ignore)?;
    let ignore_only = paths.map("ignore_only", &entry.ignore_only)?;
    let l = &raw.lint;
    let b = &raw.breaking;
    Ok(PolicyConfig {
        name: entry.policy.value.clone(),
        file: file_rel,
        lint: LintConfig {
            use_: l.use_.clone(),
            except: l.except.clone(),
            ignore: ignore.clone(),
            ignore_only: ignore_only.clone(),
            enum_zero_value_suffix: or_default(
                &l.enum_zero_value_suffix,
                DEFAULT_ENUM_ZERO_VALUE_SUFFIX,
            ),
            service_suffix: or_default(&l.service_suffix, DEFAULT_SERVICE_SUFFIX),
            rpc_allow_same_request_response: l.rpc_allow_same_request_response,
            rpc_allow_google_protobuf_empty_requests: l.rpc_allow_google_protobuf_empty_requests,
            rpc_allow_google_protobuf_empty_responses: l.rpc_allow_google_protobuf_empty_responses,
            allow_comment_ignores: false,
            disable_builtin: l.disable_builtin,
        },
        breaking: BreakingConfig {
            use_: b.use_.clone(),
            except: b.except.clone(),
            ignore,
            ignore_only,
            ignore_unstable_packages: b.ignore_unstable_packages,
            disable_builtin: b.disable_builtin,
        },
    })
}

/// A `buf.work.yaml` at tree-relative `root`: one module per directory, each configured by its
/// own v1beta1/v1 `buf.yaml` (or buf's defaults).
pub(crate) fn workspace_work(
    tree: &FileTree,
    root: &str,
    shown_work: &str,
    config_file: String,
    raw: &file::BufWorkYaml,
) -> Result<Workspace> {
    if raw.directories.is_empty() {
        let (line, column) = raw.version.as_ref().map(file::at).unwrap_or((1, 1));
        return Err(Error::config(
            shown_work,
            line,
            column,
            "directories is empty",
        ));
    }
    let mut dirs: Vec<String> = Vec::new();
    for value in &raw.directories {
        let dir = clean_path(
            shown_work,
            value,
            &format!("directory {:?} is invalid", value.value),
        )?;
        let message = if dir == "." {
            "directory \".\" is listed, it is not valid to have \".\" as a workspace directory, as this is no different than not having a workspace at all".to_string()
        } else if let Some(seen) = dirs
            .iter()
            .find(|seen| is_within(&dir, seen) || is_within(seen, &dir))
        {
            if *seen == dir {
                format!("directory {dir:?} is listed more than once")
            } else if is_within(&dir, seen) {
                format!("directory {seen:?} contains directory {dir:?}")
            } else {
                format!("directory {dir:?} contains directory {seen:?}")
            }
        } else {
            dirs.push(dir);
            continue;
        };
        return Err(error_at(shown_work, value, message));
    }
    let mut modules = Vec::new();
    let mut all_deps = BTreeSet::new();
    for dir in &dirs {
        let dir = join(root, dir);
        let (module, deps) = match read_buf_yaml(tree, &dir)? {
            Some(found) => module_v1(&found.shown, &dir, Some(&found.file))?,
            None => module_v1("", &dir, None)?,
        };
        all_deps.extend(deps);
        modules.push(module);
    }
    Ok(Workspace {
        version: Version::V1,
        root: root.to_string(),
        config_file: Some(config_file),
        modules,
        policies: Vec::new(),
        plugins: Vec::new(),
        deps: all_deps.into_iter().collect(),
    })
}

/// A `buf.yaml` (or legacy `buf.mod`) found in a directory of a tree.
pub(crate) struct FoundBufYaml {
    /// Tree-relative path.
    pub rel: String,
    /// As shown in messages.
    pub shown: String,
    pub file: BufYaml,
}

/// Reads and decodes `dir/buf.yaml`, or else `dir/buf.mod` (v1beta1/v1 only), if present.
pub(crate) fn read_buf_yaml(tree: &FileTree, dir: &str) -> Result<Option<FoundBufYaml>> {
    for name in ["buf.yaml", "buf.mod"] {
        let rel = join(dir, name);
        let Some(bytes) = tree.read(&rel)? else {
            continue;
        };
        let shown = shown(tree, &rel);
        let file = file::parse_buf_yaml(&bytes, &shown)?;
        if let (BufYaml::V2(v2), "buf.mod") = (&file, name) {
            let (line, column) = v2.version.as_ref().map(file::at).unwrap_or((1, 1));
            return Err(Error::config(
                &shown,
                line,
                column,
                "v2 is not supported for buf.mod files",
            ));
        }
        return Ok(Some(FoundBufYaml { rel, shown, file }));
    }
    Ok(None)
}

/// Reads and decodes `dir/buf.work.yaml` if present: `(tree-relative path, shown, file)`.
pub(crate) fn read_buf_work_yaml(
    tree: &FileTree,
    dir: &str,
) -> Result<Option<(String, String, file::BufWorkYaml)>> {
    let rel = join(dir, "buf.work.yaml");
    let Some(bytes) = tree.read(&rel)? else {
        return Ok(None);
    };
    let shown = shown(tree, &rel);
    let file = file::parse_buf_work_yaml(&bytes, &shown)?;
    Ok(Some((rel, shown, file)))
}
