//! The subcommands beyond the analysis itself, one file each.

pub(crate) mod batch;
pub(crate) mod rules;

use vmstuck_analyze::{Error, ErrorKind, ExitStatus};

/// `vmstuck-analyze man`: the manual page, generated from the command-line definition.
pub(crate) fn man(cmd: clap::Command) -> Result<ExitStatus, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Error::new(ErrorKind::Render, "cannot write the manual page").because(e))?;
    crate::emit(None, &String::from_utf8_lossy(&out))?;
    Ok(ExitStatus::Done)
}
