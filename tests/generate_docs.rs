//! docs/templates.md is generated from the variable table in code, documents every variable the
//! views expose, and is fresh.

use protowright::{
    cli::InputArgs,
    codegen::{docs, go, python, rust},
    load,
};

fn model() -> protowright::model::Model {
    model_of("allfeatures")
}

fn model_of(fixture: &str) -> protowright::model::Model {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/generate")
        .join(fixture);
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
    let versions = python::Versions::default();
    let mut missing = Vec::new();
    for (kind, template) in [
        (python::PyKind::Pb2, "python/pb2.py"),
        (python::PyKind::Pyi, "python/pb2.pyi"),
        (python::PyKind::Grpc, "python/pb2_grpc.py"),
    ] {
        for file in model.targets() {
            let json = python::view_json(&model, &file.name, kind, &versions).unwrap();
            for path in python::variable_paths(&json) {
                if docs::doc(template, &path).is_none() {
                    missing.push(format!("{template}: {path}"));
                }
            }
        }
    }
    // Rust services: every variable of every service view of the fixture and the example.
    let mut services = 0;
    for file in model.targets() {
        for view in rust::service_views_json(&model, &file.name).unwrap() {
            services += 1;
            for path in python::variable_paths(&view) {
                if docs::doc("rust/service.rs", &path).is_none() {
                    missing.push(format!("rust/service.rs: {path}"));
                }
            }
        }
    }
    assert!(services > 0, "the fixture has services");
    let tree = rust::module_tree(&[rust::PackageFile {
        module: vec!["a".into()],
        file_name: "a.rs".into(),
        content: String::new(),
    }]);
    for path in python::variable_paths(&serde_json::to_value(&tree).unwrap()) {
        if docs::doc("rust/include.rs", &path).is_none() {
            missing.push(format!("rust/include.rs: {path}"));
        }
    }
    let cargo = rust::CrateView {
        name: "x".into(),
        services: true,
        transport: true,
        prost_version: rust::PROST_VERSION.into(),
        tonic_version: rust::TONIC_VERSION.into(),
    };
    for path in python::variable_paths(&serde_json::to_value(&cargo).unwrap()) {
        if docs::doc("rust/Cargo.toml", &path).is_none() {
            missing.push(format!("rust/Cargo.toml: {path}"));
        }
    }
    // go/grpc.pb.go, on the gRPC corner-case fixture.
    let go_model = model_of("goedge");
    for file in go_model.targets() {
        let json = go::grpc_view_json(&go_model, &file.name, &[]).unwrap();
        for path in python::variable_paths(&json) {
            if docs::doc("go/grpc.pb.go", &path).is_none() {
                missing.push(format!("go/grpc.pb.go: {path}"));
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
fn every_go_view_variable_is_documented() {
    let model = model();
    // The fixture has no go_package options: give every file an import path.
    let opt: Vec<String> = model
        .files
        .iter()
        .filter(|f| !f.name.starts_with("google/protobuf/"))
        .map(|f| {
            let dir = f.name.rsplit_once('/').map_or("root", |(d, _)| d);
            format!("M{}=example.com/gen/{dir}", f.name)
        })
        .collect();
    let mut missing = Vec::new();
    for file in model.targets() {
        let json = go::pb_view_json(&model, &file.name, &opt).unwrap();
        for path in python::variable_paths(&json) {
            if docs::doc("go/pb.go", &path).is_none() {
                missing.push(format!("go/pb.go: {path}"));
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
