//! `protowright generate`: run the plugins of a buf.gen.yaml over an input. Generation is
//! computed in memory first; then each output directory is checked or written.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use crate::{
    cli::{ErrorFormat, GenerateArgs, InputArgs},
    codegen::{
        filter, plugin,
        python::{self, PyKind, PyOptions},
        write, Files,
    },
    config::gen::{self, GenConfig, Generator, PluginConfig},
    load,
    model::Model,
    render::Renderer,
    Error, Outcome, Result,
};

pub fn run(args: GenerateArgs) -> Result<Outcome> {
    if args.error_format == ErrorFormat::ConfigIgnoreYaml {
        return Err(Error::usage(
            "--error-format: config-ignore-yaml is only for lint and breaking",
        ));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let (config, config_dir) = read_gen_config(args.template.as_deref(), &cwd)?;
    if config.plugins.is_empty() {
        return Err(Error::usage("buf.gen.yaml: no plugins to run"));
    }
    if !config.managed.enabled
        && (!config.managed.disables.is_empty() || !config.managed.overrides.is_empty())
    {
        crate::log::warn(
            "buf.gen.yaml: managed mode options are set but managed mode is not enabled (managed.enabled: true); they are ignored",
        );
    }
    let templates = args
        .templates
        .clone()
        .or_else(|| config.templates.as_ref().map(|t| config_dir.join(t)));
    let renderer = Renderer::new(templates.as_deref())?;

    let inputs: Vec<gen::GenInput> = match &args.input {
        Some(input) => vec![gen::GenInput::new(input)],
        None if !config.inputs.is_empty() => config.inputs.clone(),
        None => vec![gen::GenInput::new(".")],
    };

    // out directory → files, and the suffixes each directory's generators own.
    let mut outputs: BTreeMap<PathBuf, (Files, Vec<String>)> = BTreeMap::new();
    for mut input in inputs {
        // As in buf, the flags replace the buf.gen.yaml inputs' filters.
        if !args.types.is_empty() {
            input.types = args.types.clone();
        }
        if !args.exclude_types.is_empty() {
            input.exclude_types = args.exclude_types.clone();
        }
        let input_args = InputArgs {
            input: input.input,
            paths: [input.paths, args.paths.clone()].concat(),
            exclude_paths: [input.exclude_paths, args.exclude_paths.clone()].concat(),
            config: args.config.clone(),
            disable_symlinks: args.disable_symlinks,
        };
        let mut loaded = load::load_in(&input_args, &cwd)?;
        if !loaded.compiled.errors.is_empty() {
            super::print_findings(
                &mut std::io::stderr().lock(),
                &loaded.compiled.errors,
                args.error_format,
                &loaded,
            )?;
            return Ok(Outcome::Findings);
        }
        let Some(model) = loaded.compiled.model.take() else {
            continue;
        };
        // Managed mode rewrites options on the whole model; then `types` / `exclude_types`: the
        // input's filter, then each plugin's on top of it.
        let managed = crate::codegen::managed::apply(model, &config.managed)?;
        let model = &managed;
        let input_filtered = filter::filter(model, &input.types, &input.exclude_types)?;
        let model = input_filtered.as_ref().unwrap_or(model);
        let plugin_models = config
            .plugins
            .iter()
            .map(|p| filter::filter(model, &p.types, &p.exclude_types))
            .collect::<Result<Vec<_>>>()?;
        let out_dir = |p: &PluginConfig| match &args.output {
            Some(prefix) => prefix.join(&p.out),
            None => PathBuf::from(&p.out),
        };
        // Per out directory, the files whose `_pb2` modules (or stubs) are generated there, for
        // `relative_imports`.
        let mut python_modules: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
        for (p, filtered) in config.plugins.iter().zip(&plugin_models) {
            if matches!(p.generator, Generator::Python | Generator::Pyi) {
                let model = filtered.as_ref().unwrap_or(model);
                python_modules
                    .entry(out_dir(p))
                    .or_default()
                    .extend(python_files(model, p, &args, false));
            }
        }
        for (p, filtered) in config.plugins.iter().zip(&plugin_models) {
            let model = filtered.as_ref().unwrap_or(model);
            let dir = out_dir(p);
            let local = python_modules.get(&dir);
            let entry = outputs.entry(dir).or_default();
            run_plugin(model, p, &args, &renderer, &mut entry.0, local)?;
            for s in suffixes(p, &entry.0) {
                if !entry.1.contains(&s) {
                    entry.1.push(s);
                }
            }
        }
    }

    if args.check {
        let mut problems = Vec::new();
        for (dir, (files, owned)) in &outputs {
            let abs = cwd.join(dir);
            let d = write::diff(&abs, files)?;
            let owned: Vec<&str> = owned.iter().map(String::as_str).collect();
            for p in d.missing {
                problems.push(format!("missing: {}", dir.join(p).display()));
            }
            for p in d.stale {
                problems.push(format!("stale: {}", dir.join(p).display()));
            }
            for p in write::extra_files(&abs, files, &owned)? {
                problems.push(format!("extra: {}", dir.join(p).display()));
            }
        }
        for p in &problems {
            println!("{p}");
        }
        return Ok(if problems.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        });
    }

    for (dir, (files, _)) in &outputs {
        let abs = cwd.join(dir);
        crate::log::debug(
            "generate",
            &[
                ("out", dir.display().to_string()),
                ("files", files.len().to_string()),
            ],
        );
        if config.clean || args.clean {
            for extra in write::extra_files(&abs, files, &[""])? {
                let path = abs.join(extra);
                std::fs::remove_file(&path).map_err(|e| Error::io(path, e))?;
            }
        }
        write::write(&abs, files)?;
    }
    Ok(Outcome::Clean)
}

