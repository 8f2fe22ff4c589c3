//! `lint`: buf's lint rules (and a few of our own) over a compiled input.
//!
//! The engine walks each target file once and hands every element to the enabled rules of its
//! kind ([`registry::Check`]); rules report a SourceCodeInfo path and a message; the engine
//! resolves spans and applies ignores (`ignore`, `ignore_only`, comment directives) in one
//! place ([`crate::check`]) after all rules ran.
//!
//! Which descriptors rules see:
//! - when the input compiled, every rule runs on the linked model;
//! - when it did not, only the rules that work on parsed, unlinked descriptors run (our own
//!   number and reserved-range rules, on [`Compiled::parsed`]), and the compile errors are
//!   reported as `COMPILE` findings next to them.
//!
//! Compile errors that one of our own rules reports better (duplicate numbers, numbers out of
//! range or reserved) are decided here, in [`covered_compile_error`]: a `COMPILE` finding is
//! dropped when a finding of the covering rule survives the ignores in the same file. If the
//! user ignores that rule, the compile error comes back — the file still does not compile, and
//! lint must not report it clean.
//!
//! Paths: `ignore` / `ignore_only` are tree-relative (resolved by `config`) and compared with each
//! file's tree-relative path as compile located it ([`Compiled::files`], `model.files[i].rel`).

mod element;
pub mod names;
pub mod registry;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use prost_types::{DescriptorProto, FileDescriptorProto};

pub use element::{
    child, EnumEl, EnumValueEl, FieldEl, FileEl, Files, ImportEl, MessageEl, MethodEl, OneofEl,
    ServiceEl,
};
pub use registry::{Check, Rule, RULES};

use crate::{
    check::{self, CatalogueRow, Ignores, SelectionInput},
    compile::{span_to_position, Compiled},
    config::{LintConfig, Version, Workspace},
    error::Result,
    finding::{self, Finding},
};

/// The prefix of comment directives.
pub const COMMENT_IGNORE_PREFIX: &str = "buf:lint:ignore";

/// Whether a rule may read a file's source text: only the protovalidate rules do, for the
/// locations inside `buf.validate` options, which the text must name (`validate` is in every
/// reference to them, or in the package of a file that may leave it out).
pub fn reads_text(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"validate").is_some()
}

/// What a lint run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings and remaining compile errors, sorted and de-duplicated.
    pub findings: Vec<Finding>,
    /// Messages for stderr (deprecated rule IDs, no rules configured), in buf's wording.
    pub warnings: Vec<String>,
}

/// One configuration to lint one module with: the module's own `lint:` block, or a policy's.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    /// Index into `workspace.modules`.
    pub module: usize,
    pub version: Version,
    pub config: &'a LintConfig,
    /// How warnings name the configuration (`buf.yaml`, a policy file name).
    pub config_name: &'a str,
    /// The policy the configuration comes from; its findings carry the name.
    pub policy: Option<&'a str>,
}

/// Lints every module of `workspace` with its own `lint:` configuration (in its own config
/// version: a buf.work.yaml may mix them), then with each v2 policy.
pub fn run(compiled: &Compiled, workspace: &Workspace) -> Result<Report> {
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for (index, module) in workspace.modules.iter().enumerate() {
        jobs.push(Job {
            module: index,
            version: module.version,
            config: &module.lint,
            config_name: "buf.yaml",
            policy: None,
        });
        for policy in &workspace.policies {
            jobs.push(Job {
                module: index,
                version: Version::V2,
                config: &policy.lint,
                config_name: &policy.name,
                policy: Some(&policy.name),
            });
        }
    }
    let mut report = run_jobs(compiled, &jobs)?;
    if !workspace.policies.is_empty() {
        // buf only says a configuration selects no rules when there are no policies: with
        // policies, an empty buf.yaml `lint:` (`disable_builtin`) is the normal setup.
        report
            .warnings
            .retain(|w| !w.starts_with(check::NO_RULES_WARNING_PREFIX));
    }
    Ok(report)
}

/// The lint rule catalogue of a configuration version, in buf's order.
pub fn catalogue(version: Version, include_deprecated: bool) -> Vec<CatalogueRow> {
    check::catalogue_rows(registry::metas(), version, include_deprecated)
}

