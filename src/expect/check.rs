//! A bundle's answer against its expectations: one outcome per subject (the bundle itself,
//! each VM, running VM with a stuck operation and node), each with what differs.

use serde::Serialize;

use super::{Answer, Expectation, Ranked, Subject};

/// What a bundle's run amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Everything expected holds.
    Pass,
    /// Something differs from the expectations.
    Changed,
    /// The bundle has no expectations file.
    New,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Changed => "changed",
            Status::New => "new",
        }
    }
}

/// One subject's comparison.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectOutcome {
    /// `bundle`, `vm ns/name`, `operation ns/name`, `node NAME` (with its scope) or `input`.
    pub subject: String,
    /// The acceptable first causes (`a|b`); null when no ranking is expected.
    pub expected: Option<String>,
    /// The first three causes now (`none` when there is none; empty when not reported).
    pub got: Vec<String>,
    /// Whether the first cause is an acceptable one; null when no ranking is expected.
    pub top1: Option<bool>,
    /// Whether the expected causes are within the first three; null likewise.
    pub top3: Option<bool>,
    /// What differs, one phrase each; empty when the subject passes.
    pub differences: Vec<String>,
}

/// A bundle's comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub status: Status,
    /// The verdict now (`error` for a bundle not analysed).
    pub verdict: String,
    /// Why the bundle could not be analysed, or why nothing in it was read.
    pub error: Option<String>,
    pub subjects: Vec<SubjectOutcome>,
}

/// Counts over many bundles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub bundles: usize,
    pub pass: usize,
    pub changed: usize,
    pub new: usize,
    /// Subjects whose ranking was expected, and how many of them hold at top-1 and top-3.
    pub ranked: usize,
    pub top1: usize,
    pub top3: usize,
}

impl Totals {
    pub fn add(&mut self, outcome: &Outcome) {
        self.bundles += 1;
        match outcome.status {
            Status::Pass => self.pass += 1,
            Status::Changed => self.changed += 1,
            Status::New => self.new += 1,
        }
        for s in &outcome.subjects {
            if let (Some(top1), Some(top3)) = (s.top1, s.top3) {
                self.ranked += 1;
                self.top1 += usize::from(top1);
                self.top3 += usize::from(top3);
            }
        }
    }
}

/// Compares a bundle's answer with its expectations (`None`: the bundle is new).
pub fn check(answer: &Answer, expected: Option<&Expectation>) -> Outcome {
    let Some(expected) = expected else {
        return Outcome {
            status: Status::New,
            verdict: answer.verdict.clone(),
            error: answer.error.clone(),
            subjects: unchecked(answer),
        };
    };
    let mut subjects = vec![bundle(answer, expected)];
    if let Some(vms) = &expected.vms {
        let want = vms.iter().map(|e| {
            let mut fields = vec![("alert", e.alert.clone()), ("state", e.state.clone())];
            if let Some(node) = &e.node {
                fields.push(("node", Some(node.clone().unwrap_or_else(|| "null".into()))));
            }
            (e.vm.clone(), fields, &e.ranked)
        });
        subjects.extend(pair("vm", &answer.vms, want.collect()));
    }
    if let Some(ops) = &expected.operations {
        let want = ops.iter().map(|e| {
            let mut fields = vec![("kind", e.kind.clone()), ("state", e.state.clone())];
            if let Some(node) = &e.node {
                fields.push(("node", Some(node.clone().unwrap_or_else(|| "null".into()))));
            }
            (e.vm.clone(), fields, &e.ranked)
        });
        subjects.extend(pair("operation", &answer.operations, want.collect()));
    }
    if let Some(nodes) = &expected.nodes {
        let want = nodes.iter().map(|e| {
            let name = node_name(&e.scope, e.node.as_deref());
            (name, Vec::new(), &e.ranked)
        });
        let got: Vec<Subject> = answer
            .nodes
            .iter()
            .map(|s| Subject {
                name: node_name(&s.kind, s.node.as_deref()),
                ..s.clone()
            })
            .collect();
        subjects.extend(pair("node", &got, want.collect()));
    }
    let changed = subjects.iter().any(|s| !s.differences.is_empty());
    Outcome {
        status: if changed {
            Status::Changed
        } else {
            Status::Pass
        },
        verdict: answer.verdict.clone(),
        error: answer.error.clone(),
        subjects,
    }
}

/// The subjects of a bundle with no expectations, as they are now.
fn unchecked(answer: &Answer) -> Vec<SubjectOutcome> {
    let kinds = [
        ("vm", &answer.vms),
        ("operation", &answer.operations),
        ("node", &answer.nodes),
    ];
    kinds
        .into_iter()
        .flat_map(|(kind, list)| {
            list.iter().map(move |s| {
                let name = if kind == "node" {
                    node_name(&s.kind, s.node.as_deref())
                } else {
                    s.name.clone()
                };
                SubjectOutcome {
                    subject: format!("{kind} {name}"),
                    expected: None,
                    got: first_three(&s.causes.iter().map(|c| c.0.as_str()).collect::<Vec<_>>()),
                    top1: None,
                    top3: None,
                    differences: Vec::new(),
                }
            })
        })
        .collect()
}

