//! What lint and breaking share: rule metadata, categories, rule selection per configuration
//! version (`use` / `except`, deprecated IDs), and ignores (`ignore`, `ignore_only`, comment
//! directives), applied after the rules ran, in one place.
//!
//! The semantics follow buf 1.75.0 (`private/bufpkg/bufcheck/rules_config.go` and
//! `bufcheck.go`): `use` and `except` name rules or categories; an empty `use` means every
//! default rule of the version; deprecated rule IDs are replaced by their replacements and
//! deprecated categories still select their rules, both with a warning; an unknown ID is a
//! configuration error.

mod ignore;
mod select;

pub use ignore::{associated_paths, comment_ignores, Ignores};
pub use select::{select, Selection, SelectionInput, NO_RULES_WARNING_PREFIX};

use crate::config::Version;

/// Whether a rule is a lint rule or a breaking-change rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Lint,
    Breaking,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lint => "lint",
            Kind::Breaking => "breaking",
        }
    }
}

/// A rule category, spelled as in buf.yaml. One enum for lint and breaking; each rule names the
/// categories it belongs to per configuration version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    // Lint, in buf's listing order.
    Minimal,
    Basic,
    /// Deprecated: replaced by `STANDARD` (rules still carry it, so `use: [DEFAULT]` works).
    Default,
    Standard,
    FileLayout,
    PackageAffinity,
    Sensible,
    StyleBasic,
    /// Deprecated: replaced by `STYLE_STANDARD`.
    StyleDefault,
    StyleStandard,
    Comments,
    UnaryRpc,
    Other,
    // Breaking.
    File,
    Package,
    WireJson,
    Wire,
}

impl Category {
    pub const ALL: &'static [Category] = &[
        Category::Minimal,
        Category::Basic,
        Category::Default,
        Category::Standard,
        Category::FileLayout,
        Category::PackageAffinity,
        Category::Sensible,
        Category::StyleBasic,
        Category::StyleDefault,
        Category::StyleStandard,
        Category::Comments,
        Category::UnaryRpc,
        Category::Other,
        Category::File,
        Category::Package,
        Category::WireJson,
        Category::Wire,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Minimal => "MINIMAL",
            Category::Basic => "BASIC",
            Category::Default => "DEFAULT",
            Category::Standard => "STANDARD",
            Category::FileLayout => "FILE_LAYOUT",
            Category::PackageAffinity => "PACKAGE_AFFINITY",
            Category::Sensible => "SENSIBLE",
            Category::StyleBasic => "STYLE_BASIC",
            Category::StyleDefault => "STYLE_DEFAULT",
            Category::StyleStandard => "STYLE_STANDARD",
            Category::Comments => "COMMENTS",
            Category::UnaryRpc => "UNARY_RPC",
            Category::Other => "OTHER",
            Category::File => "FILE",
            Category::Package => "PACKAGE",
            Category::WireJson => "WIRE_JSON",
            Category::Wire => "WIRE",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.id() == id)
    }

    pub fn purpose(self) -> &'static str {
        match self {
            Category::Minimal => "Checks that bare-minimum lint rules are followed.",
            Category::Basic => "Checks that basic lint rules are followed.",
            Category::Default => "Checks that default lint rules are followed.",
            Category::Standard => "Checks that standard lint rules are followed.",
            Category::FileLayout => "Checks the file layout.",
            Category::PackageAffinity => "Checks package affinity.",
            Category::Sensible => "Checks sensible lint rules.",
            Category::StyleBasic => "Checks that basic style lint rules are followed.",
            Category::StyleDefault => "Checks that default style lint rules are followed.",
            Category::StyleStandard => "Checks that standard style lint rules are followed.",
            Category::Comments => "Checks that all types have comments.",
            Category::UnaryRpc => "Checks that all RPCs are unary.",
            Category::Other => "Checks other lint rules.",
            Category::File => {
                "Checks that there are no source-code breaking changes at the per-file level."
            }
            Category::Package => {
                "Checks that there are no source-code breaking changes at the per-package level."
            }
            Category::WireJson => {
                "Checks that there are no wire breaking changes for the binary or JSON encodings."
            }
            Category::Wire => {
                "Checks that there are no wire breaking changes for the binary encoding."
            }
        }
    }

    /// For deprecated categories, the categories that replace them.
    pub fn replacements(self) -> Option<&'static [&'static str]> {
        match self {
            Category::Default => Some(&["STANDARD"]),
            Category::StyleDefault => Some(&["STYLE_STANDARD"]),
            _ => None,
        }
    }
}

