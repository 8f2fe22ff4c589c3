//! Compilation: the files of a workspace, read from a [`FileTree`], parsed in parallel with
//! protox-parse and linked with protox into a [`Model`].
//!
//! Compile errors are not [`crate::Error`]s: they are [`Finding`]s of type `COMPILE`, located at
//! `path:line:col` like buf's, and every one that can be found in a run is reported (each target
//! file is linked on its own, so one broken file does not hide the errors of another).

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    panic::AssertUnwindSafe,
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Condvar, Mutex,
    },
};

pub mod checks;
mod fixups;
mod wording;

use miette::Diagnostic;
use prost_reflect::DescriptorPool;
use prost_types::{source_code_info::Location, FileDescriptorProto, SourceCodeInfo};
use rayon::prelude::*;

use crate::{
    config::Workspace,
    error::{Error, Result},
    finding::{Finding, COMPILE},
    model::{Model, SourceFile},
    tree::{self, FileTree},
};

/// What to compile.
#[derive(Clone)]
pub struct Request<'a> {
    pub tree: &'a FileTree,
    pub workspace: &'a Workspace,
    /// How a tree-relative path is shown to users (buf's external path): for a local input, the
    /// path as the user would write it from the current directory.
    pub display: &'a (dyn Fn(&str) -> String + Sync),
    /// Decides which workspace files are targets, by tree-relative path and module index. Files
    /// that are not targets are still available to imports.
    pub is_target: &'a (dyn Fn(&str, usize) -> bool + Sync),
}

/// The result of compiling: a model when linking succeeded for every target, and the compile
/// errors as findings otherwise (sorted, de-duplicated).
#[derive(Debug)]
pub struct Compiled {
    pub model: Option<Model>,
    pub errors: Vec<Finding>,
    /// When compilation failed: the target files' descriptors, as parsed when they did not link
    /// (linked otherwise). Empty on success, when the model has them all.
    pub parsed: BTreeMap<String, FileDescriptorProto>,
    /// File name → external path, for every workspace file.
    pub external_paths: BTreeMap<String, String>,
    /// File name → where the file is in the workspace, for every workspace file.
    pub files: BTreeMap<String, FileLocation>,
    /// Names of the target files.
    pub targets: BTreeSet<String>,
}

/// Where a workspace file lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLocation {
    /// Tree-relative path (what `ignore` paths in the config are compared with).
    pub rel: String,
    /// Index into `workspace.modules`.
    pub module: usize,
}

impl Compiled {
    /// A successful result around a model that did not come from source (an image).
    pub fn from_model(model: Model) -> Self {
        Compiled {
            errors: Vec::new(),
            parsed: BTreeMap::new(),
            external_paths: model
                .files
                .iter()
                .map(|f| (f.name.clone(), f.external_path.clone()))
                .collect(),
            targets: model.targets().map(|f| f.name.clone()).collect(),
            files: model
                .files
                .iter()
                .filter_map(|f| {
                    let location = FileLocation {
                        rel: f.rel.clone()?,
                        module: f.module?,
                    };
                    Some((f.name.clone(), location))
                })
                .collect(),
            model: Some(model),
        }
    }
}

/// What a compiled model keeps of the sources besides the linked descriptors.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    /// Keep source info out of the descriptor pool, once per file in the model
    /// ([`Model::source_info`]): the pool holds every descriptor twice, and source info is most
    /// of a descriptor. Readers must then go through [`Model::source_info`].
    pub detach_source_info: bool,
    /// With `detach_source_info`: keep source info at all (the against side of `breaking`
    /// reports no locations, so it needs none).
    pub source_info: bool,
    /// Keep the source text ([`SourceFile::source`]; only lint reads it).
    pub text: bool,
}

impl Default for Keep {
    /// Everything, source info in the pool.
    fn default() -> Self {
        Keep {
            detach_source_info: false,
            source_info: true,
            text: true,
        }
    }
}