/// A node report's key: its scope and its node (`shared worker-1`, `input`).
fn node_name(scope: &str, node: Option<&str>) -> String {
    match node {
        Some(n) => format!("{scope} {n}"),
        None => scope.to_string(),
    }
}

/// The bundle as a whole: its verdict and, when expected, its ranking.
fn bundle(answer: &Answer, expected: &Expectation) -> SubjectOutcome {
    let mut out = SubjectOutcome {
        subject: "bundle".into(),
        expected: None,
        got: Vec::new(),
        top1: None,
        top3: None,
        differences: Vec::new(),
    };
    if let Some(want) = &expected.verdict
        && *want != answer.verdict
    {
        out.differences
            .push(format!("verdict {want}, now {}", answer.verdict));
    }
    if let Some(want) = &expected.bundle {
        let ranking = answer.ranking(want.vm.as_deref());
        rank(&mut out, &want.ranked, &ranking);
    }
    out
}

/// The expected subjects of one kind paired with the reported ones by name, in order; a
/// reported subject no expectation names is a change, and so is an expected one not reported.
type Wanted<'a> = (String, Vec<(&'static str, Option<String>)>, &'a Ranked);

fn pair(kind: &str, got: &[Subject], want: Vec<Wanted<'_>>) -> Vec<SubjectOutcome> {
    let mut used = vec![false; got.len()];
    let mut out = Vec::new();
    for (name, fields, ranked) in want {
        let found = (0..got.len()).find(|&i| !used[i] && got[i].name == name);
        let mut s = SubjectOutcome {
            subject: format!("{kind} {name}"),
            expected: None,
            got: Vec::new(),
            top1: None,
            top3: None,
            differences: Vec::new(),
        };
        match found {
            Some(i) => {
                used[i] = true;
                let subject = &got[i];
                for (field, value) in fields {
                    let now = match field {
                        "alert" | "kind" => subject.kind.clone(),
                        "state" => subject.state.clone(),
                        _ => subject.node.clone().unwrap_or_else(|| "null".into()),
                    };
                    if let Some(value) = value
                        && value != now
                    {
                        s.differences.push(format!("{field} {value}, now {now}"));
                    }
                }
                let ranking: Vec<&str> = subject.causes.iter().map(|c| c.0.as_str()).collect();
                rank(&mut s, ranked, &ranking);
            }
            None => {
                s.expected = Some(ranked.top_cause.shown());
                s.top1 = Some(false);
                s.top3 = Some(false);
                s.differences.push(format!(
                    "not reported now (expected {})",
                    ranked.top_cause.shown()
                ));
            }
        }
        out.push(s);
    }
    for (subject, _) in got.iter().zip(&used).filter(|(_, u)| !**u) {
        out.push(SubjectOutcome {
            subject: format!("{kind} {}", subject.name),
            expected: None,
            got: first_three(
                &subject
                    .causes
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>(),
            ),
            top1: None,
            top3: None,
            differences: vec![format!(
                "reported now, not expected (top cause {})",
                subject.top()
            )],
        });
    }
    out
}

/// An empty outcome, to try a ranking against an expectation.
pub(super) fn probe() -> SubjectOutcome {
    SubjectOutcome {
        subject: String::new(),
        expected: None,
        got: Vec::new(),
        top1: None,
        top3: None,
        differences: Vec::new(),
    }
}

fn first_three(ranking: &[&str]) -> Vec<String> {
    if ranking.is_empty() {
        return vec!["none".into()];
    }
    ranking.iter().take(3).map(|c| c.to_string()).collect()
}

/// Checks a ranking against its expectation: the first cause must be acceptable (`none`: no
/// cause at all); the `top3` causes, or else an acceptable first cause, within the first three.
pub(super) fn rank(out: &mut SubjectOutcome, want: &Ranked, ranking: &[&str]) {
    let top = ranking.first().copied().unwrap_or("none");
    let first3 = &ranking[..ranking.len().min(3)];
    let within = |id: &str| {
        if id == "none" {
            ranking.is_empty()
        } else {
            first3.contains(&id)
        }
    };
    let top1 = want.top_cause.accepts(top);
    let top3 = if want.top3.is_empty() {
        want.top_cause.ids().into_iter().any(within)
    } else {
        want.top3.iter().all(|id| within(id))
    };
    out.expected = Some(want.top_cause.shown());
    out.got = first_three(ranking);
    out.top1 = Some(top1);
    out.top3 = Some(top3);
    if !top1 {
        let at = want
            .top_cause
            .ids()
            .into_iter()
            .find_map(|id| ranking.iter().position(|c| *c == id));
        let place = at.map_or(String::new(), |i| format!(" (ranked #{})", i + 1));
        out.differences.push(format!(
            "top cause {}, now {top}{place}",
            want.top_cause.shown()
        ));
    }
    let missing: Vec<&str> = want
        .top3
        .iter()
        .map(String::as_str)
        .filter(|id| !within(id))
        .collect();
    if !missing.is_empty() {
        out.differences.push(format!(
            "not in the first three now: {}",
            missing.join(", ")
        ));
    }
}
