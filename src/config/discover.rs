//! Which configuration governs a directory input, found the way buf 1.75 finds it.
//!
//! buf does this in two steps, and so do we:
//!
//! 1. **Controlling workspace** ([`find_root_upwards`] on disk, then [`discover`] within the tree):
//!    from the input directory up to the filesystem root, the first directory holding either
//!    - a v2 `buf.yaml` that is in the input directory itself, or has a module whose path
//!      contains the input or lies inside it (a v2 `buf.yaml` without `modules:` has the module
//!      `.`, so it controls everything below it), or
//!    - a `buf.work.yaml` that is in the input directory itself, or lists a directory containing
//!      the input.
//!
//!    Every `buf.yaml`/`buf.work.yaml` met on the way is decoded, so a broken one is an error
//!    even if it does not control the input. Both files in one directory is an error.
//! 2. **Fallback** when there is none: the file tree is rooted at the current directory (input
//!    inside it, given relative) or else at the input directory, and the v1 `buf.yaml` files from
//!    the input up to that root are looked at. None: one module at the input, configured by its
//!    own (v1beta1) `buf.yaml` if any, else buf's v1 defaults. One at the input: that module.
//!    One above the input: an error (the input is inside a module). Two: an error (nested).
//!
//! Once a workspace is found, the input selects its targets: the workspace root selects every
//! module; otherwise the modules at or below the input. An input strictly inside a module is an
//! error, as in buf ("… you must provide the workspace or module as the input …").

use std::path::{Component, Path, PathBuf};

use super::{
    file::{self, BufYaml},
    resolve::{
        clean_path, module_v1, read_buf_work_yaml, read_buf_yaml, rel_to, shown, workspace_v2,
        workspace_work,
    },
    Workspace,
};
use crate::{
    error::{Error, ErrorKind, Result},
    tree::{is_within, normalize, path_to_key, FileTree},
};

/// Where to root the [`FileTree`] for a directory input on disk, and the input within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRoot {
    /// The directory to root the tree at: the controlling workspace's directory if there is one,
    /// else the current directory (input given relative and inside it) or the input itself.
    /// Relative to the current directory when the input was given relative (so that messages
    /// name files as the user sees them), absolute otherwise.
    pub root: PathBuf,
    /// The input directory relative to `root`, as a tree key (`.` when it is the root). Pass it
    /// to [`discover`].
    pub target_dir: String,
}

/// Step 1 on disk: walks from `input_dir` up to the filesystem root looking for the controlling
/// workspace (see the module docs) and says where to root the tree.
///
/// `cwd` must be the process's current directory (absolute); `input_dir` is the directory as
/// the user gave it, relative to `cwd` or absolute. Paths are handled lexically (`a/../b` is
/// `b`); symbolic links are not resolved.
pub fn find_root_upwards(input_dir: &Path, cwd: &Path) -> Result<InputRoot> {
    let cwd = lexical_absolute(Path::new("/"), cwd);
    let input = lexical_absolute(&cwd, input_dir);
    let relative = input_dir.is_relative();
    let shown_root = |dir: &Path| {
        if relative {
            relative_path(&cwd, dir)
        } else {
            dir.to_path_buf()
        }
    };
    for dir in input.ancestors() {
        let tree = FileTree::disk(dir);
        let target = key_below(&input, dir);
        let found = controlling_at(&tree, ".", &target).map_err(|err| {
            if relative {
                relativize(err, &cwd)
            } else {
                err
            }
        })?;
        if found.is_some() {
            return Ok(InputRoot {
                root: shown_root(dir),
                target_dir: target,
            });
        }
    }
    if relative && input.starts_with(&cwd) {
        Ok(InputRoot {
            root: PathBuf::from("."),
            target_dir: key_below(&input, &cwd),
        })
    } else {
        Ok(InputRoot {
            root: shown_root(&input),
            target_dir: ".".to_string(),
        })
    }
}

/// The workspace governing the tree-relative directory `target_dir` (step 1 within the tree,
/// then step 2; see the module docs), with the modules the input selects marked
/// [`Module::target`](super::Module::target).
///
/// The caller roots the tree: for a directory on disk, where [`find_root_upwards`] says; for a
/// git tree or an archive, at its root (buf searches such inputs the same way, within them).
pub fn discover(tree: &FileTree, target_dir: &str) -> Result<Workspace> {
    discover_with(tree, target_dir, None)
}

/// [`discover`], with `--config` content replacing the files on disk when given:
/// a v1beta1/v1 configuration configures one module at `target_dir`; a v2 one is the
/// workspace at the tree root, from which the input selects modules as usual.
pub fn discover_with(
    tree: &FileTree,
    target_dir: &str,
    config: Option<&ConfigOverride>,
) -> Result<Workspace> {
    discover_inner(tree, target_dir, config, Inside::Error)
}

/// Like [`discover_with`] for a single-file input: `file_dir` is the file's directory, and when
/// it lies inside a module that module is selected (buf lints a file anywhere in a module),
/// where a directory input inside a module is an error.
pub fn discover_for_file(
    tree: &FileTree,
    file_dir: &str,
    config: Option<&ConfigOverride>,
) -> Result<Workspace> {
    discover_inner(tree, file_dir, config, Inside::SelectModule)
}

/// What an input inside a module means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inside {
    Error,
    SelectModule,
}

fn discover_inner(
    tree: &FileTree,
    target_dir: &str,
    config: Option<&ConfigOverride>,
    inside: Inside,
) -> Result<Workspace> {
    let target = normalize(target_dir);
    if target == ".." || target.starts_with("../") || target.starts_with('/') {
        return Err(Error::input(target_dir, "is outside the input tree"));
    }
    if let Some(config) = config {
        return match &config.file {
            BufYaml::V2(raw) => {
                let workspace = workspace_v2(tree, ".", &config.label, None, raw)?;
                select(workspace, &target, inside)
            }
            v1 => {
                let (module, deps) = module_v1(&config.label, &target, Some(v1))?;
                Ok(single_module(module, deps, None))
            }
        };
    }
    for dir in ancestors(&target) {
        match controlling_at(tree, &dir, &target)? {
            Some(Controller::V2 { rel, shown, file }) => {
                let workspace = workspace_v2(tree, &dir, &shown, Some(rel), &file)?;
                return select(workspace, &target, inside);
            }
            Some(Controller::Work { rel, shown, file }) => {
                let workspace = workspace_work(tree, &dir, &shown, rel, &file)?;
                return select(workspace, &target, inside);
            }
            None => {}
        }
    }
    fallback(tree, &target, inside)
}

