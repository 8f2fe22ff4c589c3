//! Inputs: buf's input syntax, git trees read from the object database, and images.
//!
//! An input is a path with optional `#key=value,…` options, exactly as buf accepts it:
//!
//! | input                         | kind                                              |
//! |-------------------------------|---------------------------------------------------|
//! | `proto/`, `.`                 | directory                                         |
//! | `a/b.proto`                   | a single proto file                               |
//! | `x.binpb`, `x.bin`, `-`       | binary image (`-` is stdin)                       |
//! | `x.json`, `x.txtpb`, `x.yaml` | JSON / text / YAML image                          |
//! | `x.binpb.gz`, `x.json.zst`    | compressed image                                  |
//! | `.git#branch=main`            | a git repository at a reference                   |
//!
//! Options: `format=`, `compression=`, `branch=`, `tag=`, `commit=`, `ref=`, `depth=`,
//! `recurse_submodules=`, `subdir=`, `strip_components=`, `include_package_files=`.
//! Remote inputs (`https://…`, `ssh://…`, Buf Schema Registry modules) and archives
//! (`.tar`, `.zip`) are recognised and rejected with a clear message: protowright works offline.
//!
//! [`parse`] is the only entry point for the syntax; [`git::read_tree`] and
//! [`image::read_image`] turn parsed inputs into files or descriptor bytes.

#![warn(missing_docs)]

pub mod git;
pub mod image;

use std::path::{Path, PathBuf};

use crate::{error::Error, Result};

pub use git::read_tree;
pub use image::{read_image, write_image};

/// A parsed input: what to read and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSpec {
    /// A directory of `.proto` files (a module or workspace root, or a directory inside one).
    Dir {
        /// The directory as given.
        path: PathBuf,
    },
    /// A single `.proto` file.
    ProtoFile {
        /// The file as given.
        path: PathBuf,
        /// `include_package_files=true`: also build the other files of the file's package.
        include_package_files: bool,
    },
    /// A prebuilt image (a serialized `FileDescriptorSet`).
    Image(ImageInput),
    /// A tree of a local git repository at some reference.
    Git(GitInput),
}

/// An image to read (or, for `build -o`, to write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInput {
    /// The file; `-` means stdin (or stdout when writing). See [`ImageInput::is_stdio`].
    pub path: PathBuf,
    /// How the message is encoded.
    pub format: ImageFormat,
    /// How the file is compressed.
    pub compression: Compression,
}

impl ImageInput {
    /// Whether the path names a standard stream (`-`, `/dev/stdin`, `/dev/stdout`) rather than
    /// a file: stdin when reading, stdout when writing.
    pub fn is_stdio(&self) -> bool {
        let p = self.path.as_path();
        p == Path::new("-") || p == Path::new("/dev/stdin") || p == Path::new("/dev/stdout")
    }
}

/// The encoding of an image file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Protobuf binary (`.binpb`, `.bin`; buf's formats `binpb`, `bin`, `bingz`).
    Binpb,
    /// Protobuf JSON mapping of buf's `Image` message (`.json`; formats `json`, `jsongz`).
    Json,
    /// Protobuf text format (`.txtpb`).
    Txtpb,
    /// YAML rendering of the JSON mapping (`.yaml`).
    Yaml,
}

impl ImageFormat {
    /// buf's name for the format, as used in `#format=`.
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Binpb => "binpb",
            ImageFormat::Json => "json",
            ImageFormat::Txtpb => "txtpb",
            ImageFormat::Yaml => "yaml",
        }
    }
}

/// Compression of an image file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Not compressed.
    #[default]
    None,
    /// gzip (`.gz`, `compression=gzip`).
    Gzip,
    /// Zstandard (`.zst`, `compression=zstd`).
    Zstd,
}

/// A git repository on the local disk and the tree to read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitInput {
    /// The `.git` directory, a worktree containing one, or a bare repository.
    pub repo: PathBuf,
    /// Which commit to read.
    pub reference: GitRef,
    /// Only this directory of the tree (normalised, relative, never `.`); keys are relative to it.
    pub subdir: Option<String>,
    /// buf's clone depth. Accepted for compatibility and ignored: the object database is read
    /// in place, so there is nothing to clone.
    pub depth: Option<u32>,
    /// buf's `recurse_submodules`. Accepted and ignored: submodule entries are always skipped.
    pub recurse_submodules: bool,
}

