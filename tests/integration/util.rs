//! Test helpers: run the binary in an isolated directory, find reference tools.

#![allow(dead_code)]

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository, when present (from a worktree under `wt/`, one level
/// further up).
pub fn shared() -> Option<PathBuf> {
    ["../shared", "../../shared"]
        .into_iter()
        .map(|d| repo().join(d))
        .find(|d| d.join("corpus").is_dir())
        .map(|d| d.canonicalize().unwrap())
}

/// Whether we run in CI, where a missing tool is a failure rather than a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Call when something a test needs is missing: skips (returns) locally, fails in CI.
pub fn missing(what: &str) {
    assert!(
        !in_ci(),
        "{what} is required when CI=true (.ci/run installs it)"
    );
    eprintln!("SKIPPED: {what} is not available; install it (see .ci/run) to run this test");
}

/// The reference `buf` 1.75.0: `$PROTOWRIGHT_BUF`, then `target/tools` (installed by .ci/run),
/// then `buf` on PATH if it is that version.
pub fn buf() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("PROTOWRIGHT_BUF").map(PathBuf::from),
        Some(repo().join("target/tools/node_modules/.bin/buf")),
        which("buf"),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "1.75.0")
    })
}

/// `python3 -m grpc_tools.protoc`, when grpcio-tools is installed.
pub fn protoc() -> Option<Vec<String>> {
    let ok = Command::new("python3")
        .args(["-c", "import grpc_tools.protoc"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| vec!["python3".into(), "-m".into(), "grpc_tools.protoc".into()])
}

/// The `_proto` directory of grpcio-tools (the well-known types, for `-I`).
pub fn grpc_tools_include() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))",
        ])
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && dir.is_dir()).then_some(dir)
}

pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// A fresh temporary directory with files written into it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating directories); returns self for chaining.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Runs `protowright ARGS` in this directory with a clean environment.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

/// Runs the binary in `dir` with only PATH and HOME set.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

/// Runs the binary in `dir` with only PATH, HOME and `env` set.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    Run(command(dir, args, env).output().unwrap())
}

/// The command [`run_env`] runs.
pub fn command(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_protowright"));
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .envs(env.iter().copied());
    command
}

/// The result of one run, with assertion helpers that print everything on failure.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n--- stderr\n{}",
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn stdout_is(&self, want: &str) -> &Self {
        assert_eq!(self.stdout(), want, "--- stderr\n{}", self.stderr());
        self
    }
    #[track_caller]
    pub fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr().contains("panicked"),
            "panic:\n{}",
            self.stderr()
        );
        self
    }
}

/// The googleapis corpus from `../shared/corpus`, unpacked once under the target directory.
/// `None` (after saying why) when `../shared` is absent; in CI that is a failure.
pub fn googleapis() -> Option<PathBuf> {
    let Some(shared) = shared() else {
        missing("../shared (the googleapis corpus)");
        return None;
    };
    let dest = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let root = dest.join("googleapis");
    if !root.join("google").is_dir() {
        // Unpack beside the destination and rename, so concurrent tests never see half a tree.
        std::fs::create_dir_all(&dest).unwrap();
        let staging = tempfile::tempdir_in(&dest).unwrap();
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(shared.join("corpus/googleapis.tar.gz"))
            .arg("-C")
            .arg(staging.path())
            .status()
            .expect("tar runs");
        assert!(status.success(), "unpacking the corpus failed");
        let _ = std::fs::rename(staging.path().join("googleapis"), &root);
    }
    Some(root)
}

/// Every `.proto` file below `dir`, as `/`-separated paths relative to it, sorted.
pub fn protos_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "proto"))
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Decodes a binary FileDescriptorSet's file names.
pub fn image_file_names(bytes: &[u8]) -> Vec<String> {
    use prost::Message;
    prost_types::FileDescriptorSet::decode(bytes)
        .expect("a valid image")
        .file
        .into_iter()
        .map(|f| f.name().to_string())
        .collect()
}

/// The `.proto` files below each of `dirs` (relative to `root`), as `/`-separated paths relative
/// to `root`, sorted.
pub fn proto_files(root: &Path, dirs: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = dirs
        .iter()
        .flat_map(|d| {
            protos_under(&root.join(d))
                .into_iter()
                .map(move |f| format!("{d}/{f}"))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every file below `dir`, as `/`-separated relative paths.
pub fn files_under(dir: &Path) -> BTreeSet<String> {
    if !dir.is_dir() {
        return BTreeSet::new();
    }
    walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// A differential test's ratchet: a file listing `case:path` entries already identical to the
/// reference. With `PROTOWRIGHT_UPDATE_RATCHET` set, rewrites the file from `same` (after
/// `header`, `#` lines); otherwise fails when an entry of a case that ran is no longer in `same`.
pub fn check_ratchet(
    path: &Path,
    header: &str,
    ran: &BTreeSet<&str>,
    same: &[String],
    different: &[String],
) {
    if std::env::var_os("PROTOWRIGHT_UPDATE_RATCHET").is_some() {
        let mut text = header.to_string();
        for s in same {
            text.push_str(s);
            text.push('\n');
        }
        std::fs::write(path, text).unwrap();
        return;
    }
    let ratchet = std::fs::read_to_string(path).unwrap_or_default();
    let same: BTreeSet<&str> = same.iter().map(String::as_str).collect();
    let regressed: Vec<&str> = ratchet
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter(|l| l.split(':').next().is_some_and(|c| ran.contains(c)))
        .filter(|l| !same.contains(l))
        .collect();
    assert!(
        regressed.is_empty(),
        "no longer identical to the reference:\n{}\nstill different:\n{}",
        regressed.join("\n"),
        different.join("\n")
    );
    let newly = same
        .iter()
        .filter(|s| !ratchet.lines().any(|l| l == **s))
        .count();
    if newly > 0 {
        eprintln!(
            "{newly} newly identical files; update {} with PROTOWRIGHT_UPDATE_RATCHET=1",
            path.display()
        );
    }
}

/// A Go protoc plugin of the expected `--version` output: `$PROTOWRIGHT_GO_BIN`,
/// `target/tools/go/bin` (installed by .ci/run), then PATH.
pub fn go_plugin(name: &str, version: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("PROTOWRIGHT_GO_BIN").map(|d| PathBuf::from(d).join(name)),
        Some(repo().join("target/tools/go/bin").join(name)),
        which(name),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == version)
    })
}

/// The header lines of Go output that name tool versions: protoc-gen-go prints
/// `// \tprotoc-gen-go v1.36.11` and `// \tprotoc        v7.35.1` (`(unknown)` under buf),
/// protoc-gen-go-grpc `// - protoc-gen-go-grpc v1.6.2` and `// - protoc             v7.35.1`;
/// protowright, which is not protoc, prints `protowright vX.Y.Z` (`// \t…` or `// - …`) there.
const GO_VERSION_LINES: &[&str] = &[
    "// \tprotoc-gen-go ",
    "// \tprotoc        ",
    "// \tprotowright ",
    "// - protoc-gen-go-grpc ",
    "// - protoc             ",
    "// - protowright ",
];

/// Go output without the version lines of its header (everything before `package`).
pub fn without_go_version_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_header = true;
    for line in text.split_inclusive('\n') {
        if line.starts_with("package ") {
            in_header = false;
        }
        if !(in_header && GO_VERSION_LINES.iter().any(|p| line.starts_with(p))) {
            out.push_str(line);
        }
    }
    out
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for f in files_under(from) {
        let dest = to.join(&f);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&f), dest).unwrap();
    }
}