/// File-name suffixes a generator owns in its output directory (for `--check`'s extra files).
fn suffixes(p: &PluginConfig, files: &Files) -> Vec<String> {
    match &p.generator {
        Generator::Python => vec!["_pb2.py".into()],
        Generator::Pyi => vec!["_pb2.pyi".into()],
        Generator::GrpcPython => {
            let mut out = vec!["_pb2_grpc.py".to_string()];
            if files
                .keys()
                .any(|k| k.to_string_lossy().ends_with("_pb2_grpc.pyi"))
            {
                out.push("_pb2_grpc.pyi".into());
            }
            out
        }
        Generator::Go => vec![".pb.go".into()],
        Generator::GoGrpc => vec!["_grpc.pb.go".into()],
        Generator::Prost | Generator::Tonic | Generator::Local(_) => {
            let mut out: Vec<String> = files
                .keys()
                .filter_map(|p| p.extension())
                .map(|e| format!(".{}", e.to_string_lossy()))
                .collect();
            out.sort();
            out.dedup();
            out
        }
    }
}

/// The files a plugin generates for: the targets, and with `include_imports` what they import
/// (well-known types only with `include_wkt`).
fn files_for(model: &Model, p: &PluginConfig, args: &GenerateArgs) -> Vec<String> {
    let include_imports = p.include_imports || args.include_imports;
    let include_wkt = p.include_wkt || args.include_wkt;
    let is_wkt = |n: &str| crate::wkt::FILES.iter().any(|(w, _)| *w == n);
    // Images without buf's import markers list well-known types as files of their own; like
    // buf, they are generated only with include_wkt.
    let targets: Vec<String> = model
        .targets()
        .filter(|f| !f.is_import && (include_wkt || !is_wkt(&f.name)))
        .map(|f| f.name.clone())
        .collect();
    if !include_imports {
        return targets;
    }
    let closure = model.transitive_closure(targets.iter().map(String::as_str));
    model
        .pool
        .files()
        .map(|f| f.name().to_string())
        .filter(|n| closure.contains(n))
        .filter(|n| {
            targets.contains(n) || include_wkt || !crate::wkt::FILES.iter().any(|(w, _)| w == n)
        })
        .collect()
}

