//! One module per subcommand. This is the I/O edge: reading inputs, writing files and stdout.

mod build;

use crate::{
    cli::{Cli, Command},
    Error, Outcome, Result,
};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Build(args) => build::run(&cli.global, args),
    }
}

/// Prints an error that stopped a command, as one line on stderr (`Failure: …` like buf).
pub fn report_error(err: &Error) {
    eprintln!("Failure: {err}");
}
