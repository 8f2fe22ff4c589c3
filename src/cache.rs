//! A content-addressed cache of command results (lint findings, breaking findings), so that a
//! re-run on unchanged inputs costs about reading the files.
//!
//! - **Key**: a SHA-256 over protowright's version and executable (path, size, modification
//!   time: a rebuilt binary never reads another build's entries), the command and its options,
//!   the resolved configuration, and every workspace file (name, paths, contents) — see
//!   [`crate::load::ReadInput::fingerprint`]. Any change to a file, an import, a buf.yaml or the
//!   binary gives another key.
//! - **Entry**: `<dir>/v1/<command>/<first two hex digits>/<key hex>`: a header line, the SHA-256
//!   of the payload, then the payload. An entry that is truncated, corrupt or of another format
//!   is ignored (the result is recomputed and the entry rewritten), never an error.
//! - **Writes** go to a temporary file in the same directory, renamed over the entry: readers
//!   see a whole entry or none, and concurrent runs writing the same key write the same bytes.
//!   Failing to write (read-only disk, full disk) is logged with `--debug` and otherwise ignored.
//! - **Location**: `$PROTOWRIGHT_CACHE_DIR`, else `$XDG_CACHE_HOME/protowright`, else
//!   `$HOME/.cache/protowright`. `--no-cache` (or `PROTOWRIGHT_NO_CACHE=1`) neither reads nor
//!   writes. Nothing is ever evicted: delete the directory to reclaim the space.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
};

use sha2::{Digest, Sha256};

/// Bumped when the entry format or what a key covers changes.
const FORMAT: &str = "protowright-cache 1";

/// The cache directory, or none when caching is off.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache as the environment configures it; `disabled` is `--no-cache`.
    pub fn from_env(disabled: bool) -> Cache {
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let off = disabled || env("PROTOWRIGHT_NO_CACHE").is_some_and(|v| v != "0" && v != "false");
        let dir = if off {
            None
        } else if let Some(dir) = env("PROTOWRIGHT_CACHE_DIR") {
            Some(PathBuf::from(dir))
        } else if let Some(dir) = env("XDG_CACHE_HOME") {
            Some(PathBuf::from(dir).join("protowright"))
        } else {
            env("HOME").map(|home| PathBuf::from(home).join(".cache").join("protowright"))
        };
        Cache { dir }
    }

    /// A cache in `dir` (tests).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: Some(dir.into()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    fn path(&self, command: &str, key: &Key) -> Option<PathBuf> {
        let hex = key.hex();
        Some(
            self.dir
                .as_ref()?
                .join("v1")
                .join(command)
                .join(&hex[..2])
                .join(hex),
        )
    }

    /// The payload stored under `key`, if there is a whole, intact one.
    pub fn get(&self, command: &str, key: &Key) -> Option<Vec<u8>> {
        let path = self.path(command, key)?;
        let bytes = std::fs::read(&path).ok()?;
        let payload = decode_entry(&bytes);
        crate::log::debug(
            "cache",
            &[
                ("command", command.to_string()),
                (
                    "lookup",
                    if payload.is_some() {
                        "hit"
                    } else {
                        "corrupt entry ignored"
                    }
                    .to_string(),
                ),
                ("entry", path.display().to_string()),
            ],
        );
        payload.map(<[u8]>::to_vec)
    }

    /// Stores `payload` under `key` (atomically; errors are only logged).
    pub fn put(&self, command: &str, key: &Key, payload: &[u8]) {
        let Some(path) = self.path(command, key) else {
            return;
        };
        if let Err(err) = write_atomically(&path, &encode_entry(payload)) {
            crate::log::debug(
                "cache",
                &[
                    ("command", command.to_string()),
                    ("write failed", err.to_string()),
                    ("entry", path.display().to_string()),
                ],
            );
        }
    }
}

