//! Command-line interface. Doc comments here are the `--help` text and the source of
//! `docs/cli.md`; flags mirror buf's so existing CI scripts keep working.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "protowright",
    version,
    about = "A fast, buf-compatible toolchain for Protocol Buffers and gRPC contracts.",
    long_about = None,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted by every command, as buf accepts them.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Log format for messages on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Color)]
    pub log_format: LogFormat,
    /// Print debug messages on stderr.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Print more messages on stderr.
    #[arg(short = 'v', long, global = true)]
    pub verbose: bool,
    /// Give up after this long, e.g. `30s`, `2m`, `1h30m` (`0` for no limit).
    #[arg(long, global = true, default_value = "2m", value_parser = parse_duration)]
    pub timeout: std::time::Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Color,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile the input and write it as a descriptor set (an image).
    ///
    /// Exits 0 on success, 100 on compile errors (reported like buf: `path:line:col:message`),
    /// 1 on usage, configuration or I/O errors.
    Build(BuildArgs),
    /// Lint the input with the rules its buf.yaml selects (buf's rules, same IDs and messages).
    ///
    /// Findings go to stdout, warnings (deprecated rule IDs) to stderr. Exits 0 when clean, 100
    /// on findings or compile errors, 1 on usage, configuration or I/O errors.
    Lint(LintArgs),
    /// Print the rule catalogue (as `buf config ls-lint-rules` does for lint rules).
    #[command(disable_version_flag = true)]
    Rules(RulesArgs),
    /// Check that the input has no breaking changes compared with the `--against` input.
    ///
    /// Both inputs may be a directory, a `.proto` file, an image or a git repository
    /// (`.git#branch=main`, `#tag=v1.2.0`, `#ref=HEAD~1`, `#commit=<id>`, with `,subdir=proto`).
    /// The input's buf.yaml decides the rules (`breaking:` `use`, `except`, `ignore`,
    /// `ignore_only`, `ignore_unstable_packages`); workspaces are compared module by module.
    ///
    /// Exits 0 when nothing broke, 100 on breaking changes or compile errors (in either input),
    /// 1 on usage, configuration or I/O errors.
    Breaking(BreakingArgs),
    /// Generate code from an input with the plugins of a buf.gen.yaml (v1 or v2).
    ///
    /// Python (python, pyi, grpc_python), Go (protoc-gen-go, protoc-gen-go-grpc) and Rust
    /// (protoc-gen-prost, protoc-gen-tonic) are built in, by their local or BSR names; other
    /// `local:` plugins run through the protoc plugin protocol. Managed mode and `types` /
    /// `exclude_types` apply as in `buf generate`. Files are written atomically, only when
    /// changed, and never outside each plugin's `out`. With `--check` nothing is written: exits
    /// 100 listing missing, stale and extra files.
    Generate(GenerateArgs),
    /// Work with the code generation templates.
    Templates(TemplatesArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The input (as for `build`); defaults to the buf.gen.yaml `inputs`, then `.`.
    pub input: Option<String>,
    /// The buf.gen.yaml to use: a file path or inline YAML/JSON (default `buf.gen.yaml`).
    #[arg(long, value_name = "FILE|YAML")]
    pub template: Option<String>,
    /// A directory prefixed to every plugin's `out`.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// A directory of template overrides (same layout as `protowright templates init`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write nothing; exit 100 when generated files are missing, stale or extra.
    #[arg(long)]
    pub check: bool,
    /// Also generate for imported files (well-known types only with --include-wkt).
    #[arg(long)]
    pub include_imports: bool,
    /// With --include-imports, also generate for well-known types.
    #[arg(long)]
    pub include_wkt: bool,
    /// Limit to these files or directories. Repeatable.
    #[arg(long = "path", value_name = "PATH")]
    pub paths: Vec<String>,
    /// Exclude these files or directories. Repeatable.
    #[arg(long = "exclude-path", value_name = "PATH")]
    pub exclude_paths: Vec<String>,
    /// Keep only these types (package, message, enum, extension, service, method; `.**` for
    /// everything beneath) and what they need. Repeatable; replaces the inputs' `types`.
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// Remove these types and every reference to them. Repeatable; replaces the inputs'
    /// `exclude_types`.
    #[arg(long = "exclude-type", value_name = "TYPE")]
    pub exclude_types: Vec<String>,
    /// Delete what is in each plugin's `out` before writing (as `clean: true`).
    #[arg(long)]
    pub clean: bool,
    /// Do not follow symlinks when reading sources.
    #[arg(long)]
    pub disable_symlinks: bool,
    /// The buf.yaml to use instead of the one found with the input.
    #[arg(long)]
    pub config: Option<String>,
    /// How compile errors are printed.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Text)]
    pub error_format: ErrorFormat,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the default templates into DIR, to edit and pass with `generate --templates DIR`.
    Init {
        /// Where to write them.
        dir: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// List the default templates.
    List,
    /// Print the template variable reference (docs/templates.md).
    Docs,
}

/// Which files of an input to work on, and how to report problems.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// The input: a directory (default `.`), a `.proto` file, an image (`.binpb`, `.bin`, `.json`,
    /// optionally `.gz` or `.zst`) or a git repository (`path/.git#branch=main,subdir=proto`).
    /// Append `#format=dir|protofile|binpb|json|git` to override detection.
    #[arg(default_value = ".")]
    pub input: String,
    /// Limit to these files or directories (relative to the current directory). Repeatable.
    #[arg(long = "path", value_name = "PATH")]
    pub paths: Vec<String>,
    /// Exclude these files or directories (relative to the current directory). Repeatable.
    #[arg(long = "exclude-path", value_name = "PATH")]
    pub exclude_paths: Vec<String>,
    /// The buf.yaml to use instead of the one found with the input: a file path or inline YAML/JSON.
    #[arg(long)]
    pub config: Option<String>,
    /// Do not follow symbolic links when reading a directory input (they are followed by default).
    #[arg(long)]
    pub disable_symlinks: bool,
}