/// The categories of a rule in each configuration version; `None` where the rule does not exist.
#[derive(Debug, Clone, Copy)]
pub struct PerVersion {
    pub v1beta1: Option<&'static [Category]>,
    pub v1: Option<&'static [Category]>,
    pub v2: Option<&'static [Category]>,
}

impl PerVersion {
    /// The same categories in every version.
    pub const fn all(categories: &'static [Category]) -> Self {
        PerVersion {
            v1beta1: Some(categories),
            v1: Some(categories),
            v2: Some(categories),
        }
    }

    pub fn get(&self, version: Version) -> Option<&'static [Category]> {
        match version {
            Version::V1Beta1 => self.v1beta1,
            Version::V1 => self.v1,
            Version::V2 => self.v2,
        }
    }
}

/// Everything known about a rule except how it checks: written once, in the rule's own file.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// buf's rule ID, e.g. `FIELD_LOWER_SNAKE_CASE`.
    pub id: &'static str,
    pub kind: Kind,
    /// One sentence, as `buf config ls-lint-rules` prints it.
    pub purpose: &'static str,
    /// Longer documentation in Markdown, with an example.
    pub doc: &'static str,
    pub categories: PerVersion,
    /// Deprecated rules select their replacements instead of themselves.
    pub deprecated: bool,
    pub replacements: &'static [&'static str],
}

impl RuleMeta {
    /// Whether the rule exists in a configuration version.
    pub fn exists_in(&self, version: Version) -> bool {
        self.categories.get(version).is_some()
    }

    pub fn categories(&self, version: Version) -> &'static [Category] {
        self.categories.get(version).unwrap_or(&[])
    }

    /// Whether the rule runs when `use` is empty: lint rules in `STANDARD` (which is also every rule
    /// of v1beta1's and v1's `DEFAULT`), breaking rules in `FILE`.
    pub fn is_default(&self, version: Version) -> bool {
        let default_category = match self.kind {
            Kind::Lint => Category::Standard,
            Kind::Breaking => Category::File,
        };
        !self.deprecated && self.categories(version).contains(&default_category)
    }
}

/// One row of the rule catalogue, as `buf config ls-lint-rules --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CatalogueRow {
    pub id: &'static str,
    pub categories: Vec<&'static str>,
    pub default: bool,
    pub purpose: &'static str,
    pub deprecated: bool,
    pub replacements: Option<Vec<&'static str>>,
    #[serde(skip)]
    pub doc: &'static str,
}

/// The catalogue rows of `rules` that exist in `version`, in buf's listing order (by category
/// order, then ID; rules without categories last).
pub fn catalogue_rows<'a>(
    rules: impl IntoIterator<Item = &'a RuleMeta>,
    version: Version,
    include_deprecated: bool,
) -> Vec<CatalogueRow> {
    let mut rows: Vec<(Vec<Category>, CatalogueRow)> = rules
        .into_iter()
        .filter(|r| r.exists_in(version) && (include_deprecated || !r.deprecated))
        .map(|r| {
            let cats = r.categories(version).to_vec();
            let row = CatalogueRow {
                id: r.id,
                categories: cats.iter().map(|c| c.id()).collect(),
                default: r.is_default(version),
                purpose: r.purpose,
                deprecated: r.deprecated,
                replacements: if r.replacements.is_empty() {
                    None
                } else {
                    Some(r.replacements.to_vec())
                },
                doc: r.doc,
            };
            (cats, row)
        })
        .collect();
    rows.sort_by(|(ca, a), (cb, b)| (ca.is_empty(), ca, a.id).cmp(&(cb.is_empty(), cb, b.id)));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// Renders catalogue rows as Markdown: a summary table, then each rule's documentation.
pub fn render_markdown(kind: Kind, version: Version, rows: &[CatalogueRow]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# {} rules ({})\n\n",
        match kind {
            Kind::Lint => "Lint",
            Kind::Breaking => "Breaking",
        },
        version.as_str()
    ));
    out.push_str("| Rule | Categories | Default | Purpose |\n|---|---|---|---|\n");
    for row in rows {
        out.push_str(&table_row(row));
    }
    for row in rows {
        out.push_str(&format!("\n## {}\n\n{}\n", row.id, row.purpose));
        let doc = row.doc.trim();
        if !doc.is_empty() {
            out.push('\n');
            out.push_str(doc);
            out.push('\n');
        }
    }
    out
}

