//! Generated documentation stays in step with the code.

use crate::util;

/// Compares a generated document with the committed file; `UPDATE_DOCS=1` rewrites it.
pub fn check_generated(rel: &str, generated: &str) {
    let path = util::repo().join(rel);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{rel} is stale: run `UPDATE_DOCS=1 cargo test --test integration docs` and commit it"
    );
}

#[test]
fn cli_reference_is_current() {
    let markdown = clap_markdown::help_markdown::<protowright::cli::Cli>();
    let doc = format!(
        "<!-- Generated from src/cli.rs by `UPDATE_DOCS=1 cargo test --test integration docs`. Do not edit. -->\n\n{markdown}"
    );
    check_generated("docs/cli.md", &doc);
}
