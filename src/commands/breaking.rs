//! `protowright breaking`: compile the input and the against input, compare them with the
//! input's breaking configuration, print the findings (stdout) and warnings (stderr).

use std::{
    collections::{BTreeMap, BTreeSet},
    io::Write,
    path::{Path, PathBuf},
};

use crate::{
    breaking,
    cli::{BreakingArgs, ErrorFormat, InputArgs},
    compile::Keep,
    finding::Finding,
    input::{self, InputSpec},
    load::{self, Loaded},
    output::{self, CheckKind, OutputContext},
    tree, Error, Outcome, Result,
};

pub fn run(args: BreakingArgs) -> Result<Outcome> {
    if args.against_registry {
        return Err(Error::usage(
            "--against-registry is not supported: protowright does not talk to the Buf Schema Registry; use --against with a git reference or an image",
        ));
    }
    let against = match (&args.against, args.against_latest_tag) {
        (Some(against), false) => against.clone(),
        (None, true) => latest_tag_input(&args.input)?,
        _ => return Err(Error::usage("Must set --against or --against-registry")),
    };
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    // Read the approvals and templates first: their errors come before any work.
    let (approvals, approvals_file) = read_approvals(&args, &cwd)?;
    if let Some(path) = &args.report {
        crate::report::template_for(path)?;
    }
    let renderer = match &args.report {
        Some(_) => Some(crate::render::Renderer::new(args.templates.as_deref())?),
        None => None,
    };

    if args.error_format == ErrorFormat::ConfigIgnoreYaml {
        // buf 1.75.0 offers config-ignore-yaml for lint only.
        return Err(Error::usage(
            "--error-format: invalid format: \"config-ignore-yaml\"",
        ));
    }
    let against_args = InputArgs {
        input: against,
        paths: Vec::new(),
        exclude_paths: Vec::new(),
        config: args.against_config.clone(),
        disable_symlinks: args.input.disable_symlinks,
    };
    // The two sides are independent until compared: load the against side on its own thread
    // while the input compiles (reading an image is mostly single-threaded). The input's errors
    // still come first.
    let (current, previous) = std::thread::scope(|scope| {
        // Findings are located in the input only: the against side keeps no source info.
        let previous = scope.spawn(|| {
            load::load_in_with(
                &against_args,
                &cwd,
                Keep {
                    detach_source_info: true,
                    source_info: false,
                    text: false,
                },
            )
        });
        let current = load::load_in_with(
            &args.input,
            &cwd,
            Keep {
                detach_source_info: true,
                source_info: true,
                text: false,
            },
        );
        (current, previous.join())
    });
    let mut current = current?;
    if matches!(input::parse(&args.input.input)?, InputSpec::Image(_)) {
        configure_image(&mut current, args.input.config.as_deref(), &cwd)?;
    }
    if !current.compiled.errors.is_empty() {
        print(&current.compiled.errors, &args, &current)?;
        return Ok(Outcome::Findings);
    }
    let mut previous = previous.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    if !previous.compiled.errors.is_empty() {
        print(&previous.compiled.errors, &args, &current)?;
        return Ok(Outcome::Findings);
    }
    limit_against(&args, &current, &mut previous);
    let (Some(cur_model), Some(prev_model)) = (current.model(), previous.model()) else {
        return Ok(Outcome::Clean);
    };
    let report = breaking::run(
        cur_model,
        prev_model,
        breaking::Options {
            exclude_imports: args.exclude_imports,
        },
    )?;
    for warning in &report.warnings {
        crate::log::warn(warning);
    }
    let options = breaking::Options {
        exclude_imports: args.exclude_imports,
    };
    let impacts = if report.findings.is_empty() || args.report.is_none() {
        Default::default()
    } else {
        crate::report::impacts(cur_model, prev_model, options)?
    };
    let view = crate::report::build(
        &args.input.input,
        &against_args.input,
        cur_model,
        prev_model,
        &report,
        &impacts,
        &approvals,
        &approvals_file,
    );
    for approval in &approvals.list {
        let used = view.approved.iter().any(|f| {
            approvals
                .find(
                    &f.rule,
                    (!f.element.is_empty()).then_some(f.element.as_str()),
                    &[&f.path],
                )
                .is_some_and(|a| a == approval)
        });
        if !used {
            crate::log::warn(&format!(
                "{}: approval of {} matches no breaking change",
                approval.at, approval.rule
            ));
        }
    }
    if let (Some(path), Some(renderer)) = (&args.report, &renderer) {
        let text = renderer.render(crate::report::template_for(path)?, &view)?;
        crate::codegen::write::write_atomic(path, text.as_bytes())?;
    }
    // Approved findings are in the report, not on stdout, and do not fail the run.
    let unapproved: Vec<Finding> = report
        .findings
        .iter()
        .zip(&view.findings)
        .filter(|(_, v)| !v.approved)
        .map(|(f, _)| f.clone())
        .collect();
    if unapproved.is_empty() {
        return Ok(Outcome::Clean);
    }
    print(&unapproved, &args, &current)?;
    Ok(Outcome::Findings)
}