/// A finding as a rule reports it: a file, an optional SourceCodeInfo path, a message.
#[derive(Debug, Clone)]
struct Raw {
    rule: &'static str,
    file: String,
    path: Option<Vec<i32>>,
    /// A span to report instead of the location of `path` (which still decides ignores).
    span: Option<Vec<i32>>,
    message: String,
}

/// What a rule sees besides its element: the configuration's options, lookups across files, and
/// where to report.
pub struct Ctx<'a> {
    rule: &'static str,
    pub config: &'a LintConfig,
    /// Every file of the run, targets and imports.
    pub all: &'a [FileEl<'a>],
    messages: &'a HashMap<String, (&'a FileEl<'a>, &'a DescriptorProto)>,
    extensions: &'a HashMap<String, Vec<ExtensionRef<'a>>>,
    out: Vec<Raw>,
}

/// An extension declared in a file of the run, for lookups by extended message.
#[derive(Clone)]
pub struct ExtensionRef<'a> {
    pub file: &'a FileEl<'a>,
    pub proto: &'a prost_types::FieldDescriptorProto,
    pub path: Vec<i32>,
}

impl<'a> Ctx<'a> {
    /// Reports a finding at `path` in `file` (`None`: the whole file, shown at 1:1).
    pub fn report(&mut self, file: &FileEl<'_>, path: Option<&[i32]>, message: impl Into<String>) {
        self.out.push(Raw {
            rule: self.rule,
            file: file.name.to_string(),
            path: path.map(<[i32]>::to_vec),
            span: None,
            message: message.into(),
        });
    }

    /// Reports a finding at `span` (a SourceCodeInfo span the file has no location for, such
    /// as a field inside an option's message literal); `path` decides comment ignores.
    pub fn report_span(
        &mut self,
        file: &FileEl<'_>,
        path: &[i32],
        span: Vec<i32>,
        message: impl Into<String>,
    ) {
        self.out.push(Raw {
            rule: self.rule,
            file: file.name.to_string(),
            path: Some(path.to_vec()),
            span: Some(span),
            message: message.into(),
        });
    }

    /// A message by fully-qualified name (no leading dot), in any file of the run.
    pub fn message(&self, full_name: &str) -> Option<(&'a FileEl<'a>, &'a DescriptorProto)> {
        self.messages.get(full_name).copied()
    }

    /// Resolves a type reference as written in `scope` (`Foo.Bar`, `.pkg.Foo`) to a message of
    /// the run, following protobuf's scoping rules.
    pub fn resolve_message(
        &self,
        scope: &str,
        name: &str,
    ) -> Option<(String, &'a FileEl<'a>, &'a DescriptorProto)> {
        resolve_message(self.messages, scope, name)
    }

    /// Every extension of the run that extends the message `full_name`, ordered by file name
    /// and declaration.
    pub fn extensions_of(&self, full_name: &str) -> &[ExtensionRef<'a>] {
        self.extensions.get(full_name).map_or(&[], Vec::as_slice)
    }
}

type MessageIndex<'a> = HashMap<String, (&'a FileEl<'a>, &'a DescriptorProto)>;

fn resolve_message<'a>(
    messages: &MessageIndex<'a>,
    scope: &str,
    name: &str,
) -> Option<(String, &'a FileEl<'a>, &'a DescriptorProto)> {
    if let Some(absolute) = name.strip_prefix('.') {
        return messages
            .get(absolute)
            .map(|(f, m)| (absolute.to_string(), *f, *m));
    }
    let mut scope = scope.to_string();
    loop {
        let candidate = if scope.is_empty() {
            name.to_string()
        } else {
            format!("{scope}.{name}")
        };
        if let Some((f, m)) = messages.get(&candidate) {
            return Some((candidate, *f, *m));
        }
        if scope.is_empty() {
            return None;
        }
        match scope.rfind('.') {
            Some(i) => scope.truncate(i),
            None => scope.clear(),
        }
    }
}

