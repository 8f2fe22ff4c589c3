//! The plugin options shared by protoc-gen-go and protoc-gen-go-grpc (protogen's parameters) and
//! the resolution of every file's Go import path, package name and output file prefix.

use std::collections::{BTreeMap, HashMap};

use super::names::{go_sanitized, path_base};
use crate::{model::Model, Error, Result};

const GO_PACKAGE_DOC_URL: &str = "https://protobuf.dev/reference/go/go-generated#package";

/// How output file names are formed (`paths=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathType {
    /// `paths=import` (default): `<import path>/<base name>.pb.go`.
    #[default]
    Import,
    /// `paths=source_relative`: next to the `.proto` path.
    SourceRelative,
}

/// protogen's own parameters; anything else is left for the generator in `extra`.
#[derive(Debug, Clone, Default)]
pub struct GoOptions {
    pub paths: PathType,
    /// `module=<prefix>`: stripped from output paths (which must all start with it).
    pub module: Option<String>,
    /// `M<file>=<import path>[;<package name>]`: import paths by `.proto` file.
    pub import_paths: HashMap<String, String>,
    /// The `;name` parts of `M` options.
    pub package_names: HashMap<String, String>,
    /// Parameters protogen does not handle, in order: `(name, value)`.
    pub extra: Vec<(String, String)>,
}

impl GoOptions {
    /// Parses the plugin options (each entry may itself hold several comma-separated parameters).
    /// `producer` names the plugin in messages.
    pub fn parse(opt: &[String], producer: &str) -> Result<Self> {
        let mut out = GoOptions::default();
        for param in opt.iter().flat_map(|o| o.split(',')) {
            let (name, value) = match param.find('=') {
                Some(i) => (&param[..i], &param[i + 1..]),
                None => (param, ""),
            };
            match name {
                "" => {}
                "module" => out.module = Some(value.to_string()).filter(|v| !v.is_empty()),
                "paths" => {
                    out.paths = match value {
                        "import" => PathType::Import,
                        "source_relative" => PathType::SourceRelative,
                        _ => {
                            return Err(Error::usage(format!(
                                "{producer}: unknown path type {value:?}: want \"import\" or \"source_relative\""
                            )))
                        }
                    }
                }
                "annotate_code" => {
                    return Err(Error::usage(format!(
                        "{producer}: option annotate_code (.meta files) is not supported by the built-in generator"
                    )))
                }
                "default_api_level" => match value {
                    "API_OPEN" => {}
                    "API_HYBRID" | "API_OPAQUE" => {
                        return Err(Error::usage(format!(
                            "{producer}: default_api_level={value}: only the open struct API (API_OPEN) is supported by the built-in generator"
                        )))
                    }
                    _ => {
                        return Err(Error::usage(format!(
                            "{producer}: unknown API level {value:?} for parameter \"default_api_level\": want \"API_OPEN\", \"API_HYBRID\" or \"API_OPAQUE\""
                        )))
                    }
                },
                _ if name.starts_with("apilevelM") => {
                    if value != "API_OPEN" {
                        return Err(Error::usage(format!(
                            "{producer}: {name}={value}: only the open struct API (API_OPEN) is supported by the built-in generator"
                        )));
                    }
                }
                _ if name.starts_with('M') => {
                    let (path, pkg) = split_import_path_and_package_name(value);
                    if !pkg.is_empty() {
                        out.package_names.insert(name[1..].to_string(), pkg.to_string());
                    }
                    if !path.is_empty() {
                        out.import_paths.insert(name[1..].to_string(), path.to_string());
                    }
                }
                _ => out.extra.push((name.to_string(), value.to_string())),
            }
        }
        if out.module.is_some() && out.paths == PathType::SourceRelative {
            return Err(Error::usage(format!(
                "{producer}: cannot use module= with paths=source_relative"
            )));
        }
        Ok(out)
    }
}

/// Splits `go_package` / `M` values: `path;name` → (`path`, `name`).
pub fn split_import_path_and_package_name(s: &str) -> (&str, &str) {
    match s.find(';') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    }
}

/// Where one file's Go code lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoFile {
    /// The `.proto` name.
    pub proto_name: String,
    pub import_path: String,
    pub package_name: String,
    /// Output name without extension, before `module=` stripping (`example.com/foo/bar`).
    pub prefix: String,
}

