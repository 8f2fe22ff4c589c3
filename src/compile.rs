//! Compilation: the files of a workspace, read from a [`FileTree`], parsed in parallel with
//! protox-parse and linked with protox into a [`Model`].
//!
//! Compile errors are not [`crate::Error`]s: they are [`Finding`]s of type `COMPILE`, located at
//! `path:line:col` like buf's, and every one that can be found in a run is reported (each target
//! file is linked on its own, so one broken file does not hide the errors of another).

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::Arc,
};

use miette::Diagnostic;
use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorProto;
use protox::file::{File, FileResolver, GoogleFileResolver};
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
    /// How tree-relative paths are shown to users: `tree::join(display_base, rel)`. For a local
    /// directory input this is the tree root as the user would write it from the current directory.
    pub display_base: String,
    /// Decides which module files are targets, by tree-relative path. Files that are not targets
    /// are still available to imports.
    pub is_target: &'a (dyn Fn(&str) -> bool + Sync),
}

/// The result of compiling: a model when linking succeeded for every target, and the compile
/// errors as findings otherwise (sorted, de-duplicated).
#[derive(Debug)]
pub struct Compiled {
    pub model: Option<Model>,
    pub errors: Vec<Finding>,
    /// Parsed, unlinked descriptors of the target files that parsed (also on failure).
    pub parsed: BTreeMap<String, FileDescriptorProto>,
    /// File name → external path, for every workspace file.
    pub external_paths: BTreeMap<String, String>,
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

/// A parsed workspace file, ready to hand to protox.
struct Parsed {
    file: std::result::Result<File, protox::Error>,
    source: Option<Arc<str>>,
}

/// Resolves imports from the pre-parsed workspace files, then the bundled well-known types.
struct Resolver {
    files: HashMap<String, File>,
    google: GoogleFileResolver,
}

impl FileResolver for Resolver {
    fn resolve_path(&self, path: &std::path::Path) -> Option<String> {
        let key = tree::path_to_key(path);
        self.files.contains_key(&key).then_some(key)
    }

