//! The Go target: `.pb.go` files matching protoc-gen-go v1.36.11 byte for byte (apart from the
//! version lines of the header), and `_grpc.pb.go` (protoc-gen-go-grpc).
//!
//! Shared infrastructure: [`names`] (Go naming, import aliases) and [`options`] (plugin options,
//! each file's import path, package name and output path); [`gofmt`] and [`doc`] reproduce
//! gofmt's layout of the generated code.

pub mod doc;
pub mod gofmt;
mod grpc;
pub mod names;
pub mod options;
mod pb;

use super::{safe_relative_path, Files};
use crate::{config::gen::Generator, model::Model, render::Renderer, Error, Result};

pub use grpc::{grpc_view, GrpcFileView, GrpcOptions};
pub use options::{GoFile, GoOptions, GoResolver, PathType};
pub use pb::{pb_view, GoVersions, PbView};

/// Generates the go files of `generator` for the named files, with the plugin's `opt`.
pub fn generate(
    model: &Model,
    files: &[String],
    generator: &Generator,
    opt: &[String],
    renderer: &Renderer,
) -> Result<Files> {
    match generator {
        Generator::Go => generate_pb(model, files, opt, renderer),
        Generator::GoGrpc => generate_grpc(model, files, opt, renderer),
        _ => Err(Error::usage(format!(
            "{generator:?}: this built-in generator is not available yet"
        ))),
    }
}

/// protoc-gen-go's own parameters beyond protogen's: `plugins=` is rejected as protoc-gen-go
/// does; anything else is an unknown flag.
fn check_pb_options(options: &GoOptions) -> Result<()> {
    if let Some((name, _)) = options.extra.first() {
        return Err(Error::usage(match name.as_str() {
            "plugins" => "protoc-gen-go: plugins are not supported; use 'protoc --go-grpc_out=...' to generate gRPC\n\nSee https://grpc.io/docs/languages/go/quickstart/#regenerate-grpc-code for more information.".to_string(),
            "experimental_strip_nonfunctional_codegen" => "protoc-gen-go: experimental_strip_nonfunctional_codegen is not supported by the built-in generator".to_string(),
            _ => format!(
                "protoc-gen-go: no such flag -{name} (known: paths, module, M<file>=<import path>, annotate_code, default_api_level, apilevelM<file>)"
            ),
        }));
    }
    Ok(())
}

fn generate_pb(
    model: &Model,
    files: &[String],
    opt: &[String],
    renderer: &Renderer,
) -> Result<Files> {
    let options = GoOptions::parse(opt, "protoc-gen-go")?;
    check_pb_options(&options)?;
    let resolver = GoResolver::new(model, files, options)?;
    let versions = GoVersions::default();
    let mut out = Files::new();
    for name in files {
        if name.starts_with("google/protobuf/") {
            // protoc-gen-go adds hand-written helpers to the well-known types' own packages.
            return Err(Error::usage(format!(
                "protoc-gen-go: {name}: generating the well-known types themselves is not supported (use google.golang.org/protobuf/types/known)"
            )));
        }
        let file = model
            .pool
            .get_file_by_name(name)
            .ok_or_else(|| Error::other(format!("{name}: not in the compiled model")))?;
        let view = pb_view(model, &file, &resolver, &versions)?;
        let text = renderer.render("go/pb.go", &view)?;
        out.insert(
            safe_relative_path(&view.output_path, "protoc-gen-go")?,
            text,
        );
    }
    Ok(out)
}

/// The view of one `.pb.go` file as the template sees it (JSON), for docs and tests.
pub fn pb_view_json(model: &Model, file: &str, opt: &[String]) -> Result<serde_json::Value> {
    let options = GoOptions::parse(opt, "protoc-gen-go")?;
    check_pb_options(&options)?;
    let resolver = GoResolver::new(model, &[file.to_string()], options)?;
    let fd = model
        .pool
        .get_file_by_name(file)
        .ok_or_else(|| Error::other(format!("{file}: not in the compiled model")))?;
    let view = pb_view(model, &fd, &resolver, &GoVersions::default())?;
    serde_json::to_value(view).map_err(|e| Error::other(format!("{file}: {e}")))
}

/// protoc-gen-go-grpc's options: protogen's, then its own.
fn grpc_options(opt: &[String]) -> Result<(GoOptions, GrpcOptions)> {
    let options = GoOptions::parse(opt, "protoc-gen-go-grpc")?;
    let grpc = GrpcOptions::parse(&options.extra, "protoc-gen-go-grpc")?;
    Ok((options, grpc))
}

/// `_grpc.pb.go` for each named file that has services.
fn generate_grpc(
    model: &Model,
    files: &[String],
    opt: &[String],
    renderer: &Renderer,
) -> Result<Files> {
    let (options, grpc) = grpc_options(opt)?;
    let resolver = GoResolver::new(model, files, options)?;
    let versions = GoVersions::default();
    let mut out = Files::new();
    for name in files {
        let file = model
            .pool
            .get_file_by_name(name)
            .ok_or_else(|| Error::other(format!("{name}: not in the compiled model")))?;
        if let Some(view) = grpc_view(&file, &resolver, &grpc, &versions)? {
            let text = renderer.render("go/grpc.pb.go", &view)?;
            out.insert(
                safe_relative_path(&view.output_path, "protoc-gen-go-grpc")?,
                text,
            );
        }
    }
    Ok(out)
}

/// The view of one `_grpc.pb.go` file as the template sees it (JSON; `null` for a file without
/// services), for docs and tests.
pub fn grpc_view_json(model: &Model, file: &str, opt: &[String]) -> Result<serde_json::Value> {
    let (options, grpc) = grpc_options(opt)?;
    let resolver = GoResolver::new(model, &[file.to_string()], options)?;
    let fd = model
        .pool
        .get_file_by_name(file)
        .ok_or_else(|| Error::other(format!("{file}: not in the compiled model")))?;
    let view = grpc_view(&fd, &resolver, &grpc, &GoVersions::default())?;
    serde_json::to_value(view).map_err(|e| Error::other(format!("{file}: {e}")))
}