/// `--config` content, decoded: see [`from_config_flag`] and [`discover_with`].
#[derive(Debug)]
pub struct ConfigOverride {
    /// How errors name it: the path as given, or `--config` for inline content.
    label: String,
    file: BufYaml,
}

impl ConfigOverride {
    /// The file version of the override.
    pub fn version(&self) -> super::Version {
        self.file.version().into()
    }
}

/// Decodes the value of `--config`. As in buf, a value ending in `.yaml`, `.yml` or `.json` is
/// a file path (relative to `cwd`), anything else is the configuration itself (YAML or JSON).
pub fn from_config_flag(value: &str, cwd: &Path) -> Result<ConfigOverride> {
    let is_path = Path::new(value)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
    if is_path {
        let path = cwd.join(value);
        let bytes = std::fs::read(&path).map_err(|err| Error::io(value, err))?;
        let file = file::parse_buf_yaml(&bytes, value)?;
        Ok(ConfigOverride {
            label: value.to_string(),
            file,
        })
    } else {
        let label = "--config".to_string();
        let file = file::parse_buf_yaml(value.as_bytes(), &label)?;
        Ok(ConfigOverride { label, file })
    }
}

/// A controlling workspace file.
enum Controller {
    V2 {
        rel: String,
        shown: String,
        file: Box<file::BufYamlV2>,
    },
    Work {
        rel: String,
        shown: String,
        file: file::BufWorkYaml,
    },
}

/// Whether `dir` holds a workspace file controlling `target` (both tree-relative, `target`
/// inside `dir`).
fn controlling_at(tree: &FileTree, dir: &str, target: &str) -> Result<Option<Controller>> {
    let work = read_buf_work_yaml(tree, dir)?;
    let yaml = read_buf_yaml(tree, dir)?;
    if let (Some(_), Some(yaml)) = (&work, &yaml) {
        return Err(Error::config(
            &yaml.shown,
            1,
            1,
            format!(
                "cannot have a buf.work.yaml and buf.yaml in the same directory {:?}",
                shown(tree, dir)
            ),
        ));
    }
    let input = rel_to(target, dir);
    if let Some(found) = yaml {
        if let BufYaml::V2(file) = found.file {
            let mut controls = dir == target || file.modules.is_empty();
            for module in &file.modules {
                let path = match &module.path {
                    Some(value) => clean_path(&found.shown, value, "invalid module path")?,
                    None => ".".to_string(),
                };
                controls |= is_within(&input, &path) || is_within(&path, &input);
            }
            if controls {
                return Ok(Some(Controller::V2 {
                    rel: found.rel,
                    shown: found.shown,
                    file: Box::new(file),
                }));
            }
        }
    }
    if let Some((rel, shown, file)) = work {
        let mut controls = dir == target;
        for value in &file.directories {
            let path = clean_path(
                &shown,
                value,
                &format!("directory {:?} is invalid", value.value),
            )?;
            controls |= is_within(&input, &path);
        }
        if controls {
            return Ok(Some(Controller::Work { rel, shown, file }));
        }
    }
    Ok(None)
}

/// Step 2: no controlling workspace within the tree.
fn fallback(tree: &FileTree, target: &str, inside: Inside) -> Result<Workspace> {
    let mut found: Option<String> = None;
    for dir in ancestors(target) {
        let Some(yaml) = read_buf_yaml(tree, &dir)? else {
            continue;
        };
        if yaml.file.version() != file::FileVersion::V1 {
            continue;
        }
        if let Some(inner) = &found {
            return Err(Error::config(
                &yaml.shown,
                1,
                1,
                format!("nested modules {inner:?} and {dir:?} are not allowed"),
            ));
        }
        found = Some(dir);
    }
    let mut module_dir = target.to_string();
    if let Some(dir) = found.filter(|dir| dir != target) {
        if inside == Inside::Error {
            return Err(contained(target, &dir));
        }
        // A single file inside a v1 module: that module, with its configuration.
        module_dir = dir;
    }
    let target = module_dir.as_str();
    match read_buf_yaml(tree, target)? {
        Some(yaml) => {
            let (module, deps) = module_v1(&yaml.shown, target, Some(&yaml.file))?;
            Ok(single_module(module, deps, Some(yaml.rel)))
        }
        None => {
            let (module, deps) = module_v1("", target, None)?;
            Ok(single_module(module, deps, None))
        }
    }
}

fn single_module(
    mut module: super::Module,
    deps: Vec<String>,
    config_file: Option<String>,
) -> Workspace {
    module.target = true;
    let mut deps = deps;
    deps.sort();
    deps.dedup();
    Workspace {
        version: module.version,
        root: module.dir.clone(),
        config_file,
        modules: vec![module],
        policies: Vec::new(),
        plugins: Vec::new(),
        deps,
    }
}