    fn open_file(&self, name: &str) -> std::result::Result<File, protox::Error> {
        match self.files.get(name) {
            Some(file) => Ok(file.clone()),
            None => self.google.open_file(name),
        }
    }
}

/// Compiles the workspace's target files.
pub fn compile(request: &Request<'_>) -> Result<Compiled> {
    let files = list_files(request.tree, request.workspace)?;
    let external_paths: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.name.clone(), tree::join(&request.display_base, &f.rel)))
        .collect();

    // Read and parse every file in parallel. Unreadable files are I/O errors (exit 1); files that
    // are not UTF-8 or do not parse become COMPILE findings.
    let parsed: Vec<(String, Parsed)> = files
        .par_iter()
        .map(|f| -> Result<(String, Parsed)> {
            let bytes = request.tree.read(&f.rel)?.ok_or_else(|| {
                Error::io(
                    request.tree.display(&f.rel),
                    std::io::ErrorKind::NotFound.into(),
                )
            })?;
            let parsed = match String::from_utf8(bytes) {
                Ok(text) => {
                    let file = File::from_source(&f.name, &text).map(relax_proto2_json_names);
                    Parsed {
                        file,
                        source: Some(Arc::from(text)),
                    }
                }
                Err(_) => Parsed {
                    file: Err(protox::Error::new(NotUtf8)),
                    source: None,
                },
            };
            Ok((f.name.clone(), parsed))
        })
        .collect::<Result<_>>()?;

    let mut errors = Vec::new();
    let mut sources: HashMap<String, Arc<str>> = HashMap::new();
    let mut resolver_files = HashMap::new();
    let mut unlinked = BTreeMap::new();
    let targets: BTreeSet<String> = files
        .iter()
        .filter(|f| (request.is_target)(&f.rel))
        .map(|f| f.name.clone())
        .collect();
    for (name, p) in parsed {
        if let Some(source) = &p.source {
            sources.insert(name.clone(), source.clone());
        }
        match p.file {
            Ok(file) => {
                if targets.contains(&name) {
                    unlinked.insert(name.clone(), file.file_descriptor_proto().clone());
                }
                resolver_files.insert(name, file);
            }
            Err(err) => {
                // Parse errors are reported for target files only; an import that fails to parse
                // is reported where it is imported from.
                if targets.contains(&name) {
                    errors.extend(diagnostic_findings(
                        &err,
                        Some(&name),
                        &sources,
                        &external_paths,
                    ));
                }
            }
        }
    }
    let failed_to_parse: BTreeSet<String> = targets
        .iter()
        .filter(|t| !resolver_files.contains_key(*t))
        .cloned()
        .collect();

    let resolver = Resolver {
        files: resolver_files,
        google: GoogleFileResolver::new(),
    };
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_imports(true).include_source_info(true);
    for target in &targets {
        if failed_to_parse.contains(target) {
            continue;
        }
        if let Err(err) = compiler.open_file(target) {
            errors.extend(link_error_findings(
                &err,
                target,
                &sources,
                &external_paths,
                &unlinked,
            ));
        }
    }
    crate::finding::sort_and_dedup(&mut errors);

    let model = if errors.is_empty() {
        let pool: DescriptorPool = compiler.descriptor_pool();
        let module_of: HashMap<&str, usize> =
            files.iter().map(|f| (f.name.as_str(), f.module)).collect();
        let model_files = pool
            .files()
            .map(|fd| {
                let name = fd.name().to_string();
                let module = module_of.get(name.as_str()).copied();
                SourceFile {
                    external_path: external_paths
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| name.clone()),
                    module,
                    is_target: targets.contains(&name),
                    is_import: module.is_none(),
                    source: sources.get(&name).cloned(),
                    name,
                }
            })
            .collect();
        Some(Model {
            pool,
            files: model_files,
            workspace: request.workspace.clone(),
            parsed: unlinked.clone(),
        })
    } else {
        None
    };
    Ok(Compiled {
        model,
        errors,
        parsed: unlinked,
        external_paths,
    })
}

