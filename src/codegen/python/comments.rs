//! Comments of descriptors, and gRPC's docstrings made from them.

use std::collections::HashMap;

use prost_reflect::FileDescriptor;
use prost_types::source_code_info::Location;
use serde::Serialize;

pub(super) fn locations(file: &FileDescriptor) -> HashMap<Vec<i32>, Location> {
    file.file_descriptor_proto()
        .source_code_info
        .as_ref()
        .map(|info| {
            info.location
                .iter()
                .map(|l| (l.path.clone(), l.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Comments of one element, as shown to templates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comments {
    pub leading: String,
    pub trailing: String,
    pub leading_detached: Vec<String>,
}

pub(super) fn comments(locs: &HashMap<Vec<i32>, Location>, path: &[i32]) -> Comments {
    locs.get(path)
        .map(|l| Comments {
            leading: l.leading_comments.clone().unwrap_or_default(),
            trailing: l.trailing_comments.clone().unwrap_or_default(),
            leading_detached: l.leading_detached_comments.clone(),
        })
        .unwrap_or_default()
}

/// gRPC's docstring: detached, leading and trailing comment lines (like `std::getline`), each
/// with leading spaces removed; a placeholder when there are none.
pub(super) fn grpc_docstring(c: &Comments) -> String {
    fn lines(text: &str, out: &mut Vec<String>) {
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('\n') {
                Some(i) => {
                    out.push(rest[..i].to_string());
                    rest = &rest[i + 1..];
                }
                None => {
                    out.push(rest.to_string());
                    rest = "";
                }
            }
        }
    }
    let mut all = Vec::new();
    for d in &c.leading_detached {
        lines(d, &mut all);
        all.push(String::new());
    }
    lines(&c.leading, &mut all);
    lines(&c.trailing, &mut all);
    if all.is_empty() {
        return "\"\"\"Missing associated documentation comment in .proto file.\"\"\"".into();
    }
    let mut out = String::from("\"\"\"");
    for line in &all {
        out.push_str(line.trim_start_matches(' '));
        out.push('\n');
    }
    out.push_str("\"\"\"");
    out
}
