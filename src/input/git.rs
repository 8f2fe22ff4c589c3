//! Git inputs: the tree of a local repository at a reference, read straight from the object
//! database with gix — no `git` process, no clone, no network.
//!
//! What is read: every blob whose name ends in `.proto`, `.yaml` or `.yml`, plus `buf.lock`
//! (buf's configuration files and anything policies reference). Other files are not loaded.
//! Submodule entries (gitlinks) and symbolic links are skipped, so `recurse_submodules=true`
//! has no effect; `depth=` is ignored as nothing is cloned.
//!
//! References resolve like this:
//! - no reference: `HEAD`;
//! - `branch=X`: `refs/heads/X`, then the remote-tracking `refs/remotes/origin/X`;
//! - `tag=X` / `commit=X`: buf treats the two alike, so each tries `refs/tags/X` and a full or
//!   abbreviated object id (a commit id first for `commit=`, the tag first for `tag=`);
//! - `ref=X`: a subset of `git rev-parse`: a reference name (looked up like git does: `X`,
//!   `refs/X`, `refs/tags/X`, `refs/heads/X`, `refs/remotes/X`, `refs/remotes/X/HEAD`), `HEAD`
//!   or `@`, an abbreviated or full object id, each followed by any number of `~N`, `^N`, `^{}`,
//!   `^{commit}` or `^{tree}`. With `branch=Y`, `HEAD`/`@` stand for the tip of `Y`.
//!
//! A reference or object that is missing from a shallow clone (`.git/shallow` exists) produces an
//! error that says so and explains how to fetch the full history.

use std::{collections::BTreeMap, path::Path};

use gix::{bstr::ByteSlice, hash::Prefix, objs::Kind, ObjectId};

use super::{GitInput, GitRef};
use crate::{error::Error, tree::FileTree, Result};

/// Reads the tree `spec` names into memory: `.proto` files and buf configuration files, keyed by
/// their path relative to the repository root (or to `subdir=`). The tree's label is
/// [`GitInput::display`], e.g. `repo/.git#branch=main`.
pub fn read_tree(spec: &GitInput) -> Result<FileTree> {
    let label = spec.display();
    let repo = open(&spec.repo, &label)?;
    let reader = Reader {
        repo: &repo,
        label: &label,
    };
    let tree = reader.resolve(&spec.reference)?;
    let tree = match &spec.subdir {
        Some(subdir) => reader.descend(tree, subdir)?,
        None => tree,
    };
    let mut files = BTreeMap::new();
    reader.collect(tree, "", &mut files)?;
    Ok(FileTree::memory(label, files))
}

/// Whether a file from the tree is kept.
fn wanted(name: &str) -> bool {
    name.ends_with(".proto")
        || name.ends_with(".yaml")
        || name.ends_with(".yml")
        || name == "buf.lock"
}

fn open(path: &Path, label: &str) -> Result<gix::Repository> {
    if !path.exists() {
        return Err(Error::input(
            label,
            format!("{} does not exist", path.display()),
        ));
    }
    gix::open_opts(path, gix::open::Options::isolated()).map_err(|err| {
        Error::input(
            label,
            format!("{} is not a readable git repository: {err}", path.display()),
        )
    })
}

/// Why something could not be resolved.
enum Miss {
    /// A reference or object that does not exist (possibly because the clone is shallow).
    NotFound(String),
    /// Anything else: a corrupt object, an unsupported revision syntax, a wrong object type.
    Invalid(String),
}

struct Reader<'a> {
    repo: &'a gix::Repository,
    label: &'a str,
}

