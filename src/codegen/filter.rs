//! buf.gen.yaml `types` / `exclude_types`: prunes a model to the declarations the named types
//! need, as buf's image filter does before it hands an image to plugins.
//!
//! Semantics (checked against buf 1.75.0):
//! - Excludes are applied first: an excluded message, enum, service, method, extension or package
//!   is removed with everything declared inside it; fields whose type is excluded are removed, so
//!   are extensions of an excluded message and custom options whose extension is excluded.
//! - With `types`, only the named declarations are kept, plus what they need: field types,
//!   method input and output types, extendees and extension types, the extensions (custom
//!   options) used in their options and the options messages those extend, and the extensions of
//!   every directly reachable message. A service brings all its methods, a package all its files.
//!   Messages that only enclose a kept declaration keep their name and options but lose their
//!   fields, oneofs, ranges and reserved names. Nested declarations that nothing needs are dropped.
//! - Without `types`, every target file is kept except what is excluded.
//! - Every kept file gets an import list of just the files it needs (original order first) and
//!   loses its public imports; its source info is renumbered. Oneofs left without fields go.
//!   Target files with nothing left are dropped; imported files nothing imports any more too.

use std::collections::{BTreeMap, HashMap, HashSet};

use prost::encoding::{encode_key, encode_varint, WireType};
use prost::Message as _;
use prost_reflect::{
    DescriptorPool, DynamicMessage, EnumDescriptor, ExtensionDescriptor, FileDescriptor, Kind,
    MessageDescriptor, MethodDescriptor, ServiceDescriptor,
};

use crate::{
    model::{
        wire::{write_bytes, WireField},
        Model, SourceFile,
    },
    Error, Result,
};

/// Applies an include / exclude filter; `None` when both lists are empty.
pub fn filter(model: &Model, include: &[String], exclude: &[String]) -> Result<Option<Model>> {
    if include.is_empty() && exclude.is_empty() {
        return Ok(None);
    }
    let mut c = Closure {
        model,
        modes: HashMap::new(),
        file_modes: HashMap::new(),
        imports: HashMap::new(),
        has_includes: !include.is_empty(),
    };
    for name in exclude {
        c.exclude_root(name)?;
    }
    for name in include {
        c.include_root(name)?;
    }
    if include.is_empty() {
        for f in model.files.iter().filter(|f| f.is_target) {
            if let Some(file) = model.pool.get_file_by_name(&f.name) {
                c.add(El::File(file), None, false)?;
            }
        }
    }
    c.add_known_extensions()?;
    c.rebuild()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Excluded,
    Explicit,
    Enclosing,
    Implicit,
}

#[derive(Clone)]
enum El {
    File(FileDescriptor),
    Msg(MessageDescriptor),
    Enum(EnumDescriptor),
    Svc(ServiceDescriptor),
    Method(MethodDescriptor),
    Ext(ExtensionDescriptor),
}

impl El {
    fn key(&self) -> String {
        match self {
            El::File(f) => f.name().to_string(),
            El::Msg(m) => m.full_name().to_string(),
            El::Enum(e) => e.full_name().to_string(),
            El::Svc(s) => s.full_name().to_string(),
            El::Method(m) => m.full_name().to_string(),
            El::Ext(e) => e.full_name().to_string(),
        }
    }

    fn file(&self) -> String {
        let f = match self {
            El::File(f) => f.clone(),
            El::Msg(m) => m.parent_file(),
            El::Enum(e) => e.parent_file(),
            El::Svc(s) => s.parent_file(),
            El::Method(m) => m.parent_service().parent_file(),
            El::Ext(e) => e.parent_file(),
        };
        f.name().to_string()
    }

    fn parent(&self) -> Option<El> {
        let file_or = |m: Option<MessageDescriptor>, f: FileDescriptor| {
            Some(m.map(El::Msg).unwrap_or(El::File(f)))
        };
        match self {
            El::File(_) => None,
            El::Msg(m) => file_or(m.parent_message(), m.parent_file()),
            El::Enum(e) => file_or(e.parent_message(), e.parent_file()),
            El::Svc(s) => Some(El::File(s.parent_file())),
            El::Method(m) => Some(El::Svc(m.parent_service().clone())),
            El::Ext(e) => file_or(e.parent_message(), e.parent_file()),
        }
    }

    fn options(&self) -> DynamicMessage {
        match self {
            El::File(f) => f.options(),
            El::Msg(m) => m.options(),
            El::Enum(e) => e.options(),
            El::Svc(s) => s.options(),
            El::Method(m) => m.options(),
            El::Ext(e) => e.options(),
        }
    }
}

