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
/// at `path`: the element itself and every enclosing declaration.
///
/// buf computes these with a state machine over descriptor paths
/// (`private/pkg/protosourcepath`, without child paths): the message, field, oneof, enum,
/// value, service and method declarations along the path, the `extend`, `reserved` and
/// `extensions` statements, and option statements. Every one of those is a prefix of `path`, and
/// the prefixes buf leaves out (names, numbers, types, the list tags themselves) never carry
/// leading comments, so all non-empty prefixes are an equivalent and simpler answer.
pub fn associated_paths(path: &[i32]) -> impl Iterator<Item = &[i32]> {
    (1..=path.len()).map(move |len| &path[..len])
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
    fn prefixes() {
        let all: Vec<&[i32]> = associated_paths(&[4, 0, 2, 1]).collect();
        assert_eq!(all, vec![&[4][..], &[4, 0], &[4, 0, 2], &[4, 0, 2, 1]]);
    }
}
