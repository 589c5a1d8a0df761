//! Many bundles at once, for support teams triaging a queue of cases: each bundle analysed on
//! its own (a few at a time, so memory stays that of a few analyses), one JSON line per
//! reported VM or node, and a count per top cause.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, ErrorKind};
use crate::report::Report;
use crate::rules::RuleSet;
use crate::source::{Input, Limits};
use crate::{Options, analyse};

/// One line of the batch output.
#[derive(Debug, Serialize)]
pub struct Record {
    pub bundle: String,
    /// `vm`, `operation` (a running VM with a stuck operation), `node`, `input`, or `error`
    /// when the bundle could not be analysed.
    pub subject: &'static str,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub stuck_for: Option<String>,
    pub stuck_proven: Option<bool>,
    pub node: Option<String>,
    pub top_cause: Option<String>,
    pub confidence: Option<String>,
    pub score: Option<f64>,
    /// For `operation`: the kind of the stuck operation (`hotplug_volume`, `migration`,
    /// `sync`, `paused`).
    pub operation: Option<crate::OperationKind>,
    /// For `error`: the one-line error.
    pub error: Option<String>,
}

/// The bundles under `dirs`: each entry of a directory given (a must-gather directory, an
/// archive, a folder of pasted files) is one bundle; a file given is one bundle.
pub fn bundles(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for dir in dirs {
        if dir.is_file() {
            out.push(dir.clone());
            continue;
        }
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::new(ErrorKind::Input, "cannot read the directory")
                .at(dir)
                .because(e)
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Analyses every bundle, `jobs` at a time, and returns the records of each, in the order of
/// `bundles`. Bundles run on plain threads: each analysis already spreads its own work over
/// the shared rayon pool, and a pool thread waiting on another analysis would starve it.
pub fn run(
    bundles: &[PathBuf],
    jobs: usize,
    rules: Arc<RuleSet>,
    limits: Limits,
) -> Vec<Vec<Record>> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Vec<Record>>>> =
        Mutex::new((0..bundles.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, bundles.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = bundles.get(i) else { break };
                    let found = records(path, &rules, &limits);
                    done.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(found);
                }
            });
        }
    });
    done.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

fn records(path: &Path, rules: &Arc<RuleSet>, limits: &Limits) -> Vec<Record> {
    let bundle = path.display().to_string();
    let mut opts = Options::new(vec![Input::Path(path.to_path_buf())]);
    opts.rules = Some(Arc::clone(rules));
    opts.limits = *limits;
    match analyse(&opts) {
        Ok(analysis) => of_report(&bundle, &Report::from(&analysis)),
        Err(e) => vec![Record {
            bundle,
            subject: "error",
            namespace: None,
            name: None,
            state: None,
            stuck_for: None,
            stuck_proven: None,
            node: None,
            top_cause: None,
            confidence: None,
            score: None,
            operation: None,
            error: Some(e.to_string()),
        }],
    }
}

fn confidence(c: crate::Confidence) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn of_report(bundle: &str, report: &Report) -> Vec<Record> {
    let vms = report.vms.iter().map(|vm| ("vm", vm));
    let running = report.stuck_operations.iter().map(|vm| ("operation", vm));
    let mut out: Vec<Record> = vms
        .chain(running)
        .map(|(subject, vm)| {
            let top = vm.causes.first();
            Record {
                bundle: bundle.to_string(),
                subject,
                operation: vm.operations.first().map(|o| o.kind),
                namespace: Some(vm.namespace.clone()),
                name: Some(vm.name.clone()),
                state: Some(vm.state.as_str().to_string()),
                stuck_for: Some(vm.stuck_for.clone()),
                stuck_proven: Some(vm.stuck_proven),
                node: vm.node.clone(),
                top_cause: top.map(|c| c.id.id().to_string()),
                confidence: top.map(|c| confidence(c.confidence)),
                score: top.map(|c| c.score),
                error: None,
            }
        })
        .collect();
    out.extend(
        report
            .nodes
            .iter()
            .filter(|n| !n.causes.is_empty())
            .map(|n| {
                let top = &n.causes[0];
                Record {
                    bundle: bundle.to_string(),
                    subject: if n.node.is_some() { "node" } else { "input" },
                    namespace: None,
                    name: None,
                    state: None,
                    stuck_for: None,
                    stuck_proven: None,
                    node: n.node.clone(),
                    top_cause: Some(top.id.id().to_string()),
                    confidence: Some(confidence(top.confidence)),
                    score: Some(top.score),
                    operation: None,
                    error: None,
                }
            }),
    );
    out
}

/// The summary table of a batch: bundles, records, errors, and how often each top cause came.
pub fn summary(all: &[Vec<Record>]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let (mut records, mut errors) = (0, 0);
    for r in all.iter().flatten() {
        if r.subject == "error" {
            errors += 1;
            continue;
        }
        records += 1;
        *counts
            .entry(r.top_cause.as_deref().unwrap_or("no cause found"))
            .or_default() += 1;
    }
    let mut rows: Vec<(&str, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = format!(
        "{} bundle(s), {records} VM(s) or node(s) reported, {errors} bundle(s) not analysed\n\n{:<30} {:>6}\n",
        all.len(),
        "top cause",
        "count"
    );
    for (cause, n) in rows {
        out.push_str(&format!("{cause:<30} {n:>6}\n"));
    }
    out
}