struct Closure<'a> {
    model: &'a Model,
    modes: HashMap<String, Mode>,
    file_modes: HashMap<String, Mode>,
    /// Per file, the files its kept declarations need, in the order they were found.
    imports: HashMap<String, Vec<String>>,
    has_includes: bool,
}

impl Closure<'_> {
    fn mode(&self, el: &El) -> Option<Mode> {
        match el {
            El::File(f) => self.file_modes.get(f.name()).copied(),
            _ => self.modes.get(&el.key()).copied(),
        }
    }

    fn set_mode(&mut self, el: &El, mode: Mode) {
        match el {
            El::File(f) => self.file_modes.insert(f.name().to_string(), mode),
            _ => self.modes.insert(el.key(), mode),
        };
    }

    fn has(&self, el: &El) -> bool {
        match self.mode(el) {
            Some(Mode::Excluded) => false,
            Some(_) => true,
            None => !self.has_includes,
        }
    }

    fn is_import(&self, file: &str) -> bool {
        self.model.file(file).is_none_or(|f| !f.is_target)
    }

    /// A message, enum, service, method or extension by full name.
    fn lookup(&self, name: &str) -> Option<El> {
        let pool = &self.model.pool;
        if let Some(m) = pool.get_message_by_name(name) {
            return Some(El::Msg(m));
        }
        if let Some(e) = pool.get_enum_by_name(name) {
            return Some(El::Enum(e));
        }
        if let Some(s) = pool.get_service_by_name(name) {
            return Some(El::Svc(s));
        }
        if let Some(e) = pool.get_extension_by_name(name) {
            return Some(El::Ext(e));
        }
        let (service, method) = name.rsplit_once('.')?;
        let s = pool.get_service_by_name(service)?;
        let m = s.methods().find(|m| m.name() == method)?;
        Some(El::Method(m))
    }

    /// The files of a package; with `recursive`, of its sub-packages too.
    fn package_files(&self, name: &str, recursive: bool) -> Vec<FileDescriptor> {
        self.model
            .pool
            .files()
            .filter(|f| {
                let p = f.package_name();
                p == name
                    || (recursive
                        && p.strip_prefix(name)
                            .is_some_and(|rest| rest.starts_with('.')))
            })
            .collect()
    }

    /// `name`, or with a `.**` suffix the name and everything below it (sub-packages).
    fn exclude_root(&mut self, name: &str) -> Result<()> {
        let (name, recursive) = split_recursive(name);
        let not_found = || Error::other(format!("exclusion of type {name:?}: not found"));
        if let Some(el) = self.lookup(name) {
            // Excluding an element already excludes everything nested in it.
            return self.exclude(el);
        }
        let files = self.package_files(name, recursive);
        if files.is_empty() {
            return Err(not_found());
        }
        for f in files {
            self.exclude(El::File(f))?;
        }
        Ok(())
    }

    fn exclude(&mut self, el: El) -> Result<()> {
        if self.mode(&el).is_some() {
            return Ok(());
        }
        self.set_mode(&el, Mode::Excluded);
        let children: Vec<El> = match &el {
            El::File(f) => f
                .messages()
                .map(El::Msg)
                .chain(f.enums().map(El::Enum))
                .chain(f.services().map(El::Svc))
                .chain(f.extensions().map(El::Ext))
                .collect(),
            El::Msg(m) => m
                .child_messages()
                .map(El::Msg)
                .chain(m.child_enums().map(El::Enum))
                .chain(m.child_extensions().map(El::Ext))
                .collect(),
            El::Svc(s) => s.methods().map(El::Method).collect(),
            _ => Vec::new(),
        };
        for c in children {
            self.exclude(c)?;
        }
        Ok(())
    }

    /// `name`, or with a `.**` suffix the name and everything nested in it (sub-packages).
    fn include_root(&mut self, name: &str) -> Result<()> {
        let (name, recursive) = split_recursive(name);
        let err = |what: &str| Error::other(format!("inclusion of type {name:?}: {what}"));
        if let Some(el) = self.lookup(name) {
            if self.is_import(&el.file()) {
                return Err(err("type declared in imported module"));
            }
            if self.mode(&el) == Some(Mode::Excluded) {
                return Err(err("type excluded by filter"));
            }
            let nested = match (&el, recursive) {
                (El::Msg(m), true) => nested_types(m),
                _ => Vec::new(),
            };
            self.add(el, None, false).map_err(|e| {
                if e.to_string().starts_with("cannot include method") {
                    err(&e.to_string())
                } else {
                    e
                }
            })?;
            for n in nested {
                if self.mode(&n) != Some(Mode::Excluded) {
                    self.add(n, None, false)?;
                }
            }
            return Ok(());
        }
        let files = self.package_files(name, recursive);
        if files.is_empty() {
            return Err(err("not found"));
        }
        if files.iter().all(|f| self.is_import(f.name())) {
            return Err(err("type declared in imported module"));
        }
        for f in files {
            self.add(El::File(f), None, false)
                .map_err(|e| Error::other(format!("inclusion of package {name:?}: {e}")))?;
        }
        Ok(())
    }

    fn add_import(&mut self, from: &str, to: &str) {
        if from == to {
            return;
        }
        let list = self.imports.entry(from.to_string()).or_default();
        if !list.iter().any(|x| x == to) {
            list.push(to.to_string());
        }
    }

    fn add(&mut self, el: El, referrer: Option<&str>, implied: bool) -> Result<()> {
        let file = el.file();
        if let Some(r) = referrer {
            self.add_import(r, &file);
        }
        match self.mode(&el) {
            Some(Mode::Enclosing) | None => {}
            Some(Mode::Implicit) if !implied => {
                self.set_mode(&el, Mode::Explicit);
                return Ok(());
            }
            Some(_) => return Ok(()),
        }
        self.set_mode(
            &el,
            if implied {
                Mode::Implicit
            } else {
                Mode::Explicit
            },
        );
        match &el {
            El::File(f) => {
                for t in all_types(f) {
                    if let El::Method(m) = &t {
                        let excluded =
                            |t: MessageDescriptor| self.mode(&El::Msg(t)) == Some(Mode::Excluded);
                        if excluded(m.input()) || excluded(m.output()) {
                            // buf 1.75.0 names the input type here whichever one is excluded.
                            return Err(Error::other(format!(
                                "cannot include method {:?} as its input type {:?} is type excluded by filter",
                                m.full_name(),
                                m.input().full_name()
                            )));
                        }
                    }
                    self.add(t, None, false)?;
                }
            }
            El::Msg(m) => {
                for field in m.fields() {
                    if self.add_field_type(&field.kind(), &file)? {
                        self.explore_options(&field.options(), &file)?;
                    }
                }
                for oneof in m.oneofs() {
                    self.explore_options(&oneof.options(), &file)?;
                }
                // (Custom options on extension ranges are not followed.)
            }
            El::Enum(e) => {
                for v in e.values() {
                    self.explore_options(&v.options(), &file)?;
                }
            }
            El::Svc(s) => {
                for m in s.methods() {
                    let method = El::Method(m.clone());
                    // A method whose request or response is excluded goes with it.
                    let excluded =
                        |t: MessageDescriptor| self.mode(&El::Msg(t)) == Some(Mode::Excluded);
                    if excluded(m.input()) || excluded(m.output()) {
                        if self.mode(&method).is_none() {
                            self.set_mode(&method, Mode::Excluded);
                        }
                        continue;
                    }
                    self.add(method, None, false)?;
                }
            }
            El::Method(m) => {
                for (what, t) in [("input", m.input()), ("output", m.output())] {
                    if self.mode(&El::Msg(t.clone())) == Some(Mode::Excluded) {
                        return Err(Error::other(format!(
                            "cannot include method {:?} as its {what} type {:?} is type excluded by filter",
                            m.full_name(),
                            t.full_name()
                        )));
                    }
                }
                self.add(El::Msg(m.input()), Some(&file), false)?;
                self.add(El::Msg(m.output()), Some(&file), false)?;
            }
            El::Ext(e) => {
                let extendee = El::Msg(e.containing_message());
                if self.mode(&extendee) == Some(Mode::Excluded) {
                    self.set_mode(&el, Mode::Excluded);
                    return Ok(());
                }
                self.add(extendee, Some(&file), implied)?;
                if !self.add_field_type(&e.kind(), &file)? {
                    self.set_mode(&el, Mode::Excluded);
                    return Ok(());
                }
            }
        }
        // Enclosing messages, service and file.
        let mut parent = el.parent();
        while let Some(p) = parent {
            if self.mode(&p).is_some() {
                break;
            }
            self.set_mode(&p, Mode::Enclosing);
            self.explore_options(&p.options(), &file)?;
            parent = p.parent();
        }
        self.explore_options(&el.options(), &file)
    }

    /// Adds a field's message or enum type; false when that type is excluded (the field goes).
    fn add_field_type(&mut self, kind: &Kind, referrer: &str) -> Result<bool> {
        let el = match kind {
            Kind::Message(m) => El::Msg(m.clone()),
            Kind::Enum(e) => El::Enum(e.clone()),
            _ => return Ok(true),
        };
        if self.mode(&el) == Some(Mode::Excluded) {
            return Ok(false);
        }
        self.add(el, Some(referrer), false)?;
        Ok(true)
    }

    /// Adds the extensions set in an options message (custom options).
    fn explore_options(&mut self, options: &DynamicMessage, referrer: &str) -> Result<()> {
        let exts: Vec<ExtensionDescriptor> = options.extensions().map(|(e, _)| e).collect();
        for e in exts {
            let el = El::Ext(e);
            // An excluded custom option is removed, so its file is not needed.
            if self.mode(&el) != Some(Mode::Excluded) {
                self.add(el, Some(referrer), true)?;
            }
        }
        Ok(())
    }

    /// The extensions of every directly reachable message.
    fn add_known_extensions(&mut self) -> Result<()> {
        let explicit: HashSet<String> = self
            .modes
            .iter()
            .filter(|(_, m)| **m == Mode::Explicit)
            .map(|(k, _)| k.clone())
            .collect();
        let exts: Vec<ExtensionDescriptor> = self
            .model
            .pool
            .all_extensions()
            .filter(|e| explicit.contains(e.containing_message().full_name()))
            .filter(|e| {
                self.model
                    .pool
                    .get_message_by_name(e.containing_message().full_name())
                    .is_some()
            })
            .collect();
        for e in exts {
            self.add(El::Ext(e), None, false)?;
        }
        Ok(())
    }

    /// Rewrites every file, then drops (last to first) imported files nothing imports any more.
    fn rebuild(&self) -> Result<Option<Model>> {
        let files: Vec<FileDescriptor> = self.model.pool.files().collect();
        let mut results: HashMap<String, Rewritten> = HashMap::new();
        for file in &files {
            if let Some(r) = self.rewrite_file(file)? {
                results.insert(file.name().to_string(), r);
            }
        }
        let mut imported: HashSet<String> = HashSet::new();
        let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
        for file in files.iter().rev() {
            let name = file.name().to_string();
            let is_imported = imported.contains(&name);
            if self.is_import(&name) && !is_imported {
                continue;
            }
            let Some(r) = results.remove(&name) else {
                if is_imported {
                    return Err(Error::other(format!(
                        "types filter: imported file {name:?} was filtered out"
                    )));
                }
                continue;
            };
            imported.extend(r.deps);
            kept.push((name, r.bytes));
        }
        kept.reverse();
        let mut pool = DescriptorPool::new();
        for (name, bytes) in &kept {
            pool.decode_file_descriptor_proto(bytes.as_slice())
                .map_err(|e| Error::other(format!("types filter: rebuilding {name}: {e}")))?;
        }
        let names: HashSet<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        // The rewritten files carry their (renumbered) source info: the new pool holds it.
        let files = self
            .model
            .files
            .iter()
            .filter(|f| names.contains(f.name.as_str()))
            .map(|f| SourceFile {
                source_info: None,
                ..f.clone()
            })
            .collect();
        Ok(Some(Model {
            pool,
            files,
            workspace: self.model.workspace.clone(),
            source_info_detached: false,
        }))
    }

    /// The file's new encoding and imports; `None` when it is filtered out.
    fn rewrite_file(&self, file: &FileDescriptor) -> Result<Option<Rewritten>> {
        if !self.has(&El::File(file.clone())) {
            return Ok(None);
        }
        let original = file.encode_to_vec();
        let mut r = Rewriter {
            c: self,
            remap: HashMap::new(),
            survivors: HashMap::new(),
            needed: Vec::new(),
        };
        let scope = file.package_name().to_string();
        let mut out = Vec::new();
        let mut index: BTreeMap<u32, i32> = BTreeMap::new();
        for field in wire_fields(&original)? {
            let i = *index
                .entry(field.number)
                .and_modify(|i| *i += 1)
                .or_insert(0);
            let path = vec![field.number as i32, i];
            match field.number {
                3 | 9 | 10 | 11 => {}
                4 => r.list_item(&mut out, &field, path, |r, p, b| r.message(b, &scope, p))?,
                5 => r.list_item(&mut out, &field, path, |r, p, b| {
                    r.enumeration(b, &scope, p)
                })?,
                6 => r.list_item(&mut out, &field, path, |r, p, b| r.service(b, &scope, p))?,
                7 => r.list_item(&mut out, &field, path, |r, p, b| {
                    r.field(b, &scope, p, true, &HashMap::new())
                })?,
                8 => r.options(&mut out, &field, vec![8], "google.protobuf.FileOptions")?,
                _ => out.extend_from_slice(field.raw),
            }
        }
        let old_deps: Vec<String> = file.dependencies().map(|d| d.name().to_string()).collect();
        r.mark_empty_lists();
        // Imports: the files the kept declarations refer to, in their original order, then any
        // others (in the order the closure met them).
        let own = file.name().to_string();
        let mut needed: Vec<String> = Vec::new();
        let closure_order = self.imports.get(file.name()).cloned().unwrap_or_default();
        for d in closure_order.iter().chain(&r.needed) {
            if r.needed.contains(d) && *d != own && !needed.contains(d) {
                needed.push(d.clone());
            }
        }
        let mut deps = Vec::new();
        let mut moved = HashMap::new();
        for (i, d) in old_deps.iter().enumerate() {
            if needed.contains(d) {
                moved.insert(i as i32, deps.len() as i32);
                if deps.len() != i {
                    r.remap
                        .insert(vec![3, i as i32], Remap::Moved(deps.len() as i32));
                }
                deps.push(d.clone());
            } else {
                r.remap.insert(vec![3, i as i32], Remap::Deleted);
            }
        }
        for d in needed {
            if !deps.contains(&d) {
                deps.push(d);
            }
        }
        r.remap.insert(vec![10], Remap::Deleted);
        let proto = file.file_descriptor_proto();
        let mut weak = Vec::new();
        for (j, w) in proto.weak_dependency.iter().enumerate() {
            match moved.get(w) {
                Some(n) => weak.push(*n),
                None => {
                    r.remap.insert(vec![11, j as i32], Remap::Deleted);
                }
            }
        }
        for d in &deps {
            write_bytes(3, d.as_bytes(), &mut out);
        }
        for w in weak {
            encode_key(11, WireType::Varint, &mut out);
            encode_varint(w as i64 as u64, &mut out);
        }
        if let Some(info) = self.model.source_info(file) {
            let mut locations = Vec::new();
            for loc in &info.location {
                if let Some((path, no_comment)) = r.new_path(&loc.path) {
                    let mut loc = loc.clone();
                    loc.path = path;
                    if no_comment {
                        loc.leading_comments = None;
                        loc.trailing_comments = None;
                        loc.leading_detached_comments.clear();
                    }
                    locations.push(loc);
                }
            }
            let info = prost_types::SourceCodeInfo {
                location: locations,
            };
            write_bytes(9, &info.encode_to_vec(), &mut out);
        }
        Ok(Some(Rewritten { bytes: out, deps }))
    }
}