/// Indexes the extensions of every file by the full name of the message they extend.
fn index_extensions<'a>(
    files: &'a [FileEl<'a>],
    messages: &MessageIndex<'a>,
) -> HashMap<String, Vec<ExtensionRef<'a>>> {
    fn visit<'a>(
        file: &'a FileEl<'a>,
        scope: &str,
        path: &[i32],
        extensions: &'a [prost_types::FieldDescriptorProto],
        tag: i32,
        messages: &MessageIndex<'a>,
        out: &mut HashMap<String, Vec<ExtensionRef<'a>>>,
    ) {
        for (i, ext) in extensions.iter().enumerate() {
            if let Some((target, _, _)) = resolve_message(messages, scope, ext.extendee()) {
                out.entry(target).or_default().push(ExtensionRef {
                    file,
                    proto: ext,
                    path: child(path, &[tag, i as i32]),
                });
            }
        }
    }
    fn walk<'a>(
        file: &'a FileEl<'a>,
        scope: &str,
        path: &[i32],
        message: &'a DescriptorProto,
        messages: &MessageIndex<'a>,
        out: &mut HashMap<String, Vec<ExtensionRef<'a>>>,
    ) {
        let full = qualify(scope, message.name());
        visit(file, &full, path, &message.extension, 6, messages, out);
        for (i, nested) in message.nested_type.iter().enumerate() {
            walk(
                file,
                &full,
                &child(path, &[3, i as i32]),
                nested,
                messages,
                out,
            );
        }
    }
    let mut out = HashMap::new();
    let mut sorted: Vec<&FileEl<'_>> = files.iter().collect();
    sorted.sort_by_key(|f| f.name);
    for file in sorted {
        let pkg = file.package();
        visit(file, pkg, &[], &file.proto.extension, 7, messages, &mut out);
        for (i, message) in file.proto.message_type.iter().enumerate() {
            walk(file, pkg, &[4, i as i32], message, messages, &mut out);
        }
    }
    out
}

