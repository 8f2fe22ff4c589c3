//! The Rust target: prost messages and tonic services, without protoc.
//!
//! Messages come from prost-build's in-process API ([`prost_build::Config::generate`]) fed
//! with the model's descriptors. Services are rendered from `templates/rust/` through
//! prost-build's `ServiceGenerator` hook ([`service::Collector`]), matching the API that
//! tonic-prost-build 0.14 generates. Output is one file per protobuf package
//! (`greeter.v1.rs`), optionally a module tree to `include!` (`include_file=`), or a crate
//! ready to build (`crate=`).

pub mod options;
pub mod service;

use std::{
    cell::RefCell,
    collections::{BTreeMap, BTreeSet},
    rc::Rc,
};

use serde::Serialize;

pub use options::Options;
pub use service::{MethodView, ServiceView};

use super::{safe_relative_path, Files};
use crate::{config::gen::Generator, model::Model, render::Renderer, Error, Result};

/// prost and prost-types versions the generated code is written for (prost-build's).
pub const PROST_VERSION: &str = "0.14.6";
/// tonic and tonic-prost versions the generated services are written for.
pub const TONIC_VERSION: &str = "0.14.9";

/// Generates the Rust files of `generator` (messages for `prost`, messages and services for
/// `tonic`) for the named files, with the plugin's `opt`.
pub fn generate(
    model: &Model,
    files: &[String],
    generator: &Generator,
    opt: &[String],
    renderer: &Renderer,
) -> Result<Files> {
    let label = match generator {
        Generator::Prost => "protoc-gen-prost",
        Generator::Tonic => "protoc-gen-tonic",
        other => return Err(Error::other(format!("{other:?} is not a Rust generator"))),
    };
    let options = Options::parse(opt, label)?;
    let services = matches!(generator, Generator::Tonic);
    generate_with(model, files, services, &options, renderer, label)
}

/// One generated package file.
#[derive(Debug, Clone)]
pub struct PackageFile {
    /// prost-build's module path (`["greeter", "v1"]`, keywords as raw identifiers).
    pub module: Vec<String>,
    /// The file name (`greeter.v1.rs`).
    pub file_name: String,
    pub content: String,
}

/// Generation with parsed options: the package files, then the layout (`include_file`, crate).
pub fn generate_with(
    model: &Model,
    files: &[String],
    services: bool,
    options: &Options,
    renderer: &Renderer,
    label: &str,
) -> Result<Files> {
    if !services && (options.no_client || options.no_server || options.no_transport) {
        return Err(Error::usage(format!(
            "plugin {label}: no_client, no_server and no_transport are options of protoc-gen-tonic"
        )));
    }
    if options.crate_name.is_some() && options.include_file.is_some() {
        return Err(Error::usage(format!(
            "plugin {label}: crate= writes src/lib.rs as the module tree; drop include_file"
        )));
    }
    let packages = package_files(model, files, services, options, renderer, label)?;
    let mut out = Files::new();
    let tree = module_tree(&packages);
    match &options.crate_name {
        Some(name) => {
            for p in &packages {
                out.insert(
                    safe_relative_path(&format!("src/{}", p.file_name), label)?,
                    p.content.clone(),
                );
            }
            let view = CrateView {
                name: name.clone(),
                services,
                transport: !options.no_transport,
                prost_version: options
                    .prost_version
                    .clone()
                    .unwrap_or_else(|| PROST_VERSION.into()),
                tonic_version: options
                    .tonic_version
                    .clone()
                    .unwrap_or_else(|| TONIC_VERSION.into()),
            };
            out.insert(
                safe_relative_path("Cargo.toml", label)?,
                renderer.render("rust/Cargo.toml", &view)?,
            );
            out.insert(
                safe_relative_path("src/lib.rs", label)?,
                renderer.render("rust/include.rs", &tree)?,
            );
        }
        None => {
            for p in &packages {
                out.insert(safe_relative_path(&p.file_name, label)?, p.content.clone());
            }
            if let Some(include) = &options.include_file {
                let path = safe_relative_path(include, label)?;
                if out.contains_key(&path) {
                    return Err(Error::usage(format!(
                        "plugin {label}: include_file={include} is also the name of a package file"
                    )));
                }
                out.insert(path, renderer.render("rust/include.rs", &tree)?);
            }
        }
    }
    Ok(out)
}

