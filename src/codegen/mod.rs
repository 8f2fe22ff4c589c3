//! Code generation: per-target view models (plain serialisable data computed in Rust) rendered
//! through [`crate::render`] templates into a map of output files.
//!
//! Generation is a pure function of the model and options; writing the result
//! ([`write`]) is a separate step.

pub mod docs;
pub mod escape;
pub mod filter;
pub mod go;
pub mod managed;
pub mod plugin;
pub mod python;
pub mod rust;
pub mod write;

use std::{collections::BTreeMap, path::PathBuf};

/// Generated files: path relative to the output directory → content.
pub type Files = BTreeMap<PathBuf, String>;

/// A generated file's path, checked to stay inside the output directory: relative, no `..`,
/// no root or prefix components.
pub fn safe_relative_path(name: &str, producer: &str) -> crate::Result<PathBuf> {
    use std::path::Component;
    let path = PathBuf::from(name);
    let ok = !name.is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if ok {
        Ok(path)
    } else {
        Err(crate::Error::other(format!(
            "{producer}: refusing to write {name:?}: generated paths must be relative and stay inside the output directory"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert!(safe_relative_path("a/b_pb2.py", "t").is_ok());
        assert!(safe_relative_path("../x.py", "t").is_err());
        assert!(safe_relative_path("a/../../x.py", "t").is_err());
        assert!(safe_relative_path("/etc/passwd", "t").is_err());
        assert!(safe_relative_path("", "t").is_err());
    }
}
