//! `protowright lint`: compile an input, lint it with the rules its configuration selects, print
//! findings on stdout and warnings on stderr, as `buf lint` does.

use std::{collections::BTreeMap, io::Write, path::Path};

use crate::{
    cli::{GlobalArgs, LintArgs, LogFormat},
    config::{self, Version},
    input::{self, InputSpec},
    lint, load,
    output::{self, CheckKind, OutputContext},
    tree::FileTree,
    Error, Outcome, Result,
};

pub fn run(global: &GlobalArgs, args: LintArgs) -> Result<Outcome> {
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
    print_warnings(global.log_format, &report.warnings);
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

/// Prints warnings on stderr as buf's logger does: `WARN\t<message>` (the level in yellow for
/// `--log-format color` unless `NO_COLOR` is set), or one JSON object per line.
pub(crate) fn print_warnings(format: LogFormat, warnings: &[String]) {
    if warnings.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    for warning in warnings {
        let _ = writeln!(stderr, "{}", log_line(format, "WARN", warning, no_color()));
    }
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// One log line in buf's format (without the newline).
pub(crate) fn log_line(format: LogFormat, level: &str, message: &str, no_color: bool) -> String {
    match format {
        LogFormat::Text => format!("{level}\t{message}"),
        LogFormat::Color if no_color => format!("{level}\t{message}"),
        LogFormat::Color => {
            let color = match level {
                "ERROR" => "31",
                "WARN" => "33",
                "INFO" => "34",
                _ => "35",
            };
            format!("\x1b[{color}m{level}\x1b[0m\t{message}")
        }
        LogFormat::Json => serde_json::json!({
            "time": rfc3339_now(),
            "level": level,
            "msg": message,
        })
        .to_string(),
    }
}

/// The current time as RFC 3339 with nanoseconds in UTC, as Go's `time.RFC3339Nano` prints it.
fn rfc3339_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(now.as_secs(), now.subsec_nanos())
}

fn rfc3339(secs: u64, nanos: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut frac = String::new();
    if nanos > 0 {
        frac = format!(".{nanos:09}");
        while frac.ends_with('0') {
            frac.pop();
        }
    }
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{frac}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339(1_795_457_580, 438_072_254),
            "2026-11-23T18:13:00.438072254Z"
        );
        assert_eq!(rfc3339(951_782_400, 500_000_000), "2000-02-29T00:00:00.5Z");
    }

    #[test]
    fn log_lines() {
        assert_eq!(log_line(LogFormat::Text, "WARN", "m", false), "WARN\tm");
        assert_eq!(
            log_line(LogFormat::Color, "WARN", "m", false),
            "\x1b[33mWARN\x1b[0m\tm"
        );
        assert_eq!(log_line(LogFormat::Color, "WARN", "m", true), "WARN\tm");
        let json: serde_json::Value =
            serde_json::from_str(&log_line(LogFormat::Json, "WARN", "a\n\tb", false)).unwrap();
        assert_eq!(json["level"], "WARN");
        assert_eq!(json["msg"], "a\n\tb");
    }
}