/// The view of `Cargo.toml` (`crate=`).
#[derive(Debug, Clone, Serialize)]
pub struct CrateView {
    /// The crate name (option `crate`).
    pub name: String,
    /// The services are generated (tonic): depend on tonic and tonic-prost.
    pub services: bool,
    /// tonic's default features (transport); off with `no_transport`.
    pub transport: bool,
    /// prost and prost-types version requirement (option `prost_version`).
    pub prost_version: String,
    /// tonic and tonic-prost version requirement (option `tonic_version`).
    pub tonic_version: String,
}

/// The view of the module tree file (`include_file=`, or a crate's `src/lib.rs`): one line
/// per entry, in order.
#[derive(Debug, Clone, Serialize)]
pub struct TreeView {
    pub lines: Vec<TreeLine>,
}

/// One line of the module tree: opens a module, includes a package file, or closes a module.
#[derive(Debug, Clone, Serialize)]
pub struct TreeLine {
    /// Four spaces per nesting level.
    pub indent: String,
    /// `pub mod <open> {`; null otherwise.
    pub open: Option<String>,
    /// `include!("<include>");`; null otherwise.
    pub include: Option<String>,
    /// `}`.
    pub close: bool,
}

/// The module tree over the package files, as prost-build's `include_file` lays it out.
pub fn module_tree(packages: &[PackageFile]) -> TreeView {
    let mut sorted: Vec<&PackageFile> = packages.iter().collect();
    sorted.sort_by(|a, b| a.module.cmp(&b.module));
    let mut lines = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let pad = |n: usize| "    ".repeat(n);
    let line = |indent, open, include, close| TreeLine {
        indent,
        open,
        include,
        close,
    };
    for p in sorted {
        while !p.module.starts_with(&stack) {
            stack.pop();
            lines.push(line(pad(stack.len()), None, None, true));
        }
        while stack.len() < p.module.len() {
            let part = p.module[stack.len()].clone();
            lines.push(line(pad(stack.len()), Some(part.clone()), None, false));
            stack.push(part);
        }
        lines.push(line(
            pad(stack.len()),
            None,
            Some(p.file_name.clone()),
            false,
        ));
    }
    while !stack.is_empty() {
        stack.pop();
        lines.push(line(pad(stack.len()), None, None, true));
    }
    TreeView { lines }
}

/// The package files: prost-build over the transitive closure of `files` (so every message it
/// looks at is known), keeping the packages of `files` — or, for a crate, every package.
fn package_files(
    model: &Model,
    files: &[String],
    services: bool,
    options: &Options,
    renderer: &Renderer,
    label: &str,
) -> Result<Vec<PackageFile>> {
    let closure = model.transitive_closure(files.iter().map(String::as_str));
    let mut requests = Vec::new();
    let mut wanted: BTreeSet<prost_build::Module> = BTreeSet::new();
    for file in model.pool.files() {
        if !closure.contains(file.name()) {
            continue;
        }
        let proto = file.file_descriptor_proto().clone();
        check_enum_names(&proto, options, label)?;
        let module = prost_build::Module::from_protobuf_package_name(proto.package());
        if options.crate_name.is_some() || files.iter().any(|f| f == file.name()) {
            wanted.insert(module.clone());
        }
        requests.push((module, proto));
    }

    let mut config = prost_build::Config::new();
    configure(&mut config, options);
    let views = Rc::new(RefCell::new(Vec::new()));
    if services {
        config.service_generator(Box::new(service::Collector {
            settings: service::ServiceSettings {
                client: !options.no_client,
                server: !options.no_server,
                transport: !options.no_transport,
            },
            views: views.clone(),
        }));
    }
    let default_name = options.default_package_filename.as_deref().unwrap_or("_");
    // prost-build asserts on inputs it considers impossible; a panic becomes one error.
    let generated =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.generate(requests)))
            .map_err(|p| {
                let why = p
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| p.downcast_ref::<&str>().copied())
                    .unwrap_or("unknown reason");
                Error::other(format!("plugin {label}: prost-build failed: {why}"))
            })?
            .map_err(|e| Error::other(format!("plugin {label}: prost-build: {e}")))?;
    drop(config);
    let views = std::mem::take(&mut *views.borrow_mut());

    let mut used = vec![false; views.len()];
    let mut out = Vec::new();
    let sorted: BTreeMap<prost_build::Module, String> = generated.into_iter().collect();
    for (module, content) in sorted {
        let keep = wanted.contains(&module);
        let mut text = String::with_capacity(content.len());
        for line in content.split_inclusive('\n') {
            match marker_index(line) {
                Some(i) if i < views.len() && !used[i] => {
                    used[i] = true;
                    if keep {
                        text.push_str(&renderer.render("rust/service.rs", &views[i])?);
                    }
                }
                Some(_) => {
                    return Err(Error::other(format!(
                        "plugin {label}: package {module}: unexpected service marker line {:?} (a comment that looks like one?)",
                        line.trim_end()
                    )))
                }
                None => text.push_str(line),
            }
        }
        if !keep {
            continue;
        }
        out.push(PackageFile {
            module: module.parts().map(str::to_string).collect(),
            file_name: module.to_file_name_or(default_name),
            content: text,
        });
    }
    if let Some(i) = used.iter().position(|u| !u) {
        return Err(Error::other(format!(
            "plugin {label}: service {} was generated but not placed",
            views[i].full_name
        )));
    }
    Ok(out)
}