/// Renders the catalogue of every configuration version as one Markdown page: a table per version
/// (categories and defaults differ between versions), then each rule's documentation once.
/// `versions` pairs each version with its rows (deprecated rules included, marked as such).
pub fn render_markdown_all(kind: Kind, versions: &[(Version, Vec<CatalogueRow>)]) -> String {
    let title = match kind {
        Kind::Lint => "Lint rules",
        Kind::Breaking => "Breaking rules",
    };
    let mut out = format!(
        "# {title}\n\n<!-- Generated by `protowright rules --kind {} --format markdown --include-deprecated`; do not edit. -->\n\n\
         Rule IDs and categories are buf's, so existing `buf.yaml` files work unchanged. The rules\n\
         and their categories depend on the `version` of the `buf.yaml`; *Default* rules run when\n\
         `use` is empty.\n",
        kind.as_str()
    );
    for (version, rows) in versions {
        out.push_str(&format!("\n## `version: {}`\n\n", version.as_str()));
        out.push_str("| Rule | Categories | Default | Purpose |\n|---|---|---|---|\n");
        for row in rows {
            out.push_str(&table_row(row));
        }
    }
    out.push_str("\n## Rules\n");
    let mut seen = std::collections::BTreeSet::new();
    let mut all: Vec<&CatalogueRow> = versions
        .iter()
        .flat_map(|(_, rows)| rows)
        .filter(|r| seen.insert(r.id))
        .collect();
    all.sort_by_key(|r| r.id);
    for row in all {
        out.push_str(&format!("\n### {}\n\n", row.id));
        if row.deprecated {
            out.push_str("*Deprecated.* ");
        }
        out.push_str(row.purpose);
        out.push('\n');
        let doc = row.doc.trim();
        if !doc.is_empty() {
            out.push('\n');
            out.push_str(doc);
            out.push('\n');
        }
    }
    out
}

fn table_row(row: &CatalogueRow) -> String {
    let mut purpose = row.purpose.replace('|', "\\|");
    if row.deprecated {
        purpose = format!("*Deprecated.* {purpose}");
    }
    format!(
        "| [`{}`](#{}) | {} | {} | {} |\n",
        row.id,
        row.id.to_ascii_lowercase(),
        row.categories
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", "),
        if row.default { "yes" } else { "no" },
        purpose
    )
}

/// Renders catalogue rows as buf's text table (`ID  CATEGORIES  DEFAULT  PURPOSE`). Like buf,
/// deprecated categories (`DEFAULT`, `STYLE_DEFAULT`) are only shown with `include_deprecated`.
pub fn render_text(rows: &[CatalogueRow], include_deprecated: bool) -> String {
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                r.categories
                    .iter()
                    .filter(|c| {
                        include_deprecated
                            || Category::from_id(c).is_none_or(|c| c.replacements().is_none())
                    })
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                if r.default { "*".into() } else { String::new() },
                r.purpose.to_string(),
            ]
        })
        .collect();
    let header = ["ID", "CATEGORIES", "DEFAULT", "PURPOSE"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(cells.iter()) {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(cells.iter()) {
        let mut line = String::new();
        for (i, c) in row.iter().enumerate() {
            if i == 3 {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Renders catalogue rows as JSON lines, as `buf config ls-lint-rules --format json` does.
pub fn render_json(rows: &[CatalogueRow]) -> String {
    let mut out = String::new();
    for row in rows {
        let value = serde_json::json!({
            "id": row.id,
            "categories": row.categories,
            "default": row.default,
            "purpose": row.purpose,
            "plugin": "",
            "deprecated": row.deprecated,
            "replacements": row.replacements,
        });
        // Go's encoding/json escapes <, > and & (buf's output does); so do we, byte for byte.
        let line = value
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        out.push_str(&line);
        out.push('\n');
    }
    out
}