impl Reader<'_> {
    fn fail(&self, miss: Miss) -> Error {
        match miss {
            Miss::Invalid(message) => Error::input(self.label, message),
            Miss::NotFound(message) => match self.shallow_file() {
                Some(shallow) => Error::input(
                    self.label,
                    format!(
                        "{message}; the repository is a shallow clone ({} exists), so it may \
                         lack this history. Fetch it with `git fetch --unshallow --tags` (and \
                         `git fetch origin <branch>` for other branches), or in GitHub Actions \
                         set `fetch-depth: 0` on actions/checkout",
                        shallow.display()
                    ),
                ),
                None => Error::input(self.label, message),
            },
        }
    }

    fn shallow_file(&self) -> Option<std::path::PathBuf> {
        let path = self.repo.shallow_file().ok()?;
        path.exists().then_some(path)
    }

    /// The root tree of the commit `reference` names.
    fn resolve(&self, reference: &GitRef) -> Result<ObjectId> {
        let commit_or_tree = match reference {
            GitRef::Head => self.head(),
            GitRef::Branch(name) => self.branch(name),
            GitRef::Tag(name) => self
                .reference(&format!("refs/tags/{name}"))
                .and_then(|found| match found {
                    Some(id) => Ok(id),
                    None => self.object_prefix(name, "tag").map_err(|miss| match miss {
                        Miss::NotFound(_) => Miss::NotFound(format!("tag {name:?} not found")),
                        other => other,
                    }),
                }),
            GitRef::Commit(name) => match self.object_prefix(name, "commit") {
                Err(Miss::NotFound(message)) => {
                    match self.reference(&format!("refs/tags/{name}")) {
                        Ok(Some(id)) => Ok(id),
                        Ok(None) => Err(Miss::NotFound(message)),
                        Err(miss) => Err(miss),
                    }
                }
                other => other,
            },
            GitRef::Ref { name, branch } => {
                let head = match branch {
                    Some(branch) => Some(self.branch(branch).map_err(|m| self.fail(m))?),
                    None => None,
                };
                self.rev_parse(name, head)
            }
        }
        .map_err(|m| self.fail(m))?;
        self.tree_of(commit_or_tree).map_err(|m| self.fail(m))
    }

    fn head(&self) -> Result<ObjectId, Miss> {
        let head = self
            .repo
            .head()
            .map_err(|err| Miss::Invalid(format!("cannot read HEAD: {err}")))?;
        if head.is_unborn() {
            let branch = head
                .referent_name()
                .map(|n| n.shorten().to_string())
                .unwrap_or_else(|| "HEAD".into());
            return Err(Miss::NotFound(format!(
                "HEAD points to branch {branch:?}, which has no commits"
            )));
        }
        match head.try_into_referent() {
            Some(mut reference) => reference
                .follow_to_object()
                .map(|id| id.detach())
                .map_err(|err| Miss::NotFound(format!("cannot resolve HEAD: {err}"))),
            None => self
                .repo
                .head_id()
                .map(|id| id.detach())
                .map_err(|err| Miss::NotFound(format!("cannot resolve HEAD: {err}"))),
        }
    }

    fn branch(&self, name: &str) -> Result<ObjectId, Miss> {
        for full in [
            format!("refs/heads/{name}"),
            format!("refs/remotes/origin/{name}"),
        ] {
            if let Some(id) = self.reference(&full)? {
                return Ok(id);
            }
        }
        Err(Miss::NotFound(format!(
            "branch {name:?} not found (looked for refs/heads/{name} and refs/remotes/origin/{name})"
        )))
    }

    /// The object a reference points to (following symbolic references, not peeling tags);
    /// `None` when there is no such reference. `name` may be partial: git's lookup rules apply.
    fn reference(&self, name: &str) -> Result<Option<ObjectId>, Miss> {
        let Ok(found) = self.repo.try_find_reference(name) else {
            // Not a valid reference name: it cannot exist.
            return Ok(None);
        };
        match found {
            Some(mut reference) => reference
                .follow_to_object()
                .map(|id| Some(id.detach()))
                .map_err(|err| Miss::NotFound(format!("cannot resolve reference {name:?}: {err}"))),
            None => Ok(None),
        }
    }

    /// An object named by a full or abbreviated hexadecimal id. Prefixes matching several
    /// objects are narrowed to commits and tags before being reported as ambiguous.
    fn object_prefix(&self, hex: &str, what: &str) -> Result<ObjectId, Miss> {
        let hex_len = self.repo.object_hash().len_in_hex();
        if hex.len() < 4 || hex.len() > hex_len || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Miss::NotFound(format!(
                "{what} {hex:?} not found (a commit is named by 4 to {hex_len} hexadecimal digits)"
            )));
        }
        if hex.len() == hex_len {
            let id = ObjectId::from_hex(hex.as_bytes())
                .map_err(|err| Miss::Invalid(format!("invalid object id {hex:?}: {err}")))?;
            return if self.repo.has_object(id) {
                Ok(id)
            } else {
                Err(Miss::NotFound(format!("{what} {hex} not found")))
            };
        }
        let prefix = Prefix::from_hex(&hex.to_ascii_lowercase())
            .map_err(|err| Miss::Invalid(format!("invalid object id {hex:?}: {err}")))?;
        let mut candidates = std::collections::HashSet::new();
        self.repo
            .objects
            .lookup_prefix(prefix, Some(&mut candidates))
            .map_err(|err| Miss::Invalid(format!("cannot look up {hex:?}: {err}")))?;
        let mut ids: Vec<ObjectId> = candidates.into_iter().collect();
        if ids.len() > 1 {
            ids.retain(|id| {
                self.repo
                    .try_find_header(*id)
                    .ok()
                    .flatten()
                    .is_some_and(|h| matches!(h.kind(), Kind::Commit | Kind::Tag))
            });
        }
        ids.sort();
        match ids.as_slice() {
            [id] => Ok(*id),
            [] => Err(Miss::NotFound(format!("{what} {hex:?} not found"))),
            _ => Err(Miss::Invalid(format!(
                "{what} {hex:?} is ambiguous: it matches {}; give more digits",
                ids.iter()
                    .map(|id| id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// A subset of `git rev-parse`: `<base>(~N|^N|^{}|^{commit}|^{tree})*`.
    fn rev_parse(&self, spec: &str, head: Option<ObjectId>) -> Result<ObjectId, Miss> {
        if spec.contains(':') || spec.contains("@{") || spec.contains("..") {
            return Err(Miss::Invalid(format!(
                "unsupported revision {spec:?}: use a reference, an object id, HEAD or @, \
                 optionally followed by ~N, ^N, ^{{}}, ^{{commit}} or ^{{tree}}"
            )));
        }
        let split = spec.find(['~', '^']).unwrap_or(spec.len());
        let (base, mut rest) = spec.split_at(split);
        let mut id = match base {
            "" => return Err(Miss::Invalid(format!("invalid revision {spec:?}"))),
            "HEAD" | "@" => match head {
                Some(id) => id,
                None => self.head()?,
            },
            _ => match self.reference(base)? {
                Some(id) => id,
                None => self
                    .object_prefix(base, "revision")
                    .map_err(|miss| match miss {
                        Miss::NotFound(_) => Miss::NotFound(format!(
                            "revision {base:?} not found: no such reference or object"
                        )),
                        other => other,
                    })?,
            },
        };
        while let Some(op) = rest.chars().next() {
            rest = &rest[1..];
            if op == '^' && rest.starts_with('{') {
                let Some(end) = rest.find('}') else {
                    return Err(Miss::Invalid(format!(
                        "invalid revision {spec:?}: unclosed ^{{"
                    )));
                };
                let kind = &rest[1..end];
                rest = &rest[end + 1..];
                id = match kind {
                    "" => self.peel_tags(id)?.0,
                    "commit" => self.peel_to_commit(id, spec)?,
                    "tree" => self.tree_of(id)?,
                    other => {
                        return Err(Miss::Invalid(format!(
                            "unsupported revision {spec:?}: ^{{{other}}} is not supported"
                        )))
                    }
                };
                continue;
            }
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n: usize = if digits == 0 {
                1
            } else {
                rest[..digits]
                    .parse()
                    .map_err(|_| Miss::Invalid(format!("invalid revision {spec:?}")))?
            };
            rest = &rest[digits..];
            match op {
                '~' => {
                    for _ in 0..n {
                        id = self.parent(id, 1, spec)?;
                    }
                }
                _ if n == 0 => id = self.peel_to_commit(id, spec)?,
                _ => id = self.parent(id, n, spec)?,
            }
        }
        Ok(id)
    }

    /// Follows annotated tags to the object they finally name; returns it with its kind.
    fn peel_tags(&self, mut id: ObjectId) -> Result<(ObjectId, Kind), Miss> {
        for _ in 0..64 {
            let object = self.find(id)?;
            if object.kind != Kind::Tag {
                return Ok((id, object.kind));
            }
            id = object
                .into_tag()
                .target_id()
                .map_err(|err| Miss::Invalid(format!("corrupt tag object {id}: {err}")))?
                .detach();
        }
        Err(Miss::Invalid(format!("tag chain at {id} is too long")))
    }

    fn peel_to_commit(&self, id: ObjectId, spec: &str) -> Result<ObjectId, Miss> {
        match self.peel_tags(id)? {
            (id, Kind::Commit) => Ok(id),
            (id, kind) => Err(Miss::Invalid(format!(
                "{spec:?} names a {kind} ({id}), not a commit"
            ))),
        }
    }

    /// The `n`th (1-based) parent of the commit `id` names.
    fn parent(&self, id: ObjectId, n: usize, spec: &str) -> Result<ObjectId, Miss> {
        let commit_id = self.peel_to_commit(id, spec)?;
        let commit = self.find(commit_id)?.into_commit();
        let parent = commit.parent_ids().nth(n - 1).map(|p| p.detach());
        match parent {
            Some(parent) if self.repo.has_object(parent) => Ok(parent),
            Some(parent) => Err(Miss::NotFound(format!(
                "{spec:?}: commit {parent} (parent of {commit_id}) is not in the repository"
            ))),
            None if self.is_shallow_boundary(commit_id) => Err(Miss::NotFound(format!(
                "{spec:?}: the parents of commit {commit_id} are not in the repository"
            ))),
            None => Err(Miss::NotFound(format!(
                "{spec:?}: commit {commit_id} has no parent {n}"
            ))),
        }
    }

    fn is_shallow_boundary(&self, id: ObjectId) -> bool {
        self.repo
            .shallow_commits()
            .ok()
            .flatten()
            .is_some_and(|commits| commits.contains(&id))
    }

    fn find(&self, id: ObjectId) -> Result<gix::Object<'_>, Miss> {
        match self.repo.try_find_object(id) {
            Ok(Some(object)) => Ok(object),
            Ok(None) => Err(Miss::NotFound(format!(
                "object {id} is not in the repository"
            ))),
            Err(err) => Err(Miss::Invalid(format!("cannot read object {id}: {err}"))),
        }
    }

    /// The root tree of a commit (or the tree itself), peeling tags.
    fn tree_of(&self, id: ObjectId) -> Result<ObjectId, Miss> {
        match self.peel_tags(id)? {
            (id, Kind::Tree) => Ok(id),
            (id, Kind::Commit) => self
                .find(id)?
                .into_commit()
                .tree_id()
                .map(|t| t.detach())
                .map_err(|err| Miss::Invalid(format!("corrupt commit {id}: {err}"))),
            (id, kind) => Err(Miss::Invalid(format!(
                "{id} is a {kind}, not a commit or tree"
            ))),
        }
    }

    /// Entries of a tree: (name, kind, id). Names that are not UTF-8 are skipped.
    fn entries(
        &self,
        tree: ObjectId,
    ) -> Result<Vec<(String, gix::object::tree::EntryKind, ObjectId)>> {
        let object = self.find(tree).map_err(|m| self.fail(m))?;
        if object.kind != Kind::Tree {
            return Err(Error::input(
                self.label,
                format!("object {tree} is a {}, not a tree", object.kind),
            ));
        }
        let tree = object.into_tree();
        let mut out = Vec::new();
        for entry in tree.iter() {
            let entry = entry.map_err(|err| {
                Error::input(
                    self.label,
                    format!("corrupt tree object {}: {err}", tree.id),
                )
            })?;
            let Ok(name) = entry.filename().to_str() else {
                continue;
            };
            out.push((name.to_string(), entry.mode().kind(), entry.object_id()));
        }
        Ok(out)
    }

    /// The tree at `subdir` below `tree`.
    fn descend(&self, mut tree: ObjectId, subdir: &str) -> Result<ObjectId> {
        let mut walked = String::new();
        for component in subdir.split('/') {
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(component);
            let entries = self.entries(tree)?;
            match entries.iter().find(|(name, _, _)| name == component) {
                Some((_, gix::object::tree::EntryKind::Tree, id)) => tree = *id,
                Some(_) => {
                    return Err(Error::input(
                        self.label,
                        format!("subdir {walked:?} is not a directory"),
                    ))
                }
                None => {
                    return Err(Error::input(
                        self.label,
                        format!("subdir {walked:?} does not exist in the tree"),
                    ))
                }
            }
        }
        Ok(tree)
    }

    fn collect(
        &self,
        tree: ObjectId,
        prefix: &str,
        out: &mut BTreeMap<String, Vec<u8>>,
    ) -> Result<()> {
        use gix::object::tree::EntryKind;
        for (name, kind, id) in self.entries(tree)? {
            let key = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            match kind {
                EntryKind::Tree => self.collect(id, &key, out)?,
                EntryKind::Blob | EntryKind::BlobExecutable if wanted(&name) => {
                    let object = self.find(id).map_err(|m| match m {
                        Miss::NotFound(_) => Error::input(
                            self.label,
                            format!(
                                "{key}: blob {id} is not in the repository (a partial clone? \
                                 fetch the missing objects with `git fetch --refetch`)"
                            ),
                        ),
                        other => self.fail(other),
                    })?;
                    out.insert(key, object.detach().data);
                }
                // Other files, symbolic links and submodules (gitlinks) are skipped.
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::{path::PathBuf, process::Command};

    use super::*;
    use crate::input::{parse, InputSpec};

    /// Runs git in `dir` with a fixed identity and dates; panics on failure.
    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// Whether git is installed; when it is not, tests are skipped locally and fail in CI.
    fn have_git() -> bool {
        let ok = Command::new("git")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "git is required for these tests in CI"
            );
            eprintln!("skipping: git is not installed");
        }
        ok
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    struct Fixture {
        _tmp: tempfile::TempDir,
        repo: PathBuf,
        shallow: PathBuf,
        commits: Vec<String>,
    }

    /// main: c0 (tag v1) → c1 (annotated tag v2) → c2; branch `feature` from c1: c3;
    /// remote-only branch `origin/remote-only` at c0; a shallow clone of main at depth 1.
    fn fixture() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        git(&repo, &["init", "-q", "-b", "main"]);
        write(&repo, "buf.yaml", "version: v2\n");
        write(&repo, "proto/a/a.proto", "syntax = \"proto3\";\n");
        write(&repo, "README.md", "not kept\n");
        write(&repo, "data.json", "{}\n");
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "c0"]);
        git(&repo, &["tag", "v1"]);
        write(&repo, "proto/a/b.proto", "syntax = \"proto3\";\n");
        write(&repo, "proto/buf.lock", "# lock\n");
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "c1"]);
        git(&repo, &["tag", "-a", "v2", "-m", "annotated"]);
        git(&repo, &["checkout", "-q", "-b", "feature"]);
        write(&repo, "proto/c.proto", "syntax = \"proto3\";\n");
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "c3"]);
        git(&repo, &["checkout", "-q", "main"]);
        write(&repo, "proto/a/d.proto", "syntax = \"proto3\";\n");
        write(&repo, "other/x.yml", "k: v\n");
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "c2"]);
        let commits = ["main~2", "main~1", "main", "feature"]
            .iter()
            .map(|r| git(&repo, &["rev-parse", r]))
            .collect();
        git(
            &repo,
            &["update-ref", "refs/remotes/origin/remote-only", "main~2"],
        );
        let shallow = tmp.path().join("shallow");
        git(
            tmp.path(),
            &[
                "clone",
                "-q",
                "--depth",
                "1",
                &format!("file://{}", repo.display()),
                shallow.to_str().unwrap(),
            ],
        );
        Fixture {
            _tmp: tmp,
            repo,
            shallow,
            commits,
        }
    }

    fn read(input: &str) -> Result<Vec<String>> {
        let InputSpec::Git(spec) = parse(input)? else {
            panic!("{input} is not a git input");
        };
        let tree = read_tree(&spec)?;
        let mut keys = tree.protos_under("")?;
        for extra in [
            "buf.yaml",
            "proto/buf.lock",
            "other/x.yml",
            "README.md",
            "data.json",
        ] {
            if tree.is_file(extra) {
                keys.push(extra.to_string());
            }
        }
        Ok(keys)
    }

    fn err(input: &str) -> String {
        match read(input) {
            Ok(keys) => panic!("{input}: expected an error, got {keys:?}"),
            Err(err) => {
                assert!(
                    matches!(err.kind(), crate::error::ErrorKind::Input { .. }),
                    "{input}: {err}"
                );
                err.to_string()
            }
        }
    }

    #[test]
    fn reads_every_reference_form() {
        if !have_git() {
            return;
        }
        let f = fixture();
        let r = f.repo.join(".git");
        let r = r.to_str().unwrap();
        let worktree = f.repo.to_str().unwrap();
        let c0 = &["buf.yaml", "proto/a/a.proto"][..];
        let c1 = &[
            "proto/a/a.proto",
            "proto/a/b.proto",
            "buf.yaml",
            "proto/buf.lock",
        ][..];
        let c2 = &[
            "proto/a/a.proto",
            "proto/a/b.proto",
            "proto/a/d.proto",
            "buf.yaml",
            "proto/buf.lock",
            "other/x.yml",
        ][..];
        let c3 = &[
            "proto/a/a.proto",
            "proto/a/b.proto",
            "proto/c.proto",
            "buf.yaml",
            "proto/buf.lock",
        ][..];
        let sorted = |v: &[&str]| {
            let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
            v.sort();
            v
        };
        let short = |c: &str| c[..7].to_string();
        let cases: Vec<(String, &[&str])> = vec![
            (r.to_string(), c2),
            (format!("{worktree}#format=git"), c2),
            (format!("file://{r}"), c2),
            (format!("{r}#branch=main"), c2),
            (format!("{r}#branch=feature"), c3),
            (format!("{r}#branch=remote-only"), c0),
            (format!("{r}#tag=v1"), c0),
            (format!("{r}#tag=v2"), c1),
            (format!("{r}#commit={}", f.commits[0]), c0),
            (format!("{r}#commit={}", short(&f.commits[1])), c1),
            (format!("{r}#commit=v1"), c0),
            (format!("{r}#tag={}", short(&f.commits[3])), c3),
            (format!("{r}#ref=HEAD"), c2),
            (format!("{r}#ref=@"), c2),
            (format!("{r}#ref=HEAD~1"), c1),
            (format!("{r}#ref=HEAD~2"), c0),
            (format!("{r}#ref=@~1"), c1),
            (format!("{r}#ref=HEAD^"), c1),
            (format!("{r}#ref=HEAD^^"), c0),
            (format!("{r}#ref=HEAD^1~1"), c0),
            (format!("{r}#ref=HEAD^0"), c2),
            (format!("{r}#ref=main^"), c1),
            (format!("{r}#ref=feature~1"), c1),
            (format!("{r}#ref=v2^{{}}"), c1),
            (format!("{r}#ref=v2^{{commit}}"), c1),
            (format!("{r}#ref=v2^{{tree}}"), c1),
            (format!("{r}#ref=v2~1"), c0),
            (format!("{r}#ref=refs/heads/feature"), c3),
            (format!("{r}#ref=heads/feature"), c3),
            (format!("{r}#ref=refs/tags/v1"), c0),
            (format!("{r}#ref=origin/remote-only"), c0),
            (format!("{r}#ref={}", short(&f.commits[3])), c3),
            (format!("{r}#ref={}~1", f.commits[3]), c1),
            (format!("{r}#ref=HEAD~1,branch=feature"), c1),
            (format!("{r}#ref=HEAD,branch=feature"), c3),
            (format!("{r}#ref=v1,branch=feature"), c0),
            (
                format!("{r}#branch=main,depth=1,recurse_submodules=true"),
                c2,
            ),
        ];
        for (input, want) in cases {
            match read(&input) {
                Ok(got) => assert_eq!(
                    sorted(&got.iter().map(String::as_str).collect::<Vec<_>>()),
                    sorted(want),
                    "{input}"
                ),
                Err(e) => panic!("{input}: {e}"),
            }
        }
    }

    #[test]
    fn subdir_keys_are_relative_and_label_is_the_input() {
        if !have_git() {
            return;
        }
        let f = fixture();
        let r = f.repo.join(".git");
        let r = r.to_str().unwrap();
        let InputSpec::Git(spec) = parse(&format!("{r}#branch=feature,subdir=proto")).unwrap()
        else {
            panic!()
        };
        let tree = read_tree(&spec).unwrap();
        assert_eq!(
            tree.protos_under("").unwrap(),
            vec!["a/a.proto", "a/b.proto", "c.proto"]
        );
        assert!(tree.is_file("buf.lock"));
        assert!(!tree.is_file("buf.yaml"));
        assert_eq!(
            tree.display("c.proto"),
            format!("{r}#branch=feature,subdir=proto:c.proto")
        );
        assert_eq!(
            tree.read("a/a.proto").unwrap().unwrap(),
            b"syntax = \"proto3\";\n"
        );
        assert_eq!(
            read(&format!("{r}#subdir=proto/a/")).unwrap(),
            vec!["a.proto", "b.proto", "d.proto"]
        );
    }

    #[test]
    fn missing_references_name_what_was_not_found() {
        if !have_git() {
            return;
        }
        let f = fixture();
        let r = f.repo.join(".git");
        let r = r.to_str().unwrap();
        let cases = [
            (format!("{r}#branch=nope"), "branch \"nope\" not found (looked for refs/heads/nope and refs/remotes/origin/nope)"),
            (format!("{r}#tag=nope"), "tag \"nope\" not found"),
            (format!("{r}#commit=deadbeef"), "commit \"deadbeef\" not found"),
            (format!("{r}#commit=zzz"), "commit \"zzz\" not found"),
            (format!("{r}#commit={}", "0".repeat(40)), "not found"),
            (format!("{r}#ref=nope"), "revision \"nope\" not found"),
            (format!("{r}#ref=HEAD~5"), "has no parent 1"),
            (format!("{r}#ref=HEAD^2"), "has no parent 2"),
            (format!("{r}#ref=HEAD:proto"), "unsupported revision"),
            (format!("{r}#ref=HEAD@{{1}}"), "unsupported revision"),
            (format!("{r}#ref=HEAD^{{blob}}"), "not supported"),
            (format!("{r}#ref=HEAD~1,branch=nope"), "branch \"nope\" not found"),
            (format!("{r}#subdir=nope"), "subdir \"nope\" does not exist"),
            (format!("{r}#subdir=buf.yaml"), "subdir \"buf.yaml\" is not a directory"),
            (format!("{r}#subdir=proto/zz/y"), "subdir \"proto/zz\" does not exist"),
        ];
        for (input, want) in cases {
            let msg = err(&input);
            assert!(msg.contains(want), "{input}: {msg}");
            assert!(!msg.contains("shallow"), "{input}: {msg}");
        }
    }

    #[test]
    fn shallow_clone_errors_explain_the_fix() {
        if !have_git() {
            return;
        }
        let f = fixture();
        let s = f.shallow.join(".git");
        let s = s.to_str().unwrap();
        // What the shallow clone has works.
        assert_eq!(read(s).unwrap().len(), 6);
        assert_eq!(read(&format!("{s}#branch=main")).unwrap().len(), 6);
        assert_eq!(
            read(&format!("{s}#commit={}", &f.commits[2][..10]))
                .unwrap()
                .len(),
            6
        );
        // What it lacks says why.
        for input in [
            format!("{s}#ref=HEAD~1"),
            format!("{s}#ref=main^"),
            format!("{s}#tag=v1"),
            format!("{s}#branch=feature"),
            format!("{s}#commit={}", f.commits[0]),
            format!("{s}#commit={}", &f.commits[0][..8]),
        ] {
            let msg = err(&input);
            assert!(msg.contains("shallow clone"), "{input}: {msg}");
            assert!(msg.contains("git fetch --unshallow"), "{input}: {msg}");
            assert!(msg.contains("fetch-depth: 0"), "{input}: {msg}");
        }
    }

    #[test]
    fn unreadable_repositories() {
        if !have_git() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nope/.git");
        let msg = err(missing.to_str().unwrap());
        assert!(msg.contains("does not exist"), "{msg}");
        let plain = tmp.path().join("plain");
        std::fs::create_dir_all(&plain).unwrap();
        let msg = err(&format!("{}#format=git", plain.display()));
        assert!(msg.contains("is not a readable git repository"), "{msg}");
        // An empty repository has no HEAD commit.
        let empty = tmp.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        git(&empty, &["init", "-q", "-b", "trunk"]);
        let msg = err(empty.join(".git").to_str().unwrap());
        assert!(msg.contains("\"trunk\", which has no commits"), "{msg}");
    }

    #[test]
    fn submodules_and_symlinks_are_skipped() {
        if !have_git() {
            return;
        }
        let f = fixture();
        let tmp = tempfile::tempdir().unwrap();
        let outer = tmp.path().join("outer");
        std::fs::create_dir_all(&outer).unwrap();
        git(&outer, &["init", "-q", "-b", "main"]);
        write(&outer, "top.proto", "syntax = \"proto3\";\n");
        #[cfg(unix)]
        std::os::unix::fs::symlink("top.proto", outer.join("link.proto")).unwrap();
        git(&outer, &["add", "."]);
        // A gitlink entry, as `git submodule add` would create, without needing the network.
        git(
            &outer,
            &[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("160000,{},sub", f.commits[2]),
            ],
        );
        git(&outer, &["commit", "-q", "-m", "with submodule"]);
        let got = read(outer.join(".git").to_str().unwrap()).unwrap();
        assert_eq!(got, vec!["top.proto"]);
    }

    #[test]
    fn wanted_files() {
        for (name, want) in [
            ("a.proto", true),
            ("buf.yaml", true),
            ("buf.work.yaml", true),
            ("buf.policy.yaml", true),
            ("x.yml", true),
            ("buf.lock", true),
            ("README.md", false),
            ("package-lock.json", false),
            ("a.proto.bak", false),
        ] {
            assert_eq!(wanted(name), want, "{name}");
        }
    }
}
