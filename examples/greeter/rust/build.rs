//! Puts the greeter stubs into OUT_DIR: the files `protowright generate` wrote to ../gen/rust (or
//! `$GREETER_RUST_GEN`), or with the `stand-in` feature, tonic-prost-build's output.
use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=GREETER_RUST_GEN");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    #[cfg(feature = "stand-in")]
    {
        println!("cargo:rerun-if-changed=../proto");
        tonic_prost_build::configure()
            .compile_protos(&["../proto/greeter/v1/greeter.proto"], &["../proto"])
            .unwrap();
    }
    #[cfg(not(feature = "stand-in"))]
    {
        let gen = env::var("GREETER_RUST_GEN").unwrap_or_else(|_| "../gen/rust".into());
        println!("cargo:rerun-if-changed={gen}");
        let entries = fs::read_dir(&gen).unwrap_or_else(|e| {
            panic!("{gen}: {e} (run `protowright generate` in examples/greeter)")
        });
        for entry in entries {
            let path = entry.unwrap().path();
            println!("cargo:rerun-if-changed={}", path.display());
            fs::copy(&path, out.join(path.file_name().unwrap())).unwrap();
        }
    }
    let _ = (&out, fs::metadata("."));
}
