//! Expected answers per bundle, for regression over a case archive (`batch --expect`): the
//! file format (`<bundle>.expect.yaml` beside a bundle, or `expect.yaml` inside a directory
//! bundle; docs/expectations.md), a bundle's answer in the same terms (`Answer`), and the
//! comparison of the two (`check`), rendered as text lines and JUnit (`render`).

mod check;
mod render;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, ErrorKind};
use crate::report::Report;

pub use check::{Outcome, Status, SubjectOutcome, Totals, check};
pub use render::{junit, line, totals};

/// The expectations file's format version; raised when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// The file name of expectations inside a directory bundle.
pub const INSIDE: &str = "expect.yaml";

/// The suffix of an expectations file beside its bundle (`case-1.tar.gz.expect.yaml`).
pub const BESIDE: &str = ".expect.yaml";

/// What a bundle is expected to give. Every field but `schema_version` may be left out; what
/// is left out is not checked, except that VMs, running VMs with a stuck operation and nodes
/// the report holds and the file does not are changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub schema_version: u32,
    /// The report's verdict (`stuck`, `operation_stuck`, `unproven`, `all_clear`,
    /// `nothing_diagnosable`), or `error` for a bundle that cannot be analysed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// The bundle's answer as a whole, for a case known by its cause rather than VM by VM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<ExpectedBundle>,
    /// Set (even empty) to check the reported VMs; left out, they are not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vms: Option<Vec<ExpectedVm>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<ExpectedOperation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<ExpectedNode>>,
}

/// The cause ranked first: one id, or a list of acceptable ones; `none` for no cause at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TopCause {
    One(String),
    Any(Vec<String>),
}

impl TopCause {
    pub fn accepts(&self, id: &str) -> bool {
        match self {
            TopCause::One(one) => one == id,
            TopCause::Any(any) => any.iter().any(|a| a == id),
        }
    }

    pub fn ids(&self) -> Vec<&str> {
        match self {
            TopCause::One(one) => vec![one.as_str()],
            TopCause::Any(any) => any.iter().map(String::as_str).collect(),
        }
    }

    /// As a text line shows it: `a` or `a|b`.
    pub fn shown(&self) -> String {
        self.ids().join("|")
    }
}

