//! From what the user typed to what the checks need: resolves an input (directory, `.proto` file,
//! git reference or image) and its configuration, and compiles it into a [`Model`].
//!
//! This is where buf's input semantics meet: which directory governs the workspace
//! ([`config::find_root_upwards`]), which files are targets (the selected modules, narrowed by
//! `--path` and `--exclude-path`), and how paths are shown (as the user would write them from the
//! current directory, like buf's external paths).

use std::path::{Path, PathBuf};

use crate::{
    cli::InputArgs,
    compile::{self, Compiled, Keep},
    config::{self, ConfigOverride, Workspace},
    error::{Error, Result},
    input::{self, InputSpec},
    model::{Model, SourceFile},
    tree::{self, FileTree},
};

/// A loaded input, compiled.
#[derive(Debug)]
pub struct Loaded {
    pub compiled: Compiled,
    /// The workspace the input was read with (a default one for images).
    pub workspace: Workspace,
}

impl Loaded {
    pub fn model(&self) -> Option<&Model> {
        self.compiled.model.as_ref()
    }
}

/// buf's message when filters leave nothing to work on.
pub const NO_TARGETS: &str = "no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.";

/// Loads and compiles an input as the user gave it, from the current directory.
pub fn load(args: &InputArgs) -> Result<Loaded> {
    load_with(args, Keep::default())
}

/// Like [`load`], keeping what `keep` says of the sources.
pub fn load_with(args: &InputArgs, keep: Keep) -> Result<Loaded> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    load_in_with(args, &cwd, keep)
}

/// Loads and compiles an input given relative to `cwd` (an absolute directory).
pub fn load_in(args: &InputArgs, cwd: &Path) -> Result<Loaded> {
    load_in_with(args, cwd, Keep::default())
}

/// Like [`load_in`], keeping what `keep` says of the sources.
pub fn load_in_with(args: &InputArgs, cwd: &Path, keep: Keep) -> Result<Loaded> {
    Ok(match stage_in_with(args, cwd, keep)? {
        Stage::Loaded(loaded) => loaded,
        Stage::Read(read) => read.compile_with(keep),
    })
}

/// An input as far as reading it goes: an image is decoded into a model; source code (a
/// directory, a `.proto` file or a git tree) is read, with its configuration, but not parsed, so
/// that a command can look its result up in the cache before compiling.
// Made once per input and consumed at once.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Stage {
    Loaded(Loaded),
    Read(ReadInput),
}

/// Source code, read and configured, not compiled yet.
pub struct ReadInput {
    pub workspace: Workspace,
    pub sources: compile::Sources,
}

impl std::fmt::Debug for ReadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadInput")
            .field("files", &self.sources.external_paths.len())
            .finish_non_exhaustive()
    }
}

impl ReadInput {
    /// Parses and links the files.
    pub fn compile(self) -> Loaded {
        self.compile_with(Keep::default())
    }

    /// Parses and links the files, keeping what `keep` says of the sources.
    pub fn compile_with(self, keep: Keep) -> Loaded {
        let started = std::time::Instant::now();
        let compiled = compile::link(self.sources, &self.workspace, keep);
        crate::log::debug(
            "compiled",
            &[
                ("workspace_files", compiled.files.len().to_string()),
                ("targets", compiled.targets.len().to_string()),
                ("errors", compiled.errors.len().to_string()),
                ("duration", format!("{:?}", started.elapsed())),
            ],
        );
        Loaded {
            compiled,
            workspace: self.workspace,
        }
    }

    /// What the result of a command on this input depends on, for the cache: every file (name,
    /// paths, whether it is a target, contents) and the resolved configuration.
    pub fn fingerprint(&self, key: &mut crate::cache::KeyBuilder) {
        key.add("workspace", format!("{:?}", self.workspace).as_bytes());
        key.add("files", &self.sources.digest());
    }
}

/// Reads an input given relative to `cwd` (an absolute directory), without compiling source code.
pub fn stage_in(args: &InputArgs, cwd: &Path) -> Result<Stage> {
    stage_in_with(args, cwd, Keep::default())
}

/// Like [`stage_in`]; `keep` applies to images (source code keeps it until compiled).
pub fn stage_in_with(args: &InputArgs, cwd: &Path, keep: Keep) -> Result<Stage> {
    let cwd = cwd.to_path_buf();
    let config = args
        .config
        .as_deref()
        .map(|value| config::from_config_flag(value, &cwd))
        .transpose()?;
    match input::parse(&args.input)? {
        InputSpec::Image(image) => {
            let bytes = input::read_image(&image)?;
            let model = model_from_image(&args.input, bytes, args, keep)?;
            let workspace = model.workspace.clone();
            Ok(Stage::Loaded(Loaded {
                compiled: Compiled::from_model(model),
                workspace,
            }))
        }
        InputSpec::Git(git) => {
            let tree = input::git::read_tree(&git)?;
            let selection = Selection::new(args, None, &cwd);
            compile_tree(
                &tree,
                ".",
                None,
                &|rel: &str| rel.to_string(),
                config.as_ref(),
                &selection,
            )
        }
        InputSpec::Dir { path } => load_local(&path, None, config.as_ref(), args, &cwd),
        InputSpec::ProtoFile { path, .. } => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            load_local(&dir, Some(&path), config.as_ref(), args, &cwd)
        }
    }
}

