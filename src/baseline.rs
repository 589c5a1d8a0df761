//! Known findings: a baseline written from one report, so CI fails only on causes that were
//! not there before (like a linter's baseline). A cause is known by its subject (`ns/vm`, or
//! `node:<name>`) and its id; a stuck VM with no cause found is known as `none`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::report::Report;
use crate::report::model::Verdict;
use crate::rules::Severity;

/// The baseline file's format version.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub known: Vec<Known>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// `namespace/name` of a VM, `node:<name>` or `input` for causes outside any VM.
    pub subject: String,
    /// A cause id, or `none` for a stuck VM with no cause found.
    pub cause: String,
}

/// One thing `--fail-on` counts: a subject, a cause and how severe it is.
#[derive(Debug, Clone)]
struct Entry {
    known: Known,
    severity: Severity,
}

/// Causes of the stuck VMs and nodes; of running VMs with a stuck operation too when
/// `include_running`.
fn entries(report: &Report, include_running: bool) -> Vec<Entry> {
    let mut out = Vec::new();
    let running = if include_running {
        &report.stuck_operations[..]
    } else {
        &[]
    };
    for vm in report.vms.iter().chain(running) {
        let subject = format!("{}/{}", vm.namespace, vm.name);
        if vm.causes.is_empty() {
            out.push(Entry {
                known: Known {
                    subject,
                    cause: "none".into(),
                },
                severity: vm.severity,
            });
            continue;
        }
        // An alternative reading adds no problem of its own: its evidence is its main cause's.
        for c in vm.causes.iter().filter(|c| c.alternative_to.is_none()) {
            out.push(Entry {
                known: Known {
                    subject: subject.clone(),
                    cause: c.id.id().to_string(),
                },
                severity: c.severity,
            });
        }
    }
    for n in &report.nodes {
        let subject = n
            .node
            .as_ref()
            .map_or("input".to_string(), |name| format!("node:{name}"));
        for c in n.causes.iter().filter(|c| c.alternative_to.is_none()) {
            out.push(Entry {
                known: Known {
                    subject: subject.clone(),
                    cause: c.id.id().to_string(),
                },
                severity: c.severity,
            });
        }
    }
    out
}

impl Baseline {
    /// Every cause the report holds, as known.
    pub fn of(report: &Report) -> Baseline {
        let mut known: Vec<Known> = entries(report, true).into_iter().map(|e| e.known).collect();
        known.sort();
        known.dedup();
        Baseline {
            version: VERSION,
            known,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(ErrorKind::Usage, "cannot read the baseline")
                .at(path)
                .because(e)
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            Error::new(ErrorKind::Usage, format!("not a baseline file: {e}")).at(path)
        })?;
        if b.version != VERSION {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "baseline version {} (this tool writes {VERSION})",
                    b.version
                ),
            )
            .at(path));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    fn knows(&self, k: &Known) -> bool {
        self.known.binary_search(k).is_ok() || self.known.contains(k)
    }
}

/// Why `--fail-on level` trips for this report, one reason per cause at least that severe and
/// not in the baseline (empty when it does not trip). An input that can answer nothing trips
/// it too: it must not pass as a clean bill.
/// Running VMs with a stuck operation count only with `include_running`.
pub fn failures(
    report: &Report,
    level: Severity,
    baseline: Option<&Baseline>,
    include_running: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if report.verdict == Verdict::NothingDiagnosable {
        out.push("nothing in the input can be diagnosed".to_string());
    }
    for e in entries(report, include_running) {
        if e.severity < level || baseline.is_some_and(|b| b.knows(&e.known)) {
            continue;
        }
        out.push(if e.known.cause == "none" {
            format!(
                "{} is stuck and no cause was found ({})",
                e.known.subject,
                e.severity.as_str()
            )
        } else {
            format!(
                "{}: {} ({})",
                e.known.subject,
                e.known.cause,
                e.severity.as_str()
            )
        });
    }
    out
}