fn run_plugin(
    model: &Model,
    p: &PluginConfig,
    args: &GenerateArgs,
    renderer: &Renderer,
    files: &mut Files,
    local: Option<&BTreeSet<String>>,
) -> Result<()> {
    let names = files_for(model, p, args);
    let kind = match &p.generator {
        Generator::Python => PyKind::Pb2,
        Generator::Pyi => PyKind::Pyi,
        Generator::GrpcPython => PyKind::Grpc,
        Generator::Go | Generator::GoGrpc => {
            let generated =
                crate::codegen::go::generate(model, &names, &p.generator, &p.opt, renderer)?;
            return add_files(files, generated, p);
        }
        Generator::Prost | Generator::Tonic => {
            let generated =
                crate::codegen::rust::generate(model, &names, &p.generator, &p.opt, renderer)?;
            return add_files(files, generated, p);
        }
        Generator::Local(command) => return run_local(model, p, command, names, files),
    };
    let options = python_options(p, local)?;
    let names = python_files(model, p, args, true);
    lite_imports_as_protoc(model, &names, p)?;
    let generated = python::generate(model, &names, kind, &options, renderer)?;
    add_files(files, generated, p)
}

/// protoc refuses to generate for a file that is not `optimize_for = LITE_RUNTIME` but imports one
/// that is; compiling rejects that in sources, so only managed mode's `optimize_for` overrides get
/// here. The built-in Python generators stand in for protoc, so they refuse it the same way.
fn lite_imports_as_protoc(model: &Model, names: &[String], p: &PluginConfig) -> Result<()> {
    for name in names {
        let Some(file) = model.pool.get_file_by_name(name) else {
            continue;
        };
        if let Some(dep) = crate::compile::checks::lite_import(&file) {
            return Err(Error::other(format!(
                "plugin {}: {name}: Files that do not use optimize_for = LITE_RUNTIME cannot import files which do use this option.  This file is not lite, but it imports \"{}\" which is.",
                p.label,
                dep.name()
            )));
        }
    }
    Ok(())
}

/// The files a Python plugin generates for. protoc writes descriptor_pb2.py in a form of its
/// own (pure-Python bootstrapping); the protobuf runtime ships it, so it is skipped (with a
/// warning when `warn`) rather than generated.
fn python_files(model: &Model, p: &PluginConfig, args: &GenerateArgs, warn: bool) -> Vec<String> {
    files_for(model, p, args)
        .into_iter()
        .filter(|n| {
            let skip = n == "google/protobuf/descriptor.proto";
            if skip && warn {
                crate::log::warn(&format!(
                    "plugin {}: skipping google/protobuf/descriptor.proto (the protobuf runtime provides google.protobuf.descriptor_pb2)",
                    p.label
                ));
            }
            !skip
        })
        .collect()
}

/// Runs a plugin executable over the protoc plugin protocol, one request per directory (or one
/// for all files with `strategy: all`).
fn run_local(
    model: &Model,
    p: &PluginConfig,
    command: &[String],
    names: Vec<String>,
    files: &mut Files,
) -> Result<()> {
    let parameter = p.opt.join(",");
    let batches: Vec<Vec<String>> = if p.strategy_all {
        vec![names]
    } else {
        let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for n in names {
            let dir = n
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            by_dir.entry(dir).or_default().push(n);
        }
        by_dir.into_values().collect()
    };
    for batch in batches {
        let request = plugin::request(model, &batch, &parameter);
        let response = plugin::run(command, &request)?;
        plugin::check_features(model, &batch, &response, &p.label)?;
        plugin::apply(files, response, &p.label)?;
    }
    Ok(())
}