impl GitInput {
    /// The input written back in buf's syntax, e.g. `repo/.git#branch=main,subdir=proto`; used
    /// as the label of the tree read from it.
    pub fn display(&self) -> String {
        let mut options = Vec::new();
        match &self.reference {
            GitRef::Head => {}
            GitRef::Branch(b) => options.push(format!("branch={b}")),
            GitRef::Tag(t) => options.push(format!("tag={t}")),
            GitRef::Commit(c) => options.push(format!("commit={c}")),
            GitRef::Ref { name, branch } => {
                options.push(format!("ref={name}"));
                if let Some(b) = branch {
                    options.push(format!("branch={b}"));
                }
            }
        }
        if let Some(subdir) = &self.subdir {
            options.push(format!("subdir={subdir}"));
        }
        let path = self.repo.display();
        if options.is_empty() {
            path.to_string()
        } else {
            format!("{path}#{}", options.join(","))
        }
    }
}

/// The reference of a git input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitRef {
    /// No reference given: the repository's `HEAD`.
    Head,
    /// `branch=X`: `refs/heads/X`, else the remote-tracking `refs/remotes/origin/X`.
    Branch(String),
    /// `tag=X`: `refs/tags/X` (annotated tags are peeled to their commit).
    Tag(String),
    /// `commit=X`: a full or abbreviated commit id.
    Commit(String),
    /// `ref=X`: a revision as `git rev-parse` reads it (`HEAD~1`, `main^`, `refs/…`, short ids,
    /// `origin/main`). With `branch=`, `HEAD` in it means the tip of that branch.
    Ref {
        /// The revision.
        name: String,
        /// The branch given alongside, if any.
        branch: Option<String>,
    },
}

/// Parses an input in buf's syntax. Errors are [`Error::input`]s (exit code 1) worded like buf's.
///
/// Detection only looks at the filesystem where buf does: a `.proto` path that is a directory is
/// a directory, and a three-component path that could be a Buf Schema Registry module
/// (`remote/owner/repository`) is a module unless it is an existing directory.
pub fn parse(raw: &str) -> Result<InputSpec> {
    let value = raw.trim();
    let fail = |message: String| Error::input(value, message);
    if value.is_empty() {
        return Err(Error::input(raw, "input is required"));
    }
    let (path, options) = split_options(value).map_err(fail)?;
    check_remote(&path).map_err(fail)?;
    let path = path.strip_prefix("file://").unwrap_or(&path).to_string();
    if path.is_empty() {
        return Err(fail("input has no path".to_string()));
    }

    let mut raw_ref = RawRef::default();
    let explicit_format = options.iter().any(|(k, _)| k == "format");
    if explicit_format {
        // Compression still follows a `.gz`/`.zst` suffix, as with buf.
        raw_ref.compression = suffix_compression(&path);
    } else {
        let (format, compression) = detect(&path).map_err(fail)?;
        raw_ref.format = format;
        raw_ref.compression = compression;
    }
    let mut unknown_keys = Vec::new();
    let mut explicit_compression = false;
    for (key, val) in &options {
        match key.as_str() {
            "format" => {
                if is_dev_null(Path::new(&path)) {
                    return Err(fail(
                        "format override is not allowed if path is /dev/null".into(),
                    ));
                }
                raw_ref.format = Format::from_name(val)
                    .ok_or_else(|| fail(format!("unknown format: {val:?}")))?;
            }
            "compression" => {
                explicit_compression = true;
                raw_ref.compression = match val.as_str() {
                    "none" => Compression::None,
                    "gzip" => Compression::Gzip,
                    "zstd" => Compression::Zstd,
                    _ => {
                        return Err(fail(format!(
                            "unknown compression: {val:?} (valid values are \"none,gzip,zstd\")"
                        )))
                    }
                };
            }
            "branch" => raw_ref.branch = Some(val.clone()),
            "tag" => raw_ref.tag = Some(val.clone()),
            "commit" => raw_ref.commit = Some(val.clone()),
            "ref" => raw_ref.git_ref = Some(val.clone()),
            "depth" => {
                let depth: u32 = val
                    .parse()
                    .map_err(|_| fail(format!("could not parse \"depth\" value {val:?}")))?;
                if depth == 0 {
                    return Err(fail("\"depth\" must be >0 if specified".into()));
                }
                raw_ref.depth = Some(depth);
            }
            "recurse_submodules" => {
                raw_ref.recurse_submodules = match val.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(fail(format!(
                            "could not parse recurse_submodules value {val:?}"
                        )))
                    }
                }
            }
            "strip_components" => {
                raw_ref.strip_components = val
                    .parse()
                    .map_err(|_| fail(format!("could not parse strip_components value {val:?}")))?;
            }
            "subdir" => raw_ref.subdir = parse_subdir(val).map_err(fail)?,
            "include_package_files" => {
                raw_ref.include_package_files = match val.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(fail(format!(
                            "invalid value {val:?} for key: \"include_package_files\""
                        )))
                    }
                }
            }
            _ => unknown_keys.push(key.clone()),
        }
    }
    if !unknown_keys.is_empty() {
        unknown_keys.sort();
        return Err(fail(if unknown_keys.len() == 1 {
            format!("invalid key: {:?}", unknown_keys[0])
        } else {
            format!("invalid keys: \"{}\"", unknown_keys.join(", "))
        }));
    }
    if !explicit_compression {
        if let Format::Image(_, Compression::Gzip) = raw_ref.format {
            // The deprecated `bingz`/`jsongz` formats default to gzip.
            raw_ref.compression = Compression::Gzip;
        }
    }
    raw_ref.into_spec(value, path)
}

