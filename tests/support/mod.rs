//! Shared by the lint test binaries: load a directory exactly as the CLI does and lint it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use protowright::{
    cli::InputArgs,
    compile::Compiled,
    finding::Finding,
    lint::{self, Report},
    load,
};

/// Loads `input` (relative to `cwd`) with the given `--exclude-path`s, as `protowright lint` does,
/// and lints it. Errors (configuration, I/O) come back as their message.
pub fn lint_dir(
    cwd: &Path,
    input: &str,
    excludes: &[String],
) -> Result<(Compiled, Report), String> {
    let args = InputArgs {
        input: input.to_string(),
        paths: Vec::new(),
        exclude_paths: excludes.to_vec(),
        config: None,
        disable_symlinks: false,
    };
    let cwd = cwd.canonicalize().map_err(|e| e.to_string())?;
    let loaded = load::load_in(&args, &cwd).map_err(|e| e.to_string())?;
    let report = lint::run(&loaded.compiled, &loaded.workspace).map_err(|e| e.to_string())?;
    Ok((loaded.compiled, report))
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

/// What a run of the built binary printed.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the built `protowright` with `args` in `dir`, with an environment cleared of everything
/// but `PATH`, as a user's shell would start it.
pub fn run_bin(dir: &Path, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_protowright"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("the protowright binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Writes `files` (path, content) under `dir`, creating directories.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}