/// One `.proto` file of the workspace, located.
#[derive(Debug, Clone)]
struct WorkspaceFile {
    /// Import path (relative to its include root).
    name: String,
    /// Tree-relative path.
    rel: String,
    module: usize,
}

/// Lists every `.proto` file of every module with its import path. The same import path in two
/// places is a configuration error (exit 1), as in buf.
fn list_files(tree: &FileTree, workspace: &Workspace) -> Result<Vec<WorkspaceFile>> {
    let mut by_name: BTreeMap<String, WorkspaceFile> = BTreeMap::new();
    for (index, module) in workspace.modules.iter().enumerate() {
        for root in &module.roots {
            for rel in tree.protos_under(root)? {
                if module.excludes.iter().any(|ex| tree::is_within(&rel, ex)) {
                    continue;
                }
                if !module.includes.is_empty()
                    && !module.includes.iter().any(|inc| tree::is_within(&rel, inc))
                {
                    continue;
                }
                let name = strip_root(&rel, root);
                let file = WorkspaceFile {
                    name: name.clone(),
                    rel: rel.clone(),
                    module: index,
                };
                if let Some(existing) = by_name.get(&name) {
                    if existing.rel != rel {
                        let first = &workspace.modules[existing.module];
                        return Err(Error::other(format!(
                            "{name} is contained in multiple modules:\n  path: {:?}\n  path: {:?}",
                            first.dir, module.dir
                        )));
                    }
                    continue;
                }
                by_name.insert(name, file);
            }
        }
    }
    Ok(by_name.into_values().collect())
}

fn strip_root(rel: &str, root: &str) -> String {
    if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        rel.strip_prefix(root)
            .map(|r| r.trim_start_matches('/').to_string())
            .unwrap_or_else(|| rel.to_string())
    }
}

/// The files of a workspace, listed and read (not yet parsed): everything compiling needs from
/// the file tree, and everything a cache key needs ([`Sources::digest`]).
pub struct Sources {
    files: Vec<WorkspaceFile>,
    /// The bytes of `files[i]`.
    bytes: Vec<Vec<u8>>,
    /// File name → external path, for every workspace file.
    pub external_paths: BTreeMap<String, String>,
    /// Names of the target files.
    pub targets: BTreeSet<String>,
}

impl Sources {
    /// File name → where the file is in the workspace, for every workspace file.
    pub fn locations(&self) -> BTreeMap<String, FileLocation> {
        self.files
            .iter()
            .map(|f| {
                let location = FileLocation {
                    rel: f.rel.clone(),
                    module: f.module,
                };
                (f.name.clone(), location)
            })
            .collect()
    }

    /// A SHA-256 over every file's name, tree path, module, external path, target flag and
    /// contents (file contents hashed in parallel): equal digests mean the same files, shown the
    /// same way.
    pub fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let contents: Vec<[u8; 32]> = self
            .bytes
            .par_iter()
            .map(|b| Sha256::digest(b).into())
            .collect();
        let mut hasher = Sha256::new();
        for (file, content) in self.files.iter().zip(&contents) {
            for part in [
                file.name.as_str(),
                file.rel.as_str(),
                self.external_paths
                    .get(&file.name)
                    .map_or("", String::as_str),
            ] {
                hasher.update((part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
            hasher.update((file.module as u64).to_le_bytes());
            hasher.update([u8::from(self.targets.contains(&file.name))]);
            hasher.update(content);
        }
        hasher.finalize().into()
    }
}

/// Lists and reads the workspace's files (in parallel). Unreadable files are I/O errors (exit 1).
pub fn read(request: &Request<'_>) -> Result<Sources> {
    let files = list_files(request.tree, request.workspace)?;
    let external_paths: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.name.clone(), (request.display)(&f.rel)))
        .collect();
    let targets: BTreeSet<String> = files
        .iter()
        .filter(|f| (request.is_target)(&f.rel, f.module))
        .map(|f| f.name.clone())
        .collect();
    let bytes: Vec<Vec<u8>> = files
        .par_iter()
        .map(|f| {
            request.tree.read(&f.rel)?.ok_or_else(|| {
                Error::io(
                    request.tree.display(&f.rel),
                    std::io::ErrorKind::NotFound.into(),
                )
            })
        })
        .collect::<Result<_>>()?;
    Ok(Sources {
        files,
        bytes,
        external_paths,
        targets,
    })
}

