//! Runs every rule against every stuck VM, in parallel across VMs. The output is findings:
//! each holds the rule that made it and the evidence lines; scoring them is `rank`'s job.

use std::sync::Arc;

use rayon::prelude::*;

use crate::evidence::Evidence;
use crate::inventory::Inventory;
use crate::inventory::links::VmLinks;
use crate::rules::context::VmContext;
use crate::rules::eval;
use crate::rules::{Rule, RuleSet};
use crate::stuck::StuckVm;

/// One rule that holds for a VM.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub(crate) rule: Arc<Rule>,
    pub(crate) evidence: Vec<Evidence>,
    /// Matching lines not listed in `evidence`.
    pub(crate) more_evidence: usize,
    /// The rule's alternative readings that the bundle rules out for this subject.
    pub(crate) ruled_out: Vec<crate::cause::Cause>,
}

/// Each stuck VM with its findings: the two travel together from here to the diagnosis.
pub(crate) fn run(
    inv: &Inventory,
    stuck: Vec<StuckVm>,
    rules: &RuleSet,
) -> Vec<(StuckVm, Vec<Finding>)> {
    let subjects: Vec<&VmLinks> = stuck.iter().map(|s| &inv.links.vms[s.vm]).collect();
    let findings = run_on(inv, &subjects, rules);
    stuck.into_iter().zip(findings).collect()
}

/// The findings of each subject: a VM with everything linked to it, or a node on its own.
pub(crate) fn run_on(inv: &Inventory, subjects: &[&VmLinks], rules: &RuleSet) -> Vec<Vec<Finding>> {
    subjects
        .par_iter()
        .map(|links| run_rules(inv, links, &rules.rules))
        .collect()
}

/// The findings of some of the rules on one subject.
pub(crate) fn run_rules(inv: &Inventory, subject: &VmLinks, rules: &[Arc<Rule>]) -> Vec<Finding> {
    let ctx = VmContext::new(inv, subject);
    rules
        .iter()
        .filter_map(|rule| {
            let hit = eval::evaluate(&ctx, rule)?;
            Some(Finding {
                rule: Arc::clone(rule),
                evidence: hit.evidence,
                more_evidence: hit.more,
                ruled_out: hit.ruled_out,
            })
        })
        .collect()
}
