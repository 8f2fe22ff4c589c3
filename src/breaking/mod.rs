//! `breaking`: buf's breaking-change rules over a (previous, current) pair of compiled inputs.
//!
//! The engine pairs elements as buf does and hands each rule the pairs it asked for
//! ([`registry::Check`]): files by path, messages, enums and services by full name, fields by
//! number within their message, extensions by (extendee, number), enum values by number and
//! methods by name. Rules report where (a SourceCodeInfo path in a current file, or no file at
//! all) and which previous file the finding concerns; the engine resolves spans and applies
//! ignores in one place after all rules ran.
//!
//! What is compared: like buf, one image per module — the module's target files plus every file
//! they import, transitively (other modules' files and well-known types included, as imports).
//! Modules are paired in order; when the current input has more modules than the against input
//! and every module has the same `breaking:` configuration, modules without a counterpart are
//! skipped (buf's rule), otherwise the counts must match.
//!
//! Ignores, as buf applies them: a finding is dropped when its current file or its previous file
//! is ignored — by `--exclude-imports` (the file is an import), by `ignore` / `ignore_only`
//! (paths relative to the module root, compared with the file's import path), or by
//! `ignore_unstable_packages` (the file's package ends in an alpha, beta or test version).
//! There are no comment ignores for breaking rules.

pub mod element;
pub mod registry;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use element::{Cardinality, EnumEl, FieldEl, FileEl, MessageEl, MethodEl, ServiceEl, Side};
pub use registry::{Check, Rule, RULES};

use crate::{
    check::{self, CatalogueRow, Ignores, SelectionInput},
    compile::span_to_position,
    config::{BreakingConfig, Module, Version, Workspace},
    error::{Error, Result},
    finding::{self, Finding},
    lint::names::{package_version, Stability},
    model::Model,
    tree,
};

/// What a breaking run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings, sorted and de-duplicated.
    pub findings: Vec<Finding>,
    /// Messages for stderr (deprecated rule IDs, no rules configured), in buf's wording.
    pub warnings: Vec<String>,
    /// The element each finding was reported on: the full name of the message, field, enum,
    /// enum value, service, method or extension its location names (absent for findings on a
    /// whole file). Used by reports and approvals.
    pub elements: BTreeMap<Finding, String>,
}

/// Options that are not in the configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--exclude-imports`: drop findings on files that are imports of the compared module.
    pub exclude_imports: bool,
}

/// The breaking rule catalogue of a configuration version, in buf's order
/// (`buf config ls-breaking-rules`).
pub fn catalogue(version: Version, include_deprecated: bool) -> Vec<CatalogueRow> {
    check::catalogue_rows(registry::metas(), version, include_deprecated)
}

/// Where a finding is: a current file and, optionally, a SourceCodeInfo path in it (without a
/// path, or when the file has no location for it, the finding is at 1:1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    pub file: usize,
    pub path: Option<Vec<i32>>,
}

impl At {
    pub fn file(file: usize) -> At {
        At { file, path: None }
    }

    pub fn path(file: usize, path: Vec<i32>) -> At {
        At {
            file,
            path: Some(path),
        }
    }
}

/// A finding as a rule reports it.
#[derive(Debug, Clone)]
struct Raw {
    rule: &'static str,
    at: Option<At>,
    /// The previous file the finding concerns (for ignores).
    against: Option<usize>,
    message: String,
}

/// What a rule sees besides its pair: both sides (for lookups) and where to report.
pub struct Ctx<'a> {
    rule: &'static str,
    pub prev: &'a Side,
    pub cur: &'a Side,
    out: Vec<Raw>,
}

impl Ctx<'_> {
    /// Reports a finding at `at` in the current input (`None`: no file, shown at 1:1 without a
    /// path) about the previous file `against`.
    pub fn report(&mut self, at: Option<At>, against: Option<usize>, message: impl Into<String>) {
        self.out.push(Raw {
            rule: self.rule,
            at,
            against,
            message: message.into(),
        });
    }

    /// buf's `withBackupLocation`: the first of `paths` that the current file has a location
    /// for, else the last one.
    pub fn first_present(&self, file: usize, paths: &[Vec<i32>]) -> At {
        let f = self.cur.file(file);
        let chosen = paths
            .iter()
            .find(|p| f.has_location(p))
            .or(paths.last())
            .cloned();
        At { file, path: chosen }
    }
}

/// One comparison: one module's image on each side, with the configuration that decides it.
struct Job<'a> {
    version: Version,
    config: &'a BreakingConfig,
    config_name: &'a str,
    /// The policy the configuration comes from; its findings carry the name.
    policy: Option<&'a str>,
    module: &'a Module,
}