/// The index of a service marker line.
fn marker_index(line: &str) -> Option<usize> {
    let rest = line.trim_end().strip_prefix("// @@protowright_service(")?;
    rest.strip_suffix(')')?.parse().ok()
}

/// prost-build's settings from our options.
fn configure(config: &mut prost_build::Config, o: &Options) {
    if !o.btree_map.is_empty() {
        config.btree_map(&o.btree_map);
    }
    if !o.bytes.is_empty() {
        config.bytes(&o.bytes);
    }
    for p in &o.boxed {
        config.boxed(p);
    }
    if !o.disable_comments.is_empty() {
        config.disable_comments(&o.disable_comments);
    }
    if !o.skip_debug.is_empty() {
        config.skip_debug(&o.skip_debug);
    }
    for (proto, rust) in &o.extern_path {
        config.extern_path(proto, rust);
    }
    for (p, a) in &o.type_attribute {
        config.type_attribute(p, a);
    }
    for (p, a) in &o.message_attribute {
        config.message_attribute(p, a);
    }
    for (p, a) in &o.enum_attribute {
        config.enum_attribute(p, a);
    }
    for (p, a) in &o.field_attribute {
        config.field_attribute(p, a);
    }
    if o.compile_well_known_types {
        config.compile_well_known_types();
    }
    if o.retain_enum_prefix {
        config.retain_enum_prefix();
    }
    if o.enable_type_names {
        config.enable_type_names();
    }
    if let Some(name) = &o.default_package_filename {
        config.default_package_filename(name);
    }
}

/// prost-build panics when two values of an enum get the same Rust variant name; report it as
/// an error naming the enum instead.
fn check_enum_names(
    file: &prost_types::FileDescriptorProto,
    options: &Options,
    label: &str,
) -> Result<()> {
    fn check(
        e: &prost_types::EnumDescriptorProto,
        full: &str,
        strip: bool,
        file: &str,
        label: &str,
    ) -> Result<()> {
        let enum_name = upper_camel(e.name());
        let mut seen_numbers = BTreeSet::new();
        let mut names: BTreeMap<String, &str> = BTreeMap::new();
        for v in &e.value {
            if !seen_numbers.insert(v.number()) {
                continue;
            }
            let mut variant = upper_camel(v.name());
            if strip {
                if let Some(rest) = variant.strip_prefix(&enum_name) {
                    if rest.starts_with(|c: char| c.is_uppercase()) {
                        variant = rest.to_string();
                    }
                }
            }
            if let Some(other) = names.insert(variant.clone(), v.name()) {
                return Err(Error::other(format!(
                    "plugin {label}: {file}: enum {full}: values {other} and {} both become the Rust variant {variant}; use retain_enum_prefix or rename one",
                    v.name()
                )));
            }
        }
        Ok(())
    }
    fn walk(
        m: &prost_types::DescriptorProto,
        prefix: &str,
        strip: bool,
        file: &str,
        label: &str,
    ) -> Result<()> {
        let full = format!("{prefix}.{}", m.name());
        for e in &m.enum_type {
            check(e, &format!("{full}.{}", e.name()), strip, file, label)?;
        }
        for n in &m.nested_type {
            walk(n, &full, strip, file, label)?;
        }
        Ok(())
    }
    let strip = !options.retain_enum_prefix;
    let pkg = file.package();
    for e in &file.enum_type {
        let full = if pkg.is_empty() {
            e.name().to_string()
        } else {
            format!("{pkg}.{}", e.name())
        };
        check(e, &full, strip, file.name(), label)?;
    }
    for m in &file.message_type {
        walk(m, pkg, strip, file.name(), label)?;
    }
    Ok(())
}

