//! Puts the interop stubs into OUT_DIR as `interop.v1.rs`.
//!
//! Normally they are protowright's output, a directory given by `INTEROP_RUST_GEN` (written by
//! `protowright generate`, see tests/interop/run.py). With the `stand-in` feature they come from
//! tonic-prost-build instead (PROTOC must point at a protoc).
use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=INTEROP_RUST_GEN");
    println!("cargo:rerun-if-env-changed=INTEROP_PROTO");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    #[cfg(feature = "stand-in")]
    {
        let proto = env::var("INTEROP_PROTO").unwrap_or_else(|_| "../proto".into());
        println!("cargo:rerun-if-changed={proto}");
        tonic_prost_build::configure()
            .compile_protos(&[format!("{proto}/interop/v1/interop.proto")], &[proto])
            .unwrap();
    }
    #[cfg(not(feature = "stand-in"))]
    {
        let gen = PathBuf::from(
            env::var("INTEROP_RUST_GEN")
                .expect("set INTEROP_RUST_GEN to protowright's Rust output directory"),
        );
        println!("cargo:rerun-if-changed={}", gen.display());
        for entry in fs::read_dir(&gen).unwrap() {
            let path = entry.unwrap().path();
            println!("cargo:rerun-if-changed={}", path.display());
            fs::copy(&path, out.join(path.file_name().unwrap())).unwrap();
        }
    }
    let _ = (&out, fs::metadata("."));
}
