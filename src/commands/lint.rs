//! `protowright lint`: compile an input, lint it with the rules its configuration selects, print
//! findings on stdout and warnings on stderr, as `buf lint` does.

use std::{collections::BTreeMap, io::Write, path::Path};

use crate::{
    cli::LintArgs,
    config::{self, Version},
    input::{self, InputSpec},
    lint, load,
    output::{self, CheckKind, OutputContext},
    tree::FileTree,
    Error, Outcome, Result,
};

pub fn run(args: LintArgs) -> Result<Outcome> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let mut loaded = load::load_in(&args.input, &cwd)?;
    if matches!(input::parse(&args.input.input)?, InputSpec::Image(_)) {
        // An image carries no configuration: like buf, use the buf.yaml of the current directory
        // (or --config).
        apply_local_config(&mut loaded.workspace, args.input.config.as_deref(), &cwd)?;
    }
    let started = std::time::Instant::now();
    let report = lint::run(&loaded.compiled, &loaded.workspace)?;
    crate::log::debug(
        "linted",
        &[
            ("findings", report.findings.len().to_string()),
            ("duration", format!("{:?}", started.elapsed())),
        ],
    );
    for warning in &report.warnings {
        crate::log::warn(warning);
    }
    let ctx = OutputContext {
        check: CheckKind::Lint,
        config_version: loaded.workspace.version,
        config_paths: config_paths(&loaded),
        rule_descriptions: lint::RULES
            .iter()
            .map(|r| (r.meta.id.to_string(), r.meta.purpose.to_string()))
            .collect(),
    };
    let mut stdout = std::io::stdout().lock();
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
fn config_paths(loaded: &load::Loaded) -> BTreeMap<String, String> {
    let compiled = &loaded.compiled;
    compiled
        .external_paths
        .iter()
        .map(|(name, external)| {
            let path = match loaded.workspace.version {
                Version::V2 => compiled
                    .files
                    .get(name)
                    .map_or_else(|| name.clone(), |l| l.rel.clone()),
                Version::V1Beta1 | Version::V1 => name.clone(),
            };
            (external.clone(), path)
        })
        .collect()
}