/// `--error-format` for commands that report compile errors and findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    Text,
    Json,
    Msvs,
    Junit,
    #[value(name = "github-actions")]
    GithubActions,
    #[value(name = "gitlab-code-quality")]
    GitlabCodeQuality,
    Sarif,
    #[value(name = "config-ignore-yaml")]
    ConfigIgnoreYaml,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the image: `.binpb`/`.bin` (binary) or `.json`, optionally `.gz`/`.zst`
    /// compressed; `-` for binary on stdout. Without it the input is only compiled.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave imported files (dependencies and well-known types) out of the image.
    #[arg(long)]
    pub exclude_imports: bool,
    /// Leave source code info (locations and comments) out of the image.
    #[arg(long)]
    pub exclude_source_info: bool,
    /// Leave out options declared `retention = RETENTION_SOURCE`, as protoc does by default.
    #[arg(long)]
    pub exclude_source_retention_options: bool,
    /// Accepted for buf compatibility: images are always plain FileDescriptorSets (buf's own
    /// image extensions are never written).
    #[arg(long)]
    pub as_file_descriptor_set: bool,
    /// Keep only this type (message, enum, service, method, extension or package) and what it
    /// needs, as buf.gen.yaml's `types` does; may be repeated.
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// How compile errors are printed.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Text)]
    pub error_format: ErrorFormat,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// How findings and compile errors are printed (on stdout). `config-ignore-yaml` prints an
    /// `ignore_only` block that silences every finding.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Text)]
    pub error_format: ErrorFormat,
    /// Neither read nor write the result cache (see docs/cache.md). The cache lives in
    /// `$PROTOWRIGHT_CACHE_DIR`, else `$XDG_CACHE_HOME/protowright`, else
    /// `~/.cache/protowright`; `PROTOWRIGHT_NO_CACHE=1` also turns it off.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct BreakingArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The input to compare against: a directory, a `.proto` file, an image or a git reference
    /// such as `.git#branch=main` or `.git#ref=HEAD~1,subdir=proto`.
    #[arg(long, value_name = "AGAINST_INPUT")]
    pub against: Option<String>,
    /// Compare against the most recent release tag reachable from `HEAD`, without naming it.
    ///
    /// Tags are read from the git repository that contains the input directory; those that parse
    /// as semantic versions (`v1.2.3`, `1.2.3`, `v2.0.0-rc.1`; a leading `v` is optional) are
    /// ordered by semver precedence and the highest one whose commit is an ancestor of (or is)
    /// `HEAD` is used, with the input's directory as `subdir`. Equivalent to
    /// `--against '<repo>/.git#tag=<latest>,subdir=<input dir>'`.
    #[arg(long, conflicts_with = "against")]
    pub against_latest_tag: bool,
    /// The buf.yaml for the against input: a file path or inline YAML/JSON.
    #[arg(long, value_name = "CONFIG")]
    pub against_config: Option<String>,
    /// Not supported: protowright does not talk to the Buf Schema Registry (accepted so that
    /// scripts fail with a clear message).
    #[arg(long, conflicts_with = "against")]
    pub against_registry: bool,
    /// Do not report breaking changes in imported files (dependencies, well-known types, other
    /// modules' files).
    #[arg(long)]
    pub exclude_imports: bool,
    /// Compare only the files of the input: the against input is limited to the files the input
    /// has (overrides `--path` for the against input).
    #[arg(long)]
    pub limit_to_input_files: bool,
    /// How breaking changes and compile errors are printed (on stdout).
    #[arg(long, value_enum, default_value_t = ErrorFormat::Text)]
    pub error_format: ErrorFormat,
    /// Also write a compatibility report to FILE: `.md` (a pull-request comment), `.html` (a page
    /// with the summary at the top and the changes grouped by file and element) or `.json`.
    ///
    /// The report states a verdict (no change, additive, breaking for generated code only, on the
    /// JSON wire, or on the binary wire), what each change breaks and how to fix it. It is written
    /// atomically, also when there are no changes; the exit code does not change.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// A directory of report template overrides (`report/report.md.hbs`, …; see
    /// `protowright templates init` and docs/templates.md).
    #[arg(long, value_name = "DIR", requires = "report")]
    pub templates: Option<PathBuf>,
    /// The approvals file of intentional breaks [default: protowright.breaking.yaml in the
    /// current directory, when present].
    ///
    /// Each approval names a `rule`, the `element` (a full name as the report shows it, such as
    /// `acme.v1.User.email`) or the `path` of a file, and a `reason`:
    ///
    /// ```yaml
    /// version: v1
    /// approvals:
    ///   - rule: FIELD_NO_DELETE
    ///     element: acme.v1.User.email
    ///     reason: moved to Contact (ADR-12)
    /// ```
    ///
    /// Approved changes are not printed and do not make the command exit 100; the report lists
    /// them as approved.
    #[arg(long, value_name = "FILE")]
    pub approvals: Option<PathBuf>,
}

