//! `protowright templates`: write out or list the default code generation templates.

use crate::{
    cli::{TemplatesArgs, TemplatesCommand},
    render, Outcome, Result,
};

pub fn run(args: TemplatesArgs) -> Result<Outcome> {
    match args.command {
        TemplatesCommand::Init { dir, force } => {
            for path in render::write_defaults(&dir, force)? {
                println!("{}", path.display());
            }
        }
        TemplatesCommand::Docs => print!("{}", crate::codegen::docs::markdown()),
        TemplatesCommand::List => {
            for t in render::DEFAULTS {
                println!("{}", t.path);
            }
        }
    }
    Ok(Outcome::Clean)
}
