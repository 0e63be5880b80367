//! `qari config default|path`: the embedded defaults, or where qari looks
//! for the user's file.

use super::args::ConfigWhat;
use super::output::Printer;
use super::{Context, Failure};

/// Runs `qari config`.
///
/// # Errors
/// Writing failed.
pub fn run(what: ConfigWhat, ctx: &Context) -> Result<(), Failure> {
    let mut out = Printer::plain();
    match what {
        ConfigWhat::Default => out.str(crate::config::DEFAULT),
        ConfigWhat::Path => {
            if let Some(p) = &ctx.config_path {
                out.line(&crate::render::sanitize_line(&p.display().to_string()));
            }
        }
    }
    out.finish()
}