/// Compiles the workspace's target files.
pub fn compile(request: &Request<'_>) -> Result<Compiled> {
    Ok(link(read(request)?, request.workspace, Keep::default()))
}

/// Parses and links files read by [`read`]. Files that are not UTF-8 or do not parse become
/// COMPILE findings.
///
/// Parsing overlaps linking: worker threads parse the files in name order while this thread
/// links the targets in dependency order, parsing itself any file it needs that no worker has
/// started. Files that no target needs are not kept (nor parsed, if linking ends first).
pub fn link(sources: Sources, workspace: &Workspace, keep: Keep) -> Compiled {
    let locations = sources.locations();
    let Sources {
        files,
        bytes,
        external_paths,
        targets,
    } = sources;
    let queue = ParseQueue::new(&files, bytes);
    let workers = rayon::current_num_threads().saturating_sub(1).max(1);
    let (mut sources, pool, mut errors) = std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| queue.work());
        }
        let mut linker = Linker {
            sources: HashMap::new(),
            queue: &queue,
            external: &external_paths,
            pool: DescriptorPool::new(),
            detach: keep.detach_source_info,
            state: HashMap::new(),
            errors: Vec::new(),
        };
        for target in &targets {
            linker.link(target, &mut Vec::new());
        }
        queue.stop();
        (linker.sources, linker.pool, linker.errors)
    });
    if errors.is_empty() {
        let locate = |file: &prost_reflect::FileDescriptor, path: &[i32]| {
            let info = match keep.detach_source_info {
                true => sources.get(file.name()).and_then(|s| s.info.as_ref()),
                false => file.file_descriptor_proto().source_code_info.as_ref(),
            };
            let location = info?.location.iter().find(|l| l.path == path)?;
            Some(location.span.clone())
        };
        errors = checks::lite_imports(
            &pool,
            &external_paths,
            |name| sources.get(name).and_then(|s| s.text.clone()),
            &locate,
        );
        errors.extend(checks::reserved_names(&pool, &external_paths, &locate));
    }
    crate::finding::sort_and_dedup(&mut errors);

    // Checks that must see files that did not link read their parsed descriptors; when
    // everything linked, the pool has them all and no copy is kept.
    let unlinked: BTreeMap<String, FileDescriptorProto> = if errors.is_empty() {
        BTreeMap::new()
    } else {
        targets
            .iter()
            .filter_map(|t| {
                let source = sources.get(t)?;
                let proto = if let Some(file) = pool.get_file_by_name(t) {
                    let mut proto = file.file_descriptor_proto().clone();
                    if keep.detach_source_info {
                        proto.source_code_info = source.info.clone();
                    }
                    proto
                } else if source.moved_to_pool {
                    // Linking consumed it and failed: parse the text again.
                    let text = source.text.as_ref()?;
                    Source::parse(t, text.as_bytes().to_vec()).descriptor.ok()?
                } else {
                    source.descriptor.as_ref().ok()?.clone()
                };
                Some((t.clone(), proto))
            })
            .collect()
    };
    let model = errors.is_empty().then(|| {
        let model_files = pool
            .files()
            .map(|fd| {
                let name = fd.name().to_string();
                let location = locations.get(&name);
                let module = location.map(|l| l.module);
                let source = sources.get_mut(&name);
                let (text, info) = match source {
                    Some(s) => (s.text.take(), s.info.take()),
                    None => (None, None),
                };
                SourceFile {
                    rel: location.map(|l| l.rel.clone()),
                    external_path: external_paths
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| name.clone()),
                    module,
                    is_target: targets.contains(&name),
                    is_import: module.is_none(),
                    source: text.filter(|_| keep.text),
                    source_info: info.filter(|_| keep.source_info).map(Arc::new),
                    name,
                }
            })
            .collect();
        Model {
            pool,
            files: model_files,
            workspace: workspace.clone(),
            source_info_detached: keep.detach_source_info,
        }
    });
    Compiled {
        model,
        errors,
        parsed: unlinked,
        external_paths,
        files: locations,
        targets,
    }
}