/// Marks the modules the input selects. An input inside a module selects it with
/// [`Inside::SelectModule`] and is an error otherwise; an input selecting nothing is an error.
fn select(mut workspace: Workspace, target: &str, inside: Inside) -> Result<Workspace> {
    let all = target == workspace.root;
    for module in &mut workspace.modules {
        module.target = all || is_within(&module.dir, target);
    }
    if workspace.modules.iter().any(|m| m.target) {
        return Ok(workspace);
    }
    let root = workspace.root.clone();
    let input = rel_to(target, &root);
    // The innermost module containing the input (v2 modules may nest).
    let containing = workspace
        .modules
        .iter()
        .enumerate()
        .filter(|(_, m)| is_within(target, &m.dir))
        .max_by_key(|(_, m)| m.dir.len())
        .map(|(i, _)| i);
    if let Some(index) = containing {
        if inside == Inside::SelectModule {
            workspace.modules[index].target = true;
            return Ok(workspace);
        }
        let module = &workspace.modules[index];
        return Err(contained(&input, &rel_to(&module.dir, &root)));
    }
    let dirs: Vec<String> = workspace
        .modules
        .iter()
        .map(|m| rel_to(&m.dir, &root))
        .collect();
    Err(Error::other(format!(
        "input {input:?} did not contain modules found in workspace [{}]",
        dirs.join(" ")
    )))
}

fn contained(input: &str, module: &str) -> Error {
    Error::other(format!(
        "failed to build input {input:?} because it is contained by module at path {module:?} specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path"
    ))
}

/// `dir`, its parent, …, `.`.
fn ancestors(dir: &str) -> Vec<String> {
    let mut out = vec![dir.to_string()];
    let mut current = dir;
    while current != "." {
        current = match current.rfind('/') {
            Some(i) => &current[..i],
            None => ".",
        };
        out.push(current.to_string());
    }
    out
}

