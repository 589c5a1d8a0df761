//! Ranks the causes found for each stuck VM. The score of a cause (0..=1) is
//!
//! ```text
//! base        = severity weight (critical 1.0, warning 0.75, info 0.5) × rule specificity
//!               (the best rule of the cause)
//! + support   = 0.05 per further rule of the same cause that holds (at most 0.10)
//! + volume    = 0.02 per evidence line beyond the first (at most 0.06)
//! + timing    = by the evidence timed nearest the moment the VM entered its state:
//!               0.08 within 10 minutes of it, 0.05 later while the VM was stuck, 0.02 in
//!               the hour before; what happened as the VM got stuck most likely made it so
//! + node      = 0.15 for a node-level cause shared by two or more stuck VMs on the node
//! ```
//!
//! shown capped at 1. A cause that is another reading of a listed cause's evidence (a rule's
//! `alternatives`) scores three quarters of that cause, below 0.75, and comes after it.
//! Confidence: `high` from 0.75, `medium` from 0.5, `low` below. Causes
//! are ordered by the uncapped sum, then by the base of their best rule (the more specific
//! signal wins when two causes both reach the cap), then by cause id, so the order is stable.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::cause::Cause;
use crate::engine::Finding;
use crate::inventory::Inventory;
use crate::rules::{Rule, Severity};
use crate::stuck::StuckVm;
use crate::timestamp::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    fn of(score: f64) -> Confidence {
        if score >= 0.75 {
            Confidence::High
        } else if score >= 0.5 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }
}

/// A cause with everything that points at it for one VM.
#[derive(Debug, Clone)]
pub(crate) struct RankedCause {
    pub(crate) cause: Cause,
    pub(crate) score: f64,
    /// The sum before the cap, and the best rule's base: the sort keys behind `score`.
    pub(crate) order: (f64, f64),
    pub(crate) confidence: Confidence,
    pub(crate) severity: Severity,
    /// Raised because several stuck VMs on the node share it.
    pub(crate) node_boost: bool,
    /// The cause this one follows from (`explains` in a rule of that cause): shown as its
    /// consequence, ranked after it.
    pub(crate) consequence_of: Option<Cause>,
    /// Set when this cause is another reading of the evidence of a cause listed before it
    /// (a rule's `alternatives`); it then has no findings of its own.
    pub(crate) alternative_to: Option<AlternativeTo>,
    pub(crate) findings: Vec<Finding>,
}

/// The cause whose evidence an alternative reads another way, and the rule that says so.
#[derive(Debug, Clone)]
pub(crate) struct AlternativeTo {
    pub(crate) cause: Cause,
    pub(crate) rule: Arc<Rule>,
    /// Index into the rule's `alternatives`.
    pub(crate) index: usize,
}

impl AlternativeTo {
    pub(crate) fn def(&self) -> &crate::rules::Alternative {
        &self.rule.def.alternatives[self.index]
    }
}

/// An alternative reading weighs this much of the reading whose evidence it shares: the
/// evidence fits both, and the rule's own cause is the more direct reading of it.
const ALTERNATIVE_WEIGHT: f64 = 0.75;

fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 1.0,
        Severity::Warning => 0.75,
        Severity::Info => 0.5,
    }
}

/// Scores and orders the causes of each stuck VM, which keeps its place beside them.
pub(crate) fn rank(
    inv: &Inventory,
    per_vm: Vec<(StuckVm, Vec<Finding>)>,
) -> Vec<(StuckVm, Vec<RankedCause>)> {
    // How many stuck VMs on each node share each cause.
    let mut shared: BTreeMap<(&str, Cause), usize> = BTreeMap::new();
    for (s, findings) in &per_vm {
        let Some(node) = inv.links.vms[s.vm].node.as_deref() else {
            continue;
        };
        let mut causes: Vec<Cause> = findings.iter().map(|f| f.rule.cause).collect();
        causes.sort();
        causes.dedup();
        for c in causes {
            *shared.entry((node, c)).or_default() += 1;
        }
    }

    per_vm
        .into_iter()
        .map(|(s, findings)| {
            let node = inv.links.vms[s.vm].node.as_deref();
            let mut by_cause: BTreeMap<Cause, Vec<Finding>> = BTreeMap::new();
            for f in findings {
                by_cause.entry(f.rule.cause).or_default().push(f);
            }
            let causes: Vec<RankedCause> = by_cause
                .into_iter()
                .map(|(cause, findings)| {
                    let boosted = cause.is_node_level()
                        && node.is_some_and(|n| shared.get(&(n, cause)).copied().unwrap_or(0) >= 2);
                    rank_cause(cause, findings, s.since, boosted)
                })
                .collect();
            (s, settle(causes))
        })
        .collect()
}