/// Compares `current` with `against` module by module, with the current workspace's `breaking:`
/// configuration (and its v2 policies).
pub fn run(current: &Model, against: &Model, options: Options) -> Result<Report> {
    let cur_modules = target_modules(current);
    let prev_modules = target_modules(against);
    let workspace = &current.workspace;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if cur_modules.len() == prev_modules.len() {
        pairs = cur_modules
            .iter()
            .copied()
            .zip(prev_modules.iter().copied())
            .collect();
    } else if cur_modules.len() > prev_modules.len()
        && same_breaking_configs(workspace, &cur_modules)
    {
        // Pair each against module with the first current module sharing a non-import file.
        let mut used = BTreeSet::new();
        for &cm in &cur_modules {
            let names: BTreeSet<&str> = module_targets(current, cm).collect();
            let found = prev_modules.iter().copied().find(|pm| {
                !used.contains(pm) && module_targets(against, *pm).any(|n| names.contains(n))
            });
            if let Some(pm) = found {
                used.insert(pm);
                pairs.push((cm, pm));
            }
        }
        if used.len() != prev_modules.len() {
            return Err(count_error(cur_modules.len(), prev_modules.len()));
        }
    } else {
        return Err(count_error(cur_modules.len(), prev_modules.len()));
    }

    let mut report = Report::default();
    for (cm, pm) in pairs {
        let cur = side(current, cm);
        let prev = side(against, pm);
        let module = workspace.modules.get(cm);
        let default_module = Module {
            dir: ".".into(),
            roots: vec![".".into()],
            ..Default::default()
        };
        let module = module.unwrap_or(&default_module);
        let mut jobs = vec![Job {
            version: module.version,
            config: &module.breaking,
            config_name: "buf.yaml",
            policy: None,
            module,
        }];
        for policy in &workspace.policies {
            jobs.push(Job {
                version: Version::V2,
                config: &policy.breaking,
                config_name: &policy.name,
                policy: Some(&policy.name),
                module,
            });
        }
        for job in &jobs {
            run_job(&prev, &cur, job, options, &mut report)?;
        }
    }
    finding::sort_and_dedup(&mut report.findings);
    Ok(report)
}

fn count_error(cur: usize, prev: usize) -> Error {
    Error::other(format!(
        "input contained {cur} images, whereas against contained {prev} images"
    ))
}

/// The modules with target files, in workspace order.
fn target_modules(model: &Model) -> Vec<usize> {
    let mut out: BTreeSet<usize> = BTreeSet::new();
    for f in model.targets() {
        out.insert(f.module.unwrap_or(0));
    }
    out.into_iter().collect()
}

fn module_targets(model: &Model, module: usize) -> impl Iterator<Item = &str> {
    model
        .targets()
        .filter(move |f| f.module.unwrap_or(0) == module)
        .map(|f| f.name.as_str())
}

fn same_breaking_configs(workspace: &Workspace, modules: &[usize]) -> bool {
    let configs: Vec<(&BreakingConfig, Version)> = modules
        .iter()
        .filter_map(|m| workspace.modules.get(*m))
        .map(|m| (&m.breaking, m.version))
        .collect();
    configs.windows(2).all(|w| w[0] == w[1])
}

/// The image of one module: its target files and, as imports, everything they import.
fn side(model: &Model, module: usize) -> Side {
    let targets: BTreeSet<&str> = module_targets(model, module).collect();
    let mut keep: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = targets.iter().map(|s| s.to_string()).collect();
    while let Some(name) = stack.pop() {
        if !keep.insert(name.clone()) {
            continue;
        }
        if let Some(fd) = model.pool.get_file_by_name(&name) {
            for dep in fd.dependencies() {
                stack.push(dep.name().to_string());
            }
        }
    }
    let external: HashMap<&str, &str> = model
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.external_path.as_str()))
        .collect();
    let files = model
        .pool
        .files()
        .filter(|fd| keep.contains(fd.name()))
        .map(|fd| {
            let name = fd.name().to_string();
            let ext = external
                .get(name.as_str())
                .map_or(name.clone(), |e| e.to_string());
            let is_import = !targets.contains(name.as_str());
            let source_info = model
                .source_info_detached
                .then(|| model.detached_source_info(&fd));
            FileEl::new(fd, ext, is_import, source_info)
        })
        .collect();
    Side::new(files)
}

/// `ignore` / `ignore_only` paths are tree-relative in the configuration; buf compares them with
/// import paths, relative to the module's roots.
fn module_relative(module: &Module, paths: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for path in paths {
        let path = tree::normalize(path);
        let mut matched = false;
        for root in &module.roots {
            if root == "." {
                out.push(path.clone());
                matched = true;
            } else if let Some(rest) = path.strip_prefix(root.as_str()) {
                if let Some(rest) = rest.strip_prefix('/') {
                    out.push(rest.to_string());
                    matched = true;
                }
            }
        }
        if !matched {
            out.push(path);
        }
    }
    out
}

