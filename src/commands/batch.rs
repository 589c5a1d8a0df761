//! `vmstuck-analyze batch DIR...`: many bundles, one JSON line per reported VM or node.

use std::path::PathBuf;
use std::sync::Arc;

use vmstuck_analyze::batch;
use vmstuck_analyze::source::Limits;
use vmstuck_analyze::{Error, ErrorKind, ExitStatus};

use crate::Cli;

pub(crate) fn run(dirs: &[PathBuf], jobs: usize, cli: &Cli) -> Result<ExitStatus, Error> {
    let rules = Arc::new(crate::load_rules(cli)?);
    let bundles = batch::bundles(dirs)?;
    crate::refuse_overwriting_inputs(cli.output.as_deref(), &bundles)?;
    if bundles.is_empty() {
        return Err(Error::new(
            ErrorKind::NothingRead,
            "no bundles in the directories given",
        ));
    }
    let limits = Limits {
        max_total_bytes: cli.max_bytes,
        ..Limits::default()
    };
    let all = batch::run(&bundles, jobs, rules, limits);
    let mut lines = String::new();
    for record in all.iter().flatten() {
        let line = serde_json::to_string(record)
            .map_err(|e| Error::new(ErrorKind::Render, "cannot write JSON").because(e))?;
        lines.push_str(&line);
        lines.push('\n');
    }
    crate::emit(cli.output.as_deref(), &lines)?;
    eprint!("{}", batch::summary(&all));
    Ok(ExitStatus::Done)
}
