//! `vmstuck-analyze batch DIR...`: many bundles, one JSON line per bundle and per reported VM
//! or node; with `--expect`, each bundle compared with its expectations (`pass`, `changed`,
//! `new`), and with `--write-expect`, the answers recorded as the expectations.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use vmstuck_analyze::batch;
use vmstuck_analyze::expect::{self, Expectation, Outcome, Totals};
use vmstuck_analyze::source::Limits;
use vmstuck_analyze::{Error, ErrorKind, ExitStatus};

use crate::Cli;

/// What `batch` is asked beyond the analysis.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checks<'a> {
    pub(crate) expect: bool,
    pub(crate) write_expect: bool,
    pub(crate) junit: Option<&'a Path>,
}

pub(crate) fn run(
    dirs: &[PathBuf],
    jobs: usize,
    checks: Checks<'_>,
    cli: &Cli,
) -> Result<ExitStatus, Error> {
    let rules = Arc::new(crate::load_rules(cli)?);
    let bundles = batch::bundles(dirs)?;
    crate::refuse_overwriting_inputs(cli.output.as_deref(), &bundles)?;
    crate::refuse_overwriting_inputs(checks.junit, &bundles)?;
    if bundles.is_empty() {
        return Err(Error::new(
            ErrorKind::NothingRead,
            "no bundles in the directories given",
        ));
    }
    let comparing = checks.expect || checks.write_expect;
    // Expectations are read before any analysis: a bad file stops the run at once, named.
    let expected: Vec<Option<Expectation>> = if comparing {
        bundles
            .iter()
            .map(|b| previous(b, checks.write_expect))
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let limits = Limits {
        max_total_bytes: cli.max_bytes,
        ..Limits::default()
    };
    let mut all = batch::run(&bundles, jobs, rules, limits);
    let mut outcomes: Vec<(String, Outcome)> = Vec::new();
    if comparing {
        for (analysed, want) in all.iter_mut().zip(&expected) {
            let outcome = expect::check(&analysed.answer, want.as_ref());
            outcomes.push((analysed.bundle.display().to_string(), outcome.clone()));
            if let Some(head) = analysed.records.first_mut() {
                head.expectation = Some(outcome);
            }
        }
    }
    let mut lines = String::new();
    for record in all.iter().flat_map(|a| &a.records) {
        let line = serde_json::to_string(record)
            .map_err(|e| Error::new(ErrorKind::Render, "cannot write JSON").because(e))?;
        lines.push_str(&line);
        lines.push('\n');
    }
    eprint!("{}", batch::summary(&all));
    if !comparing {
        crate::emit(cli.output.as_deref(), &lines)?;
        return Ok(ExitStatus::Done);
    }
    // Comparing: the comparison goes to standard output, the JSON lines to `-o` when given.
    if cli.output.is_some() {
        crate::emit(cli.output.as_deref(), &lines)?;
    }
    let mut text = String::new();
    let mut totals = Totals::default();
    for (bundle, outcome) in &outcomes {
        text.push_str(&expect::line(bundle, outcome));
        totals.add(outcome);
    }
    text.push_str(&expect::totals(&totals));
    crate::emit(None, &text)?;
    if let Some(path) = checks.junit {
        crate::emit(Some(path), &expect::junit(&outcomes))?;
    }
    if checks.write_expect {
        for (analysed, old) in all.iter().zip(&expected) {
            write(
                &analysed.bundle,
                Expectation::updated(old.as_ref(), &analysed.answer),
            )?;
        }
        return Ok(ExitStatus::Done);
    }
    Ok(if totals.changed > 0 {
        ExitStatus::Failed
    } else {
        ExitStatus::Done
    })
}

/// A bundle's expectations, if it has any. With `--write-expect` an unreadable file is about
/// to be replaced, so it is said on standard error and treated as absent.
fn previous(bundle: &Path, replacing: bool) -> Result<Option<Expectation>, Error> {
    let Some(path) = expect::find(bundle) else {
        return Ok(None);
    };
    match Expectation::read(&path) {
        Ok(e) => Ok(Some(e)),
        Err(e) if replacing => {
            eprintln!("note: {e}; it is rewritten");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Writes a bundle's expectations where they are read from, atomically; a file that says
/// the same already is left alone, its comments with it.
fn write(bundle: &Path, expectation: Expectation) -> Result<(), Error> {
    let path = expect::target(bundle);
    if Expectation::read(&path).is_ok_and(|old| old == expectation) {
        return Ok(());
    }
    let text = expectation.to_yaml();
    crate::write_atomically(&path, text.as_bytes()).map_err(|e| {
        Error::new(ErrorKind::Output, "cannot write the expectations")
            .at(&path)
            .because(e)
    })
}
