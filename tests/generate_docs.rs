//! docs/templates.md is generated from the variable table in code, documents every variable the
//! views expose, and is fresh.

use protowright::{
    cli::InputArgs,
    codegen::{docs, python},
    load,
};

fn model() -> protowright::model::Model {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/generate/allfeatures");
    let args = InputArgs {
        input: "proto".into(),
        paths: Vec::new(),
        exclude_paths: Vec::new(),
        config: None,
        disable_symlinks: false,
    };
    let loaded = load::load_in(&args, &root).unwrap();
    assert!(loaded.compiled.errors.is_empty());
    loaded.compiled.model.unwrap()
}

#[test]
fn every_view_variable_is_documented() {
    let model = model();
    // With relative imports on, so that the variables only they set are seen too.
    let options = python::PyOptions {
        local: Some(model.targets().map(|f| f.name.clone()).collect()),
        ..Default::default()
    };
    let mut missing = Vec::new();
    for (kind, template) in [
        (python::PyKind::Pb2, "python/pb2.py"),
        (python::PyKind::Pyi, "python/pb2.pyi"),
        (python::PyKind::Grpc, "python/pb2_grpc.py"),
        // `python/pb2_grpc.pyi` renders the same view.
        (python::PyKind::GrpcPyi, "python/pb2_grpc.py"),
    ] {
        for file in model.targets() {
            let json = python::view_json(&model, &file.name, kind, &options).unwrap();
            for path in python::variable_paths(&json) {
                if docs::doc(template, &path).is_none() {
                    missing.push(format!("{template}: {path}"));
                }
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "undocumented template variables (add them to src/codegen/docs.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn templates_md_is_fresh() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md");
    let want = docs::markdown();
    if std::env::var_os("PROTOWRIGHT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/templates.md is stale: run `protowright templates docs > docs/templates.md` (or PROTOWRIGHT_UPDATE_DOCS=1 cargo test --test generate_docs)"
    );
}