/// proto2 allows fields whose default JSON names collide (`_foo` and `Foo` both map to `Foo`;
/// protoc and buf only reject that in proto3), but prost-reflect rejects it in every syntax. For
/// proto2 files with such a collision, the colliding fields whose names contain `_` get their own
/// name as explicit `json_name` (field names are unique, and a computed JSON name never contains
/// `_`, so the result is collision-free). Only those files are rebuilt, losing their source text
/// for error labels; every other file is returned unchanged.
fn relax_proto2_json_names(file: File) -> File {
    fn json_name(name: &str) -> String {
        let mut out = String::with_capacity(name.len());
        let mut upper = false;
        for ch in name.chars() {
            if ch == '_' {
                upper = true;
            } else if upper {
                out.push(ch.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(ch);
            }
        }
        out
    }
    fn fix(messages: &mut [prost_types::DescriptorProto]) -> bool {
        let mut changed = false;
        for message in messages {
            let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
            for (index, field) in message.field.iter().enumerate() {
                if field.json_name.is_none() {
                    groups
                        .entry(json_name(field.name()))
                        .or_default()
                        .push(index);
                }
            }
            for indexes in groups.values().filter(|g| g.len() > 1) {
                for &index in indexes {
                    let field = &mut message.field[index];
                    if field.name().contains('_') {
                        field.json_name = Some(field.name().to_string());
                        changed = true;
                    }
                }
            }
            changed |= fix(&mut message.nested_type);
        }
        changed
    }
    let proto = file.file_descriptor_proto();
    if !matches!(proto.syntax(), "" | "proto2") {
        return file;
    }
    let mut proto = proto.clone();
    if fix(&mut proto.message_type) {
        File::from_file_descriptor_proto(proto)
    } else {
        file
    }
}

#[derive(Debug, thiserror::Error)]
#[error("file is not valid UTF-8")]
struct NotUtf8;

/// Turns a protox error raised while linking `target` into findings, rewording the import errors
/// buf users know.
fn link_error_findings(
    err: &protox::Error,
    target: &str,
    sources: &HashMap<String, Arc<str>>,
    external: &BTreeMap<String, String>,
    unlinked: &BTreeMap<String, FileDescriptorProto>,
) -> Vec<Finding> {
    let text = err.to_string();
    if let Some(cycle) = text.strip_prefix("import cycle detected: ") {
        // protox names the cycle `a.proto -> b.proto -> a.proto`; buf reports it on the import
        // statement of the file that closes the cycle.
        let chain: Vec<&str> = cycle.split(" -> ").collect();
        let (importer, imported) = if chain.len() >= 2 {
            (chain[chain.len() - 2], chain[chain.len() - 1])
        } else {
            (target, target)
        };
        let (line, col, end_line, end_col) =
            import_span(unlinked.get(importer), imported).unwrap_or((1, 1, 1, 1));
        return vec![Finding {
            path: external_path(importer, external),
            start_line: line,
            start_column: col,
            end_line,
            end_column: end_col,
            rule: COMPILE.into(),
            message: format!("detected cyclic import while importing {imported:?}"),
        }];
    }
    let mut findings = diagnostic_findings(err, Some(target), sources, external);
    if let Some(name) = text
        .strip_prefix("import '")
        .and_then(|rest| rest.strip_suffix("' not found"))
    {
        for finding in &mut findings {
            finding.message = "imported file does not exist".to_string();
            // buf points at the whole import statement.
            let file = err.file().unwrap_or(target);
            if let Some((line, col, end_line, end_col)) = import_span(unlinked.get(file), name) {
                finding.start_line = line;
                finding.start_column = col;
                finding.end_line = end_line;
                finding.end_column = end_col;
            }
        }
    }
    findings
}

/// The span of the `import "name";` statement in a parsed file, 1-based, end exclusive like buf.
fn import_span(file: Option<&FileDescriptorProto>, name: &str) -> Option<(u32, u32, u32, u32)> {
    let file = file?;
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

fn external_path(name: &str, external: &BTreeMap<String, String>) -> String {
    external
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// Flattens a diagnostic and its related diagnostics into findings, one per error, each at the
/// start of its first label.
fn diagnostic_findings(
    err: &protox::Error,
    fallback_file: Option<&str>,
    sources: &HashMap<String, Arc<str>>,
    external: &BTreeMap<String, String>,
) -> Vec<Finding> {
    let file = err.file().or(fallback_file).unwrap_or_default().to_string();
    let source = sources.get(&file).map(|s| s.as_ref());
    let mut out = Vec::new();
    push_diagnostic(err, &file, source, external, &mut out);
    if let Some(related) = err.related() {
        for diag in related {
            push_diagnostic(diag, &file, source, external, &mut out);
        }
    }
    out
}

fn push_diagnostic(
    diag: &dyn Diagnostic,
    file: &str,
    source: Option<&str>,
    external: &BTreeMap<String, String>,
    out: &mut Vec<Finding>,
) {
    let (start_line, start_column, end_line, end_column) = diag
        .labels()
        .and_then(|mut labels| labels.next())
        .and_then(|label| {
            let source = source?;
            let start = offset_to_position(source, label.offset());
            let end = offset_to_position(source, label.offset() + label.len());
            Some((start.0, start.1, end.0, end.1))
        })
        .unwrap_or((1, 1, 1, 1));
    let mut message = diag.to_string();
    if let Some(help) = diag.help() {
        message = format!("{message} ({help})");
    }
    out.push(Finding {
        path: external_path(file, external),
        start_line,
        start_column,
        end_line,
        end_column,
        rule: COMPILE.into(),
        message,
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
