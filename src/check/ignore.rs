//! Ignores, applied to findings after the rules ran: `ignore` and `ignore_only` paths, and
//! `// buf:lint:ignore RULE_ID` comment directives.

use super::Selection;
use crate::tree;

/// Path-based ignores of one selection.
#[derive(Debug, Clone, Copy)]
pub struct Ignores<'a> {
    selection: &'a Selection,
}

impl<'a> Ignores<'a> {
    pub fn new(selection: &'a Selection) -> Self {
        Ignores { selection }
    }

    /// Whether a finding of `rule` in the file at tree-relative `path` is ignored by `ignore`
    /// or `ignore_only` (a path ignores itself and everything below it).
    pub fn path_ignored(&self, rule: &str, path: &str) -> bool {
        let path = tree::normalize(path);
        if self
            .selection
            .ignore
            .iter()
            .any(|prefix| tree::is_within(&path, prefix))
        {
            return true;
        }
        self.selection
            .ignore_only
            .get(rule)
            .is_some_and(|paths| paths.iter().any(|prefix| tree::is_within(&path, prefix)))
    }
}

/// The SourceCodeInfo paths whose leading comments may carry an ignore directive for a finding
/// at `path`: the declarations enclosing it and the element itself, as buf computes them
/// (`private/pkg/protosourcepath`, without child paths). Every one is a prefix of `path`:
/// message, field, oneof, enum, value, service and method declarations; `extend`, `extensions`
/// and `reserved` statements and their entries; the import or package statement; and for an
/// option the whole option path (not the `[8]` or `[4, i, 7]` prefixes: comments of one option
/// statement never ignore findings on another). A path buf would reject yields no prefixes.
pub fn associated_paths(path: &[i32]) -> Vec<&[i32]> {
    let mut lens: Vec<usize> = Vec::new();
    if associated_lens(path, &mut lens).is_none() {
        return Vec::new();
    }
    lens.into_iter().map(|len| &path[..len]).collect()
}

#[derive(Clone, Copy)]
enum Decl {
    Message,
    Field,
    Oneof,
    Enum,
    Value,
    Service,
    Method,
}

/// Pushes the lengths of the associated prefixes of `path`; `None` for an invalid path.
fn associated_lens(path: &[i32], out: &mut Vec<usize>) -> Option<()> {
    let first = *path.first()?;
    // A declaration list tag followed by an index: the declaration is `path[..=i + 1]`.
    let decl_at = |i: usize, out: &mut Vec<usize>| -> Option<usize> {
        path.get(i + 1)?;
        out.push(i + 2);
        Some(i + 2)
    };
    let (mut kind, mut next) = match first {
        2 | 12 | 14 => {
            out.push(1);
            return Some(());
        }
        3 => {
            decl_at(0, out)?;
            return Some(());
        }
        8 => {
            out.push(path.len());
            return Some(());
        }
        4 => (Decl::Message, decl_at(0, out)?),
        5 => (Decl::Enum, decl_at(0, out)?),
        6 => (Decl::Service, decl_at(0, out)?),
        7 => {
            out.push(1);
            (Decl::Field, decl_at(0, out)?)
        }
        _ => return None,
    };
    while let Some(&token) = path.get(next) {
        let option = |out: &mut Vec<usize>| {
            out.push(path.len());
            Some(())
        };
        match (kind, token) {
            (Decl::Message, 1) => return Some(()),
            (Decl::Message, 2) => {
                next = decl_at(next, out)?;
                kind = Decl::Field;
            }
            (Decl::Message, 8) => {
                next = decl_at(next, out)?;
                kind = Decl::Oneof;
            }
            (Decl::Message, 3) => next = decl_at(next, out)?,
            (Decl::Message, 4) => {
                next = decl_at(next, out)?;
                kind = Decl::Enum;
            }
            (Decl::Message, 7) => return option(out),
            (Decl::Message, 6) => {
                out.push(next + 1);
                next = decl_at(next, out)?;
                kind = Decl::Field;
            }
            (Decl::Message, 5) => {
                out.push(next + 1);
                let end = decl_at(next, out)?;
                return match path.get(end) {
                    None | Some(1) | Some(2) => Some(()),
                    Some(3) => option(out),
                    Some(_) => None,
                };
            }
            (Decl::Message, 9) | (Decl::Enum, 4) => {
                out.push(next + 1);
                decl_at(next, out)?;
                return Some(());
            }
            (Decl::Message, 10) | (Decl::Enum, 5) => {
                out.push(next + 1);
                decl_at(next, out)?;
                return Some(());
            }
            (Decl::Field, 1..=6) => return Some(()),
            (Decl::Field, 8) => return option(out),
            (Decl::Field, 7) => {
                out.push(next + 1);
                return Some(());
            }
            (Decl::Oneof, 1) => return Some(()),
            (Decl::Oneof, 2) => return option(out),
            (Decl::Enum, 1) => return Some(()),
            (Decl::Enum, 2) => {
                next = decl_at(next, out)?;
                kind = Decl::Value;
            }
            (Decl::Enum, 3) => return option(out),
            (Decl::Value, 1 | 2) => return Some(()),
            (Decl::Value, 3) => return option(out),
            (Decl::Service, 1) => return Some(()),
            (Decl::Service, 2) => {
                next = decl_at(next, out)?;
                kind = Decl::Method;
            }
            (Decl::Service, 3) => return option(out),
            (Decl::Method, 1 | 2 | 3 | 5 | 6) => return Some(()),
            (Decl::Method, 4) => return option(out),
            _ => return None,
        }
    }
    Some(())
}