/// Loads a directory input, or a single `.proto` file within `dir`.
fn load_local(
    dir: &Path,
    file: Option<&Path>,
    config: Option<&ConfigOverride>,
    args: &InputArgs,
    cwd: &Path,
) -> Result<Stage> {
    let named = file.unwrap_or(dir);
    let meta = std::fs::metadata(cwd.join(named)).map_err(|e| {
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file or directory".to_string()
        } else {
            e.to_string()
        };
        Error::input(named.display().to_string(), message)
    })?;
    if file.is_none() && !meta.is_dir() {
        return Err(Error::input(dir.display().to_string(), "not a directory"));
    }
    let root = config::find_root_upwards(dir, cwd)?;
    // Read through an absolute path; show paths as the user wrote them.
    let tree = FileTree::disk_with(cwd.join(&root.root), !args.disable_symlinks);
    let display = Display::new(&root.root, cwd);
    let file_rel = file.map(|f| {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
        tree::join(&root.target_dir, name.as_deref().unwrap_or_default())
    });
    let selection = Selection::new(args, Some(&root.root), cwd);
    compile_tree(
        &tree,
        &root.target_dir,
        file_rel.as_deref(),
        &|rel: &str| display.show(rel),
        config,
        &selection,
    )
}

/// Shows tree paths as the user would write them from the current directory: absolute when the
/// tree root was given absolute, otherwise relative to the current directory (so with the
/// current directory inside a workspace, `../m1/a.proto` from the workspace root shows as
/// `a.proto`, as buf shows it).
struct Display {
    /// The root, lexically normalised: absolute, or relative to the current directory.
    root: String,
    /// The current directory, absolute and normalised, when the root is relative.
    cwd: Option<String>,
}

impl Display {
    fn new(root: &Path, cwd: &Path) -> Self {
        let root_text = root.to_string_lossy();
        if root.is_absolute() {
            return Display {
                root: tree::normalize(&root_text),
                cwd: None,
            };
        }
        let cwd = tree::normalize(&cwd.to_string_lossy());
        Display {
            root: tree::normalize(&format!("{cwd}/{root_text}")),
            cwd: Some(cwd),
        }
    }

    fn show(&self, rel: &str) -> String {
        let absolute = tree::join(&self.root, rel);
        match &self.cwd {
            None => absolute,
            Some(cwd) => relative_path(cwd, &absolute),
        }
    }
}

/// The relative path from directory `from` to `to`, both absolute and normalised.
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|c| !c.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|c| !c.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `--path` and `--exclude-path`, made tree-relative.
struct Selection {
    paths: Vec<String>,
    excludes: Vec<String>,
}

impl Selection {
    /// `root` is the tree's root as given (relative to `cwd`, or absolute); `None` for trees that
    /// are not on disk, whose paths are taken as tree-relative.
    fn new(args: &InputArgs, root: Option<&Path>, cwd: &Path) -> Self {
        let convert = |p: &String| to_tree_path(p, root, cwd);
        Selection {
            paths: args.paths.iter().map(convert).collect(),
            excludes: args.exclude_paths.iter().map(convert).collect(),
        }
    }

    fn selects(&self, rel: &str) -> bool {
        (self.paths.is_empty() || self.paths.iter().any(|p| tree::is_within(rel, p)))
            && !self.excludes.iter().any(|p| tree::is_within(rel, p))
    }
}

/// Converts a path relative to the current directory into a path relative to the tree root.
fn to_tree_path(path: &str, root: Option<&Path>, cwd: &Path) -> String {
    let Some(root) = root else {
        return tree::normalize(path);
    };
    // Both made absolute (lexically), so that roots like `..` compare correctly.
    let abs = |p: &Path| tree::normalize(&cwd.join(p).to_string_lossy());
    let (path, root) = (abs(Path::new(path)), abs(root));
    if root == "/" {
        return path.trim_start_matches('/').to_string();
    }
    match path.strip_prefix(&root) {
        Some("") => ".".to_string(),
        Some(rest) if rest.starts_with('/') => rest.trim_start_matches('/').to_string(),
        // Outside the tree: keep a path that can never match a tree key.
        _ => format!("..{path}"),
    }
}