/// A source file and what parsing it gave.
struct Source {
    text: Option<Arc<str>>,
    descriptor: std::result::Result<FileDescriptorProto, Vec<Finding>>,
    /// The descriptor was handed to the pool (`descriptor` holds an empty one since).
    moved_to_pool: bool,
    /// The linked file's source info, when the pool does not keep it ([`Keep`]).
    info: Option<SourceCodeInfo>,
}

impl Source {
    fn parse(name: &str, bytes: Vec<u8>) -> Source {
        match String::from_utf8(bytes) {
            Ok(text) => {
                let descriptor = match protox_parse::parse(name, &text) {
                    Ok(mut fd) => {
                        fixups::apply(&mut fd, &text);
                        Ok(fd)
                    }
                    Err(err) => Err(diagnostic_findings(&err, name, Some(&text))),
                };
                Source {
                    text: Some(Arc::from(text)),
                    descriptor,
                    moved_to_pool: false,
                    info: None,
                }
            }
            Err(err) => Source {
                text: None,
                descriptor: Err(vec![Finding {
                    path: name.to_string(),
                    start_line: 1,
                    start_column: 1,
                    end_line: 1,
                    end_column: 1,
                    rule: COMPILE.into(),
                    message: format!(
                        "file is not valid UTF-8 (invalid byte at offset {})",
                        err.utf8_error().valid_up_to()
                    ),
                    policy: None,
                }]),
                moved_to_pool: false,
                info: None,
            },
        }
    }
}

/// Where one file is in parsing.
// One slot per file, moved out once: boxing the parsed variant would only add allocations.
#[allow(clippy::large_enum_variant)]
enum Slot {
    Waiting(Vec<u8>),
    Parsing,
    Parsed(Source),
    Taken,
}

/// Files to parse, shared by the parsing workers and the linker.
struct ParseQueue<'a> {
    files: &'a [WorkspaceFile],
    index: HashMap<&'a str, usize>,
    slots: Mutex<Vec<Slot>>,
    parsed: Condvar,
    /// The next file a worker takes.
    next: AtomicUsize,
    stopped: AtomicBool,
}

