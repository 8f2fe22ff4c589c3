//! The library's error type: opaque, with a kind that carries paths and locations.
//!
//! Exit codes follow buf: problems with the protos themselves (compile errors, findings) are not
//! errors here but [`crate::finding::Finding`]s; everything else — usage, configuration, I/O,
//! unreadable inputs — is an [`Error`] and exits 1.

use std::{fmt, io, path::PathBuf};

use miette::Diagnostic;
use thiserror::Error as ThisError;

/// An error that stops a command before it can report findings.
#[derive(Diagnostic, ThisError)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct Error {
    kind: Box<ErrorKind>,
}

/// What went wrong. Every variant names the file or input it is about.
#[derive(Debug, Diagnostic, ThisError)]
pub enum ErrorKind {
    /// A command-line usage error (bad flag value, conflicting flags).
    #[error("{message}")]
    Usage { message: String },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A configuration file is malformed or says something impossible.
    #[error("{path}:{line}:{column}: {message}")]
    Config {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// An input (directory, file, image or git reference) cannot be used.
    #[error("{input}: {message}")]
    Input { input: String, message: String },
    /// Anything else, with a complete message.
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind: Box::new(kind),
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage {
            message: message.into(),
        })
    }

    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::new(ErrorKind::Io {
            path: path.into(),
            source,
        })
    }

    /// A configuration error at a 1-based line and column (0 when unknown).
    pub fn config(
        path: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Error::new(ErrorKind::Config {
            path: path.into(),
            line,
            column,
            message: message.into(),
        })
    }

    pub fn input(input: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Input {
            input: input.into(),
            message: message.into(),
        })
    }

    pub fn other(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Other(message.into()))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