/// Resolves the workspace of `target_dir` within `tree` and reads its files.
fn compile_tree(
    tree: &FileTree,
    target_dir: &str,
    target_file: Option<&str>,
    display: &(dyn Fn(&str) -> String + Sync),
    config: Option<&ConfigOverride>,
    selection: &Selection,
) -> Result<Stage> {
    let workspace = match target_file {
        Some(_) => config::discover_for_file(tree, target_dir, config)?,
        None => config::discover_with(tree, target_dir, config)?,
    };
    crate::log::debug(
        "workspace",
        &[
            ("version", workspace.version.as_str().to_string()),
            ("config", workspace.config_file.clone().unwrap_or_default()),
            ("modules", workspace.modules.len().to_string()),
        ],
    );
    // buf: a module's own directory is chosen as an input, not with --path / --exclude-path.
    for module in &workspace.modules {
        if module.dir == workspace.root {
            continue;
        }
        // As buf names it: relative to the workspace root.
        let shown = if workspace.root == "." {
            module.dir.clone()
        } else {
            relative_path(&workspace.root, &module.dir)
        };
        if selection.paths.contains(&module.dir) {
            return Err(Error::usage(format!(
                "module \"{shown}\" was specified with --path, specify this module path directly as an input"
            )));
        }
        if selection.excludes.contains(&module.dir) {
            return Err(Error::usage(format!(
                "module \"{shown}\" was specified with --exclude-path, this flag cannot be used to specify module directories"
            )));
        }
    }
    let is_target = |rel: &str, module: usize| -> bool {
        let in_input = match target_file {
            Some(file) => rel == file,
            None => workspace.modules[module].target,
        };
        in_input && selection.selects(rel)
    };
    let request = compile::Request {
        tree,
        workspace: &workspace,
        display,
        is_target: &is_target,
    };
    let started = std::time::Instant::now();
    let sources = compile::read(&request)?;
    crate::log::debug(
        "read",
        &[
            ("workspace_files", sources.external_paths.len().to_string()),
            ("duration", format!("{:?}", started.elapsed())),
        ],
    );
    if sources.external_paths.is_empty() {
        let dir = workspace
            .targets()
            .next()
            .map(|m| m.dir.clone())
            .unwrap_or_else(|| target_dir.to_string());
        return Err(Error::other(format!(
            "Module \"path: {:?}\" had no .proto files",
            display(&dir)
        )));
    }
    if sources.targets.is_empty() {
        return Err(Error::other(NO_TARGETS));
    }
    Ok(Stage::Read(ReadInput { workspace, sources }))
}

/// Builds a model from an image (a binary FileDescriptorSet). Every file of an image is a target
/// unless `--path`/`--exclude-path` say otherwise; paths are the files' names.
/// Without source info wanted, the image's is removed before decoding (most of an image's bytes,
/// and most of the decoded pool's memory).
fn model_from_image(raw: &str, bytes: Vec<u8>, args: &InputArgs, keep: Keep) -> Result<Model> {
    let drop_source_info = keep.detach_source_info && !keep.source_info;
    let bytes = if drop_source_info {
        crate::model::strip_source_info(&bytes).unwrap_or(bytes)
    } else {
        bytes
    };
    let pool = prost_reflect::DescriptorPool::decode(bytes.as_slice())
        .map_err(|e| Error::input(raw, format!("the image's files do not link: {e}")))?;
    let selection = Selection::new(args, None, Path::new("."));
    let files: Vec<SourceFile> = pool
        .files()
        .map(|fd| {
            let name = fd.name().to_string();
            SourceFile {
                external_path: name.clone(),
                rel: Some(name.clone()),
                module: Some(0),
                is_target: selection.selects(&name),
                is_import: false,
                source: None,
                source_info: None,
                name,
            }
        })
        .collect();
    if !files.iter().any(|f| f.is_target) {
        return Err(Error::other(NO_TARGETS));
    }
    let workspace = Workspace {
        modules: vec![config::Module {
            dir: ".".into(),
            roots: vec![".".into()],
            target: true,
            ..Default::default()
        }],
        ..Default::default()
    };
    Ok(Model {
        pool,
        files,
        workspace,
        source_info_detached: drop_source_info,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        let cwd = Path::new("/w/ws/m1");
        let show = |root: &str, rel: &str| Display::new(Path::new(root), cwd).show(rel);
        assert_eq!(show("..", "m1/a/a.proto"), "a/a.proto");
        assert_eq!(show("..", "m2/b.proto"), "../m2/b.proto");
        assert_eq!(show(".", "a.proto"), "a.proto");
        assert_eq!(show("sub", "x.proto"), "sub/x.proto");
        assert_eq!(show("/abs/root", "x.proto"), "/abs/root/x.proto");
        assert_eq!(relative_path("/a/b", "/a/b"), ".");
    }

    #[test]
    fn tree_paths() {
        let cwd = Path::new("/w");
        assert_eq!(
            to_tree_path("a/b.proto", Some(Path::new(".")), cwd),
            "a/b.proto"
        );
        assert_eq!(to_tree_path("./a", Some(Path::new(".")), cwd), "a");
        assert_eq!(to_tree_path("proto/a", Some(Path::new("proto")), cwd), "a");
        assert_eq!(to_tree_path("proto", Some(Path::new("proto")), cwd), ".");
        assert!(to_tree_path("other/a", Some(Path::new("proto")), cwd).starts_with(".."));
        assert_eq!(to_tree_path("a", Some(Path::new("..")), cwd), "w/a");
        assert_eq!(to_tree_path("/w/p/x", Some(Path::new("p")), cwd), "x");
        assert_eq!(to_tree_path("x.proto", None, cwd), "x.proto");
    }
}
