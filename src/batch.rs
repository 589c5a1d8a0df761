//! Many bundles at once, for support teams triaging a queue of cases: each bundle analysed on
//! its own (a few at a time, so memory stays that of a few analyses), one JSON line per
//! bundle with its verdict and one per reported VM or node, a count per top cause, and each
//! bundle's answer in the terms of its expectations (`expect`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, ErrorKind};
use crate::expect::{self, Answer, Outcome};
use crate::report::Report;
use crate::rules::RuleSet;
use crate::source::{Input, Limits};
use crate::{Options, analyse};

/// The version of the batch line's shape (docs/report-schema.md, "Batch lines"); raised when
/// a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 2;

/// One line of the batch output.
#[derive(Debug, Serialize)]
pub struct Record {
    pub schema_version: u32,
    pub bundle: String,
    /// `bundle` (one line per bundle, whatever it holds), `vm`, `operation` (a running VM
    /// with a stuck operation), `node` or `input`.
    pub subject: &'static str,
    /// On the `bundle` line: the report's verdict, or `error` when the bundle could not be
    /// analysed (`nothing_diagnosable` when nothing in it could be read).
    pub verdict: Option<String>,
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
    /// On the `bundle` line of a bundle not analysed: the one-line error.
    pub error: Option<String>,
    /// On the `bundle` line, with `--expect`: the comparison with its expectations.
    pub expectation: Option<Outcome>,
}

impl Record {
    fn empty(bundle: &str, subject: &'static str) -> Record {
        Record {
            schema_version: SCHEMA_VERSION,
            bundle: bundle.to_string(),
            subject,
            verdict: None,
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
            error: None,
            expectation: None,
        }
    }
}

/// One bundle's lines and its answer.
#[derive(Debug)]
pub struct Analysed {
    pub bundle: PathBuf,
    /// The `bundle` line first, then one per reported VM or node.
    pub records: Vec<Record>,
    pub answer: Answer,
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
        // Hidden entries and expectations files (`<bundle>.expect.yaml`) are no bundles.
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    && !expect::is_expectations(p)
            })
            .collect();
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Analyses every bundle, `jobs` at a time, and returns each one's lines and answer, in the
/// order of `bundles`. Bundles run on plain threads: each analysis already spreads its own work over
/// the shared rayon pool, and a pool thread waiting on another analysis would starve it.
pub fn run(bundles: &[PathBuf], jobs: usize, rules: Arc<RuleSet>, limits: Limits) -> Vec<Analysed> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Analysed>>> = Mutex::new((0..bundles.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, bundles.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = bundles.get(i) else { break };
                    let found = analysed(path, &rules, &limits);
                    done.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(found);
                }
            });
        }
    });
    done.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(bundles)
        .map(|(found, path)| {
            // Every slot is filled once the scope ends; a worker that panicked leaves its
            // bundle as an error rather than losing it.
            found.unwrap_or_else(|| failed(path, "the analysis stopped unexpectedly".into()))
        })
        .collect()
}

fn analysed(path: &Path, rules: &Arc<RuleSet>, limits: &Limits) -> Analysed {
    let bundle = path.display().to_string();
    let mut opts = Options::new(vec![Input::Path(path.to_path_buf())]);
    opts.rules = Some(Arc::clone(rules));
    opts.limits = *limits;
    match analyse(&opts) {
        Ok(analysis) => {
            let report = Report::from(&analysis);
            let answer = Answer::of(&report);
            let mut head = Record::empty(&bundle, "bundle");
            head.verdict = Some(answer.verdict.clone());
            let mut records = vec![head];
            records.extend(of_report(&bundle, &report));
            Analysed {
                bundle: path.to_path_buf(),
                records,
                answer,
            }
        }
        Err(e) => {
            let answer = Answer::failed(&e);
            let mut head = Record::empty(&bundle, "bundle");
            head.verdict = Some(answer.verdict.clone());
            head.error = answer.error.clone();
            Analysed {
                bundle: path.to_path_buf(),
                records: vec![head],
                answer,
            }
        }
    }
}

fn failed(path: &Path, why: String) -> Analysed {
    let error = Error::new(ErrorKind::Input, why).at(path);
    let answer = Answer::failed(&error);
    let mut head = Record::empty(&path.display().to_string(), "bundle");
    head.verdict = Some(answer.verdict.clone());
    head.error = answer.error.clone();
    Analysed {
        bundle: path.to_path_buf(),
        records: vec![head],
        answer,
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
                ..Record::empty(bundle, subject)
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
                    node: n.node.clone(),
                    top_cause: Some(top.id.id().to_string()),
                    confidence: Some(confidence(top.confidence)),
                    score: Some(top.score),
                    ..Record::empty(bundle, if n.node.is_some() { "node" } else { "input" })
                }
            }),
    );
    out
}

/// The summary table of a batch: bundles, records, errors, and how often each top cause came.
pub fn summary(all: &[Analysed]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let (mut records, mut errors) = (0, 0);
    for r in all.iter().flat_map(|a| &a.records) {
        if r.subject == "bundle" {
            errors += usize::from(r.error.is_some());
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
