//! `protowright lint`: compile an input, lint it with the rules its configuration selects, print
//! findings on stdout and warnings on stderr, as `buf lint` does.

use std::{collections::BTreeMap, io::Write, path::Path};

use crate::{
    cache::{Cache, KeyBuilder},
    cli::LintArgs,
    compile::{FileLocation, Keep},
    config::{self, Version},
    finding::Finding,
    input::{self, InputSpec},
    lint,
    load::{self, Stage},
    output::{self, CheckKind, OutputContext},
    tree::FileTree,
    Error, Outcome, Result,
};

/// Source info is read through the model, and the text is needed for some option locations.
const KEEP: Keep = Keep {
    detach_source_info: true,
    source_info: true,
    text: true,
};

pub fn run(args: LintArgs) -> Result<Outcome> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let cache = Cache::from_env(args.no_cache);
    let (report, version, config_paths) = match load::stage_in_with(&args.input, &cwd, KEEP)? {
        Stage::Loaded(mut loaded) => {
            if matches!(input::parse(&args.input.input)?, InputSpec::Image(_)) {
                // An image carries no configuration: like buf, use the buf.yaml of the current
                // directory (or --config).
                apply_local_config(&mut loaded.workspace, args.input.config.as_deref(), &cwd)?;
            }
            let report = lint_loaded(&loaded)?;
            let paths = config_paths(
                &loaded.compiled.external_paths,
                &loaded.compiled.files,
                loaded.workspace.version,
            );
            (report, loaded.workspace.version, paths)
        }
        Stage::Read(read) => {
            let version = read.workspace.version;
            let paths = config_paths(
                &read.sources.external_paths,
                &read.sources.locations(),
                version,
            );
            let key = cache.enabled().then(|| {
                let mut key = KeyBuilder::new("lint");
                read.fingerprint(&mut key);
                key.finish()
            });
            let cached = key
                .as_ref()
                .and_then(|key| cache.get("lint", key))
                .and_then(|bytes| serde_json::from_slice::<CachedReport>(&bytes).ok());
            let report = match cached {
                Some(cached) => lint::Report {
                    findings: cached.findings,
                    warnings: cached.warnings,
                },
                None => {
                    let mut loaded = read.compile_with(KEEP);
                    drop_unread_text(&mut loaded);
                    let report = lint_loaded(&loaded)?;
                    if let Some(key) = &key {
                        let entry = CachedReport {
                            findings: report.findings.clone(),
                            warnings: report.warnings.clone(),
                        };
                        if let Ok(bytes) = serde_json::to_vec(&entry) {
                            cache.put("lint", key, &bytes);
                        }
                    }
                    report
                }
            };
            (report, version, paths)
        }
    };
    for warning in &report.warnings {
        crate::log::warn(warning);
    }
    let ctx = OutputContext {
        check: CheckKind::Lint,
        config_version: version,
        config_paths,
        rule_descriptions: lint::RULES
            .iter()
            .map(|r| (r.meta.id.to_string(), r.meta.purpose.to_string()))
            .collect(),
    };
    // Buffered: stdout is line-buffered, one write per finding otherwise.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    output::write(&mut stdout, &report.findings, args.error_format, &ctx)
        .and_then(|()| stdout.flush())
        .or_else(super::ignore_broken_pipe)
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(if report.findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// Drops the source text of the files no rule reads it for ([`lint::reads_text`]).
fn drop_unread_text(loaded: &mut load::Loaded) {
    if let Some(model) = loaded.compiled.model.as_mut() {
        for file in &mut model.files {
            if file.source.as_deref().is_some_and(|t| !lint::reads_text(t)) {
                file.source = None;
            }
        }
    }
}

/// What the cache keeps of a lint run.
#[derive(serde::Serialize, serde::Deserialize)]
struct CachedReport {
    findings: Vec<Finding>,
    warnings: Vec<String>,
}

fn lint_loaded(loaded: &load::Loaded) -> Result<lint::Report> {
    let started = std::time::Instant::now();
    let report = lint::run(&loaded.compiled, &loaded.workspace)?;
    crate::log::debug(
        "linted",
        &[
            ("findings", report.findings.len().to_string()),
            ("duration", format!("{:?}", started.elapsed())),
        ],
    );
    Ok(report)
}

/// Replaces the lint configuration of an image's single module with the one the current directory
/// (or `--config`) has.
fn apply_local_config(
    workspace: &mut config::Workspace,
    config_flag: Option<&str>,
    cwd: &Path,
) -> Result<()> {
    let override_ = config_flag
        .map(|value| config::from_config_flag(value, cwd))
        .transpose()?;
    let local = config::discover_with(&FileTree::disk(cwd.to_path_buf()), ".", override_.as_ref())?;
    let Some(source) = local
        .modules
        .iter()
        .find(|m| m.dir == ".")
        .or_else(|| local.modules.first())
    else {
        return Ok(());
    };
    workspace.version = local.version;
    workspace.policies = local.policies.clone();
    for module in &mut workspace.modules {
        module.version = source.version;
        module.lint = source.lint.clone();
    }
    Ok(())
}

/// Finding path → the path the configuration's ignore lists expect: the import path for
/// v1beta1/v1 (module- or root-relative), the path relative to the buf.yaml directory for v2.
fn config_paths(
    external_paths: &BTreeMap<String, String>,
    files: &BTreeMap<String, FileLocation>,
    version: Version,
) -> BTreeMap<String, String> {
    external_paths
        .iter()
        .map(|(name, external)| {
            let path = match version {
                Version::V2 => files
                    .get(name)
                    .map_or_else(|| name.clone(), |l| l.rel.clone()),
                Version::V1Beta1 | Version::V1 => name.clone(),
            };
            (external.clone(), path)
        })
        .collect()
}