impl<'a> ParseQueue<'a> {
    fn new(files: &'a [WorkspaceFile], bytes: Vec<Vec<u8>>) -> Self {
        ParseQueue {
            index: files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.name.as_str(), i))
                .collect(),
            files,
            slots: Mutex::new(bytes.into_iter().map(Slot::Waiting).collect()),
            parsed: Condvar::new(),
            next: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Slot>> {
        // A worker cannot panic while holding the lock (it only moves values), so a poisoned
        // lock still holds consistent slots.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A worker: parses waiting files in name order until all are taken or linking ended.
    fn work(&self) {
        while !self.stopped.load(Ordering::Relaxed) {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = self.files.get(i) else {
                return;
            };
            let bytes = {
                let mut slots = self.lock();
                match std::mem::replace(&mut slots[i], Slot::Parsing) {
                    Slot::Waiting(bytes) => bytes,
                    other => {
                        slots[i] = other;
                        continue;
                    }
                }
            };
            // A parser panic must not leave the linker waiting for this file forever.
            let source =
                std::panic::catch_unwind(AssertUnwindSafe(|| Source::parse(&file.name, bytes)))
                    .unwrap_or_else(|_| Source {
                        text: None,
                        descriptor: Err(vec![Finding {
                            path: file.name.clone(),
                            start_line: 1,
                            start_column: 1,
                            end_line: 1,
                            end_column: 1,
                            rule: COMPILE.into(),
                            message: "internal error: the parser panicked on this file".into(),
                            policy: None,
                        }]),
                        moved_to_pool: false,
                        info: None,
                    });
            self.lock()[i] = Slot::Parsed(source);
            self.parsed.notify_all();
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The parsed file `name` (parsed here if no worker started it, awaited if one did); `None`
    /// for files that are not in the workspace or were taken already.
    fn take(&self, name: &str) -> Option<Source> {
        let i = *self.index.get(name)?;
        let mut slots = self.lock();
        loop {
            match std::mem::replace(&mut slots[i], Slot::Taken) {
                Slot::Parsed(source) => return Some(source),
                Slot::Waiting(bytes) => {
                    drop(slots);
                    return Some(Source::parse(name, bytes));
                }
                Slot::Parsing => {
                    slots[i] = Slot::Parsing;
                    slots = self.parsed.wait(slots).unwrap_or_else(|e| e.into_inner());
                }
                Slot::Taken => return None,
            }
        }
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkState {
    Linked,
    Failed,
}

/// Adds files to a descriptor pool in dependency order, one at a time, so that every file that
/// can be linked is, and every failure is reported once, where it happens.
struct Linker<'a> {
    /// The files taken from the queue so far (and the well-known types linked).
    sources: HashMap<String, Source>,
    queue: &'a ParseQueue<'a>,
    external: &'a BTreeMap<String, String>,
    pool: DescriptorPool,
    /// Keep source info out of the pool ([`Keep::detach_source_info`]).
    detach: bool,
    state: HashMap<String, LinkState>,
    errors: Vec<Finding>,
}

impl Linker<'_> {
    /// Links `name` after its imports. `stack` holds the files being linked above it.
    fn link(&mut self, name: &str, stack: &mut Vec<String>) -> LinkState {
        if let Some(state) = self.state.get(name) {
            return *state;
        }
        if !self.sources.contains_key(name) {
            if let Some(source) = self.queue.take(name) {
                self.sources.insert(name.to_string(), source);
            } else if let Some(text) = crate::wkt::source(name) {
                let source = Source::parse(name, text.into_owned().into_bytes());
                self.sources.insert(name.to_string(), source);
            }
        }
        let Some(source) = self.sources.get(name) else {
            // Callers check existence before recursing; a missing target cannot happen.
            return LinkState::Failed;
        };
        let dependencies = match &source.descriptor {
            Ok(fd) => fd.dependency.clone(),
            Err(findings) => {
                let findings = findings.clone();
                self.fail(name, findings);
                return LinkState::Failed;
            }
        };
        stack.push(name.to_string());
        let mut ok = true;
        let mut seen = BTreeSet::new();
        for import in &dependencies {
            let at = |message: String| (import.clone(), message);
            let problem = if !seen.insert(import.as_str()) {
                Some(at(format!("import {import:?} was listed twice")))
            } else if stack.iter().any(|s| s == import) {
                Some(at(format!(
                    "detected cyclic import while importing {import:?}"
                )))
            } else if !self.sources.contains_key(import.as_str())
                && !self.queue.contains(import)
                && crate::wkt::source(import).is_none()
            {
                Some(at("imported file does not exist".to_string()))
            } else {
                None
            };
            if let Some((import, message)) = problem {
                let (line, col, end_line, end_col) = self
                    .sources
                    .get(name)
                    .and_then(|s| s.descriptor.as_ref().ok())
                    .and_then(|fd| import_span(fd, &import))
                    .unwrap_or((1, 1, 1, 1));
                let path = self.external_path(name);
                self.errors.push(Finding {
                    path,
                    start_line: line,
                    start_column: col,
                    end_line,
                    end_column: end_col,
                    rule: COMPILE.into(),
                    message,
                    policy: None,
                });
                ok = false;
                continue;
            }
            if self.link(import, stack) == LinkState::Failed {
                ok = false;
            }
        }
        stack.pop();
        if !ok {
            // The cause is reported where it is; the importer is not linked.
            self.state.insert(name.to_string(), LinkState::Failed);
            return LinkState::Failed;
        }
        // The pool keeps its own copy; ours is not needed again unless linking fails.
        let Some(source) = self.sources.get_mut(name) else {
            return LinkState::Failed;
        };
        let text = source.text.clone();
        let mut descriptor = match &mut source.descriptor {
            Ok(fd) => std::mem::take(fd),
            Err(_) => return LinkState::Failed,
        };
        source.moved_to_pool = true;
        let detached = if self.detach {
            detach_source_info(&mut descriptor)
        } else {
            None
        };
        let mut result = self.pool.add_file_descriptor_proto(descriptor);
        if let (Err(_), Some(_), Some(text)) = (&result, &detached, &text) {
            // The error's labels are located through the file's source info: add the file again
            // with all of it (a failed file is rolled back, and fails the same way).
            if let Ok(full) = Source::parse(name, text.as_bytes().to_vec()).descriptor {
                if let Err(err) = self.pool.add_file_descriptor_proto(full) {
                    result = Err(err);
                }
            }
        }
        match result {
            Ok(_) => {
                if let Some(detached) = detached {
                    let info = self.reattach(name, detached);
                    if let Some(source) = self.sources.get_mut(name) {
                        source.info = Some(info);
                    }
                }
                self.state.insert(name.to_string(), LinkState::Linked);
                LinkState::Linked
            }
            Err(err) => {
                let err = match &text {
                    Some(text) => err.with_source_code(text),
                    None => err,
                };
                let findings = diagnostic_findings(&err, name, text.as_deref());
                self.fail(name, findings);
                LinkState::Failed
            }
        }
    }

    /// Completes a file's detached source info from the linked file: linking moves the
    /// locations of options from `uninterpreted_option` paths to the paths of the option fields.
    fn reattach(&self, name: &str, detached: Detached) -> SourceCodeInfo {
        let Detached {
            mut info,
            option_locations,
        } = detached;
        if option_locations.is_empty() {
            return info;
        }
        let linked = self
            .pool
            .get_file_by_name(name)
            .and_then(|f| f.file_descriptor_proto().source_code_info.clone());
        if let Some(linked) = linked {
            // The pool rewrites paths in place, keeping the locations in order.
            for (&index, location) in option_locations.iter().zip(linked.location) {
                info.location[index].path = location.path;
            }
        }
        info
    }

    fn fail(&mut self, name: &str, mut findings: Vec<Finding>) {
        let path = self.external_path(name);
        for finding in &mut findings {
            finding.path = path.clone();
        }
        self.errors.extend(findings);
        self.state.insert(name.to_string(), LinkState::Failed);
    }

    fn external_path(&self, name: &str) -> String {
        self.external
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// A file's source info, taken out of its descriptor before linking.
struct Detached {
    info: SourceCodeInfo,
    /// Indexes of the locations that may be inside an option (their path holds 999, the
    /// number of `uninterpreted_option`): the descriptor keeps their paths, for the pool to
    /// rewrite.
    option_locations: Vec<usize>,
}

/// Takes a descriptor's source info out, leaving the paths of the locations linking may rewrite.
fn detach_source_info(descriptor: &mut FileDescriptorProto) -> Option<Detached> {
    let info = descriptor.source_code_info.take()?;
    let option_locations: Vec<usize> = info
        .location
        .iter()
        .enumerate()
        .filter(|(_, l)| l.path.contains(&UNINTERPRETED_OPTION))
        .map(|(i, _)| i)
        .collect();
    if !option_locations.is_empty() {
        descriptor.source_code_info = Some(SourceCodeInfo {
            location: option_locations
                .iter()
                .map(|&i| Location {
                    path: info.location[i].path.clone(),
                    ..Location::default()
                })
                .collect(),
        });
    }
    Some(Detached {
        info,
        option_locations,
    })
}

/// The field number of `uninterpreted_option` in every options message.
const UNINTERPRETED_OPTION: i32 = 999;

/// The span of the `import "name";` statement in a parsed file, 1-based, end exclusive like buf.
fn import_span(file: &FileDescriptorProto, name: &str) -> Option<(u32, u32, u32, u32)> {
    let index = file.dependency.iter().position(|d| d == name)?;
    let info = file.source_code_info.as_ref()?;
    let loc = info.location.iter().find(|l| l.path == [3, index as i32])?;
    Some(span_to_position(&loc.span))
}

/// Converts a SourceCodeInfo span (`[line, col, end_col]` or `[line, col, end_line, end_col]`,
/// 0-based) to 1-based `(line, col, end_line, end_col)`.
pub fn span_to_position(span: &[i32]) -> (u32, u32, u32, u32) {
    let get = |i: usize| span.get(i).copied().unwrap_or(0).max(0) as u32 + 1;
    match span.len() {
        3 => (get(0), get(1), get(0), get(2)),
        4 => (get(0), get(1), get(2), get(3)),
        _ => (1, 1, 1, 1),
    }
}

/// Flattens a diagnostic and its related diagnostics into findings, one per error, each at its
/// first label. Paths are filled in by the caller.
fn diagnostic_findings(err: &dyn Diagnostic, file: &str, source: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    push_diagnostic(err, file, source, &mut out);
    if let Some(related) = err.related() {
        for diag in related {
            push_diagnostic(diag, file, source, &mut out);
        }
    }
    out
}

fn push_diagnostic(
    diag: &dyn Diagnostic,
    file: &str,
    source: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let labels: Vec<(usize, usize)> = diag
        .labels()
        .map(|labels| labels.map(|l| (l.offset(), l.len())).collect())
        .unwrap_or_default();
    let label_text =
        |(offset, len): (usize, usize)| source.and_then(|s| s.get(offset..offset + len));
    let mut message = diag.to_string();
    let mut label = labels.first().copied();
    match wording::buf_message(&message, labels.first().copied().and_then(label_text)) {
        Some((restated, at)) => {
            message = restated;
            if at == wording::At::Last {
                label = labels.last().copied();
            }
        }
        None => {
            if let Some(help) = diag.help() {
                message = format!("{message} ({help})");
            }
        }
    }
    let (start_line, start_column, end_line, end_column) = label
        .and_then(|(offset, len)| {
            let source = source?;
            let start = offset_to_position(source, offset);
            let end = offset_to_position(source, offset + len);
            Some((start.0, start.1, end.0, end.1))
        })
        .or_else(|| {
            // "…reached end of file" errors carry no label: point at the end, as buf does.
            let source = source?;
            message.contains("end of file").then(|| {
                let end = offset_to_position(source, source.trim_end().len());
                (end.0, end.1, end.0, end.1)
            })
        })
        .unwrap_or((1, 1, 1, 1));
    out.push(Finding {
        path: file.to_string(),
        start_line,
        start_column,
        end_line,
        end_column,
        rule: COMPILE.into(),
        message,
        policy: None,
    });
}

/// 1-based line and column (in characters) of a byte offset.
pub fn offset_to_position(source: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(source.len());
    let before = &source.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(offset_to_position("abc\ndef", 0), (1, 1));
        assert_eq!(offset_to_position("abc\ndef", 5), (2, 2));
        assert_eq!(offset_to_position("é\nx", 3), (2, 1));
        assert_eq!(offset_to_position("éx", 2), (1, 2));
        assert_eq!(span_to_position(&[2, 0, 10]), (3, 1, 3, 11));
        assert_eq!(span_to_position(&[2, 0, 4, 1]), (3, 1, 5, 2));
    }
}