/// `path` made absolute against `base` and normalised lexically.
fn lexical_absolute(base: &Path, path: &Path) -> PathBuf {
    let joined = base.join(path);
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(
                    out.components().next_back(),
                    None | Some(Component::RootDir | Component::Prefix(_))
                ) {
                    out.pop();
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` (below `dir`) as a tree key relative to `dir`.
fn key_below(path: &Path, dir: &Path) -> String {
    let key = path_to_key(path.strip_prefix(dir).unwrap_or(Path::new("")));
    if key.is_empty() {
        ".".to_string()
    } else {
        key
    }
}

/// The relative path from directory `from` to `to` (both absolute and normalised).
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in &to[common..] {
        out.push(component);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// Config errors from the walk over absolute directories name files relative to `cwd`.
fn relativize(err: Error, cwd: &Path) -> Error {
    let rewritten = match err.kind() {
        ErrorKind::Config {
            path,
            line,
            column,
            message,
        } if Path::new(path).is_absolute() => Some(Error::config(
            relative_path(cwd, Path::new(path)).display().to_string(),
            *line,
            *column,
            message.clone(),
        )),
        _ => None,
    };
    rewritten.unwrap_or(err)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::config::{LintConfig, Module, Version};

    fn tree(files: &[(&str, &str)]) -> FileTree {
        let files: BTreeMap<String, Vec<u8>> = files
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect();
        FileTree::memory("mem", files)
    }

    /// `(path, line, column, message)` of a config error, or the message of another error.
    fn err(result: Result<Workspace>) -> (String, usize, usize, String) {
        let err = result.expect_err("expected an error");
        match err.kind() {
            ErrorKind::Config {
                path,
                line,
                column,
                message,
            } => (path.clone(), *line, *column, message.clone()),
            other => (String::new(), 0, 0, other.to_string()),
        }
    }

    fn module<'a>(ws: &'a Workspace, dir: &str) -> &'a Module {
        ws.modules
            .iter()
            .find(|m| m.dir == dir)
            .unwrap_or_else(|| panic!("no module {dir} in {ws:#?}"))
    }

    fn targets(ws: &Workspace) -> Vec<&str> {
        ws.targets().map(|m| m.dir.as_str()).collect()
    }

    const V2_IGNORES: &str = "version: v2
modules:
  - path: ignores1
    lint:
      use: [ENUM_PASCAL_CASE]
  - path: ignores2
    lint:
      use: [ENUM_PASCAL_CASE]
      ignore:
        - ignores2/bar2/bar2.proto
        - ignores2/foo2
  - path: ignores3
    lint:
      ignore_only:
        BASIC: [ignores3/foo3/bar]
        ENUM_PASCAL_CASE: [ignores3/bar3/bar.proto, ignores3/foo3/bar]
";

    #[test]
    fn no_config_is_one_v1_module_with_defaults() {
        for target in [".", "a/b"] {
            let ws = discover(&tree(&[("a/b/x.proto", "")]), target).unwrap();
            assert_eq!(ws.version, Version::V1);
            assert_eq!(ws.root, target);
            assert_eq!(ws.config_file, None);
            assert_eq!(targets(&ws), [target]);
            let m = &ws.modules[0];
            assert_eq!(m.roots, [target]);
            assert_eq!(m.lint, LintConfig::defaults(Version::V1));
            assert_eq!(m.lint.enum_zero_value_suffix, "_UNSPECIFIED");
            assert_eq!(m.lint.service_suffix, "Service");
            assert!(!m.lint.allow_comment_ignores);
            assert_eq!(m.breaking, Default::default());
        }
    }

    #[test]
    fn v1_paths_are_joined_with_the_module_dir() {
        let yaml = "version: v1
name: buf.build/acme/weather
deps: [buf.build/googleapis/googleapis]
build:
  excludes: [vendor]
lint:
  use: [STANDARD]
  except: [PACKAGE_VERSION_SUFFIX]
  ignore: [foo, ./bar/../baz.proto]
  ignore_only:
    ENUM_PASCAL_CASE: [foo/a.proto]
    EMPTY: []
  enum_zero_value_suffix: _NONE
  service_suffix: API
  rpc_allow_same_request_response: true
  allow_comment_ignores: true
breaking:
  use: [WIRE]
  ignore: [old]
  ignore_only:
    FIELD_SAME_NAME: [x]
  ignore_unstable_packages: true
";
        for (dir, file) in [(".", "buf.yaml"), ("sub", "sub/buf.yaml")] {
            let ws = discover(&tree(&[(file, yaml)]), dir).unwrap();
            let at = |p: &str| crate::tree::join(dir, p);
            assert_eq!(ws.config_file.as_deref(), Some(file));
            assert_eq!(ws.deps, ["buf.build/googleapis/googleapis"]);
            let m = &ws.modules[0];
            assert!(m.target);
            assert_eq!(m.version, Version::V1);
            assert_eq!(m.name.as_deref(), Some("buf.build/acme/weather"));
            assert_eq!(m.roots, [dir]);
            assert_eq!(m.excludes, [at("vendor")]);
            assert_eq!(m.lint.use_, ["STANDARD"]);
            assert_eq!(m.lint.except, ["PACKAGE_VERSION_SUFFIX"]);
            assert_eq!(m.lint.ignore, [at("baz.proto"), at("foo")]);
            assert_eq!(
                m.lint.ignore_only,
                BTreeMap::from([("ENUM_PASCAL_CASE".to_string(), vec![at("foo/a.proto")])])
            );
            assert_eq!(m.lint.enum_zero_value_suffix, "_NONE");
            assert_eq!(m.lint.service_suffix, "API");
            assert!(m.lint.rpc_allow_same_request_response);
            assert!(m.lint.allow_comment_ignores);
            assert_eq!(m.breaking.use_, ["WIRE"]);
            assert_eq!(m.breaking.ignore, [at("old")]);
            assert_eq!(m.breaking.ignore_only["FIELD_SAME_NAME"], [at("x")]);
            assert!(m.breaking.ignore_unstable_packages);
        }
    }

    #[test]
    fn v1beta1_roots_and_root_relative_ignores() {
        let yaml = "version: v1beta1
build:
  roots: [proto, vendor]
  excludes: [vendor/bar]
lint:
  ignore: [foo]
";
        let ws = discover(&tree(&[("m/buf.yaml", yaml)]), "m").unwrap();
        let m = &ws.modules[0];
        assert_eq!(m.version, Version::V1Beta1);
        assert_eq!(ws.version, Version::V1Beta1);
        assert_eq!(m.dir, "m");
        assert_eq!(m.roots, ["m/proto", "m/vendor"]);
        assert_eq!(m.excludes, ["m/vendor/bar"]);
        assert_eq!(m.lint.ignore, ["m/proto/foo", "m/vendor/foo"]);
        assert!(!m.lint.allow_comment_ignores);
    }

    #[test]
    fn v2_modules_and_targets() {
        let t = tree(&[("buf.yaml", V2_IGNORES)]);
        let ws = discover(&t, ".").unwrap();
        assert_eq!(ws.version, Version::V2);
        assert_eq!(ws.config_file.as_deref(), Some("buf.yaml"));
        assert_eq!(targets(&ws), ["ignores1", "ignores2", "ignores3"]);
        let m2 = module(&ws, "ignores2");
        assert_eq!(m2.roots, ["ignores2"]);
        assert_eq!(
            m2.lint.ignore,
            ["ignores2/bar2/bar2.proto", "ignores2/foo2"]
        );
        assert!(m2.lint.allow_comment_ignores);
        let m3 = module(&ws, "ignores3");
        assert_eq!(m3.lint.use_, Vec::<String>::new());
        assert_eq!(
            m3.lint.ignore_only["ENUM_PASCAL_CASE"],
            ["ignores3/bar3/bar.proto", "ignores3/foo3/bar"]
        );
        for target in ["ignores1", "ignores2", "ignores3"] {
            let ws = discover(&t, target).unwrap();
            assert_eq!(ws.root, ".");
            assert_eq!(ws.modules.len(), 3);
            assert_eq!(targets(&ws), [target]);
        }
        // The same workspace one level down: everything is tree-relative.
        let t = tree(&[("v2/ignores/buf.yaml", V2_IGNORES)]);
        let ws = discover(&t, "v2/ignores/ignores2").unwrap();
        assert_eq!(ws.root, "v2/ignores");
        assert_eq!(targets(&ws), ["v2/ignores/ignores2"]);
        assert_eq!(
            module(&ws, "v2/ignores/ignores2").lint.ignore,
            [
                "v2/ignores/ignores2/bar2/bar2.proto",
                "v2/ignores/ignores2/foo2"
            ]
        );
    }

    #[test]
    fn v2_module_blocks_replace_the_top_level_ones() {
        let yaml = "version: v2
modules:
  - path: a
    lint:
      use: [B]
  - path: b
  - path: c
    lint: {}
    breaking:
      use: []
  - path: d
    lint:
      disable_builtin: true
    breaking:
      ignore_unstable_packages: true
lint:
  use: [A]
  service_suffix: Svc
  disallow_comment_ignores: true
  ignore: [a/x, b/y, elsewhere]
breaking:
  use: [WIRE]
  ignore: [b/z]
";
        let ws = discover(&tree(&[("buf.yaml", yaml)]), ".").unwrap();
        let a = module(&ws, "a");
        assert_eq!(a.lint.use_, ["B"]);
        assert_eq!(a.lint.service_suffix, "Service");
        assert!(a.lint.allow_comment_ignores);
        assert!(a.lint.ignore.is_empty());
        assert_eq!(a.breaking.use_, ["WIRE"]);
        let b = module(&ws, "b");
        assert_eq!(b.lint.use_, ["A"]);
        assert_eq!(b.lint.service_suffix, "Svc");
        assert!(!b.lint.allow_comment_ignores);
        // Top-level paths outside a module are dropped for it.
        assert_eq!(b.lint.ignore, ["b/y"]);
        assert_eq!(b.breaking.ignore, ["b/z"]);
        let c = module(&ws, "c");
        assert_eq!(
            (c.lint.use_.as_slice(), c.breaking.use_.as_slice()),
            (&["A".to_string()][..], &["WIRE".to_string()][..])
        );
        let d = module(&ws, "d");
        assert!(d.lint.disable_builtin && d.lint.use_.is_empty());
        assert!(d.breaking.ignore_unstable_packages && d.breaking.use_.is_empty());
    }

    #[test]
    fn v2_without_modules_is_one_module_at_the_root() {
        let yaml = "version: v2\nname: buf.build/acme/x\nlint:\n  ignore: [foo]\n";
        let ws = discover(&tree(&[("w/buf.yaml", yaml)]), "w").unwrap();
        let m = &ws.modules[0];
        assert_eq!(
            (m.dir.as_str(), m.name.as_deref()),
            ("w", Some("buf.build/acme/x"))
        );
        assert_eq!(m.lint.ignore, ["w/foo"]);
        assert!(m.target);
        let yaml = "version: v2\nmodules:\n  - path: a\n    includes: [a/b]\n    excludes: [a/c]\n";
        let ws = discover(&tree(&[("buf.yaml", yaml)]), ".").unwrap();
        assert_eq!(ws.modules[0].includes, ["a/b"]);
        assert_eq!(ws.modules[0].excludes, ["a/c"]);
    }

    #[test]
    fn buf_work_yaml_workspace() {
        let t = tree(&[
            ("pv/buf.work.yaml", "version: v1\ndirectories:\n  - proto\n  - vendor/protovalidate\n"),
            (
                "pv/proto/buf.yaml",
                "version: v1\nname: buf.testing/lint/protovalidate\nlint:\n  use: [PROTOVALIDATE]\n  allow_comment_ignores: true\n  ignore: [x]\n",
            ),
        ]);
        let ws = discover(&t, "pv/proto").unwrap();
        assert_eq!(ws.root, "pv");
        assert_eq!(ws.config_file.as_deref(), Some("pv/buf.work.yaml"));
        assert_eq!(targets(&ws), ["pv/proto"]);
        let proto = module(&ws, "pv/proto");
        assert_eq!(proto.lint.use_, ["PROTOVALIDATE"]);
        assert!(proto.lint.allow_comment_ignores);
        assert_eq!(proto.lint.ignore, ["pv/proto/x"]);
        let vendor = module(&ws, "pv/vendor/protovalidate");
        assert_eq!(vendor.lint, LintConfig::defaults(Version::V1));
        assert_eq!(vendor.roots, ["pv/vendor/protovalidate"]);
        let ws = discover(&t, "pv").unwrap();
        assert_eq!(targets(&ws), ["pv/proto", "pv/vendor/protovalidate"]);
        // A directory not listed is not controlled: its own module with defaults.
        let ws = discover(&t, "pv/vendor").unwrap();
        assert_eq!(
            (ws.root.as_str(), ws.config_file.as_deref()),
            ("pv/vendor", None)
        );
    }

    #[test]
    fn discovery_walks_up() {
        let v2 = "version: v2\nmodules:\n  - path: proto\n  - path: other\n";
        let t = tree(&[("buf.yaml", v2)]);
        let ws = discover(&t, "other").unwrap();
        assert_eq!((ws.root.as_str(), targets(&ws)), (".", vec!["other"]));
        // A directory containing modules selects them.
        let t = tree(&[(
            "buf.yaml",
            "version: v2\nmodules:\n  - path: x/a\n  - path: x/b\n  - path: y\n",
        )]);
        assert_eq!(targets(&discover(&t, "x").unwrap()), ["x/a", "x/b"]);
        // A v1beta1 buf.yaml above the input is not a module for it.
        let t = tree(&[("buf.yaml", "version: v1beta1\n")]);
        let ws = discover(&t, "sub").unwrap();
        assert_eq!((ws.root.as_str(), ws.version), ("sub", Version::V1));
        // A v1 buf.yaml at the input wins over a v1beta1 one above.
        let t = tree(&[
            ("buf.yaml", "version: v1beta1\n"),
            ("sub/buf.yaml", "version: v1\n"),
        ]);
        assert_eq!(
            discover(&t, "sub").unwrap().config_file.as_deref(),
            Some("sub/buf.yaml")
        );
    }

    #[test]
    fn discovery_errors() {
        let contained = "because it is contained by module at path";
        for (files, target, path, line, column, needle) in [
            (
                vec![("buf.yaml", "version: v2\nmodules:\n  - path: proto\n")],
                "proto/sub",
                "",
                0,
                0,
                "input \"proto/sub\" because it is contained by module at path \"proto\"",
            ),
            (
                vec![("buf.yaml", "version: v2\n")],
                "sub",
                "",
                0,
                0,
                contained,
            ),
            (
                vec![("buf.yaml", "version: v1\n")],
                "sub",
                "",
                0,
                0,
                contained,
            ),
            (
                vec![("pv/buf.work.yaml", "version: v1\ndirectories: [proto]\n")],
                "pv/proto/x",
                "",
                0,
                0,
                "input \"proto/x\" because it is contained by module at path \"proto\"",
            ),
            (
                vec![
                    ("buf.yaml", "version: v1\n"),
                    ("sub/buf.yaml", "version: v1\n"),
                ],
                "sub",
                "mem:buf.yaml",
                1,
                1,
                "nested modules \"sub\" and \".\" are not allowed",
            ),
            (
                vec![
                    ("buf.yaml", "version: v1\n"),
                    ("buf.work.yaml", "version: v1\ndirectories: [a]\n"),
                ],
                "a",
                "mem:buf.yaml",
                1,
                1,
                "cannot have a buf.work.yaml and buf.yaml in the same directory",
            ),
            (
                vec![("buf.yaml", "version: v1\nlint:\n  bogus: 1\n")],
                "a/b",
                "mem:buf.yaml",
                3,
                3,
                "bogus",
            ),
            (
                vec![
                    ("buf.work.yaml", "version: v1\ndirectories: [a]\n"),
                    ("a/buf.yaml", "version: v2\n"),
                ],
                ".",
                "mem:a/buf.yaml",
                1,
                10,
                "buf.yaml at a did not have version v1beta1 or v1",
            ),
        ] {
            let (p, l, c, msg) = err(discover(&tree(&files), target));
            assert_eq!(
                (p.as_str(), l, c),
                (path, line, column),
                "{files:?} {target}: {msg}"
            );
            assert!(msg.contains(needle), "{files:?} {target}: {msg}");
        }
    }

    /// Validation errors: one per case, naming the file, line and column.
    #[test]
    fn validation_errors() {
        let cases: &[(&str, &str, usize, usize, &str)] = &[
            // (file, content, line, column, message part)
            ("buf.yaml", "version: v2\nmodules:\n  - path: ../x\n", 3, 11, "invalid module path: ../x: is outside the context directory"),
            ("buf.yaml", "version: v2\nmodules:\n  - path: /abs\n", 3, 11, "expected to be relative"),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n  - path: ./a\n", 4, 11, "multiple module configs found with the same description: path: \"a\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    lint:\n      ignore: [b]\n", 5, 16, "lint.ignore: path \"b\" is not contained within module directory \"a\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    breaking:\n      ignore_only:\n        X: [a/b, c]\n", 6, 18, "breaking.ignore_only: path \"c\" is not contained"),
            ("buf.yaml", "version: v2\nlint:\n  ignore:\n    - ok\n    - ../b\n", 5, 7, "lint.ignore: invalid path: ../b: is outside the context directory"),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    excludes: [a]\n", 4, 16, "exclude path \"a\" is equal to module directory \"a\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    excludes: [b]\n", 4, 16, "exclude path \"b\" does not reside within module directory \"a\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    excludes: [a/b/b.proto]\n", 4, 16, "excludes can only be directories"),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    includes: [a/b]\n    excludes: [a/b]\n", 4, 16, "\"a/b\" is both an include path and an exclude path"),
            ("buf.yaml", "version: v2\nname: buf.build/a/b\nmodules:\n  - path: a\n", 2, 7, "top-level name key cannot be specified"),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    name: foo\n", 4, 11, "could not parse full name \"foo\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    name: r/o/n\n  - path: b\n    name: r/o/n\n", 6, 11, "duplicate full names in input: \"r/o/n\""),
            ("buf.yaml", "version: v1\ndeps:\n  - foo\n", 3, 5, "invalid dep"),
            ("buf.yaml", "version: v2\ndeps:\n  - r/o/n\n  - r/o/n:v1\n", 4, 5, "duplicate full names in input"),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    includes: [a/b, a/b/c]\n", 4, 21, "include \"a/b/c\" is within include \"a/b\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    excludes: [a/b, a/b]\n", 4, 21, "duplicate exclude \"a/b\""),
            ("buf.yaml", "version: v2\nmodules:\n  - path: a\n    includes: [a/b/c]\n    excludes: [a/b]\n", 4, 16, "\"a/b/c\" (an include path) is a subdirectory of \"a/b\""),
            ("buf.yaml", "version: v1\nlint:\n  ignore: [../x]\n", 3, 12, "lint.ignore: invalid path: ../x"),
            ("buf.yaml", "version: v1\nbuild:\n  excludes: [.]\n", 3, 14, "\".\" is both a root and exclude"),
            ("buf.yaml", "version: v1\nbuild:\n  excludes: [v, v]\n", 3, 17, "duplicate exclude \"v\""),
            ("buf.yaml", "version: v1\nbuild:\n  excludes: [v, v/f]\n", 3, 17, "exclude \"v/f\" is within exclude \"v\""),
            ("buf.yaml", "version: v1\nbuild:\n  excludes: [v/f.proto]\n", 3, 14, "excludes can only be directories but file v/f.proto discovered"),
            ("buf.yaml", "version: v1beta1\nbuild:\n  roots: [p, p/f]\n", 3, 14, "root \"p/f\" is within root \"p\""),
            ("buf.yaml", "version: v1beta1\nbuild:\n  roots: [p, p]\n", 3, 14, "duplicate root \"p\""),
            ("buf.yaml", "version: v1beta1\nbuild:\n  roots: [p]\n  excludes: [q]\n", 4, 14, "exclude \"q\" is not contained in any root"),
            ("buf.work.yaml", "version: v1\ndirectories:\n  - a\n  - a/b\n", 4, 5, "directory \"a\" contains directory \"a/b\""),
            ("buf.work.yaml", "version: v1\ndirectories:\n  - a/b\n  - a\n", 4, 5, "directory \"a\" contains directory \"a/b\""),
            ("buf.work.yaml", "version: v1\ndirectories: [a, ./a]\n", 2, 18, "directory \"a\" is listed more than once"),
            ("buf.work.yaml", "version: v1\ndirectories: [../a]\n", 2, 15, "directory \"../a\" is invalid: ../a: is outside the context directory"),
            ("buf.work.yaml", "version: v1\ndirectories: [.]\n", 2, 15, "directory \".\" is listed"),
            ("buf.work.yaml", "version: v1\n", 1, 10, "directories is empty"),
        ];
        for (name, content, line, column, needle) in cases {
            let (p, l, c, msg) = err(discover(&tree(&[(name, content)]), "."));
            assert_eq!(
                (p.as_str(), l, c),
                (format!("mem:{name}").as_str(), *line, *column),
                "{content}: {msg}"
            );
            assert!(msg.contains(needle), "{content}: {msg}");
        }
    }

    #[test]
    fn nested_and_same_path_v2_modules_are_accepted_as_in_buf() {
        let yaml = "version: v2\nmodules:\n  - path: a\n  - path: a/b\n  - path: c\n    excludes: [c/x]\n  - path: c\n    includes: [c/x]\n";
        let ws = discover(&tree(&[("buf.yaml", yaml)]), ".").unwrap();
        assert_eq!(targets(&ws), ["a", "a/b", "c", "c"]);
        assert_eq!(
            targets(&discover(&tree(&[("buf.yaml", yaml)]), "a/b").unwrap()),
            ["a/b"]
        );
    }

    #[test]
    fn policies() {
        let t = tree(&[
            (
                "buf.yaml",
                "version: v2\nlint:\n  disable_builtin: true\npolicies:\n  - policy: pol/policy.yaml\n    ignore: [buf/x]\n    ignore_only:\n      ENUM_PASCAL_CASE:\n        - buf/bar/bar.proto\n        - buf/foo/bar\n        - buf/foo/bar\n      BASIC: [buf/foo/bar]\n  - policy: empty.policy.yaml\n",
            ),
            (
                "pol/policy.yaml",
                "version: v2\nlint:\n  use: [PACKAGE_DIRECTORY_MATCH, ENUM_PASCAL_CASE]\n  service_suffix: Svc\nbreaking:\n  use: [WIRE]\n  disable_builtin: true\n",
            ),
            ("empty.policy.yaml", "version: v2\n"),
        ]);
        let ws = discover(&t, ".").unwrap();
        assert!(ws.modules[0].lint.disable_builtin);
        let [p, empty] = &ws.policies[..] else {
            panic!("{:?}", ws.policies)
        };
        assert_eq!(
            (p.name.as_str(), p.file.as_str()),
            ("pol/policy.yaml", "pol/policy.yaml")
        );
        assert_eq!(p.lint.use_, ["PACKAGE_DIRECTORY_MATCH", "ENUM_PASCAL_CASE"]);
        assert_eq!(p.lint.service_suffix, "Svc");
        assert!(!p.lint.allow_comment_ignores);
        assert_eq!(p.lint.ignore, ["buf/x"]);
        assert_eq!(
            p.lint.ignore_only["ENUM_PASCAL_CASE"],
            ["buf/bar/bar.proto", "buf/foo/bar"]
        );
        assert_eq!(p.breaking.ignore_only["BASIC"], ["buf/foo/bar"]);
        assert!(p.breaking.disable_builtin);
        assert_eq!(empty.name, "empty.policy.yaml");
        assert_eq!(
            empty.lint,
            LintConfig {
                allow_comment_ignores: false,
                ..LintConfig::defaults(Version::V2)
            }
        );
        // Paths are relative to the buf.yaml directory.
        let t = tree(&[
            (
                "w/buf.yaml",
                "version: v2\npolicies:\n  - policy: p.yaml\n    ignore: [a]\n",
            ),
            ("w/p.yaml", "version: v2\n"),
        ]);
        let ws = discover(&t, "w").unwrap();
        assert_eq!(
            (
                ws.policies[0].file.as_str(),
                ws.policies[0].lint.ignore.as_slice()
            ),
            ("w/p.yaml", &["w/a".to_string()][..])
        );
        // Errors.
        for (files, path, line, column, needle) in [
            (
                vec![(
                    "buf.yaml",
                    "version: v2\npolicies:\n  - policy: nope.yaml\n",
                )],
                "mem:buf.yaml",
                3,
                13,
                "could not read local policy config \"nope.yaml\"",
            ),
            (
                vec![
                    ("buf.yaml", "version: v2\npolicies:\n  - policy: p.yaml\n"),
                    ("p.yaml", "version: v1\n"),
                ],
                "mem:p.yaml",
                1,
                10,
                "v1 is not supported",
            ),
            (
                vec![
                    (
                        "buf.yaml",
                        "version: v2\npolicies:\n  - policy: p.yaml\n  - policy: p.yaml\n",
                    ),
                    ("p.yaml", "version: v2\n"),
                ],
                "mem:buf.yaml",
                4,
                13,
                "duplicate policy \"p.yaml\"",
            ),
            (
                vec![
                    ("buf.yaml", "version: v2\npolicies:\n  - policy: p.yaml\n"),
                    ("p.yaml", "version: v2\nlint:\n  ignore: [a]\n"),
                ],
                "mem:p.yaml",
                3,
                3,
                "ignore",
            ),
            (
                vec![
                    (
                        "buf.yaml",
                        "version: v2\npolicies:\n  - policy: p.yaml\n    ignore: [../a]\n",
                    ),
                    ("p.yaml", "version: v2\n"),
                ],
                "mem:buf.yaml",
                4,
                14,
                "ignore: invalid path: ../a",
            ),
        ] {
            let (p, l, c, msg) = err(discover(&tree(&files), "."));
            assert_eq!((p.as_str(), l, c), (path, line, column), "{msg}");
            assert!(msg.contains(needle), "{msg}");
        }
    }

    #[test]
    fn config_flag_overrides() {
        let t = tree(&[
            ("buf.yaml", "version: v1\nlint:\n  bogus: true\n"),
            ("proto/foo/p.proto", ""),
            ("vendor/foo/v.proto", ""),
        ]);
        let cwd = Path::new("/nonexistent");
        // v1: one module at the input, ignoring the buf.yaml files around.
        let v1 = from_config_flag(
            "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n  ignore: [foo]\n",
            cwd,
        )
        .unwrap();
        assert_eq!(v1.version(), Version::V1);
        let ws = discover_with(&t, "vendor", Some(&v1)).unwrap();
        assert_eq!(
            (ws.root.as_str(), ws.config_file.as_deref()),
            ("vendor", None)
        );
        assert_eq!(ws.modules[0].lint.ignore, ["vendor/foo"]);
        assert_eq!(targets(&ws), ["vendor"]);
        // v2 (as JSON): the workspace at the tree root.
        let v2 = from_config_flag(r#"{"version":"v2","modules":[{"path":"proto"}],"lint":{"use":["MESSAGE_PASCAL_CASE"]}}"#, cwd).unwrap();
        let ws = discover_with(&t, ".", Some(&v2)).unwrap();
        assert_eq!(targets(&ws), ["proto"]);
        assert_eq!(ws.modules[0].lint.use_, ["MESSAGE_PASCAL_CASE"]);
        let v2 = from_config_flag(r#"{"version":"v2","lint":{"ignore":["foo"]}}"#, cwd).unwrap();
        let (_, _, _, msg) = err(discover_with(&t, "vendor", Some(&v2)));
        assert!(msg.contains("contained by module at path \".\""), "{msg}");
        // Errors name the flag.
        let e = from_config_flag("version: v1\nfoo: 1\n", cwd).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Config { path, line: 2, column: 1, .. } if path == "--config"),
            "{e:?}"
        );
        let e = from_config_flag("lint: {}", cwd).unwrap_err();
        assert!(e.to_string().contains("\"version\" is not set"), "{e}");
        let e = from_config_flag("missing.yaml", cwd).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Io { .. }), "{e:?}");
    }

    #[test]
    fn config_flag_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("cfg.yml"),
            "version: v1beta1\nbuild:\n  roots: [a]\n",
        )
        .unwrap();
        let c = from_config_flag("cfg.yml", dir.path()).unwrap();
        assert_eq!(c.version(), Version::V1Beta1);
        std::fs::write(
            dir.path().join("bad.json"),
            "{\"version\": \"v2\", \"x\": 1}",
        )
        .unwrap();
        let e = from_config_flag("bad.json", dir.path()).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Config { path, line: 1, column: 19, .. } if path == "bad.json"),
            "{e:?}"
        );
    }

    #[test]
    fn find_root_upwards_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path();
        let write = |rel: &str, content: &str| {
            let path = base.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        };
        write(
            "ws/buf.yaml",
            "version: v2\nmodules:\n  - path: proto\n  - path: other\n",
        );
        write("ws/other/o.proto", "");
        write("plain/a/b/x.proto", "");
        write("plain/buf.yaml", "version: v1\n");
        let root = |input: &str, cwd: &str| {
            let r = find_root_upwards(Path::new(input), &base.join(cwd)).unwrap();
            (r.root, r.target_dir)
        };
        assert_eq!(root("ws/other", "."), (PathBuf::from("ws"), "other".into()));
        assert_eq!(root(".", "ws/other"), (PathBuf::from(".."), "other".into()));
        assert_eq!(root("..", "ws/other"), (PathBuf::from(".."), ".".into()));
        // No controlling workspace: the current directory, or the input outside it.
        assert_eq!(root("a/b", "plain"), (PathBuf::from("."), "a/b".into()));
        assert_eq!(
            root("../plain/a", "ws"),
            (PathBuf::from("../plain/a"), ".".into())
        );
        let abs = base.join("plain/a");
        assert_eq!(
            root(abs.to_str().unwrap(), "plain"),
            (abs.clone(), ".".into())
        );
        // Then discovery in that tree: the v1 buf.yaml above the input is found only when the
        // tree includes it.
        let r = find_root_upwards(Path::new("a/b"), &base.join("plain")).unwrap();
        let t = FileTree::disk(base.join("plain").join(&r.root));
        let (_, _, _, msg) = err(discover(&t, &r.target_dir));
        assert!(msg.contains("contained by module at path \".\""), "{msg}");
        let t = FileTree::disk(&abs);
        assert_eq!(discover(&t, ".").unwrap().root, ".");
        // Broken files on the way up are errors, named relative to the current directory.
        write("ws/other/buf.yaml", "version: v1\nfoo: 1\n");
        let e = find_root_upwards(Path::new("."), &base.join("ws/other")).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Config { path, line: 2, .. } if path == "buf.yaml"),
            "{e:?}"
        );
        let e = find_root_upwards(Path::new("other"), &base.join("ws")).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Config { path, .. } if path == "other/buf.yaml"),
            "{e:?}"
        );
    }

    #[test]
    fn path_helpers() {
        assert_eq!(ancestors("a/b"), ["a/b", "a", "."]);
        assert_eq!(ancestors("."), ["."]);
        assert_eq!(
            relative_path(Path::new("/x/y"), Path::new("/x/z/w")),
            PathBuf::from("../z/w")
        );
        assert_eq!(
            relative_path(Path::new("/x"), Path::new("/x")),
            PathBuf::from(".")
        );
        assert_eq!(
            lexical_absolute(Path::new("/a/b"), Path::new("../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(
            lexical_absolute(Path::new("/"), Path::new("../..")),
            PathBuf::from("/")
        );
    }

    /// Every conformance case's configuration resolves the way its buf run needs (all of them
    /// ran with a valid configuration), when the shared cases are present.
    #[test]
    fn conformance_configs_resolve() {
        let base = Path::new("/work/shared/conformance");
        if !base.is_dir() {
            return;
        }
        let mut checked = 0;
        for kind in ["lint", "breaking"] {
            let Ok(entries) = std::fs::read_dir(base.join(kind)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if !path.to_string_lossy().ends_with(".expected.json") {
                    continue;
                }
                let case: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                let cwd = base.join(kind).join(case["cwd"].as_str().unwrap());
                let args: Vec<&str> = case["args"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect();
                let mut inputs = vec![args[1]];
                if let Some(i) = args.iter().position(|a| *a == "--against") {
                    inputs.push(args[i + 1]);
                }
                for input in inputs {
                    let r = find_root_upwards(Path::new(input), &cwd)
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    let t = FileTree::disk(cwd.join(&r.root));
                    let ws = discover(&t, &r.target_dir)
                        .unwrap_or_else(|e| panic!("{}: {input}: {e}", path.display()));
                    assert!(ws.targets().next().is_some(), "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 0);
    }

    #[test]
    fn conformance_v2_ignores_and_protovalidate() {
        let lint = Path::new("/work/shared/conformance/lint");
        if !lint.is_dir() {
            return;
        }
        let t = FileTree::disk(lint.join("v2/ignores"));
        assert_eq!(targets(&discover(&t, "ignores2").unwrap()), ["ignores2"]);
        let t = FileTree::disk(lint.join("protovalidate"));
        let ws = discover(&t, "proto").unwrap();
        assert_eq!(targets(&ws), ["proto"]);
        assert_eq!(ws.modules.len(), 2);
        let t = FileTree::disk(lint.join("policy_ignores3"));
        let ws = discover(&t, ".").unwrap();
        assert_eq!(ws.policies[0].name, "policy.yaml");
        assert_eq!(ws.policies[0].lint.ignore_only["BASIC"], ["buf/foo/bar"]);
    }
}