/// The approvals: `--approvals FILE` (must be readable), else `protowright.breaking.yaml` in the
/// current directory when it exists. Returns them with the file name shown in the report.
fn read_approvals(args: &BreakingArgs, cwd: &Path) -> Result<(crate::report::Approvals, String)> {
    let path = match &args.approvals {
        Some(path) => path.clone(),
        None => {
            let default = PathBuf::from(crate::report::DEFAULT_FILE);
            if !cwd.join(&default).is_file() {
                return Ok(Default::default());
            }
            default
        }
    };
    let approvals = crate::report::Approvals::read(&path)?;
    Ok((approvals, path.display().to_string()))
}

/// An image carries no configuration: like buf, the breaking rules come from `--config`, else
/// from the buf.yaml of the current directory, else the defaults.
fn configure_image(current: &mut Loaded, config: Option<&str>, cwd: &Path) -> Result<()> {
    let workspace = match config {
        Some(value) => {
            let config = crate::config::from_config_flag(value, cwd)?;
            let empty = tree::FileTree::memory("--config", BTreeMap::new());
            crate::config::discover_with(&empty, ".", Some(&config))?
        }
        None => crate::config::discover(&tree::FileTree::disk(cwd), ".")?,
    };
    let Some(module) = workspace
        .targets()
        .next()
        .or(workspace.modules.first())
        .cloned()
    else {
        return Ok(());
    };
    if let Some(model) = current.compiled.model.as_mut() {
        for m in &mut model.workspace.modules {
            m.breaking = module.breaking.clone();
            m.version = module.version;
        }
        model.workspace.version = workspace.version;
        model.workspace.policies = workspace.policies.clone();
    }
    current.workspace = workspace;
    Ok(())
}

/// The against input is limited like the input: with `--limit-to-input-files`, to the files the
/// input has; with `--path` / `--exclude-path`, to the same import paths (the flags name files of
/// the input, so they are mapped to import paths through it).
fn limit_against(args: &BreakingArgs, current: &Loaded, previous: &mut Loaded) {
    let paths = &args.input.paths;
    let excludes = &args.input.exclude_paths;
    if !args.limit_to_input_files && paths.is_empty() && excludes.is_empty() {
        return;
    }
    let targets: BTreeSet<&str> = current
        .compiled
        .targets
        .iter()
        .map(String::as_str)
        .collect();
    // An external path prefix (as the user typed it) → the import path prefix it stands for.
    let to_names = |prefixes: &[String]| -> Vec<String> {
        let mut out = Vec::new();
        for prefix in prefixes {
            let prefix = tree::normalize(prefix);
            for (name, external) in &current.compiled.external_paths {
                let external = tree::normalize(external);
                if !tree::is_within(&external, &prefix) {
                    continue;
                }
                let suffix = &external[prefix.len().min(external.len())..];
                if let Some(stem) = name.strip_suffix(suffix) {
                    let stem = stem.trim_end_matches('/');
                    out.push(if stem.is_empty() {
                        ".".to_string()
                    } else {
                        stem.to_string()
                    });
                }
            }
        }
        out
    };
    let (included, excluded) = (to_names(paths), to_names(excludes));
    let within = |name: &str, prefixes: &[String]| {
        prefixes
            .iter()
            .any(|p| p == "." || tree::is_within(name, p))
    };
    let Some(model) = previous.compiled.model.as_mut() else {
        return;
    };
    for file in &mut model.files {
        let keep = if args.limit_to_input_files {
            targets.contains(file.name.as_str())
        } else {
            (paths.is_empty() || within(&file.name, &included)) && !within(&file.name, &excluded)
        };
        file.is_target &= keep;
    }
}

fn print(findings: &[Finding], args: &BreakingArgs, current: &Loaded) -> Result<()> {
    let mut findings = findings.to_vec();
    crate::finding::sort_and_dedup(&mut findings);
    let ctx = OutputContext {
        check: CheckKind::Breaking,
        config_version: current.workspace.version,
        ..Default::default()
    };
    // Buffered: stdout is line-buffered, one write per finding otherwise.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    output::write(&mut out, &findings, args.error_format, &ctx)
        .and_then(|()| out.flush())
        .or_else(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(|e| Error::io("<output>", e))
}

/// `--against-latest-tag`: the git input for the highest semver tag reachable from `HEAD` in the
/// repository containing the input directory.
fn latest_tag_input(input: &InputArgs) -> Result<String> {
    let dir = match input::parse(&input.input)? {
        InputSpec::Dir { path } => path,
        _ => {
            return Err(Error::usage(
                "--against-latest-tag needs a directory input inside a git repository",
            ))
        }
    };
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let abs = cwd.join(&dir);
    let abs = abs.canonicalize().map_err(|e| Error::io(&abs, e))?;
    let root = abs
        .ancestors()
        .find(|p| p.join(".git").exists())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Error::usage(format!(
                "--against-latest-tag: {} is not inside a git repository",
                dir.display()
            ))
        })?;
    let tag = latest_tag(&root)?;
    let subdir = abs
        .strip_prefix(&root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let repo = pathdiff(&root, &cwd);
    let mut spec = format!("{}#tag={tag}", repo.join(".git").display());
    if !subdir.is_empty() {
        spec.push_str(&format!(",subdir={subdir}"));
    }
    Ok(spec)
}