/// The Go package of every file the generated files can refer to: the files to generate and
/// their transitive imports (protogen's `gatherTransitiveDependencies`).
#[derive(Debug, Clone)]
pub struct GoResolver {
    pub options: GoOptions,
    files: BTreeMap<String, GoFile>,
}

impl GoResolver {
    pub fn new(model: &Model, to_generate: &[String], options: GoOptions) -> Result<Self> {
        // Dependencies first, depth first, in import order.
        let mut order = Vec::new();
        let mut seen = std::collections::HashSet::new();
        fn visit(
            model: &Model,
            name: &str,
            seen: &mut std::collections::HashSet<String>,
            order: &mut Vec<(String, String)>,
        ) {
            if !seen.insert(name.to_string()) {
                return;
            }
            let Some(file) = model.pool.get_file_by_name(name) else {
                return;
            };
            for dep in file.dependencies() {
                visit(model, dep.name(), seen, order);
            }
            let go_package = file
                .file_descriptor_proto()
                .options
                .as_ref()
                .and_then(|o| o.go_package.clone())
                .unwrap_or_default();
            order.push((name.to_string(), go_package));
        }
        for name in to_generate {
            if model.pool.get_file_by_name(name).is_none() {
                return Err(Error::other(format!(
                    "no descriptor for generated file: {name}"
                )));
            }
            visit(model, name, &mut seen, &mut order);
        }
        let pairs: Vec<(&str, &str)> = order
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Self::from_go_packages(&pairs, options)
    }

    /// Resolution from `(proto name, go_package option)` pairs, dependencies first.
    pub fn from_go_packages(files: &[(&str, &str)], options: GoOptions) -> Result<Self> {
        let mut import_paths = options.import_paths.clone();
        let mut package_names = options.package_names.clone();
        let mut resolved = BTreeMap::new();
        for &(name, go_package) in files {
            let (imp, pkg) = split_import_path_and_package_name(go_package);
            if import_paths.get(name).is_none_or(|p| p.is_empty()) && !imp.is_empty() {
                import_paths.insert(name.to_string(), imp.to_string());
            }
            if package_names.get(name).is_none_or(|p| p.is_empty()) && !pkg.is_empty() {
                package_names.insert(name.to_string(), pkg.to_string());
            }
            let import_path = import_paths.get(name).cloned().unwrap_or_default();
            if import_path.is_empty() {
                return Err(Error::usage(format!(
                    "unable to determine Go import path for {name:?}\n\n\
                     Please specify either:\n\
                     \t• a \"go_package\" option in the .proto source file, or\n\
                     \t• a \"M\" argument on the command line.\n\n\
                     See {GO_PACKAGE_DOC_URL} for more information."
                )));
            }
            if !import_path.contains('.') && !import_path.contains('/') {
                return Err(Error::usage(format!(
                    "invalid Go import path {import_path:?} for {name:?}\n\n\
                     The import path must contain at least one period ('.') or forward slash ('/') character.\n\n\
                     See {GO_PACKAGE_DOC_URL} for more information."
                )));
            }
            let package_name = match package_names.get(name).filter(|p| !p.is_empty()) {
                Some(p) => p.clone(),
                None => {
                    let from = if imp.is_empty() { &import_path } else { imp };
                    let p = go_sanitized(path_base(from));
                    package_names.insert(name.to_string(), p.clone());
                    p
                }
            };
            let mut prefix = name.to_string();
            for ext in [".proto", ".protodevel"] {
                if let Some(p) = prefix.strip_suffix(ext) {
                    prefix = p.to_string();
                    break;
                }
            }
            if options.paths == PathType::Import {
                prefix = format!("{import_path}/{}", path_base(&prefix));
            }
            resolved.insert(
                name.to_string(),
                GoFile {
                    proto_name: name.to_string(),
                    import_path,
                    package_name,
                    prefix,
                },
            );
        }
        // Every file of one import path must share one package name.
        let mut by_path: BTreeMap<&str, Vec<&GoFile>> = BTreeMap::new();
        for f in resolved.values() {
            by_path.entry(&f.import_path).or_default().push(f);
        }
        for (path, fs) in by_path {
            if let Some(b) = fs.iter().find(|f| f.package_name != fs[0].package_name) {
                return Err(Error::usage(format!(
                    "Go package \"{path}\" has inconsistent names {} ({}) and {} ({})",
                    fs[0].package_name, fs[0].proto_name, b.package_name, b.proto_name
                )));
            }
        }
        Ok(GoResolver {
            options,
            files: resolved,
        })
    }

