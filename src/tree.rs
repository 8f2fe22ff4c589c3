//! A read-only tree of files that inputs are compiled from: a directory on disk, or files held in
//! memory (a git tree read from the object database). Keys are `/`-separated paths relative to the
//! tree's root, never starting with `/` or containing `..`.

use std::{
    collections::BTreeMap,
    io,
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct FileTree {
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Disk {
        root: PathBuf,
        follow_symlinks: bool,
    },
    Memory {
        label: String,
        files: Arc<BTreeMap<String, Vec<u8>>>,
    },
}

impl FileTree {
    /// A tree rooted at a directory on disk; symbolic links are followed.
    pub fn disk(root: impl Into<PathBuf>) -> Self {
        Self::disk_with(root, true)
    }

    /// A tree rooted at a directory on disk; with `follow_symlinks` false, linked files and
    /// directories are not part of it (buf's `--disable-symlinks`).
    pub fn disk_with(root: impl Into<PathBuf>, follow_symlinks: bool) -> Self {
        FileTree {
            kind: Kind::Disk {
                root: root.into(),
                follow_symlinks,
            },
        }
    }

    /// A tree held in memory; `label` names it in messages (e.g. `.git#branch=main`).
    pub fn memory(label: impl Into<String>, files: BTreeMap<String, Vec<u8>>) -> Self {
        FileTree {
            kind: Kind::Memory {
                label: label.into(),
                files: Arc::new(files),
            },
        }
    }

    /// The on-disk root, for trees that have one.
    pub fn disk_root(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Disk { root, .. } => Some(root),
            Kind::Memory { .. } => None,
        }
    }

    /// How a path in this tree is named in messages.
    pub fn display(&self, rel: &str) -> String {
        match &self.kind {
            Kind::Disk { root, .. } => {
                if rel.is_empty() {
                    root.display().to_string()
                } else {
                    root.join(rel).display().to_string()
                }
            }
            Kind::Memory { label, .. } => format!("{label}:{rel}"),
        }
    }

    /// Reads a file; `Ok(None)` when it does not exist.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        match &self.kind {
            Kind::Disk { root, .. } => {
                let path = root.join(rel);
                match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
                    Err(err) if path.is_dir() => Err(Error::io(
                        path,
                        io::Error::new(
                            io::ErrorKind::InvalidInput,
                            format!("is a directory: {err}"),
                        ),
                    )),
                    Err(err) => Err(Error::io(path, err)),
                }
            }
            Kind::Memory { files, .. } => Ok(files.get(rel).cloned()),
        }
    }

    pub fn is_file(&self, rel: &str) -> bool {
        match &self.kind {
            Kind::Disk { root, .. } => root.join(rel).is_file(),
            Kind::Memory { files, .. } => files.contains_key(rel),
        }
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        match &self.kind {
            Kind::Disk { root, .. } => root.join(rel).is_dir(),
            Kind::Memory { files, .. } => {
                if rel.is_empty() || rel == "." {
                    return true;
                }
                let prefix = format!("{}/", rel.trim_end_matches('/'));
                files
                    .range(prefix.clone()..)
                    .next()
                    .is_some_and(|(k, _)| k.starts_with(&prefix))
            }
        }
    }

    /// Every `.proto` file below `under` (`""` for the whole tree), sorted, as tree-relative keys.
    /// Hidden directories (`.git`, `.venv`, …) are skipped, like buf does for `.git`.
    pub fn protos_under(&self, under: &str) -> Result<Vec<String>> {
        let under = under.trim_end_matches('/');
        let mut out = Vec::new();
        match &self.kind {
            Kind::Disk {
                root,
                follow_symlinks,
            } => {
                let start = if under.is_empty() || under == "." {
                    root.clone()
                } else {
                    root.join(under)
                };
                let walker = walkdir::WalkDir::new(&start)
                    .follow_links(*follow_symlinks)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                    });
                for entry in walker {
                    let entry = entry.map_err(|err| {
                        let path = err.path().unwrap_or(&start).to_path_buf();
                        let io_err = err
                            .into_io_error()
                            .unwrap_or_else(|| io::Error::other("filesystem loop"));
                        Error::io(path, io_err)
                    })?;
                    if !entry.file_type().is_file()
                        || entry.path().extension().is_none_or(|e| e != "proto")
                    {
                        continue;
                    }
                    let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    out.push(path_to_key(rel));
                }
            }
            Kind::Memory { files, .. } => {
                let prefix = if under.is_empty() || under == "." {
                    String::new()
                } else {
                    format!("{under}/")
                };
                for key in files.keys() {
                    if key.starts_with(&prefix)
                        && key.ends_with(".proto")
                        && !key.split('/').any(|c| c.starts_with('.'))
                    {
                        out.push(key.clone());
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Converts a relative filesystem path to a `/`-separated key.
pub fn path_to_key(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Joins and lexically normalises `/`-separated paths: `a/./b/../c` → `a/c`. Leading `..` are kept;
/// the empty path is `.`.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// `base` joined with `rel`, normalised; `.` as base adds nothing.
pub fn join(base: &str, rel: &str) -> String {
    if base.is_empty() || base == "." {
        normalize(rel)
    } else if rel.is_empty() || rel == "." {
        normalize(base)
    } else {
        normalize(&format!("{base}/{rel}"))
    }
}

/// Whether `path` is `prefix` or lies below it (component-wise; `.` contains everything relative).
pub fn is_within(path: &str, prefix: &str) -> bool {
    if prefix.is_empty() || prefix == "." {
        return !path.starts_with("..") && !path.starts_with('/');
    }
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_cases() {
        for (input, want) in [
            ("a/./b/../c", "a/c"),
            ("./a", "a"),
            ("", "."),
            (".", "."),
            ("../a/../../b", "../../b"),
            ("/x/../y", "/y"),
            ("a//b/", "a/b"),
        ] {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    #[test]
    fn within() {
        assert!(is_within("a/b.proto", "a"));
        assert!(is_within("a", "a"));
        assert!(!is_within("ab/c.proto", "a"));
        assert!(is_within("x.proto", "."));
        assert!(!is_within("../x.proto", "."));
    }

    #[test]
    fn memory_tree_lists_protos_and_dirs() {
        let mut files = BTreeMap::new();
        files.insert("a/x.proto".to_string(), b"".to_vec());
        files.insert("a/.hidden/y.proto".to_string(), b"".to_vec());
        files.insert("b/buf.yaml".to_string(), b"".to_vec());
        let tree = FileTree::memory("mem", files);
        assert_eq!(tree.protos_under("").unwrap(), vec!["a/x.proto"]);
        assert!(tree.is_dir("a"));
        assert!(tree.is_dir("b"));
        assert!(!tree.is_dir("c"));
        assert!(tree.is_file("b/buf.yaml"));
    }
}