/// Parses the value of `build -o`: like [`parse`], but every path is an image, and a path
/// without a known image extension is binary (as with buf).
pub fn parse_image_output(raw: &str) -> Result<ImageInput> {
    let value = raw.trim();
    let fail = |message: String| Error::input(value, message);
    if value.is_empty() {
        return Err(Error::input(raw, "output is required"));
    }
    let (path, options) = split_options(value).map_err(fail)?;
    check_remote(&path).map_err(fail)?;
    let mut format = ImageFormat::Binpb;
    let mut compression = suffix_compression(&path);
    if !is_stdio(Path::new(&path)) {
        match detect(&path) {
            Ok((Format::Image(f, _), c)) => {
                format = f;
                compression = c;
            }
            Ok(_) => {}
            Err(e) => return Err(fail(e)),
        }
    }
    for (key, val) in &options {
        match key.as_str() {
            "format" => match Format::from_name(val) {
                Some(Format::Image(f, c)) => {
                    format = f;
                    if c != Compression::None {
                        compression = c;
                    }
                }
                Some(_) => {
                    return Err(fail(format!(
                        "format was {val:?} but must be one of binpb, json, txtpb, yaml"
                    )))
                }
                None => return Err(fail(format!("unknown format: {val:?}"))),
            },
            "compression" => {
                compression = match val.as_str() {
                    "none" => Compression::None,
                    "gzip" => Compression::Gzip,
                    "zstd" => Compression::Zstd,
                    _ => {
                        return Err(fail(format!(
                            "unknown compression: {val:?} (valid values are \"none,gzip,zstd\")"
                        )))
                    }
                }
            }
            _ => return Err(fail(format!("invalid key: {key:?}"))),
        }
    }
    Ok(ImageInput {
        path: PathBuf::from(path),
        format,
        compression,
    })
}

/// A format named by a file extension or `#format=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Format {
    #[default]
    Dir,
    ProtoFile,
    Git,
    /// An image; the compression is the format's default (`bingz`, `jsongz`).
    Image(ImageFormat, Compression),
    /// `tar` / `zip` (and deprecated `targz`): not supported.
    Archive(&'static str),
    /// A Buf Schema Registry module: not supported.
    Module,
}

impl Format {
    fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "dir" => Format::Dir,
            "protofile" => Format::ProtoFile,
            "git" => Format::Git,
            "binpb" | "bin" => Format::Image(ImageFormat::Binpb, Compression::None),
            "bingz" => Format::Image(ImageFormat::Binpb, Compression::Gzip),
            "json" => Format::Image(ImageFormat::Json, Compression::None),
            "jsongz" => Format::Image(ImageFormat::Json, Compression::Gzip),
            "txtpb" => Format::Image(ImageFormat::Txtpb, Compression::None),
            "yaml" => Format::Image(ImageFormat::Yaml, Compression::None),
            "tar" => Format::Archive("tar"),
            "targz" => Format::Archive("targz"),
            "zip" => Format::Archive("zip"),
            "mod" => Format::Module,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Format::Dir => "dir",
            Format::ProtoFile => "protofile",
            Format::Git => "git",
            Format::Image(f, _) => f.name(),
            Format::Archive(name) => name,
            Format::Module => "mod",
        }
    }
}