/// Adds one plugin's output to its directory's files; two plugins writing one path is an error.
fn add_files(files: &mut Files, generated: Files, p: &PluginConfig) -> Result<()> {
    for (path, text) in generated {
        if files.contains_key(&path) {
            let hint = if matches!(p.generator, Generator::Prost | Generator::Tonic) {
                " (the built-in protoc-gen-tonic writes the prost messages too: list only protoc-gen-tonic for that out, or give protoc-gen-prost another out)"
            } else {
                ""
            };
            return Err(Error::other(format!(
                "plugin {}: {} was already generated by another plugin with the same out{hint}",
                p.label,
                path.display()
            )));
        }
        files.insert(path, text);
    }
    Ok(())
}

/// Python options: the version stamps (`protobuf_version=7.35.1`, `grpc_version=1.85.1`),
/// `relative_imports` (imports of modules generated into the same out directory, `local`, are
/// relative) and, for grpc_python, `pyi` (also write a typed `_pb2_grpc.pyi`).
fn python_options(p: &PluginConfig, local: Option<&BTreeSet<String>>) -> Result<PyOptions> {
    let mut options = PyOptions::default();
    for opt in p
        .opt
        .iter()
        .flat_map(|o| o.split(','))
        .filter(|o| !o.is_empty())
    {
        let (key, value) = opt.split_once('=').unwrap_or((opt, ""));
        match key {
            "protobuf_version" => {
                let (core, suffix) = value.split_once('-').unwrap_or((value, ""));
                let parts: Vec<u32> = core.split('.').filter_map(|x| x.parse().ok()).collect();
                let [major, minor, patch] = parts[..] else {
                    return Err(Error::usage(format!(
                        "plugin {}: protobuf_version must be MAJOR.MINOR.PATCH[-SUFFIX], got {value:?}",
                        p.label
                    )));
                };
                options.versions.protobuf_python = value.to_string();
                options.versions.runtime_major = major;
                options.versions.runtime_minor = minor;
                options.versions.runtime_patch = patch;
                options.versions.runtime_suffix = if suffix.is_empty() {
                    String::new()
                } else {
                    format!("-{suffix}")
                };
            }
            "grpc_version" => options.versions.grpc = value.to_string(),
            "relative_imports" if value.is_empty() => {
                options.local = Some(local.cloned().unwrap_or_default())
            }
            "pyi" if value.is_empty() && p.generator == Generator::GrpcPython => {
                options.grpc_pyi = true
            }
            "relative_imports" | "pyi" if !value.is_empty() => {
                return Err(Error::usage(format!(
                    "plugin {}: option {key:?} takes no value, got {opt:?}",
                    p.label
                )));
            }
            _ => {
                let known = if p.generator == Generator::GrpcPython {
                    "protobuf_version, grpc_version, relative_imports, pyi"
                } else {
                    "protobuf_version, grpc_version, relative_imports"
                };
                return Err(Error::usage(format!(
                    "plugin {}: unknown option {key:?} (known: {known})",
                    p.label
                )));
            }
        }
    }
    Ok(options)
}

/// Reads `--template` (a path or inline YAML) or `./buf.gen.yaml`; returns it with the
/// directory its relative `templates` path is resolved against.
fn read_gen_config(template: Option<&str>, cwd: &Path) -> Result<(GenConfig, PathBuf)> {
    match template {
        Some(t) if t.contains('\n') || t.trim_start().starts_with('{') => {
            Ok((gen::parse(t, "--template")?, PathBuf::new()))
        }
        Some(path) => {
            let full = cwd.join(path);
            let text = std::fs::read_to_string(&full).map_err(|e| Error::io(path, e))?;
            let dir = Path::new(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            Ok((gen::parse(&text, path)?, dir))
        }
        None => {
            let full = cwd.join("buf.gen.yaml");
            let text = std::fs::read_to_string(&full).map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Error::usage("buf.gen.yaml not found in the current directory; pass --template")
                } else {
                    Error::io("buf.gen.yaml", e)
                }
            })?;
            Ok((gen::parse(&text, "buf.gen.yaml")?, PathBuf::new()))
        }
    }
}
