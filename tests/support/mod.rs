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