/// Everything the options can say, before validation against the format.
#[derive(Debug, Default)]
struct RawRef {
    format: Format,
    compression: Compression,
    branch: Option<String>,
    tag: Option<String>,
    commit: Option<String>,
    git_ref: Option<String>,
    depth: Option<u32>,
    recurse_submodules: bool,
    strip_components: u32,
    subdir: Option<String>,
    include_package_files: bool,
}

impl RawRef {
    fn into_spec(self, value: &str, path: String) -> Result<InputSpec> {
        let fail = |message: String| Error::input(value, message);
        let invalid = |what: &str| {
            fail(format!(
                "invalid options for input {value:?} for format {:?}: {what}",
                self.format.name()
            ))
        };
        let is_git = self.format == Format::Git;
        let is_archive = matches!(self.format, Format::Archive(_));
        let is_image = matches!(self.format, Format::Image(..));
        let has_git_options = self.branch.is_some()
            || self.tag.is_some()
            || self.commit.is_some()
            || self.git_ref.is_some()
            || self.depth.is_some()
            || self.recurse_submodules;
        if is_git {
            if self.branch.is_some() && (self.tag.is_some() || self.commit.is_some())
                || self.tag.is_some() && self.commit.is_some()
            {
                return Err(fail(
                    "must specify only one of \"branch\", \"commit\", or \"tag\"".into(),
                ));
            }
            if self.git_ref.is_some() && (self.tag.is_some() || self.commit.is_some()) {
                return Err(fail(
                    "cannot specify \"commit\" or \"tag\" with \"ref\"".into(),
                ));
            }
        } else if has_git_options {
            return Err(invalid("git options set"));
        }
        if !is_archive && self.strip_components > 0 {
            return Err(invalid("archive options set"));
        }
        if !is_image && !is_archive && self.compression != Compression::None {
            return Err(invalid("compression set"));
        }
        if !is_git && !is_archive && self.subdir.is_some() {
            return Err(invalid("subdir set"));
        }
        if path == "-" && !is_image {
            return Err(fail(format!(
                "invalid {} path: \"-\" (only images can be read from stdin)",
                self.format.name()
            )));
        }
        Ok(match self.format {
            Format::Dir => InputSpec::Dir { path: path.into() },
            Format::ProtoFile => InputSpec::ProtoFile {
                path: path.into(),
                include_package_files: self.include_package_files,
            },
            Format::Image(format, _) => InputSpec::Image(ImageInput {
                path: path.into(),
                format,
                compression: self.compression,
            }),
            Format::Git => {
                let reference = match (self.git_ref, self.branch, self.tag, self.commit) {
                    (Some(name), branch, _, _) => GitRef::Ref { name, branch },
                    (None, Some(branch), _, _) => GitRef::Branch(branch),
                    (None, None, Some(tag), _) => GitRef::Tag(tag),
                    (None, None, None, Some(commit)) => GitRef::Commit(commit),
                    (None, None, None, None) => GitRef::Head,
                };
                InputSpec::Git(GitInput {
                    repo: path.into(),
                    reference,
                    subdir: self.subdir,
                    depth: self.depth,
                    recurse_submodules: self.recurse_submodules,
                })
            }
            Format::Archive(name) => {
                return Err(fail(format!(
                    "{name} archives are not supported as inputs; extract the archive and pass \
                     the directory instead"
                )))
            }
            Format::Module => {
                return Err(fail(format!(
                    "{path:?} is not a directory and looks like a Buf Schema Registry module \
                     (remote/owner/repository); protowright works offline and cannot fetch \
                     modules. Pass a local directory, git repository or image instead"
                )))
            }
        })
    }
}

/// Splits `path#k=v,k=v` into the path and its options, with buf's rules and messages.
fn split_options(value: &str) -> Result<(String, Vec<(String, String)>), String> {
    let parts: Vec<&str> = value.split('#').collect();
    match parts.as_slice() {
        [path] => Ok((path.to_string(), Vec::new())),
        [path, options] => {
            let path = path.trim();
            let options = options.trim();
            if path.is_empty() {
                return Err(format!("{value:?} starts with # which is invalid"));
            }
            if options.is_empty() {
                return Err(format!("{value:?} ends with # which is invalid"));
            }
            let mut out: Vec<(String, String)> = Vec::new();
            for pair in options.split(',') {
                let kv: Vec<&str> = pair.split('=').collect();
                let [key, val] = kv.as_slice() else {
                    return Err(format!("invalid options: {options:?}"));
                };
                let (key, val) = (key.trim(), val.trim());
                if key.is_empty() || val.is_empty() {
                    return Err(format!("invalid options: {options:?}"));
                }
                if out.iter().any(|(k, _)| k == key) {
                    return Err(format!("duplicate options key: {key:?}"));
                }
                out.push((key.to_string(), val.to_string()));
            }
            Ok((path.to_string(), out))
        }
        _ => Err(format!("{value:?} has multiple #s which is invalid")),
    }
}