/// A ranking expected: its first cause, and optionally causes that must all be within its
/// first three.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ranked {
    pub top_cause: TopCause,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top3: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedBundle {
    /// The VM the case is about (`namespace/name`): its ranking when the report has it, else
    /// every cause of every VM and node of the bundle, by score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vm: Option<String>,
    #[serde(flatten)]
    pub ranked: Ranked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedVm {
    /// `namespace/name`.
    pub vm: String,
    /// `VirtualMachineStuckOnNode`, `VirtualMachineStuckInUnhealthyState`, or `unproven`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Left out: not checked; `null`: no node known.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub node: Option<Option<String>>,
    #[serde(flatten)]
    pub ranked: Ranked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedOperation {
    pub vm: String,
    /// `hotplug_volume`, `migration`, `sync` or `paused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub node: Option<Option<String>>,
    #[serde(flatten)]
    pub ranked: Ranked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedNode {
    /// `node`, `input`, `shared` or `unplaced`.
    pub scope: String,
    /// `null` when the evidence does not name its node.
    #[serde(default)]
    pub node: Option<String>,
    #[serde(flatten)]
    pub ranked: Ranked,
}

/// A field given as `null` is `Some(None)`; one left out stays `None` (serde's default).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A bundle's answer, in the terms of its expectations.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The report's verdict, or `error`.
    pub verdict: String,
    /// Why the bundle could not be analysed, or why nothing was read.
    pub error: Option<String>,
    pub vms: Vec<Subject>,
    pub operations: Vec<Subject>,
    pub nodes: Vec<Subject>,
}

/// One VM, running VM with a stuck operation, or node, as reported.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// `namespace/name`; for a node its name, or empty.
    pub name: String,
    /// The alert (or `unproven`) of a VM, the operation kind of a running VM, the scope of a
    /// node.
    pub kind: String,
    pub state: String,
    pub node: Option<String>,
    /// Causes with their scores, most likely first.
    pub causes: Vec<(String, f64)>,
}

impl Subject {
    pub fn top(&self) -> &str {
        self.causes.first().map_or("none", |c| c.0.as_str())
    }
}

/// A serde enum's name (`all_clear`, `hotplug_volume`).
fn serde_name<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Answer {
    pub fn of(report: &Report) -> Answer {
        let causes = |list: &[crate::report::model::CauseReport]| {
            list.iter()
                .map(|c| (c.id.id().to_string(), c.score))
                .collect()
        };
        let vm = |vm: &crate::report::model::VmReport, kind: String| Subject {
            name: format!("{}/{}", vm.namespace, vm.name),
            kind,
            state: vm.state.as_str().to_string(),
            node: vm.node.clone(),
            causes: causes(&vm.causes),
        };
        Answer {
            verdict: serde_name(report.verdict),
            error: None,
            vms: report
                .vms
                .iter()
                .map(|v| {
                    let alert = v.alert.map_or("unproven".into(), |a| format!("{a:?}"));
                    vm(v, alert)
                })
                .collect(),
            operations: report
                .stuck_operations
                .iter()
                .map(|v| {
                    vm(
                        v,
                        v.operations
                            .first()
                            .map(|o| serde_name(o.kind))
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            nodes: report
                .nodes
                .iter()
                .map(|n| Subject {
                    name: n.node.clone().unwrap_or_default(),
                    kind: serde_name(n.scope),
                    state: String::new(),
                    node: n.node.clone(),
                    causes: causes(&n.causes),
                })
                .collect(),
        }
    }

    /// A bundle that could not be analysed: `nothing_diagnosable` when nothing in it was
    /// read, else `error`.
    pub fn failed(error: &Error) -> Answer {
        Answer {
            verdict: if error.kind() == ErrorKind::NothingRead {
                "nothing_diagnosable".into()
            } else {
                "error".into()
            },
            error: Some(error.to_string()),
            ..Answer::default()
        }
    }

    /// The causes of `vm` when the bundle reports it, else of every VM and node, by score;
    /// each cause once, equal scores in the report's order.
    pub fn ranking(&self, vm: Option<&str>) -> Vec<&str> {
        let named = vm.and_then(|want| self.vms.iter().find(|v| v.name == want));
        let mut all: Vec<&(String, f64)> = match named {
            Some(v) => v.causes.iter().collect(),
            None => self
                .vms
                .iter()
                .chain(&self.nodes)
                .flat_map(|s| &s.causes)
                .collect(),
        };
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut out: Vec<&str> = Vec::new();
        for (id, _) in all {
            if !out.contains(&id.as_str()) {
                out.push(id);
            }
        }
        out
    }
}

impl Expectation {
    /// The answer as expectations: what `--write-expect` records.
    pub fn of(answer: &Answer) -> Expectation {
        let ranked = |s: &Subject| Ranked {
            top_cause: TopCause::One(s.top().to_string()),
            top3: Vec::new(),
        };
        Expectation {
            schema_version: SCHEMA_VERSION,
            verdict: Some(answer.verdict.clone()),
            bundle: None,
            vms: Some(
                answer
                    .vms
                    .iter()
                    .map(|s| ExpectedVm {
                        vm: s.name.clone(),
                        alert: Some(s.kind.clone()),
                        state: Some(s.state.clone()),
                        node: Some(s.node.clone()),
                        ranked: ranked(s),
                    })
                    .collect(),
            ),
            operations: Some(
                answer
                    .operations
                    .iter()
                    .map(|s| ExpectedOperation {
                        vm: s.name.clone(),
                        kind: Some(s.kind.clone()),
                        state: Some(s.state.clone()),
                        node: Some(s.node.clone()),
                        ranked: ranked(s),
                    })
                    .collect(),
            ),
            nodes: Some(
                answer
                    .nodes
                    .iter()
                    .map(|s| ExpectedNode {
                        scope: s.kind.clone(),
                        node: s.node.clone(),
                        ranked: ranked(s),
                    })
                    .collect(),
            ),
        }
    }

    /// The answer as expectations, keeping from `old` what a review put there and still
    /// holds: an acceptable set or `top3` list the answer meets, and the `bundle` section (its
    /// VM, and its ranking when that still holds).
    pub fn updated(old: Option<&Expectation>, answer: &Answer) -> Expectation {
        let mut new = Expectation::of(answer);
        let Some(old) = old else { return new };
        let holds = |r: &Ranked, ranking: &[&str]| {
            let mut probe = check::probe();
            check::rank(&mut probe, r, ranking);
            probe.differences.is_empty()
        };
        let keep = |old: Option<&Ranked>, ranked: &mut Ranked, s: &Subject| {
            let ranking: Vec<&str> = s.causes.iter().map(|c| c.0.as_str()).collect();
            if let Some(old) = old.filter(|o| holds(o, &ranking)) {
                *ranked = old.clone();
            }
        };
        for (e, s) in new.vms.iter_mut().flatten().zip(&answer.vms) {
            let was = old.vms.iter().flatten().find(|o| o.vm == e.vm);
            keep(was.map(|o| &o.ranked), &mut e.ranked, s);
        }
        for (e, s) in new.operations.iter_mut().flatten().zip(&answer.operations) {
            let was = old.operations.iter().flatten().find(|o| o.vm == e.vm);
            keep(was.map(|o| &o.ranked), &mut e.ranked, s);
        }
        for (e, s) in new.nodes.iter_mut().flatten().zip(&answer.nodes) {
            let was = old
                .nodes
                .iter()
                .flatten()
                .find(|o| o.scope == e.scope && o.node == e.node);
            keep(was.map(|o| &o.ranked), &mut e.ranked, s);
        }
        new.bundle = old.bundle.as_ref().map(|b| {
            let ranking = answer.ranking(b.vm.as_deref());
            let ranked = if holds(&b.ranked, &ranking) {
                b.ranked.clone()
            } else {
                Ranked {
                    top_cause: TopCause::One(ranking.first().copied().unwrap_or("none").into()),
                    top3: Vec::new(),
                }
            };
            ExpectedBundle {
                vm: b.vm.clone(),
                ranked,
            }
        });
        new
    }

    /// Reads and checks an expectations file; the error names the path and the field.
    pub fn read(path: &Path) -> Result<Expectation, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(ErrorKind::Usage, "cannot read the expectations")
                .at(path)
                .because(e)
        })?;
        let de = serde_yaml::Deserializer::from_str(&text);
        let e: Expectation = serde_path_to_error::deserialize(de).map_err(|e| {
            let at = e.path().to_string();
            let why = e.into_inner().to_string();
            let why = why.lines().next().unwrap_or_default().to_string();
            Error::new(
                ErrorKind::Usage,
                if at == "." {
                    format!("not an expectations file: {why}")
                } else {
                    format!("not an expectations file: {at}: {why}")
                },
            )
            .at(path)
        })?;
        if e.schema_version != SCHEMA_VERSION {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "expectations schema_version {} (this tool reads {SCHEMA_VERSION})",
                    e.schema_version
                ),
            )
            .at(path));
        }
        Ok(e)
    }

    /// The file's text: a header line, then the fields.
    pub fn to_yaml(&self) -> String {
        // Plain strings, lists and options cannot fail to serialise.
        let body = serde_yaml::to_string(self).unwrap_or_default();
        format!(
            "# Expected answers of vmstuck-analyze for this bundle: `batch --expect` compares, \
             `batch --write-expect` rewrites (docs/expectations.md).\n{body}"
        )
    }
}

/// Where a bundle's expectations are read from: `expect.yaml` inside a directory bundle,
/// else `<bundle>.expect.yaml` beside it; `None` when neither exists.
pub fn find(bundle: &Path) -> Option<PathBuf> {
    let inside = bundle.join(INSIDE);
    if bundle.is_dir() && inside.is_file() {
        return Some(inside);
    }
    let beside = beside(bundle);
    beside.is_file().then_some(beside)
}

/// Where `--write-expect` writes: the file already in use, else beside the bundle (a
/// directory bundle is evidence, and is not written into).
pub fn target(bundle: &Path) -> PathBuf {
    find(bundle).unwrap_or_else(|| beside(bundle))
}

fn beside(bundle: &Path) -> PathBuf {
    let mut name = bundle
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(BESIDE);
    bundle.with_file_name(name)
}

/// Whether a directory entry is an expectations file rather than a bundle.
pub fn is_expectations(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n == INSIDE || n.ends_with(BESIDE)
    })
}

#[cfg(test)]
mod tests;