/// `path` relative to `base` when it is below it, else absolute.
fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    match path.strip_prefix(&base) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// The highest semver tag whose commit is `HEAD` or one of its ancestors.
fn latest_tag(root: &Path) -> Result<String> {
    let fail = |message: String| Error::input(root.join(".git").display().to_string(), message);
    let repo = gix::open(root).map_err(|e| fail(e.to_string()))?;
    let head = repo
        .head_id()
        .map_err(|e| fail(format!("cannot resolve HEAD: {e}")))?
        .detach();
    // Every commit reachable from HEAD.
    let mut reachable = BTreeSet::new();
    let mut stack = vec![head];
    while let Some(id) = stack.pop() {
        if !reachable.insert(id) {
            continue;
        }
        let Ok(object) = repo.find_object(id) else {
            continue; // shallow boundary
        };
        if let Ok(commit) = object.try_into_commit() {
            stack.extend(commit.parent_ids().map(|p| p.detach()));
        }
    }
    let platform = repo.references().map_err(|e| fail(e.to_string()))?;
    let tags = platform.tags().map_err(|e| fail(e.to_string()))?;
    let mut best: Option<(Semver, String)> = None;
    for reference in tags.flatten() {
        let mut reference = reference;
        let name = reference.name().shorten().to_string();
        let Some(version) = Semver::parse(&name) else {
            continue;
        };
        let Ok(commit) = reference.peel_to_commit() else {
            continue;
        };
        if !reachable.contains(&commit.id) {
            continue;
        }
        if best.as_ref().is_none_or(|(v, _)| version > *v) {
            best = Some((version, name));
        }
    }
    best.map(|(_, name)| name).ok_or_else(|| {
        fail("no tag that is a semantic version (like v1.2.3) is reachable from HEAD".into())
    })
}

/// A semantic version, ordered by precedence (build metadata ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Semver {
    major: u64,
    minor: u64,
    patch: u64,
    pre: Vec<String>,
}

impl Semver {
    fn parse(tag: &str) -> Option<Semver> {
        let s = tag.strip_prefix('v').unwrap_or(tag);
        let s = s.split_once('+').map_or(s, |(v, _)| v);
        let (core, pre) = match s.split_once('-') {
            Some((c, p)) => (c, p.split('.').map(str::to_string).collect()),
            None => (s, Vec::new()),
        };
        let mut parts = core.split('.');
        let num = |p: Option<&str>| -> Option<u64> {
            let p = p?;
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let (major, minor, patch) = (num(parts.next())?, num(parts.next())?, num(parts.next())?);
        if parts.next().is_some() || (pre.iter().any(String::is_empty)) {
            return None;
        }
        Some(Semver {
            major,
            minor,
            patch,
            pre,
        })
    }
}

impl Ord for Semver {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&other.pre) {
                        let ord = match (a.parse::<u64>(), b.parse::<u64>()) {
                            (Ok(x), Ok(y)) => x.cmp(&y),
                            (Ok(_), Err(_)) => Ordering::Less,
                            (Err(_), Ok(_)) => Ordering::Greater,
                            (Err(_), Err(_)) => a.cmp(b),
                        };
                        if ord != Ordering::Equal {
                            return ord;
                        }
                    }
                    self.pre.len().cmp(&other.pre.len())
                }
            })
    }
}

impl PartialOrd for Semver {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_order() {
        let v = |s: &str| Semver::parse(s).unwrap();
        assert!(v("v1.10.0") > v("v1.9.9"));
        assert!(v("1.0.0") > v("1.0.0-rc.1"));
        assert!(v("1.0.0-rc.2") > v("1.0.0-rc.1"));
        assert!(v("1.0.0-beta") > v("1.0.0-alpha.9"));
        assert!(v("1.0.0-alpha.beta") > v("1.0.0-alpha.1"));
        assert_eq!(v("v2.0.0+build.5"), v("2.0.0"));
        assert!(Semver::parse("release-1").is_none());
        assert!(Semver::parse("v1.2").is_none());
        assert!(Semver::parse("v1.2.3.4").is_none());
    }
}