/// Orders causes, puts effects after the causes that explain them, and cites each evidence
/// line under one cause only, the first that has it.
fn settle(mut causes: Vec<RankedCause>) -> Vec<RankedCause> {
    sort(&mut causes);
    link_consequences(&mut causes);
    let mut cited = std::collections::HashSet::new();
    for cause in &mut causes {
        // Findings of one cause may share a line; another cause may not cite it again.
        for finding in &mut cause.findings {
            finding
                .evidence
                .retain(|e| !cited.contains(&(e.file.clone(), e.line)));
        }
        cause
            .findings
            .retain(|f| !f.evidence.is_empty() || f.more_evidence > 0);
        for e in cause.findings.iter().flat_map(|f| &f.evidence) {
            cited.insert((e.file.clone(), e.line));
        }
    }
    causes.retain(|c| !c.findings.is_empty());
    add_alternatives(&mut causes);
    causes
}

/// Adds, for each cause, the other readings its rules name (`alternatives`) that are not
/// causes already: each after the cause it shares evidence with, at its weight, and never
/// between a cause and its consequences.
fn add_alternatives(causes: &mut Vec<RankedCause>) {
    let mut i = 0;
    while i < causes.len() {
        let main = &causes[i];
        let mut readings: Vec<(Cause, AlternativeTo)> = Vec::new();
        for f in &main.findings {
            for (index, &alt) in f.rule.alternatives.iter().enumerate() {
                if !readings.iter().any(|(c, _)| *c == alt) && !f.ruled_out.contains(&alt) {
                    let to = AlternativeTo {
                        cause: main.cause,
                        rule: Arc::clone(&f.rule),
                        index,
                    };
                    readings.push((alt, to));
                }
            }
        }
        // Never high confidence: nothing in the bundle speaks for this reading over the other.
        let score = (((main.score * ALTERNATIVE_WEIGHT) * 100.0).round() / 100.0).min(0.74);
        let order = (main.order.0 * ALTERNATIVE_WEIGHT, main.order.1);
        let severity = main.severity;
        for (alt, to) in readings {
            if causes.iter().any(|c| c.cause == alt) {
                continue;
            }
            let at = (i + 1..causes.len())
                .find(|&j| causes[j].consequence_of.is_none() && causes[j].score < score)
                .unwrap_or(causes.len());
            causes.insert(
                at,
                RankedCause {
                    cause: alt,
                    score,
                    order,
                    confidence: Confidence::of(score),
                    severity,
                    node_boost: false,
                    consequence_of: None,
                    alternative_to: Some(to),
                    findings: Vec::new(),
                },
            );
        }
        i += 1;
    }
}

/// The earliest time some evidence of a cause was written.
fn first_seen(cause: &RankedCause) -> Option<Timestamp> {
    cause
        .findings
        .iter()
        .flat_map(|f| &f.evidence)
        .filter_map(|e| e.time)
        .min()
}