/// Whether any line of a leading comment ignores `rule`: after trimming, it starts with
/// `buf:lint:ignore RULE_ID` (anything may follow, as in buf).
pub fn comment_ignores(comment: &str, prefix: &str, rule: &str) -> bool {
    comment.split('\n').map(str::trim).any(|line| {
        line.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|rest| rest.starts_with(rule))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_directives() {
        let p = "buf:lint:ignore";
        assert!(comment_ignores(" buf:lint:ignore A_B\n", p, "A_B"));
        assert!(comment_ignores("x\n  buf:lint:ignore A_B, C\n", p, "A_B"));
        assert!(comment_ignores("buf:lint:ignore A_Bsomething", p, "A_B"));
        assert!(!comment_ignores("buf:lint:ignoreA_B", p, "A_B"));
        assert!(!comment_ignores("see buf:lint:ignore A_B", p, "A_B"));
    }

    #[test]
    fn associated() {
        let cases: &[(&[i32], &[&[i32]])] = &[
            (&[4, 0, 2, 1, 1], &[&[4, 0], &[4, 0, 2, 1]]),
            (
                &[4, 0, 3, 2, 8, 0, 1],
                &[&[4, 0], &[4, 0, 3, 2], &[4, 0, 3, 2, 8, 0]],
            ),
            (&[5, 1, 3, 2], &[&[5, 1], &[5, 1, 3, 2]]),
            (&[5, 1, 2, 0, 2], &[&[5, 1], &[5, 1, 2, 0]]),
            (&[6, 0, 2, 1, 2], &[&[6, 0], &[6, 0, 2, 1]]),
            (&[8, 11], &[&[8, 11]]),
            (&[2], &[&[2]]),
            (&[3, 4], &[&[3, 4]]),
            (&[7, 0, 3], &[&[7], &[7, 0]]),
            (&[4, 0, 6, 1, 1], &[&[4, 0], &[4, 0, 6], &[4, 0, 6, 1]]),
            (&[4, 0, 9, 1], &[&[4, 0], &[4, 0, 9], &[4, 0, 9, 1]]),
            (
                &[4, 0, 2, 0, 8, 3],
                &[&[4, 0], &[4, 0, 2, 0], &[4, 0, 2, 0, 8, 3]],
            ),
        ];
        for (path, want) in cases {
            assert_eq!(associated_paths(path), want.to_vec(), "{path:?}");
        }
        assert!(associated_paths(&[99]).is_empty());
    }
}
