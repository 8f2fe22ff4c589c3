//! `protowright rules`: the rule catalogue from the registry, as `buf config ls-lint-rules`
//! prints it (text, JSON lines), or as Markdown (what `docs/rules.md` is).

use std::io::Write;

use crate::{
    check::{self, CatalogueRow},
    cli::{ConfigVersion, RuleKind, RulesArgs, RulesFormat},
    config::{self, Version},
    lint, Error, Outcome, Result,
};

pub fn run(args: RulesArgs) -> Result<Outcome> {
    let text = render(&args, default_version)?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .or_else(super::ignore_broken_pipe)
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Outcome::Clean)
}

/// The catalogue as `args` asks for it. `default_version` gives the version when `--version` is
/// not set (the current directory's buf.yaml, or v2).
pub fn render(args: &RulesArgs, default_version: impl Fn() -> Result<Version>) -> Result<String> {
    let kind = match args.kind {
        RuleKind::Lint => check::Kind::Lint,
    };
    let rows = |version| lint::catalogue(kind, version, args.include_deprecated);
    Ok(match (args.format, args.version) {
        (RulesFormat::Markdown, None) => {
            let versions: Vec<(Version, Vec<CatalogueRow>)> =
                [Version::V1Beta1, Version::V1, Version::V2]
                    .into_iter()
                    .map(|v| (v, rows(v)))
                    .collect();
            check::render_markdown_all(kind, &versions)
        }
        (format, version) => {
            let version = match version {
                Some(v) => version_of(v),
                None => default_version()?,
            };
            let rows = rows(version);
            match format {
                RulesFormat::Text => check::render_text(&rows, args.include_deprecated),
                RulesFormat::Json => check::render_json(&rows),
                RulesFormat::Markdown => check::render_markdown(kind, version, &rows),
            }
        }
    })
}

fn version_of(version: ConfigVersion) -> Version {
    match version {
        ConfigVersion::V1beta1 => Version::V1Beta1,
        ConfigVersion::V1 => Version::V1,
        ConfigVersion::V2 => Version::V2,
    }
}

/// The version of `buf.yaml` in the current directory, or v2 (the latest) without one.
fn default_version() -> Result<Version> {
    let path = std::path::Path::new("buf.yaml");
    match std::fs::read(path) {
        Ok(bytes) => {
            let (version, _) =
                config::file::read_version(&bytes, "buf.yaml", config::file::Kind::BufYaml)?;
            Ok(version.into())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Version::V2),
        Err(e) => Err(Error::io("buf.yaml", e)),
    }
}
