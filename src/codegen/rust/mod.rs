//! The rust target (work in progress).

use super::Files;
use crate::{config::gen::Generator, model::Model, render::Renderer, Error, Result};

/// Generates the rust files of `generator` for the named files, with the plugin's `opt`.
pub fn generate(
    _model: &Model,
    _files: &[String],
    generator: &Generator,
    _opt: &[String],
    _renderer: &Renderer,
) -> Result<Files> {
    Err(Error::usage(format!(
        "{generator:?}: this built-in generator is not available yet"
    )))
}
