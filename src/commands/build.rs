use crate::{
    cli::{BuildArgs, GlobalArgs},
    Error, Outcome, Result,
};
pub fn run(_global: &GlobalArgs, _args: BuildArgs) -> Result<Outcome> {
    Err(Error::other("wip"))
}
