//! Rule selection: which rules run, and which paths each rule ignores, for one configuration.

use std::collections::{BTreeMap, BTreeSet};

use super::{Category, Kind, RuleMeta};
use crate::{config::Version, error::Error};

/// The parts of a `lint:` or `breaking:` block that select rules.
#[derive(Debug, Clone, Copy)]
pub struct SelectionInput<'a> {
    /// Lint or breaking: only rules of this kind are selected.
    pub kind: Kind,
    pub version: Version,
    /// Rule IDs and category names; empty means the version's default rules.
    pub use_: &'a [String],
    pub except: &'a [String],
    /// Tree-relative paths ignored for every rule.
    pub ignore: &'a [String],
    /// Rule ID or category → tree-relative paths.
    pub ignore_only: &'a BTreeMap<String, Vec<String>>,
    /// v2 `disable_builtin`: no rule of `rules` runs.
    pub disable_builtin: bool,
    /// How warnings name the configuration file (`buf.yaml`, or a policy file).
    pub config_name: &'a str,
}

/// The outcome of selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The IDs of the rules that run (never deprecated ones), sorted.
    pub rules: BTreeSet<&'static str>,
    /// Normalised tree-relative paths ignored for every rule.
    pub ignore: BTreeSet<String>,
    /// Rule ID → normalised tree-relative paths ignored for that rule (categories expanded,
    /// deprecated IDs replaced).
    pub ignore_only: BTreeMap<&'static str, BTreeSet<String>>,
    /// Messages to print on stderr (deprecated IDs referenced, no rules configured), in buf's
    /// wording without the `WARN` prefix. Library code never prints them.
    pub warnings: Vec<String>,
}

impl Selection {
    pub fn runs(&self, rule: &str) -> bool {
        self.rules.contains(rule)
    }
}

/// How the warning for a configuration that selects no rules starts (the file name follows).
pub const NO_RULES_WARNING_PREFIX: &str = "No lint rules are configured in ";

/// Selects rules from `rules` (every rule of one kind, deprecated ones included) for a
/// configuration. Errors are configuration errors (exit 1), worded as buf words them.
pub fn select(rules: &[&'static RuleMeta], input: &SelectionInput<'_>) -> Result<Selection, Error> {
    let version = input.version;
    let available: Vec<&'static RuleMeta> = if input.disable_builtin {
        Vec::new()
    } else {
        rules
            .iter()
            .copied()
            .filter(|r| r.exists_in(version))
            .collect()
    };
    let mut selection = Selection::default();
    if available.is_empty() {
        selection
            .warnings
            .push(format!("{NO_RULES_WARNING_PREFIX}{}.", input.config_name));
        return Ok(selection);
    }
    let by_id: BTreeMap<&str, &'static RuleMeta> = available.iter().map(|r| (r.id, *r)).collect();
    let mut by_category: BTreeMap<&str, Vec<&'static str>> = BTreeMap::new();
    for rule in &available {
        for category in rule.categories(version) {
            by_category.entry(category.id()).or_default().push(rule.id);
        }
    }

    // Warnings for referenced deprecated IDs, collected from use, except and ignore_only keys.
    let mut deprecated_rules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut deprecated_categories: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let referenced = input
        .use_
        .iter()
        .chain(input.except.iter())
        .chain(input.ignore_only.keys());
    for id in referenced {
        if let Some(rule) = by_id.get(id.as_str()) {
            if rule.deprecated {
                deprecated_rules
                    .entry(rule.id)
                    .or_default()
                    .extend(rule.replacements.iter().copied());
            }
        }
        if let Some(category) = Category::from_id(id) {
            if let Some(replacements) = category.replacements() {
                if by_category.contains_key(category.id()) {
                    deprecated_categories
                        .entry(category.id())
                        .or_default()
                        .extend(replacements.iter().copied());
                }
            }
        }
    }

    let expand = |ids: &[String]| -> Result<BTreeSet<&'static str>, Error> {
        let mut sorted: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut out = BTreeSet::new();
        for id in sorted {
            if let Some(rule) = by_id.get(id) {
                out.insert(rule.id);
            } else if let Some(ids) = by_category.get(id) {
                out.extend(ids.iter().copied());
            } else {
                return Err(Error::other(format!(
                    "{id:?} is not a known rule or category ID"
                )));
            }
        }
        Ok(undeprecate(out, &by_id))
    };

    let use_ids = if input.use_.iter().all(|s| s.is_empty()) {
        available
            .iter()
            .filter(|r| r.is_default(version))
            .map(|r| r.id)
            .collect()
    } else {
        expand(input.use_)?
    };
    let except_ids = expand(input.except)?;
    selection.rules = use_ids.difference(&except_ids).copied().collect();

    selection.ignore = normalize_paths(input.ignore)?;
    for (id, paths) in input.ignore_only {
        if id.is_empty() {
            continue;
        }
        let targets: BTreeSet<&'static str> = if let Some(rule) = by_id.get(id.as_str()) {
            BTreeSet::from([rule.id])
        } else if let Some(ids) = by_category.get(id.as_str()) {
            ids.iter().copied().collect()
        } else {
            return Err(Error::other(format!(
                "{id:?} is not a known rule or category ID"
            )));
        };
        let paths = normalize_paths(paths)?;
        for target in undeprecate(targets, &by_id) {
            selection
                .ignore_only
                .entry(target)
                .or_default()
                .extend(paths.iter().cloned());
        }
    }

    for (id, replacements) in &deprecated_rules {
        selection.warnings.push(deprecation_warning(
            "Rule",
            "rules",
            id,
            replacements,
            input.config_name,
        ));
    }
    for (id, replacements) in &deprecated_categories {
        selection.warnings.push(deprecation_warning(
            "Category",
            "categories",
            id,
            replacements,
            input.config_name,
        ));
    }
    if selection.rules.is_empty() {
        selection
            .warnings
            .push(format!("{NO_RULES_WARNING_PREFIX}{}.", input.config_name));
    }
    Ok(selection)
}