fn run_job(
    prev: &Side,
    cur: &Side,
    job: &Job<'_>,
    options: Options,
    report: &mut Report,
) -> Result<()> {
    let ignore = module_relative(job.module, &job.config.ignore);
    let ignore_only: BTreeMap<String, Vec<String>> = job
        .config
        .ignore_only
        .iter()
        .map(|(k, v)| (k.clone(), module_relative(job.module, v)))
        .collect();
    let metas = registry::metas();
    let selection = check::select(
        &metas,
        &SelectionInput {
            kind: check::Kind::Breaking,
            version: job.version,
            use_: &job.config.use_,
            except: &job.config.except,
            ignore: &ignore,
            ignore_only: &ignore_only,
            disable_builtin: job.config.disable_builtin,
            config_name: job.config_name,
        },
    )?;
    for warning in &selection.warnings {
        if !report.warnings.contains(warning) {
            report.warnings.push(warning.clone());
        }
    }
    let enabled: Vec<&'static Rule> = RULES
        .iter()
        .copied()
        .filter(|r| selection.runs(r.meta.id))
        .collect();
    if enabled.is_empty() {
        return Ok(());
    }
    let mut ctx = Ctx {
        rule: "",
        prev,
        cur,
        out: Vec::new(),
    };
    walk(&mut ctx, &enabled);

    let ignores = Ignores::new(&selection);
    let ignored = |side: &Side, file: usize, rule: &str| -> bool {
        let f = side.file(file);
        (options.exclude_imports && f.is_import)
            || ignores.path_ignored(rule, &f.name)
            || (job.config.ignore_unstable_packages
                && package_version(f.package()).is_some_and(|s| s != Stability::Stable))
    };
    for raw in ctx.out {
        if raw
            .at
            .as_ref()
            .is_some_and(|at| ignored(cur, at.file, raw.rule))
            || raw.against.is_some_and(|f| ignored(prev, f, raw.rule))
        {
            continue;
        }
        let element = raw
            .at
            .as_ref()
            .and_then(|at| at.path.as_deref().map(|p| (cur.file(at.file), p)))
            .and_then(|(file, path)| element_at(file.proto(), path));
        let finding = match raw.at {
            Some(at) => {
                let file = cur.file(at.file);
                let (start_line, start_column, end_line, end_column) = at
                    .path
                    .as_deref()
                    .and_then(|p| file.span(p))
                    .map(span_to_position)
                    .unwrap_or((1, 1, 1, 1));
                Finding {
                    path: file.external.clone(),
                    start_line,
                    start_column,
                    end_line,
                    end_column,
                    rule: raw.rule.to_string(),
                    message: raw.message,
                    policy: job.policy.map(str::to_string),
                }
            }
            None => Finding {
                path: String::new(),
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
                rule: raw.rule.to_string(),
                message: raw.message,
                policy: job.policy.map(str::to_string),
            },
        };
        if let Some(element) = element {
            report.elements.insert(finding.clone(), element);
        }
        report.findings.push(finding);
    }
    Ok(())
}

/// The full name of the deepest element a SourceCodeInfo path names (message, field, oneof,
/// enum, enum value, service, method, extension); `None` for paths of file-level things.
pub fn element_at(file: &prost_types::FileDescriptorProto, path: &[i32]) -> Option<String> {
    fn join(prefix: &str, name: &str) -> String {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    }
    fn in_enum(e: &prost_types::EnumDescriptorProto, full: String, rest: &[i32]) -> String {
        match rest {
            [2, i, ..] => match e.value.get(*i as usize) {
                Some(v) => join(&full, v.name()),
                None => full,
            },
            _ => full,
        }
    }
    fn in_message(m: &prost_types::DescriptorProto, full: String, rest: &[i32]) -> String {
        let index = |i: &i32| *i as usize;
        match rest {
            [2, i, ..] | [6, i, ..] => {
                let list = if rest[0] == 2 { &m.field } else { &m.extension };
                match list.get(index(i)) {
                    Some(f) => join(&full, f.name()),
                    None => full,
                }
            }
            [8, i, ..] => match m.oneof_decl.get(index(i)) {
                Some(o) => join(&full, o.name()),
                None => full,
            },
            [3, i, tail @ ..] => match m.nested_type.get(index(i)) {
                Some(n) => in_message(n, join(&full, n.name()), tail),
                None => full,
            },
            [4, i, tail @ ..] => match m.enum_type.get(index(i)) {
                Some(e) => in_enum(e, join(&full, e.name()), tail),
                None => full,
            },
            _ => full,
        }
    }
    let package = file.package();
    let index = |i: &i32| *i as usize;
    match path {
        [4, i, tail @ ..] => file
            .message_type
            .get(index(i))
            .map(|m| in_message(m, join(package, m.name()), tail)),
        [5, i, tail @ ..] => file
            .enum_type
            .get(index(i))
            .map(|e| in_enum(e, join(package, e.name()), tail)),
        [6, i, tail @ ..] => file.service.get(index(i)).map(|s| {
            let full = join(package, s.name());
            match tail {
                [2, j, ..] => match s.method.get(index(j)) {
                    Some(m) => join(&full, m.name()),
                    None => full,
                },
                _ => full,
            }
        }),
        [7, i, ..] => file
            .extension
            .get(index(i))
            .map(|f| join(package, f.name())),
        _ => None,
    }
}

