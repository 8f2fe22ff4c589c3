//! Cross-language gRPC interop from protowright's generated code: runs tests/interop/run.py
//! (Go, Python and Rust clients x servers x the four RPC kinds, plus errors, metadata and
//! deadlines) and the examples. Skips locally, with a message, when Go, grpcio or crates.io are
//! not available; fails under CI=true.

#[path = "integration/util.rs"]
mod util;

use std::process::Command;

/// Runs `run.py <what>` with this build of protowright; prints its report.
fn run(what: &str) {
    let out = Command::new("python3")
        .arg(util::repo().join("tests/interop/run.py"))
        .args(["--protowright", env!("CARGO_BIN_EXE_protowright"), what])
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => return util::missing(&format!("python3 ({e})")),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    if out.status.code() == Some(3) {
        let what = stderr
            .lines()
            .find_map(|l| l.strip_prefix("MISSING: "))
            .unwrap_or(&stderr);
        return util::missing(what);
    }
    assert!(
        out.status.success(),
        "run.py {what} failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn interop_matrix_go_python_rust() {
    run("matrix");
}

#[test]
fn examples_greeter_and_chat() {
    run("examples");
}