/// Replaces deprecated rule IDs by their replacements.
fn undeprecate(
    ids: BTreeSet<&'static str>,
    by_id: &BTreeMap<&str, &'static RuleMeta>,
) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for id in ids {
        match by_id.get(id) {
            Some(rule) if rule.deprecated => {
                for replacement in rule.replacements {
                    if let Some(r) = by_id.get(replacement) {
                        out.insert(r.id);
                    }
                }
            }
            _ => {
                out.insert(id);
            }
        }
    }
    out
}

fn normalize_paths(paths: &[String]) -> Result<BTreeSet<String>, Error> {
    let mut out = BTreeSet::new();
    for path in paths {
        if path.is_empty() {
            continue;
        }
        let normalized = crate::tree::normalize(path);
        if normalized == "." {
            return Err(Error::other(format!(
                "cannot specify {normalized:?} as an ignore path"
            )));
        }
        out.insert(normalized);
    }
    Ok(out)
}

fn deprecation_warning(
    kind: &str,
    plural: &str,
    id: &str,
    replacements: &BTreeSet<&str>,
    config_name: &str,
) -> String {
    let replaced = match replacements.len() {
        0 => String::new(),
        1 => format!(
            " It has been replaced by {} {}.",
            kind.to_ascii_lowercase(),
            replacements.iter().next().copied().unwrap_or_default()
        ),
        _ => format!(
            " It has been replaced by {plural} {}.",
            replacements.iter().copied().collect::<Vec<_>>().join(", ")
        ),
    };
    let callout = if id == "DEFAULT" {
        format!(
            "\n\n\tThe concept of a default rule has been introduced. A default rule is a rule that will be run\n\tif no rules are explicitly configured in your {config_name}. Run buf config ls-lint-rules or\n\tbuf config ls-breaking-rules to see which rules are defaults. With this introduction, having a category\n\talso named DEFAULT is confusing, as while it happens that all the rules in the DEFAULT category\n\tare also default rules, the name has become overloaded.\n"
        )
    } else {
        String::new()
    };
    format!(
        "{kind} {id} referenced in your {config_name} is deprecated.{replaced}{callout}\n\tAs with all buf changes, this change is backwards-compatible: {id} will continue to work.\n\tWe recommend replacing {id} in your {config_name}, but no action is immediately necessary."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::PerVersion;

    const A: RuleMeta = RuleMeta {
        id: "A_RULE",
        kind: Kind::Lint,
        purpose: "",
        doc: "",
        categories: PerVersion::all(&[Category::Minimal, Category::Default, Category::Standard]),
        deprecated: false,
        replacements: &[],
    };
    const B: RuleMeta = RuleMeta {
        id: "B_RULE",
        kind: Kind::Lint,
        purpose: "",
        doc: "",
        categories: PerVersion::all(&[Category::Comments]),
        deprecated: false,
        replacements: &[],
    };
    const OLD: RuleMeta = RuleMeta {
        id: "OLD_RULE",
        kind: Kind::Lint,
        purpose: "",
        doc: "",
        categories: PerVersion::all(&[]),
        deprecated: true,
        replacements: &["B_RULE"],
    };

    fn run(use_: &[&str], except: &[&str]) -> Result<Selection, Error> {
        let use_: Vec<String> = use_.iter().map(|s| s.to_string()).collect();
        let except: Vec<String> = except.iter().map(|s| s.to_string()).collect();
        let ignore_only = BTreeMap::new();
        select(
            &[&A, &B, &OLD],
            &SelectionInput {
                kind: Kind::Lint,
                version: Version::V2,
                use_: &use_,
                except: &except,
                ignore: &[],
                ignore_only: &ignore_only,
                disable_builtin: false,
                config_name: "buf.yaml",
            },
        )
    }

    #[test]
    fn defaults_categories_and_except() {
        assert_eq!(run(&[], &[]).unwrap().rules, BTreeSet::from(["A_RULE"]));
        assert_eq!(
            run(&["MINIMAL", "COMMENTS"], &["A_RULE"]).unwrap().rules,
            BTreeSet::from(["B_RULE"])
        );
    }

    #[test]
    fn deprecated_ids_are_replaced_with_a_warning() {
        let s = run(&["OLD_RULE", "DEFAULT"], &[]).unwrap();
        assert_eq!(s.rules, BTreeSet::from(["A_RULE", "B_RULE"]));
        assert_eq!(s.warnings.len(), 2);
        assert!(s.warnings[0].starts_with(
            "Rule OLD_RULE referenced in your buf.yaml is deprecated. It has been replaced by rule B_RULE."
        ));
        assert!(s.warnings[1].starts_with(
            "Category DEFAULT referenced in your buf.yaml is deprecated. It has been replaced by category STANDARD."
        ));
    }

    #[test]
    fn unknown_ids_are_errors() {
        let err = run(&["NOPE"], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"NOPE\" is not a known rule or category ID"
        );
        assert!(run(&[], &["NOPE"]).is_err());
    }
}