/// Lints with explicit jobs (a module's configuration, policies). Files not in a job's module
/// are imports for that job.
pub fn run_jobs(compiled: &Compiled, jobs: &[Job<'_>]) -> Result<Report> {
    let mut report = Report::default();
    let mut compile_errors: Vec<Finding> = compiled.errors.clone();
    // Surviving findings of our own rules, per file name, for covered_compile_error.
    let mut own: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();

    // The descriptors rules see: linked when the input compiled, parsed otherwise.
    let linked: Vec<prost_reflect::FileDescriptor> = compiled
        .model
        .as_ref()
        .map(|m| m.pool.files().collect())
        .unwrap_or_default();
    struct Source<'s> {
        name: &'s str,
        proto: &'s FileDescriptorProto,
        /// Source info (the model may keep it out of `proto`).
        info: Option<&'s prost_types::SourceCodeInfo>,
        linked: Option<prost_reflect::FileDescriptor>,
        external: String,
        /// Tree-relative path, for `ignore` / `ignore_only`.
        rel: Option<String>,
        module: Option<usize>,
        target: bool,
        text: Option<std::sync::Arc<str>>,
    }
    let mut sources: Vec<Source<'_>> = Vec::new();
    if let Some(model) = &compiled.model {
        let by_name: HashMap<&str, &crate::model::SourceFile> =
            model.files.iter().map(|f| (f.name.as_str(), f)).collect();
        for fd in &linked {
            let file = by_name.get(fd.name()).copied();
            sources.push(Source {
                name: fd.name(),
                proto: fd.file_descriptor_proto(),
                info: model.source_info(fd),
                linked: Some(fd.clone()),
                external: file
                    .map(|f| f.external_path.clone())
                    .unwrap_or_else(|| fd.name().to_string()),
                rel: file.and_then(|f| f.rel.clone()),
                module: file.and_then(|f| f.module),
                target: file.is_some_and(|f| f.is_target),
                text: file.and_then(|f| f.source.clone()),
            });
        }
    } else {
        for (name, proto) in &compiled.parsed {
            let external = compiled
                .external_paths
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.clone());
            let location = compiled.files.get(name);
            sources.push(Source {
                name,
                proto,
                info: proto.source_code_info.as_ref(),
                linked: None,
                external,
                rel: location.map(|l| l.rel.clone()),
                module: location.map(|l| l.module),
                target: true,
                text: None,
            });
        }
    }
    let linked_mode = compiled.model.is_some();
    // Indexed once; every job borrows them.
    let all_locations: Vec<element::Locations<'_>> =
        sources.iter().map(|s| element::locations(s.info)).collect();

    for job in jobs {
        let metas: Vec<&'static check::RuleMeta> = registry::metas();
        let selection = check::select(
            &metas,
            &SelectionInput {
                kind: check::Kind::Lint,
                version: job.version,
                use_: &job.config.use_,
                except: &job.config.except,
                ignore: &job.config.ignore,
                ignore_only: &job.config.ignore_only,
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
            .filter(|r| selection.runs(r.meta.id) && (linked_mode || r.unlinked))
            .collect();
        let is_target = |s: &Source<'_>| s.target && s.module == Some(job.module);
        if enabled.is_empty() || !sources.iter().any(is_target) {
            continue;
        }
        let files: Vec<FileEl<'_>> = sources
            .iter()
            .zip(&all_locations)
            .map(|(s, locations)| {
                FileEl::new(s.name, s.proto, s.linked.clone(), !is_target(s), locations)
                    .with_source(s.text.clone(), s.info)
            })
            .collect();
        let mut messages = HashMap::new();
        for file in &files {
            index_messages(
                file,
                file.package(),
                &file.proto.message_type,
                &mut messages,
            );
        }
        let extensions = index_extensions(&files, &messages);
        let mut ctx = Ctx {
            rule: "",
            config: job.config,
            all: &files,
            messages: &messages,
            extensions: &extensions,
            out: Vec::new(),
        };
        walk(&mut ctx, &files, &enabled);

        let ignores = Ignores::new(&selection);
        let index_of: HashMap<&str, usize> =
            files.iter().enumerate().map(|(i, f)| (f.name, i)).collect();
        for raw in std::mem::take(&mut ctx.out) {
            let Some(&index) = index_of.get(raw.file.as_str()) else {
                continue;
            };
            let file = &files[index];
            let source = &sources[index];
            let rel = source.rel.as_deref().unwrap_or(file.name);
            if ignored(&ignores, job.config, file, rel, &raw) {
                continue;
            }
            let (start_line, start_column, end_line, end_column) = match &raw.span {
                Some(span) => span_to_position(span),
                None => raw
                    .path
                    .as_deref()
                    .and_then(|p| file.location(p))
                    .map(|l| span_to_position(&l.span))
                    .unwrap_or((1, 1, 1, 1)),
            };
            if registry::get(raw.rule).is_some_and(|r| r.unlinked) {
                own.entry(raw.file.clone()).or_default().insert(raw.rule);
            }
            report.findings.push(Finding {
                path: source.external.clone(),
                start_line,
                start_column,
                end_line,
                end_column,
                rule: raw.rule.to_string(),
                message: raw.message,
                policy: job.policy.map(str::to_string),
            });
        }
    }

    // Drop the compile errors our own rules reported better (see the module docs).
    let external_to_name: HashMap<&str, &str> = compiled
        .external_paths
        .iter()
        .map(|(name, external)| (external.as_str(), name.as_str()))
        .collect();
    compile_errors.retain(|error| {
        let covering = covered_compile_error(&error.message);
        let name = external_to_name
            .get(error.path.as_str())
            .copied()
            .unwrap_or(error.path.as_str());
        !own.get(name)
            .is_some_and(|rules| covering.iter().any(|r| rules.contains(r)))
    });
    report.findings.extend(compile_errors);
    finding::sort_and_dedup(&mut report.findings);
    Ok(report)
}

/// The rules of ours that report the problem behind a compile error of protox (empty when none
/// does). Parse-time errors (numbers outside 1..=536,870,911 rejected by the parser) are not
/// covered: such files have no descriptor for rules to look at, so they stay `COMPILE` errors.
pub fn covered_compile_error(message: &str) -> &'static [&'static str] {
    // The messages are buf's wording (see `compile::wording`).
    let number_message = |prefix: &str, suffix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
            .is_some_and(|n| n.starts_with('`') && n.ends_with('`'))
    };
    if number_message("field number ", " used more than once") {
        &["FIELD_NUMBER_NO_REUSE"]
    } else if message.starts_with("invalid field number '") {
        &["FIELD_NUMBER_IN_RANGE"]
    } else if number_message("use of reserved field number ", "") {
        &["FIELD_NUMBER_NOT_RESERVED", "RESERVED_NO_OVERLAP"]
    } else if number_message("enum value ", " used more than once") {
        &["ENUM_VALUE_NUMBER_NO_REUSE"]
    } else if number_message("use of reserved enum value ", "") {
        &["ENUM_VALUE_NUMBER_NOT_RESERVED", "RESERVED_NO_OVERLAP"]
    } else if message == "use of reserved message field name" {
        &["FIELD_NAME_NOT_RESERVED"]
    } else if message == "use of reserved enum value name" {
        &["ENUM_VALUE_NAME_NOT_RESERVED"]
    } else {
        &[]
    }
}