/// Which rules `protowright rules` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleKind {
    Lint,
    Breaking,
}

/// A buf.yaml version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigVersion {
    V1beta1,
    V1,
    V2,
}

/// How `protowright rules` prints the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// buf's table (`ID  CATEGORIES  DEFAULT  PURPOSE`).
    Text,
    /// JSON lines, as `buf config ls-lint-rules --format json`.
    Json,
    /// A Markdown page with each rule's documentation (what `docs/rules.md` is made of).
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Which rules to list.
    #[arg(long, value_enum, default_value_t = RuleKind::Lint)]
    pub kind: RuleKind,
    /// The buf.yaml version whose rules and categories to list. Default: the version of the
    /// buf.yaml in the current directory, or v2. With `--format markdown` and no version, every
    /// version is printed.
    #[arg(long, value_enum)]
    pub version: Option<ConfigVersion>,
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Also list deprecated rules.
    #[arg(long)]
    pub include_deprecated: bool,
}

/// Parses durations like `90s`, `2m`, `1h30m`, `500ms` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(std::time::Duration::from_secs(secs));
    }
    let mut total = std::time::Duration::ZERO;
    let mut rest = text;
    if rest.is_empty() {
        return Err("empty duration".into());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("invalid duration {text:?}: missing unit (s, m, h, ms)"))?;
        let (num, tail) = rest.split_at(digits);
        let value: f64 = num
            .parse()
            .map_err(|_| format!("invalid duration {text:?}"))?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_len);
        let secs = match unit {
            "ns" => value / 1e9,
            "us" | "µs" => value / 1e6,
            "ms" => value / 1e3,
            "s" => value,
            "m" => value * 60.0,
            "h" => value * 3600.0,
            _ => return Err(format!("invalid duration {text:?}: unknown unit {unit:?}")),
        };
        total += std::time::Duration::from_secs_f64(secs);
        rest = next;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        use std::time::Duration;
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