/// Splits a `.**` suffix off a type name.
fn split_recursive(name: &str) -> (&str, bool) {
    match name.strip_suffix(".**") {
        Some(base) => (base, true),
        None => (name, false),
    }
}

/// A message and every declaration nested in it.
fn message_and_nested(m: MessageDescriptor, out: &mut Vec<El>) {
    out.push(El::Msg(m.clone()));
    for n in m.child_messages() {
        message_and_nested(n, out);
    }
    out.extend(m.child_enums().map(El::Enum));
    out.extend(m.child_extensions().map(El::Ext));
}

/// The declarations nested in a message, at any depth.
fn nested_types(m: &MessageDescriptor) -> Vec<El> {
    let mut out = Vec::new();
    message_and_nested(m.clone(), &mut out);
    out.remove(0);
    out
}

/// A file after filtering.
struct Rewritten {
    bytes: Vec<u8>,
    deps: Vec<String>,
}

/// Every declaration of a file, nested ones included.
fn all_types(f: &FileDescriptor) -> Vec<El> {
    let mut out = Vec::new();
    for m in f.messages() {
        message_and_nested(m, &mut out);
    }
    out.extend(f.enums().map(El::Enum));
    // Methods before their services: one whose request or response is excluded is an error
    // here, where through its service it would only be dropped.
    out.extend(
        f.services()
            .flat_map(|s| s.methods().collect::<Vec<_>>())
            .map(El::Method),
    );
    out.extend(f.services().map(El::Svc));
    out.extend(f.extensions().map(El::Ext));
    out
}