/// Rejects inputs that need the network.
fn check_remote(path: &str) -> Result<(), String> {
    const HINT: &str = "protowright works offline and does not fetch remote inputs; clone or \
                        download it first and pass the local path (e.g. path/to/repo/.git#branch=main)";
    let lower = path.to_ascii_lowercase();
    for scheme in ["http://", "https://", "ssh://", "git://", "git+ssh://"] {
        if lower.starts_with(scheme) {
            return Err(format!("remote inputs are not supported: {HINT}"));
        }
    }
    // scp-like git remotes: user@host:path.git
    if let Some((user_host, rest)) = path.split_once(':') {
        if user_host.contains('@')
            && !user_host.contains('/')
            && rest.trim_end_matches('/').ends_with(".git")
        {
            return Err(format!("remote inputs are not supported: {HINT}"));
        }
    }
    Ok(())
}

/// `-` and the device paths buf treats as images by default.
fn is_stdio(path: &Path) -> bool {
    path == Path::new("-")
        || path == Path::new("/dev/stdin")
        || path == Path::new("/dev/stdout")
        || is_dev_null(path)
}

fn is_dev_null(path: &Path) -> bool {
    path == Path::new("/dev/null")
}

fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) => &name[i..],
        None => "",
    }
}

fn suffix_compression(path: &str) -> Compression {
    match extension(path) {
        ".gz" | ".tgz" => Compression::Gzip,
        ".zst" => Compression::Zstd,
        _ => Compression::None,
    }
}

/// The format implied by a path, as buf infers it.
fn detect(path: &str) -> Result<(Format, Compression), String> {
    if is_stdio(Path::new(path)) {
        return Ok((
            Format::Image(ImageFormat::Binpb, Compression::None),
            Compression::None,
        ));
    }
    let by_ext = |ext: &str| -> Option<Format> {
        Some(match ext {
            ".bin" | ".binpb" => Format::Image(ImageFormat::Binpb, Compression::None),
            ".json" => Format::Image(ImageFormat::Json, Compression::None),
            ".txtpb" => Format::Image(ImageFormat::Txtpb, Compression::None),
            ".yaml" => Format::Image(ImageFormat::Yaml, Compression::None),
            ".tar" => Format::Archive("tar"),
            _ => return None,
        })
    };
    let ext = extension(path);
    Ok(match ext {
        ".gz" | ".zst" => {
            let compression = suffix_compression(path);
            let inner = extension(&path[..path.len() - ext.len()]);
            match by_ext(inner) {
                Some(format) => (format, compression),
                None => {
                    return Err(format!(
                        "path {path:?} had {ext} extension with unknown format"
                    ))
                }
            }
        }
        ".tgz" => (Format::Archive("tar"), Compression::Gzip),
        ".zip" => (Format::Archive("zip"), Compression::None),
        ".git" => (Format::Git, Compression::None),
        ".proto" => {
            if Path::new(path).is_dir() {
                (Format::Dir, Compression::None)
            } else {
                (Format::ProtoFile, Compression::None)
            }
        }
        _ => match by_ext(ext) {
            Some(format) => (format, Compression::None),
            None if looks_like_module(path) && !Path::new(path).is_dir() => {
                (Format::Module, Compression::None)
            }
            None => (Format::Dir, Compression::None),
        },
    })
}