macro_rules! dispatch {
    ($ctx:expr, $list:expr, $($arg:expr),*) => {
        for (id, f) in &$list {
            $ctx.rule = *id;
            f($ctx, $($arg),*);
        }
    };
}

/// The enabled checks, by what they compare.
#[derive(Default)]
struct Checks {
    sides: Vec<(&'static str, registry::SidesFn)>,
    file: Vec<(&'static str, registry::FileFn)>,
    message: Vec<(&'static str, registry::MessageFn)>,
    field: Vec<(&'static str, registry::FieldFn)>,
    enum_: Vec<(&'static str, registry::EnumFn)>,
    values: Vec<(&'static str, registry::EnumValuesFn)>,
    service: Vec<(&'static str, registry::ServiceFn)>,
    method: Vec<(&'static str, registry::MethodFn)>,
}

/// Pairs the two sides once and calls every enabled check for every pair of its kind.
fn walk(ctx: &mut Ctx<'_>, rules: &[&'static Rule]) {
    let mut c = Checks::default();
    for rule in rules {
        let id = rule.meta.id;
        for check in rule.checks {
            match *check {
                Check::Sides(f) => c.sides.push((id, f)),
                Check::File(f) => c.file.push((id, f)),
                Check::Message(f) => c.message.push((id, f)),
                Check::Field(f) => c.field.push((id, f)),
                Check::Enum(f) => c.enum_.push((id, f)),
                Check::EnumValues(f) => c.values.push((id, f)),
                Check::Service(f) => c.service.push((id, f)),
                Check::Method(f) => c.method.push((id, f)),
            }
        }
    }
    let (prev, cur) = (ctx.prev, ctx.cur);
    dispatch!(ctx, c.sides, prev, cur);
    if !c.file.is_empty() {
        for (name, &pi) in &prev.by_name {
            if let Some(&ci) = cur.by_name.get(name) {
                dispatch!(ctx, c.file, pi, ci);
            }
        }
    }
    if !c.message.is_empty() || !c.field.is_empty() {
        for (name, pm) in &prev.messages {
            let Some(cm) = cur.messages.get(name) else {
                continue;
            };
            dispatch!(ctx, c.message, pm, cm);
            if !c.field.is_empty() {
                let cur_fields = cm.fields(cm.file);
                for (number, pf) in pm.fields(pm.file) {
                    if let Some(cf) = cur_fields.get(&number) {
                        dispatch!(ctx, c.field, &pf, cf);
                    }
                }
            }
        }
    }
    if !c.field.is_empty() {
        for (key, pe) in &prev.extensions {
            if let Some(ce) = cur.extensions.get(key) {
                dispatch!(ctx, c.field, pe, ce);
            }
        }
    }
    if !c.enum_.is_empty() || !c.values.is_empty() {
        for (name, pe) in &prev.enums {
            let Some(ce) = cur.enums.get(name) else {
                continue;
            };
            dispatch!(ctx, c.enum_, pe, ce);
            if !c.values.is_empty() {
                let cur_values = ce.values_by_number();
                for (number, pv) in pe.values_by_number() {
                    if let Some(cv) = cur_values.get(&number) {
                        dispatch!(ctx, c.values, ce, &pv, cv);
                    }
                }
            }
        }
    }
    if !c.service.is_empty() || !c.method.is_empty() {
        for (name, ps) in &prev.services {
            let Some(cs) = cur.services.get(name) else {
                continue;
            };
            dispatch!(ctx, c.service, ps, cs);
            if !c.method.is_empty() {
                let cur_methods = cs.methods();
                for (mname, pm) in ps.methods() {
                    if let Some(cmd) = cur_methods.get(&mname) {
                        let pm = MethodEl {
                            file: ps.file,
                            desc: pm,
                        };
                        let cmd = MethodEl {
                            file: cs.file,
                            desc: cmd.clone(),
                        };
                        dispatch!(ctx, c.method, &pm, &cmd);
                    }
                }
            }
        }
    }
}