    /// The Go package of a file in the transitive closure.
    pub fn file(&self, name: &str) -> Result<&GoFile> {
        self.files
            .get(name)
            .ok_or_else(|| Error::other(format!("{name}: no Go package resolved for this file")))
    }

    /// The output path of a generated file: the prefix plus `suffix` (`.pb.go`), with the
    /// `module=` prefix removed.
    pub fn output_path(&self, name: &str, suffix: &str, producer: &str) -> Result<String> {
        let filename = format!("{}{suffix}", self.file(name)?.prefix);
        match &self.options.module {
            None => Ok(filename),
            Some(module) => filename
                .strip_prefix(&format!("{module}/"))
                .map(str::to_string)
                .ok_or_else(|| {
                    Error::usage(format!(
                        "{producer}: {filename}: generated file does not match prefix {module:?}"
                    ))
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(v: &[&str]) -> Result<GoOptions> {
        GoOptions::parse(
            &v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "protoc-gen-go",
        )
    }

    #[test]
    fn parses_options() {
        let o = opts(&[
            "paths=source_relative",
            "Ma/b.proto=example.com/x;xpb,foo=bar",
        ])
        .unwrap();
        assert_eq!(o.paths, PathType::SourceRelative);
        assert_eq!(o.import_paths["a/b.proto"], "example.com/x");
        assert_eq!(o.package_names["a/b.proto"], "xpb");
        assert_eq!(o.extra, vec![("foo".to_string(), "bar".to_string())]);
        assert!(opts(&["paths=nope"])
            .unwrap_err()
            .to_string()
            .contains("unknown path type"));
        assert!(opts(&["module=x", "paths=source_relative"]).is_err());
    }

    #[test]
    fn resolves_import_paths() {
        let r = GoResolver::from_go_packages(
            &[
                (
                    "google/protobuf/timestamp.proto",
                    "google.golang.org/protobuf/types/known/timestamppb",
                ),
                ("a/v1/a.proto", "example.com/gen/a/v1;apb"),
                ("b/b.proto", ""),
            ],
            opts(&["Mb/b.proto=example.com/gen/b-x"]).unwrap(),
        )
        .unwrap();
        let a = r.file("a/v1/a.proto").unwrap();
        assert_eq!(a.package_name, "apb");
        assert_eq!(a.prefix, "example.com/gen/a/v1/a");
        let b = r.file("b/b.proto").unwrap();
        assert_eq!(b.package_name, "b_x");
        assert_eq!(
            r.output_path("b/b.proto", ".pb.go", "p").unwrap(),
            "example.com/gen/b-x/b.pb.go"
        );

        let r = GoResolver::from_go_packages(
            &[("a/v1/a.proto", "example.com/gen/a/v1")],
            opts(&["module=example.com/gen"]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            r.output_path("a/v1/a.proto", ".pb.go", "p").unwrap(),
            "a/v1/a.pb.go"
        );
        let r = GoResolver::from_go_packages(
            &[("a/v1/a.proto", "example.com/gen/a/v1")],
            opts(&["module=other.com"]).unwrap(),
        )
        .unwrap();
        assert!(r.output_path("a/v1/a.proto", ".pb.go", "p").is_err());

        let r = GoResolver::from_go_packages(
            &[("a/v1/a.proto", "example.com/gen/a/v1")],
            opts(&["paths=source_relative"]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            r.output_path("a/v1/a.proto", ".pb.go", "p").unwrap(),
            "a/v1/a.pb.go"
        );
    }

    #[test]
    fn import_path_errors() {
        let e = GoResolver::from_go_packages(&[("x.proto", "")], GoOptions::default()).unwrap_err();
        assert!(
            e.to_string()
                .contains("unable to determine Go import path for \"x.proto\""),
            "{e}"
        );
        let e =
            GoResolver::from_go_packages(&[("x.proto", "xpb")], GoOptions::default()).unwrap_err();
        assert!(
            e.to_string().contains("invalid Go import path \"xpb\""),
            "{e}"
        );
        let e = GoResolver::from_go_packages(
            &[("x.proto", "a.com/p;one"), ("y.proto", "a.com/p;two")],
            GoOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("inconsistent names"), "{e}");
    }
}