/// Marks each cause that another cause's rule `explains`, when it did not start before that
/// cause did; a consequence is ranked right after its cause, its score kept below it.
fn link_consequences(causes: &mut Vec<RankedCause>) {
    for i in 0..causes.len() {
        let effect = causes[i].cause;
        let effect_start = first_seen(&causes[i]);
        let root = causes.iter().position(|r| {
            r.cause != effect
                && r.consequence_of.is_none()
                && r.findings
                    .iter()
                    .any(|f| f.rule.def.explains.iter().any(|e| e == effect.id()))
                && match (first_seen(r), effect_start) {
                    (Some(root_start), Some(start)) => start >= root_start,
                    // Without times the order is not known; the explanation stands.
                    _ => true,
                }
        });
        if let Some(root) = root {
            causes[i].consequence_of = Some(causes[root].cause);
        }
    }
    // Roots first, each followed by its consequences.
    let mut ordered: Vec<RankedCause> = Vec::with_capacity(causes.len());
    let (roots, effects): (Vec<RankedCause>, Vec<RankedCause>) = std::mem::take(causes)
        .into_iter()
        .partition(|c| c.consequence_of.is_none());
    let mut effects: Vec<Option<RankedCause>> = effects.into_iter().map(Some).collect();
    for root in roots {
        let (cause, score) = (root.cause, root.score);
        ordered.push(root);
        for slot in effects.iter_mut() {
            if slot
                .as_ref()
                .is_some_and(|e| e.consequence_of == Some(cause))
            {
                let mut effect = slot.take().unwrap_or_else(|| unreachable!());
                effect.score = effect.score.min(((score - 0.01) * 100.0).round() / 100.0);
                effect.confidence = effect.confidence.min(Confidence::Medium);
                ordered.push(effect);
            }
        }
    }
    *causes = ordered;
}

/// Scores and orders the causes of one subject on its own (a node no VM links to): no
/// node-sharing boost, no stuck time.
pub(crate) fn rank_alone(findings: Vec<Finding>) -> Vec<RankedCause> {
    let mut by_cause: BTreeMap<Cause, Vec<Finding>> = BTreeMap::new();
    for f in findings {
        by_cause.entry(f.rule.cause).or_default().push(f);
    }
    let causes: Vec<RankedCause> = by_cause
        .into_iter()
        .map(|(cause, findings)| rank_cause(cause, findings, None, false))
        .collect();
    settle(causes)
}

fn sort(causes: &mut [RankedCause]) {
    causes.sort_by(|a, b| {
        b.order
            .0
            .total_cmp(&a.order.0)
            .then(b.order.1.total_cmp(&a.order.1))
            .then(a.cause.cmp(&b.cause))
    });
}

/// The weight of evidence written `offset` seconds after the VM entered its state.
fn timing_weight(offset: i64) -> f64 {
    match offset {
        o if o.abs() <= 600 => 0.08,
        o if o > 600 => 0.05,
        o if o >= -3600 => 0.02,
        _ => 0.0,
    }
}

fn rank_cause(
    cause: Cause,
    mut findings: Vec<Finding>,
    since: Option<Timestamp>,
    node_boost: bool,
) -> RankedCause {
    let base_of = |f: &Finding| severity_weight(f.rule.def.severity) * f.rule.def.specificity;
    findings.sort_by(|a, b| {
        base_of(b)
            .total_cmp(&base_of(a))
            .then(a.rule.id().cmp(b.rule.id()))
    });
    let base = base_of(&findings[0]);
    let support = (0.05 * (findings.len() - 1) as f64).min(0.10);
    let lines: usize = findings
        .iter()
        .map(|f| f.evidence.len() + f.more_evidence)
        .sum();
    let volume = (0.02 * lines.saturating_sub(1) as f64).min(0.06);
    let recency = since.map_or(0.0, |since| {
        findings
            .iter()
            .flat_map(|f| &f.evidence)
            .filter_map(|e| e.time)
            .map(|t| timing_weight(t.0 - since.0))
            .fold(0.0, f64::max)
    });
    let node = if node_boost { 0.15 } else { 0.0 };
    let raw = base + support + volume + recency + node;
    let score = raw.min(1.0);
    // Two decimals: the score is a ranking aid, not a measurement.
    let score = (score * 100.0).round() / 100.0;
    RankedCause {
        cause,
        score,
        order: (raw, base),
        confidence: Confidence::of(score),
        severity: findings
            .iter()
            .map(|f| f.rule.def.severity)
            .max()
            .unwrap_or(Severity::Info),
        node_boost,
        consequence_of: None,
        alternative_to: None,
        findings,
    }
}