/// Whether `path` parses as a module reference `remote/owner/repository[:ref]`.
fn looks_like_module(path: &str) -> bool {
    let name = path.split_once(':').map_or(path, |(name, _)| name);
    let parts: Vec<&str> = name.split('/').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// Normalises and validates `subdir=`: relative, inside the repository, `None` for `.`.
fn parse_subdir(value: &str) -> Result<Option<String>, String> {
    let value = value.replace('\\', "/");
    if value.starts_with('/') {
        return Err(format!("{value}: expected to be relative"));
    }
    let normalized = crate::tree::normalize(&value);
    if normalized == ".." || normalized.starts_with("../") {
        return Err(format!("{value}: is outside the context directory"));
    }
    Ok((normalized != ".").then_some(normalized))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(path: &str, format: ImageFormat, compression: Compression) -> InputSpec {
        InputSpec::Image(ImageInput {
            path: path.into(),
            format,
            compression,
        })
    }

    fn git(path: &str, reference: GitRef, subdir: Option<&str>) -> InputSpec {
        InputSpec::Git(GitInput {
            repo: path.into(),
            reference,
            subdir: subdir.map(str::to_string),
            depth: None,
            recurse_submodules: false,
        })
    }

    fn dir(path: &str) -> InputSpec {
        InputSpec::Dir { path: path.into() }
    }

    fn proto(path: &str, include_package_files: bool) -> InputSpec {
        InputSpec::ProtoFile {
            path: path.into(),
            include_package_files,
        }
    }

    #[test]
    fn parse_valid_inputs() {
        use Compression::{Gzip, Zstd};
        use ImageFormat::*;
        let cases: Vec<(&str, InputSpec)> = vec![
            (".", dir(".")),
            ("proto", dir("proto")),
            ("  proto/  ", dir("proto/")),
            ("a/c.yml", dir("a/c.yml")),
            ("proto#format=dir", dir("proto")),
            ("proto#include_package_files=true", dir("proto")),
            ("a/b.proto", proto("a/b.proto", false)),
            (
                "a/b.proto#include_package_files=true",
                proto("a/b.proto", true),
            ),
            ("a/b.proto#format=protofile", proto("a/b.proto", false)),
            ("x.binpb", image("x.binpb", Binpb, Compression::None)),
            ("x.bin", image("x.bin", Binpb, Compression::None)),
            ("x.json", image("x.json", Json, Compression::None)),
            ("x.txtpb", image("x.txtpb", Txtpb, Compression::None)),
            ("x.yaml", image("x.yaml", Yaml, Compression::None)),
            ("x.binpb.gz", image("x.binpb.gz", Binpb, Gzip)),
            ("x.bin.zst", image("x.bin.zst", Binpb, Zstd)),
            ("x.json.gz", image("x.json.gz", Json, Gzip)),
            ("x.txtpb.zst", image("x.txtpb.zst", Txtpb, Zstd)),
            ("-", image("-", Binpb, Compression::None)),
            ("/dev/stdin", image("/dev/stdin", Binpb, Compression::None)),
            ("-#format=json", image("-", Json, Compression::None)),
            ("x.out#format=json", image("x.out", Json, Compression::None)),
            (
                "x.binpb#format=bin",
                image("x.binpb", Binpb, Compression::None),
            ),
            ("x.binpb.gz#format=binpb", image("x.binpb.gz", Binpb, Gzip)),
            (
                "x.binpb.gz#compression=none",
                image("x.binpb.gz", Binpb, Compression::None),
            ),
            ("x.img#format=bingz", image("x.img", Binpb, Gzip)),
            ("x.img#format=jsongz", image("x.img", Json, Gzip)),
            (
                "x.img#format=jsongz,compression=zstd",
                image("x.img", Json, Zstd),
            ),
            ("x.binpb#compression=zstd", image("x.binpb", Binpb, Zstd)),
            (
                " x.binpb # format = bin ",
                image("x.binpb", Binpb, Compression::None),
            ),
            (".git", git(".git", GitRef::Head, None)),
            ("repo/.git", git("repo/.git", GitRef::Head, None)),
            ("file:///r/.git", git("/r/.git", GitRef::Head, None)),
            ("repo#format=git", git("repo", GitRef::Head, None)),
            (
                ".git#branch=main",
                git(".git", GitRef::Branch("main".into()), None),
            ),
            (
                ".git#tag=v1.0",
                git(".git", GitRef::Tag("v1.0".into()), None),
            ),
            (
                ".git#commit=abc123",
                git(".git", GitRef::Commit("abc123".into()), None),
            ),
            (
                ".git#ref=HEAD~1",
                git(
                    ".git",
                    GitRef::Ref {
                        name: "HEAD~1".into(),
                        branch: None,
                    },
                    None,
                ),
            ),
            (
                ".git#ref=HEAD~1,branch=dev",
                git(
                    ".git",
                    GitRef::Ref {
                        name: "HEAD~1".into(),
                        branch: Some("dev".into()),
                    },
                    None,
                ),
            ),
            (
                ".git#branch=main,subdir=./proto/a/",
                git(".git", GitRef::Branch("main".into()), Some("proto/a")),
            ),
            (".git#subdir=.", git(".git", GitRef::Head, None)),
            (
                ".git#recurse_submodules=false",
                git(".git", GitRef::Head, None),
            ),
        ];
        for (input, want) in cases {
            match parse(input) {
                Ok(got) => assert_eq!(got, want, "{input}"),
                Err(err) => panic!("{input}: unexpected error: {err}"),
            }
        }
    }

    #[test]
    fn parse_git_depth_and_submodules() {
        let InputSpec::Git(g) = parse(".git#depth=5,recurse_submodules=true").unwrap() else {
            panic!("not git");
        };
        assert_eq!(g.depth, Some(5));
        assert!(g.recurse_submodules);
    }

    #[test]
    fn parse_errors() {
        // (input, expected substring of the message) — wording follows buf 1.75.
        let cases = [
            ("", "input is required"),
            ("   ", "input is required"),
            ("#format=bin", "starts with # which is invalid"),
            ("x.binpb#", "ends with # which is invalid"),
            ("a#b#c", "has multiple #s which is invalid"),
            ("x.binpb#format", "invalid options: \"format\""),
            ("x.binpb#a=b=c", "invalid options: \"a=b=c\""),
            ("x.binpb#,", "invalid options: \",\""),
            ("x.binpb#format=bin,", "invalid options: \"format=bin,\""),
            (
                "x.binpb#format=bin,format=json",
                "duplicate options key: \"format\"",
            ),
            ("x.binpb#format=foo", "unknown format: \"foo\""),
            (
                "x.binpb#compression=foo",
                "unknown compression: \"foo\" (valid values are \"none,gzip,zstd\")",
            ),
            ("repo/.git#foo=bar", "invalid key: \"foo\""),
            ("repo/.git#foo=bar,baz=1", "invalid keys: \"baz, foo\""),
            (
                "x.foo.gz",
                "path \"x.foo.gz\" had .gz extension with unknown format",
            ),
            (
                "x.foo.zst",
                "path \"x.foo.zst\" had .zst extension with unknown format",
            ),
            (
                "r/.git#branch=main,tag=v1",
                "must specify only one of \"branch\", \"commit\", or \"tag\"",
            ),
            (
                "r/.git#branch=main,commit=abc",
                "must specify only one of \"branch\", \"commit\", or \"tag\"",
            ),
            (
                "r/.git#tag=v1,commit=abc",
                "must specify only one of \"branch\", \"commit\", or \"tag\"",
            ),
            (
                "r/.git#ref=HEAD,tag=v1",
                "cannot specify \"commit\" or \"tag\" with \"ref\"",
            ),
            (
                "r/.git#ref=HEAD,commit=abc",
                "cannot specify \"commit\" or \"tag\" with \"ref\"",
            ),
            ("r/.git#depth=0", "\"depth\" must be >0 if specified"),
            ("r/.git#depth=x", "could not parse \"depth\" value \"x\""),
            (
                "r/.git#recurse_submodules=yes",
                "could not parse recurse_submodules value \"yes\"",
            ),
            ("r/.git#subdir=../x", "../x: is outside the context directory"),
            ("r/.git#subdir=a/../../x", "is outside the context directory"),
            ("r/.git#subdir=/abs", "/abs: expected to be relative"),
            (
                "r/.git#strip_components=1",
                "invalid options for input \"r/.git#strip_components=1\" for format \"git\": archive options set",
            ),
            (
                "x.binpb#branch=main",
                "invalid options for input \"x.binpb#branch=main\" for format \"binpb\": git options set",
            ),
            (
                "proto#depth=5",
                "for format \"dir\": git options set",
            ),
            (
                "proto#subdir=a",
                "invalid options for input \"proto#subdir=a\" for format \"dir\": subdir set",
            ),
            ("x.binpb#subdir=a", "for format \"binpb\": subdir set"),
            ("a/b.proto#subdir=a", "for format \"protofile\": subdir set"),
            (
                "proto#compression=gzip",
                "for format \"dir\": compression set",
            ),
            (
                "a/b.proto#include_package_files=yes",
                "invalid value \"yes\" for key: \"include_package_files\"",
            ),
            ("x.tar", "tar archives are not supported"),
            ("x.tar.gz", "tar archives are not supported"),
            ("x.tgz", "tar archives are not supported"),
            ("x.zip", "zip archives are not supported"),
            ("proto#format=zip", "zip archives are not supported"),
            ("https://github.com/foo/bar.git", "remote inputs are not supported"),
            (
                "https://github.com/foo/bar.git#branch=main",
                "remote inputs are not supported",
            ),
            ("ssh://git@github.com/foo/bar.git", "remote inputs are not supported"),
            ("git://host/x.git", "remote inputs are not supported"),
            ("git@github.com:foo/bar.git", "remote inputs are not supported"),
            ("HTTPS://example.com/x.binpb", "remote inputs are not supported"),
            ("http://example.com/x", "remote inputs are not supported"),
            (
                "buf.build/acme/weather",
                "looks like a Buf Schema Registry module",
            ),
            (
                "buf.build/acme/weather:main",
                "looks like a Buf Schema Registry module",
            ),
            ("x#format=mod", "looks like a Buf Schema Registry module"),
            (
                "/dev/null#format=json",
                "format override is not allowed if path is /dev/null",
            ),
            ("-#format=dir", "invalid dir path: \"-\""),
            ("-#format=git", "invalid git path: \"-\""),
        ];
        for (input, want) in cases {
            match parse(input) {
                Ok(spec) => panic!("{input:?}: expected an error, got {spec:?}"),
                Err(err) => {
                    let msg = err.to_string();
                    assert!(msg.contains(want), "{input:?}: {msg:?} lacks {want:?}");
                    assert!(
                        matches!(err.kind(), crate::error::ErrorKind::Input { .. }),
                        "{input:?}: not an input error"
                    );
                }
            }
        }
    }

    #[test]
    fn module_like_path_that_is_a_directory_is_a_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("a/b");
        std::fs::create_dir_all(&d).unwrap();
        let dir_path = d.to_str().unwrap().to_string();
        // An absolute path has more than three components, so use a relative-looking check on
        // the helper and the end-to-end path on the filesystem.
        assert!(looks_like_module("buf.build/acme/weather"));
        assert!(looks_like_module("buf.build/acme/weather:v1"));
        assert!(!looks_like_module("a/b"));
        assert!(!looks_like_module("a/b/c/d"));
        assert_eq!(parse(&dir_path).unwrap(), dir(&dir_path));
        // A directory named like a proto file is a directory.
        let pd = tmp.path().join("x.proto");
        std::fs::create_dir_all(&pd).unwrap();
        let pd = pd.to_str().unwrap();
        assert_eq!(parse(pd).unwrap(), dir(pd));
    }

    #[test]
    fn image_output_paths() {
        use Compression::*;
        use ImageFormat::*;
        let cases = [
            ("out.binpb", Binpb, None),
            ("out", Binpb, None),
            ("out.txt", Binpb, None),
            ("-", Binpb, None),
            ("-#format=json", Json, None),
            ("out.json", Json, None),
            ("out.json.gz", Json, Gzip),
            ("out.binpb.zst", Binpb, Zstd),
            ("out.txtpb", Txtpb, None),
            ("out.yaml", Yaml, None),
            ("out#format=json,compression=gzip", Json, Gzip),
            ("out#format=bingz", Binpb, Gzip),
        ];
        for (raw, format, compression) in cases {
            let got = parse_image_output(raw).unwrap();
            assert_eq!(
                (got.format, got.compression),
                (format, compression),
                "{raw}"
            );
        }
        for (raw, want) in [
            ("out#format=dir", "must be one of"),
            ("out#branch=main", "invalid key: \"branch\""),
            ("x.foo.gz", "had .gz extension with unknown format"),
            ("https://x/y.binpb", "remote inputs are not supported"),
        ] {
            let err = parse_image_output(raw).unwrap_err().to_string();
            assert!(err.contains(want), "{raw}: {err}");
        }
    }

    #[test]
    fn git_display() {
        let InputSpec::Git(g) = parse("repo/.git#subdir=proto,ref=HEAD~1,branch=dev").unwrap()
        else {
            panic!()
        };
        assert_eq!(g.display(), "repo/.git#ref=HEAD~1,branch=dev,subdir=proto");
        let InputSpec::Git(g) = parse(".git").unwrap() else {
            panic!()
        };
        assert_eq!(g.display(), ".git");
    }
}