/// Whether `ignore`, `ignore_only` or a comment directive suppresses a finding.
fn ignored(
    ignores: &Ignores<'_>,
    config: &LintConfig,
    file: &FileEl<'_>,
    rel: &str,
    raw: &Raw,
) -> bool {
    if ignores.path_ignored(raw.rule, rel) {
        return true;
    }
    if !config.allow_comment_ignores {
        return false;
    }
    let Some(path) = raw.path.as_deref() else {
        return false;
    };
    check::associated_paths(path).into_iter().any(|p| {
        file.leading_comments(p)
            .is_some_and(|c| check::comment_ignores(c, COMMENT_IGNORE_PREFIX, raw.rule))
    })
}

fn index_messages<'a>(
    file: &'a FileEl<'a>,
    scope: &str,
    messages: &'a [DescriptorProto],
    out: &mut HashMap<String, (&'a FileEl<'a>, &'a DescriptorProto)>,
) {
    for message in messages {
        let full_name = if scope.is_empty() {
            message.name().to_string()
        } else {
            format!("{scope}.{}", message.name())
        };
        index_messages(file, &full_name, &message.nested_type, out);
        out.entry(full_name).or_insert((file, message));
    }
}

/// The enabled checks, by element kind.
#[derive(Default)]
struct Checks {
    files: Vec<(&'static str, registry::FilesFn)>,
    file: Vec<(&'static str, registry::FileFn)>,
    import: Vec<(&'static str, registry::ImportFn)>,
    message: Vec<(&'static str, registry::MessageFn)>,
    field: Vec<(&'static str, registry::FieldFn)>,
    oneof: Vec<(&'static str, registry::OneofFn)>,
    enum_: Vec<(&'static str, registry::EnumFn)>,
    value: Vec<(&'static str, registry::EnumValueFn)>,
    service: Vec<(&'static str, registry::ServiceFn)>,
    method: Vec<(&'static str, registry::MethodFn)>,
}

macro_rules! dispatch {
    ($ctx:expr, $list:expr, $el:expr) => {
        for (id, f) in &$list {
            $ctx.rule = *id;
            f($ctx, $el);
        }
    };
}

/// Walks every target file once, calling the enabled rules for each element.
fn walk<'a>(ctx: &mut Ctx<'a>, files: &'a [FileEl<'a>], rules: &[&'static Rule]) {
    let mut checks = Checks::default();
    for rule in rules {
        let id = rule.meta.id;
        for check in rule.checks {
            match *check {
                Check::Files(f) => checks.files.push((id, f)),
                Check::File(f) => checks.file.push((id, f)),
                Check::Import(f) => checks.import.push((id, f)),
                Check::Message(f) => checks.message.push((id, f)),
                Check::Field(f) => checks.field.push((id, f)),
                Check::Oneof(f) => checks.oneof.push((id, f)),
                Check::Enum(f) => checks.enum_.push((id, f)),
                Check::EnumValue(f) => checks.value.push((id, f)),
                Check::Service(f) => checks.service.push((id, f)),
                Check::Method(f) => checks.method.push((id, f)),
            }
        }
    }
    let targets: Vec<&FileEl<'_>> = files.iter().filter(|f| !f.is_import).collect();
    if !checks.files.is_empty() {
        let all = Files::new(targets.clone(), files);
        dispatch!(ctx, checks.files, &all);
    }
    for file in targets {
        dispatch!(ctx, checks.file, file);
        if !checks.import.is_empty() {
            for (index, name) in file.proto.dependency.iter().enumerate() {
                let el = ImportEl {
                    file,
                    name,
                    index,
                    path: vec![3, index as i32],
                    public: file.proto.public_dependency.contains(&(index as i32)),
                    weak: file.proto.weak_dependency.contains(&(index as i32)),
                };
                dispatch!(ctx, checks.import, &el);
            }
        }
        for (index, message) in file.proto.message_type.iter().enumerate() {
            let full_name = qualify(file.package(), message.name());
            walk_message(
                ctx,
                &checks,
                file,
                message,
                vec![4, index as i32],
                full_name,
            );
        }
        for (index, enum_) in file.proto.enum_type.iter().enumerate() {
            let full_name = qualify(file.package(), enum_.name());
            walk_enum(ctx, &checks, file, enum_, vec![5, index as i32], full_name);
        }
        for (index, field) in file.proto.extension.iter().enumerate() {
            let el = FieldEl {
                file,
                proto: field,
                path: vec![7, index as i32],
                message: None,
                is_extension: true,
            };
            dispatch!(ctx, checks.field, &el);
        }
        for (index, service) in file.proto.service.iter().enumerate() {
            let el = ServiceEl {
                file,
                proto: service,
                path: vec![6, index as i32],
            };
            dispatch!(ctx, checks.service, &el);
            for (m, method) in service.method.iter().enumerate() {
                let method_el = MethodEl {
                    file,
                    proto: method,
                    path: vec![6, index as i32, 2, m as i32],
                    service: &el,
                };
                dispatch!(ctx, checks.method, &method_el);
            }
        }
    }
}

fn qualify(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

fn walk_message<'a>(
    ctx: &mut Ctx<'_>,
    checks: &Checks,
    file: &'a FileEl<'a>,
    proto: &'a DescriptorProto,
    path: Vec<i32>,
    full_name: String,
) {
    let el = MessageEl {
        file,
        proto,
        path,
        full_name,
    };
    dispatch!(ctx, checks.message, &el);
    for (index, field) in proto.field.iter().enumerate() {
        let field_el = FieldEl {
            file,
            proto: field,
            path: child(&el.path, &[2, index as i32]),
            message: Some(&el),
            is_extension: false,
        };
        dispatch!(ctx, checks.field, &field_el);
    }
    for (index, field) in proto.extension.iter().enumerate() {
        let field_el = FieldEl {
            file,
            proto: field,
            path: child(&el.path, &[6, index as i32]),
            message: Some(&el),
            is_extension: true,
        };
        dispatch!(ctx, checks.field, &field_el);
    }
    for (index, oneof) in proto.oneof_decl.iter().enumerate() {
        let oneof_el = OneofEl {
            file,
            proto: oneof,
            path: child(&el.path, &[8, index as i32]),
            index,
            message: &el,
        };
        dispatch!(ctx, checks.oneof, &oneof_el);
    }
    for (index, nested) in proto.nested_type.iter().enumerate() {
        let full_name = qualify(&el.full_name, nested.name());
        walk_message(
            ctx,
            checks,
            file,
            nested,
            child(&el.path, &[3, index as i32]),
            full_name,
        );
    }
    for (index, enum_) in proto.enum_type.iter().enumerate() {
        let full_name = qualify(&el.full_name, enum_.name());
        walk_enum(
            ctx,
            checks,
            file,
            enum_,
            child(&el.path, &[4, index as i32]),
            full_name,
        );
    }
}

fn walk_enum<'a>(
    ctx: &mut Ctx<'_>,
    checks: &Checks,
    file: &'a FileEl<'a>,
    proto: &'a prost_types::EnumDescriptorProto,
    path: Vec<i32>,
    full_name: String,
) {
    let el = EnumEl {
        file,
        proto,
        path,
        full_name,
    };
    dispatch!(ctx, checks.enum_, &el);
    for (index, value) in proto.value.iter().enumerate() {
        let value_el = EnumValueEl {
            file,
            proto: value,
            path: child(&el.path, &[2, index as i32]),
            index,
            enum_: &el,
        };
        dispatch!(ctx, checks.value, &value_el);
    }
}
