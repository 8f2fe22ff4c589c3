//! protowright: a buf-compatible toolchain for Protocol Buffers and gRPC contracts.
//!
//! The pipeline: inputs ([`input`]) and configuration ([`config`]) → compilation ([`compile`]) into
//! a [`model::Model`] → checks that produce [`finding::Finding`]s → renderers ([`output`]).
//! Every stage but the edges is a pure function of its inputs.

pub mod breaking;
pub mod cache;
pub mod check;
pub mod cli;
pub mod codegen;
pub mod commands;
pub mod compile;
pub mod config;
pub mod error;
pub mod finding;
pub mod input;
pub mod lint;
pub mod load;
pub mod log;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod tree;
pub mod wkt;

pub use error::{Error, Result};

/// How a command ended, mapped to buf's exit codes by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Findings or compile errors were reported: exit 100.
    Findings,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 100,
        }
    }
}

/// Exit code for usage, configuration and I/O errors.
pub const EXIT_ERROR: u8 = 1;
