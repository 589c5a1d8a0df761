//! Ranks the causes found for each stuck VM. The score of a cause (0..=1) is
//!
//! ```text
//! base        = severity weight (critical 1.0, warning 0.75, info 0.5) × rule specificity
//!               (the best rule of the cause)
//! + support   = 0.05 per further rule of the same cause that holds (at most 0.10)
//! + volume    = 0.02 per evidence line beyond the first (at most 0.06)
//! + recency   = 0.05 when some evidence is timed after the VM entered its state
//!               (less 10 minutes) — it happened while the VM was stuck
//! + node      = 0.15 for a node-level cause shared by two or more stuck VMs on the node
//! ```
//!
//! shown capped at 1. Confidence: `high` from 0.75, `medium` from 0.5, `low` below. Causes
//! are ordered by the uncapped sum, then by the base of their best rule (the more specific
//! signal wins when two causes both reach the cap), then by cause id, so the order is stable.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::cause::Cause;
use crate::evidence::Evidence;
use crate::inventory::Inventory;
use crate::rules::eval::VmContext;
use crate::rules::{RuleSet, Severity};
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

/// One rule that holds for a VM.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub specificity: f64,
    pub summary: String,
    pub evidence: Vec<Evidence>,
    /// Matching lines not listed in `evidence`.
    pub more_evidence: usize,
}

/// A cause with everything that points at it for one VM.
#[derive(Debug, Clone, Serialize)]
pub struct RankedCause {
    pub cause: Cause,
    pub score: f64,
    /// The sum before the cap, and the best rule's base: the sort keys behind `score`.
    #[serde(skip)]
    pub order: (f64, f64),
    pub confidence: Confidence,
    pub severity: Severity,
    /// Raised because several stuck VMs on the node share it.
    pub node_boost: bool,
    pub findings: Vec<Finding>,
}

/// The ranked causes of one stuck VM.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// Index into the stuck list.
    pub stuck: usize,
    pub causes: Vec<RankedCause>,
}

fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 1.0,
        Severity::Warning => 0.75,
        Severity::Info => 0.5,
    }
}

/// Evaluates every rule for every stuck VM (in parallel across VMs) and ranks the causes.
pub fn diagnose(inv: &Inventory, stuck: &[StuckVm], rules: &RuleSet) -> Vec<Diagnosis> {
    let per_vm: Vec<Vec<(Cause, Finding)>> = stuck
        .par_iter()
        .map(|s| {
            let ctx = VmContext::new(inv, &inv.links.vms[s.vm]);
            rules
                .rules
                .iter()
                .filter_map(|rule| {
                    let hit = ctx.evaluate(rule)?;
                    Some((
                        rule.cause,
                        Finding {
                            rule: rule.def.id.clone(),
                            severity: rule.def.severity,
                            specificity: rule.def.specificity,
                            summary: rule.def.summary.clone(),
                            evidence: hit.evidence,
                            more_evidence: hit.more,
                        },
                    ))
                })
                .collect()
        })
        .collect();

    // How many stuck VMs on each node share each cause.
    let mut shared: BTreeMap<(&str, Cause), usize> = BTreeMap::new();
    for (s, findings) in stuck.iter().zip(&per_vm) {
        let Some(node) = inv.links.vms[s.vm].node.as_deref() else {
            continue;
        };
        let mut causes: Vec<Cause> = findings.iter().map(|(c, _)| *c).collect();
        causes.sort();
        causes.dedup();
        for c in causes {
            *shared.entry((node, c)).or_default() += 1;
        }
    }

    stuck
        .iter()
        .zip(per_vm)
        .enumerate()
        .map(|(i, (s, findings))| {
            let node = inv.links.vms[s.vm].node.as_deref();
            let mut by_cause: BTreeMap<Cause, Vec<Finding>> = BTreeMap::new();
            for (c, f) in findings {
                by_cause.entry(c).or_default().push(f);
            }
            let mut causes: Vec<RankedCause> = by_cause
                .into_iter()
                .map(|(cause, findings)| {
                    let boosted = cause.is_node_level()
                        && node.is_some_and(|n| shared.get(&(n, cause)).copied().unwrap_or(0) >= 2);
                    rank_cause(cause, findings, s.since, boosted)
                })
                .collect();
            causes.sort_by(|a, b| {
                b.order
                    .0
                    .total_cmp(&a.order.0)
                    .then(b.order.1.total_cmp(&a.order.1))
                    .then(a.cause.cmp(&b.cause))
            });
            Diagnosis { stuck: i, causes }
        })
        .collect()
}

fn rank_cause(
    cause: Cause,
    mut findings: Vec<Finding>,
    since: Option<Timestamp>,
    node_boost: bool,
) -> RankedCause {
    findings.sort_by(|a, b| {
        let score = |f: &Finding| severity_weight(f.severity) * f.specificity;
        score(b).total_cmp(&score(a)).then(a.rule.cmp(&b.rule))
    });
    let best = &findings[0];
    let base = severity_weight(best.severity) * best.specificity;
    let support = (0.05 * (findings.len() - 1) as f64).min(0.10);
    let lines: usize = findings
        .iter()
        .map(|f| f.evidence.len() + f.more_evidence)
        .sum();
    let volume = (0.02 * lines.saturating_sub(1) as f64).min(0.06);
    let recent = since.is_some_and(|since| {
        findings
            .iter()
            .flat_map(|f| &f.evidence)
            .any(|e| e.time.is_some_and(|t| t.0 >= since.0 - 600))
    });
    let recency = if recent { 0.05 } else { 0.0 };
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
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Info),
        node_boost,
        findings,
    }
}