fn encode_entry(payload: &[u8]) -> Vec<u8> {
    let sum = hex(&Sha256::digest(payload));
    let mut out = Vec::with_capacity(payload.len() + FORMAT.len() + 66);
    out.extend_from_slice(FORMAT.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(sum.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload);
    out
}

/// The payload of an entry whose header and checksum are right.
fn decode_entry(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(FORMAT.as_bytes())?.strip_prefix(b"\n")?;
    let (sum, payload) = (rest.get(..64)?, rest.get(64..)?.strip_prefix(b"\n")?);
    (sum == hex(&Sha256::digest(payload)).as_bytes()).then_some(payload)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A cache key: SHA-256 of everything a result depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    pub fn hex(&self) -> String {
        hex(&self.0)
    }
}

/// Builds a [`Key`] from named parts (each length-prefixed, so parts cannot run into each other).
pub struct KeyBuilder(Sha256);

impl KeyBuilder {
    /// A key for `command`, salted with this build of protowright.
    pub fn new(command: &str) -> KeyBuilder {
        let mut key = KeyBuilder::with_version(command, env!("CARGO_PKG_VERSION"));
        key.add("executable", executable_stamp().as_bytes());
        key
    }

    /// A key for `command` of protowright `version`, not salted with the executable.
    pub fn with_version(command: &str, version: &str) -> KeyBuilder {
        let mut key = KeyBuilder(Sha256::new());
        key.add("format", FORMAT.as_bytes());
        key.add("version", version.as_bytes());
        key.add("command", command.as_bytes());
        key
    }

    pub fn add(&mut self, name: &str, value: &[u8]) {
        for part in [name.as_bytes(), value] {
            self.0.update((part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
    }

    pub fn finish(self) -> Key {
        Key(self.0.finalize().into())
    }
}

/// The running executable's path, size and modification time (empty when unknown).
fn executable_stamp() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return String::new();
    };
    let Ok(meta) = std::fs::metadata(&exe) else {
        return String::new();
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{}:{modified}", exe.display(), meta.len())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_damage_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let key = KeyBuilder::new("lint").finish();
        assert_eq!(cache.get("lint", &key), None);
        cache.put("lint", &key, b"payload");
        assert_eq!(cache.get("lint", &key).as_deref(), Some(&b"payload"[..]));
        let path = cache.path("lint", &key).unwrap();
        let whole = std::fs::read(&path).unwrap();
        // Truncated, flipped byte, empty, other format: all misses.
        for damaged in [
            whole[..whole.len() - 1].to_vec(),
            {
                let mut b = whole.clone();
                *b.last_mut().unwrap() ^= 1;
                b
            },
            Vec::new(),
            {
                let mut b = whole.clone();
                b[FORMAT.len() - 1] = b'9';
                b
            },
        ] {
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(cache.get("lint", &key), None);
        }
        // No temporary files are left behind.
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn keys_depend_on_version_command_and_parts() {
        let key = |version: &str, command: &str, parts: &[(&str, &[u8])]| {
            let mut k = KeyBuilder::with_version(command, version);
            for (name, value) in parts {
                k.add(name, value);
            }
            k.finish()
        };
        let base = key("0.1.0", "lint", &[("a", b"x")]);
        assert_eq!(base, key("0.1.0", "lint", &[("a", b"x")]));
        assert_ne!(base, key("0.1.1", "lint", &[("a", b"x")]));
        assert_ne!(base, key("0.1.0", "breaking", &[("a", b"x")]));
        assert_ne!(base, key("0.1.0", "lint", &[("a", b"y")]));
        // Length prefixes: moving a byte between parts changes the key.
        assert_ne!(
            key("0.1.0", "lint", &[("a", b"xy"), ("b", b"")]),
            key("0.1.0", "lint", &[("a", b"x"), ("b", b"y")])
        );
    }

    #[test]
    fn disabled_cache_neither_reads_nor_writes() {
        let cache = Cache { dir: None };
        let key = KeyBuilder::new("lint").finish();
        cache.put("lint", &key, b"x");
        assert_eq!(cache.get("lint", &key), None);
        assert!(!cache.enabled());
    }
}
