//! Writing generated files: compare with what is on disk, then write only what changed, each
//! file atomically (temp file + rename) and never outside the output directory.

use std::path::{Path, PathBuf};

use super::Files;
use crate::{Error, Result};

/// What differs between generated files and an output directory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Generated but not on disk.
    pub missing: Vec<PathBuf>,
    /// On disk with other content.
    pub stale: Vec<PathBuf>,
    /// Unchanged.
    pub unchanged: Vec<PathBuf>,
}

impl Diff {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty()
    }
}

/// Compares generated files with `out`.
pub fn diff(out: &Path, files: &Files) -> Result<Diff> {
    let mut d = Diff::default();
    for (rel, content) in files {
        let path = out.join(rel);
        match std::fs::read(&path) {
            Ok(existing) if existing == content.as_bytes() => d.unchanged.push(rel.clone()),
            Ok(_) => d.stale.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => d.missing.push(rel.clone()),
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Ok(d)
}

/// Files under `out` with one of `suffixes` that were not generated (for `--check` and
/// `clean`), relative to `out`.
pub fn extra_files(out: &Path, files: &Files, suffixes: &[&str]) -> Result<Vec<PathBuf>> {
    let mut extra = Vec::new();
    if !out.is_dir() {
        return Ok(extra);
    }
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(out).to_path_buf();
            Error::io(path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if !suffixes.iter().any(|s| name.ends_with(s)) {
            continue;
        }
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        if !files.contains_key(rel) {
            extra.push(rel.to_path_buf());
        }
    }
    Ok(extra)
}

/// Writes the files that are missing or stale; returns the paths written.
pub fn write(out: &Path, files: &Files) -> Result<Vec<PathBuf>> {
    let d = diff(out, files)?;
    let mut written = Vec::new();
    for rel in d.missing.iter().chain(&d.stale) {
        let path = out.join(rel);
        write_atomic(&path, files[rel].as_bytes())?;
        written.push(rel.clone());
    }
    written.sort();
    Ok(written)
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, content).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert("a/x.py".into(), "one".into());
        files.insert("b.py".into(), "two".into());
        assert_eq!(write(dir.path(), &files).unwrap().len(), 2);
        assert!(write(dir.path(), &files).unwrap().is_empty());
        files.insert("b.py".into(), "three".into());
        assert_eq!(
            write(dir.path(), &files).unwrap(),
            vec![PathBuf::from("b.py")]
        );
        std::fs::write(dir.path().join("old.py"), "x").unwrap();
        assert_eq!(
            extra_files(dir.path(), &files, &[".py"]).unwrap(),
            vec![PathBuf::from("old.py")]
        );
    }
}