/// heck's UpperCamelCase, as prost-build names enums and variants (without keyword escaping,
/// which does not change collisions).
fn upper_camel(s: &str) -> String {
    use heck::ToUpperCamelCase;
    s.to_upper_camel_case()
}

/// The view of one service as the template sees it (JSON), for docs and tests: every service
/// of the named file.
pub fn service_views_json(model: &Model, file: &str) -> Result<Vec<serde_json::Value>> {
    let fd = model
        .pool
        .get_file_by_name(file)
        .ok_or_else(|| Error::other(format!("{file}: not in the compiled model")))?;
    let views = Rc::new(RefCell::new(Vec::new()));
    let mut config = prost_build::Config::new();
    config.service_generator(Box::new(service::Collector {
        settings: service::ServiceSettings {
            client: true,
            server: true,
            transport: true,
        },
        views: views.clone(),
    }));
    let closure = model.transitive_closure([file]);
    let requests = model
        .pool
        .files()
        .filter(|f| closure.contains(f.name()))
        .map(|f| {
            (
                prost_build::Module::from_protobuf_package_name(f.package_name()),
                f.file_descriptor_proto().clone(),
            )
        })
        .collect();
    config
        .generate(requests)
        .map_err(|e| Error::other(format!("{file}: {e}")))?;
    drop(config);
    let package = fd.package_name().to_string();
    let views = views.borrow();
    views
        .iter()
        .filter(|v| {
            v.full_name
                .strip_suffix(&v.proto_name)
                .map(|p| p.trim_end_matches('.'))
                == Some(package.as_str())
        })
        .filter(|v| fd.services().any(|s| s.full_name() == v.full_name))
        .map(|v| serde_json::to_value(v).map_err(|e| Error::other(format!("{file}: {e}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(module: &[&str], file: &str) -> PackageFile {
        PackageFile {
            module: module.iter().map(|s| s.to_string()).collect(),
            file_name: file.into(),
            content: String::new(),
        }
    }

    #[test]
    fn module_tree_nests_packages() {
        let tree = module_tree(&[
            pkg(&["google", "r#type"], "google.r#type.rs"),
            pkg(&["google", "api"], "google.api.rs"),
            pkg(&["a"], "a.rs"),
            pkg(&[], "_.rs"),
        ]);
        let text: Vec<String> = tree
            .lines
            .iter()
            .map(|l| match (&l.open, &l.include, l.close) {
                (Some(m), _, _) => format!("{}mod {m}", l.indent),
                (_, Some(f), _) => format!("{}inc {f}", l.indent),
                _ => format!("{}}}", l.indent),
            })
            .collect();
        assert_eq!(
            text,
            [
                "inc _.rs",
                "mod a",
                "    inc a.rs",
                "}",
                "mod google",
                "    mod api",
                "        inc google.api.rs",
                "    }",
                "    mod r#type",
                "        inc google.r#type.rs",
                "    }",
                "}",
            ]
        );
    }

    #[test]
    fn marker_lines() {
        assert_eq!(marker_index(&format!("{}\n", service::marker(3))), Some(3));
        assert_eq!(marker_index("// @@protowright_service(x)"), None);
        assert_eq!(marker_index("/// @@protowright_service(1)"), None);
    }
}
