//! One module per subcommand. This is the I/O edge: reading inputs, writing files and stdout.

mod breaking;
mod build;
mod generate;
mod lint;
mod rules;
mod templates;

use std::io::Write;

use crate::{
    cli::{Cli, Command, ErrorFormat},
    finding::Finding,
    load::Loaded,
    output::{self, OutputContext},
    Error, Outcome, Result,
};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Breaking(args) => breaking::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Templates(args) => templates::run(args),
    }
}

/// Prints an error that stopped a command, as one line on stderr (`Failure: …` like buf).
pub fn report_error(err: &Error) {
    eprintln!("Failure: {err}");
}

/// Writes findings in the chosen format.
pub(crate) fn print_findings(
    out: &mut dyn Write,
    findings: &[Finding],
    format: ErrorFormat,
    loaded: &Loaded,
) -> Result<()> {
    let ctx = OutputContext {
        config_version: loaded.workspace.version,
        ..Default::default()
    };
    output::write(out, findings, format, &ctx)
        .and_then(|()| out.flush())
        .or_else(ignore_broken_pipe)
        .map_err(|e| Error::io("<output>", e))
}

/// A reader that stops early (`| head`) is not an error.
fn ignore_broken_pipe(err: std::io::Error) -> std::io::Result<()> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(err)
    }
}
