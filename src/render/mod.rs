//! The Handlebars registry for code generation: default templates embedded at build time,
//! overridable file by file from a user directory (like mdBook's theme directory).
//!
//! Templates only lay out text; everything they print is computed in Rust
//! ([`crate::codegen`]). The registry runs in strict mode (an unknown variable is an error that
//! names the template and line) and never HTML-escapes.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;

use crate::{Error, Result};

/// One embedded default template: its path under `templates/` and its text.
pub struct DefaultTemplate {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! templates {
    ($($path:literal),* $(,)?) => {
        &[$(DefaultTemplate { path: $path, text: include_str!(concat!("../../templates/", $path)) }),*]
    };
}

/// Every default template, in one list. A template is registered under its path without
/// `.hbs` (`python/pb2.py`); each one is also a partial of that name.
pub const DEFAULTS: &[DefaultTemplate] = templates![
    "python/pb2.py.hbs",
    "python/pb2.pyi.hbs",
    "python/pyi_enum.hbs",
    "python/pyi_message.hbs",
    "python/pb2_grpc.py.hbs",
    "rust/service.rs.hbs",
    "rust/client.hbs",
    "rust/server.hbs",
    "rust/include.rs.hbs",
    "rust/Cargo.toml.hbs",
    "go/pb.go.hbs",
    "go/pb_enum.hbs",
    "go/pb_message.hbs",
    "go/grpc.pb.go.hbs",
    "go/grpc_service.hbs",
    "report/report.md.hbs",
    "report/report.html.hbs",
    "report/report.json.hbs",
];

/// A template set ready to render: the defaults with any overrides applied.
pub struct Renderer {
    registry: Handlebars<'static>,
    /// Template name → where its text came from (for messages).
    origins: BTreeMap<String, String>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("origins", &self.origins)
            .finish()
    }
}

/// The registry name of a template path: `python/pb2.py.hbs` → `python/pb2.py`.
pub fn template_name(path: &str) -> &str {
    path.strip_suffix(".hbs").unwrap_or(path)
}

impl Renderer {
    /// The defaults, with every file under `overrides` (relative paths as in `templates/`)
    /// replacing the default of the same path. Files that match no default are an error.
    pub fn new(overrides: Option<&Path>) -> Result<Self> {
        let mut texts: BTreeMap<&'static str, (String, String)> = DEFAULTS
            .iter()
            .map(|t| {
                (
                    t.path,
                    (t.text.to_string(), format!("<default>/{}", t.path)),
                )
            })
            .collect();
        if let Some(dir) = overrides {
            let mut unknown = Vec::new();
            for (rel, path) in list_files(dir)? {
                match DEFAULTS.iter().find(|t| t.path == rel) {
                    Some(t) => {
                        let text =
                            std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                        texts.insert(t.path, (text, path.display().to_string()));
                    }
                    None => unknown.push(rel),
                }
            }
            if !unknown.is_empty() {
                return Err(Error::usage(format!(
                    "{}: unknown template override(s): {}; known templates: {}",
                    dir.display(),
                    unknown.join(", "),
                    DEFAULTS
                        .iter()
                        .map(|t| t.path)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        registry.register_escape_fn(handlebars::no_escape);
        registry.register_helper("indent_lines", Box::new(indent_helper));
        registry.register_helper("json", Box::new(json_helper));
        registry.register_helper("html", Box::new(html_helper));
        let mut origins = BTreeMap::new();
        for (path, (text, origin)) in &texts {
            let name = template_name(path);
            registry
                .register_template_string(name, text)
                .map_err(|e| Error::other(format!("{origin}: {e}")))?;
            registry
                .register_partial(name, text.clone())
                .map_err(|e| Error::other(format!("{origin}: {e}")))?;
            origins.insert(name.to_string(), origin.clone());
        }
        Ok(Renderer { registry, origins })
    }

    /// Renders one template; errors name the template file and line.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> Result<String> {
        self.registry.render(name, data).map_err(|e| {
            let origin = e
                .template_name
                .as_deref()
                .and_then(|t| self.origins.get(t))
                .or_else(|| self.origins.get(name))
                .cloned()
                .unwrap_or_else(|| name.to_string());
            let line = e.line_no.map(|l| format!(":{l}")).unwrap_or_default();
            Error::other(format!("template {origin}{line}: {}", e.reason()))
        })
    }
}

/// Relative paths (with `/`) and full paths of the files under `dir`, sorted.
fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, entry.path().to_path_buf()));
    }
    Ok(out)
}

/// `{{indent_lines text N}}`: the text with every line after the first indented by N spaces; empty
/// lines stay empty (as protoc's printer does).
fn indent_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = h.param(0).and_then(|p| p.value().as_str()).ok_or_else(|| {
        RenderErrorReason::ParamTypeMismatchForName("indent_lines", "0".into(), "string".into())
    })?;
    let width = h.param(1).and_then(|p| p.value().as_u64()).unwrap_or(0) as usize;
    out.write(&indent(text, width))?;
    Ok(())
}

/// `{{json value}}`: the value as pretty-printed JSON.
fn json_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("json", 0))?;
    let text = serde_json::to_string_pretty(value.value())
        .map_err(|e| RenderErrorReason::Other(e.to_string()))?;
    out.write(&text)?;
    Ok(())
}

/// `{{html value}}`: the value with `&`, `<`, `>`, `"` and `'` escaped for HTML (the registry
/// escapes nothing by itself).
fn html_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("html", 0))?;
    let text = match value.value() {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    out.write(&handlebars::html_escape(&text))?;
    Ok(())
}

/// Indents every line after the first by `width` spaces, leaving empty lines empty.
pub fn indent(text: &str, width: usize) -> String {
    let pad = " ".repeat(width);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

/// Writes the default templates into `dir` (`protowright templates init`); existing files are
/// left alone unless `force`. Returns the paths written.
pub fn write_defaults(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for t in DEFAULTS {
        let path = dir.join(t.path);
        if path.exists() && !force {
            return Err(Error::usage(format!(
                "{}: already exists (use --force to overwrite)",
                path.display()
            )));
        }
    }
    for t in DEFAULTS {
        let path = dir.join(t.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, t.text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indent_skips_empty_lines() {
        assert_eq!(indent("a\n\nb\n", 4), "a\n\n    b\n");
    }
}