#[derive(Clone, Copy, Debug)]
enum Remap {
    Deleted,
    Moved(i32),
    NoComment,
    MovedNoComment(i32),
}

struct Rewriter<'a, 'b> {
    c: &'a Closure<'b>,
    /// Old source path → what happened to the element there.
    remap: HashMap<Vec<i32>, Remap>,
    /// Per list path, how many of its elements were kept so far.
    survivors: HashMap<Vec<i32>, i32>,
    /// The files the kept declarations refer to, in the order met.
    needed: Vec<String>,
}

fn wire_fields(bytes: &[u8]) -> Result<Vec<WireField<'_>>> {
    crate::model::wire::fields(bytes)
        .ok_or_else(|| Error::other("types filter: malformed descriptor"))
}

fn string_field(bytes: &[u8], number: u32) -> String {
    wire_fields(bytes)
        .ok()
        .and_then(|fs| {
            fs.into_iter()
                .rfind(|f| f.number == number)
                .map(|f| String::from_utf8_lossy(f.data()).into_owned())
        })
        .unwrap_or_default()
}

/// The last value of a varint field (as a decoder keeps it).
fn varint_field(bytes: &[u8], number: u32) -> Option<u64> {
    crate::model::wire::fields(bytes)?
        .iter()
        .rev()
        .find(|f| f.number == number)
        .and_then(WireField::varint)
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

impl<'a, 'b> Rewriter<'a, 'b> {
    /// One element of a repeated field: kept (and renumbered) or dropped. Indexes are counted
    /// per list by the caller through `path`; `kept` counts survivors per list path.
    fn list_item<'x>(
        &mut self,
        out: &mut Vec<u8>,
        field: &WireField<'x>,
        path: Vec<i32>,
        mut f: impl FnMut(&mut Self, Vec<i32>, &'x [u8]) -> Result<Option<Vec<u8>>>,
    ) -> Result<()> {
        let list: Vec<i32> = path[..path.len() - 1].to_vec();
        self.survivors.entry(list.clone()).or_insert(0);
        match f(self, path.clone(), field.data())? {
            Some(bytes) => {
                let new_index = self.next_index(&list);
                if new_index != *path.last().unwrap() {
                    let entry = match self.remap.get(&path) {
                        Some(Remap::NoComment) => Remap::MovedNoComment(new_index),
                        _ => Remap::Moved(new_index),
                    };
                    self.remap.insert(path, entry);
                }
                write_bytes(field.number, &bytes, out);
            }
            None => {
                self.remap.insert(path, Remap::Deleted);
            }
        }
        Ok(())
    }

    fn next_index(&mut self, list: &[i32]) -> i32 {
        let n = self.survivors.entry(list.to_vec()).or_insert(0);
        let v = *n;
        *n += 1;
        v
    }

    fn message(&mut self, bytes: &[u8], scope: &str, path: Vec<i32>) -> Result<Option<Vec<u8>>> {
        let name = join(scope, &string_field(bytes, 1));
        let Some(md) = self.c.model.pool.get_message_by_name(&name) else {
            return Ok(Some(bytes.to_vec()));
        };
        let el = El::Msg(md);
        if !self.c.has(&el) {
            return Ok(None);
        }
        let enclosing = self.c.mode(&el) == Some(Mode::Enclosing);
        if enclosing {
            self.remap.insert(path.clone(), Remap::NoComment);
            for tag in [2, 8, 5, 9, 10] {
                self.remap
                    .insert([path.clone(), vec![tag]].concat(), Remap::Deleted);
            }
        }
        // Oneofs left without fields go; the others are renumbered.
        let fields = wire_fields(bytes)?;
        let used: HashSet<i32> = fields
            .iter()
            .filter(|f| f.number == 2 && self.field_kept(f.data(), &name, false))
            .filter_map(|f| varint_field(f.data(), 9).map(|i| i as i32))
            .collect();
        let oneof_count = fields.iter().filter(|f| f.number == 8).count() as i32;
        let mut oneofs = HashMap::new();
        for i in 0..oneof_count {
            if used.contains(&i) {
                oneofs.insert(i, oneofs.len() as i32);
            }
        }
        let none = HashMap::new();
        let mut out = Vec::new();
        let mut index: BTreeMap<u32, i32> = BTreeMap::new();
        for field in fields {
            let i = *index
                .entry(field.number)
                .and_modify(|i| *i += 1)
                .or_insert(0);
            let p = [path.clone(), vec![field.number as i32, i]].concat();
            match field.number {
                2 | 8 | 5 | 9 | 10 if enclosing => {}
                2 => self.list_item(&mut out, &field, p, |r, p, b| {
                    r.field(b, &name, p, false, &oneofs)
                })?,
                6 => self.list_item(&mut out, &field, p, |r, p, b| {
                    r.field(b, &name, p, true, &none)
                })?,
                8 if !oneofs.contains_key(&i) => {
                    self.list_item(&mut out, &field, p, |_, _, _| Ok(None))?
                }
                3 => self.list_item(&mut out, &field, p, |r, p, b| r.message(b, &name, p))?,
                4 => self.list_item(&mut out, &field, p, |r, p, b| r.enumeration(b, &name, p))?,
                8 => self.list_item(&mut out, &field, p, |r, p, b| {
                    r.simple_with_options(b, p, 2, "google.protobuf.OneofOptions")
                })?,
                5 => self.list_item(&mut out, &field, p, |r, p, b| {
                    r.simple_with_options(b, p, 3, "google.protobuf.ExtensionRangeOptions")
                })?,
                7 => self.options(
                    &mut out,
                    &field,
                    [path.clone(), vec![7]].concat(),
                    "google.protobuf.MessageOptions",
                )?,
                _ => out.extend_from_slice(field.raw),
            }
        }
        Ok(Some(out))
    }

    /// An element that is always kept but whose options may lose excluded custom options.
    fn simple_with_options(
        &mut self,
        bytes: &[u8],
        path: Vec<i32>,
        options_tag: u32,
        options_type: &str,
    ) -> Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        for field in wire_fields(bytes)? {
            if field.number == options_tag {
                let p = [path.clone(), vec![options_tag as i32]].concat();
                self.options(&mut out, &field, p, options_type)?;
            } else {
                out.extend_from_slice(field.raw);
            }
        }
        Ok(Some(out))
    }

    fn enumeration(
        &mut self,
        bytes: &[u8],
        scope: &str,
        path: Vec<i32>,
    ) -> Result<Option<Vec<u8>>> {
        let name = join(scope, &string_field(bytes, 1));
        if let Some(e) = self.c.model.pool.get_enum_by_name(&name) {
            if !self.c.has(&El::Enum(e)) {
                return Ok(None);
            }
        }
        let mut out = Vec::new();
        let mut index = 0;
        for field in wire_fields(bytes)? {
            match field.number {
                2 => {
                    let p = [path.clone(), vec![2, index]].concat();
                    index += 1;
                    let v = self
                        .simple_with_options(
                            field.data(),
                            p,
                            3,
                            "google.protobuf.EnumValueOptions",
                        )?
                        .unwrap_or_default();
                    write_bytes(2, &v, &mut out);
                }
                3 => self.options(
                    &mut out,
                    &field,
                    [path.clone(), vec![3]].concat(),
                    "google.protobuf.EnumOptions",
                )?,
                _ => out.extend_from_slice(field.raw),
            }
        }
        Ok(Some(out))
    }

    fn service(&mut self, bytes: &[u8], scope: &str, path: Vec<i32>) -> Result<Option<Vec<u8>>> {
        let name = join(scope, &string_field(bytes, 1));
        if let Some(s) = self.c.model.pool.get_service_by_name(&name) {
            if !self.c.has(&El::Svc(s)) {
                return Ok(None);
            }
        }
        let mut out = Vec::new();
        let mut index = 0;
        for field in wire_fields(bytes)? {
            match field.number {
                2 => {
                    let p = [path.clone(), vec![2, index]].concat();
                    index += 1;
                    let svc = name.clone();
                    self.list_item(&mut out, &field, p, |r, p, b| r.method(b, &svc, p))?;
                }
                3 => self.options(
                    &mut out,
                    &field,
                    [path.clone(), vec![3]].concat(),
                    "google.protobuf.ServiceOptions",
                )?,
                _ => out.extend_from_slice(field.raw),
            }
        }
        Ok(Some(out))
    }

    fn method(&mut self, bytes: &[u8], service: &str, path: Vec<i32>) -> Result<Option<Vec<u8>>> {
        let name = string_field(bytes, 1);
        if let Some(m) = self
            .c
            .model
            .pool
            .get_service_by_name(service)
            .and_then(|s| s.methods().find(|m| m.name() == name))
        {
            if !self.c.has(&El::Method(m.clone())) {
                return Ok(None);
            }
            self.need(m.input().parent_file().name());
            self.need(m.output().parent_file().name());
        }
        self.simple_with_options(bytes, path, 4, "google.protobuf.MethodOptions")
    }

    /// A field or extension: dropped when it is an excluded extension or its type is not kept.
    fn field(
        &mut self,
        bytes: &[u8],
        scope: &str,
        path: Vec<i32>,
        extension: bool,
        oneofs: &HashMap<i32, i32>,
    ) -> Result<Option<Vec<u8>>> {
        if !self.field_kept(bytes, scope, extension) {
            return Ok(None);
        }
        let pool = &self.c.model.pool;
        let mut files = Vec::new();
        for number in [2, 6] {
            let name = string_field(bytes, number);
            let name = name.trim_start_matches('.');
            if name.is_empty() {
                continue;
            }
            if let Some(m) = pool.get_message_by_name(name) {
                files.push(m.parent_file().name().to_string());
            } else if let Some(e) = pool.get_enum_by_name(name) {
                files.push(e.parent_file().name().to_string());
            }
        }
        for f in files {
            self.need(&f);
        }
        let Some(out) = self.simple_with_options(bytes, path, 8, "google.protobuf.FieldOptions")?
        else {
            return Ok(None);
        };
        // Renumber `oneof_index` past removed oneofs.
        let Some(old) = varint_field(bytes, 9) else {
            return Ok(Some(out));
        };
        match oneofs.get(&(old as i32)) {
            Some(new) if *new != old as i32 => {
                let mut rewritten = Vec::new();
                for f in wire_fields(&out)? {
                    if f.number == 9 {
                        encode_key(9, WireType::Varint, &mut rewritten);
                        encode_varint(*new as i64 as u64, &mut rewritten);
                    } else {
                        rewritten.extend_from_slice(f.raw);
                    }
                }
                Ok(Some(rewritten))
            }
            _ => Ok(Some(out)),
        }
    }

    /// Whether a field or extension stays: not an excluded extension, and its type is kept.
    fn field_kept(&self, bytes: &[u8], scope: &str, extension: bool) -> bool {
        let pool = &self.c.model.pool;
        if extension {
            let name = join(scope, &string_field(bytes, 1));
            if let Some(e) = pool.get_extension_by_name(&name) {
                if !self.c.has(&El::Ext(e)) {
                    return false;
                }
            }
        }
        let type_name = string_field(bytes, 6);
        let type_name = type_name.trim_start_matches('.');
        if !type_name.is_empty() {
            let el = pool
                .get_message_by_name(type_name)
                .map(El::Msg)
                .or_else(|| pool.get_enum_by_name(type_name).map(El::Enum));
            if let Some(el) = el {
                if !self.c.has(&el) {
                    return false;
                }
            }
        }
        true
    }

    /// An options message: custom options whose extension is not kept are removed; an options
    /// message left empty goes.
    fn options(
        &mut self,
        out: &mut Vec<u8>,
        field: &WireField<'_>,
        path: Vec<i32>,
        options_type: &str,
    ) -> Result<()> {
        // The pool's own descriptor.proto may itself be pruned (a plugin's filter on top of an
        // input's): standard fields are looked up in the full one.
        let pool = &self.c.model.pool;
        let descs: Vec<MessageDescriptor> = [pool, &DescriptorPool::global()]
            .into_iter()
            .filter_map(|p| p.get_message_by_name(options_type))
            .collect();
        let mut kept = Vec::new();
        let mut changed = false;
        // Options buf sees as set: standard fields and known extensions (not unknown fields).
        let mut known = 0;
        for f in wire_fields(field.data())? {
            let standard = descs.iter().any(|d| d.get_field(f.number).is_some());
            let ext = if standard {
                None
            } else {
                pool.all_extensions().find(|e| {
                    e.number() == f.number && e.containing_message().full_name() == options_type
                })
            };
            if let Some(e) = &ext {
                if !self.c.has(&El::Ext(e.clone())) {
                    changed = true;
                    self.remap.insert(
                        [path.clone(), vec![f.number as i32]].concat(),
                        Remap::Deleted,
                    );
                    continue;
                }
                self.need(e.parent_file().name());
            }
            if standard || ext.is_some() {
                known += 1;
            }
            kept.extend_from_slice(f.raw);
        }
        if known == 0 {
            // Nothing left that buf counts as set: the options message goes.
            self.remap.insert(path, Remap::Deleted);
            return Ok(());
        }
        if changed {
            write_bytes(field.number, &kept, out);
        } else {
            out.extend_from_slice(field.raw);
        }
        Ok(())
    }

    /// Records a file the kept declarations refer to.
    fn need(&mut self, file: &str) {
        if !self.needed.iter().any(|f| f == file) {
            self.needed.push(file.to_string());
        }
    }

    /// Lists left empty lose their own location (e.g. an `extend` block's).
    fn mark_empty_lists(&mut self) {
        let empty: Vec<Vec<i32>> = self
            .survivors
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(k, _)| k.clone())
            .collect();
        for list in empty {
            self.remap.insert(list, Remap::Deleted);
        }
    }

    /// The new path of a source location; `None` when its element is gone. The flag says the
    /// element only encloses kept ones (its comments go).
    fn new_path(&self, old: &[i32]) -> Option<(Vec<i32>, bool)> {
        let mut new = old.to_vec();
        let mut no_comment = false;
        for len in 1..=old.len() {
            match self.remap.get(&old[..len]) {
                Some(Remap::Deleted) => return None,
                Some(Remap::Moved(n)) => new[len - 1] = *n,
                Some(Remap::MovedNoComment(n)) => {
                    new[len - 1] = *n;
                    no_comment |= len == old.len();
                }
                Some(Remap::NoComment) => no_comment |= len == old.len(),
                None => {}
            }
        }
        Some((new, no_comment))
    }
}
