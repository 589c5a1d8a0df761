//! Fills the report model from an analysis: a projection of the diagnoses and the run's
//! overview, with the next steps rendered for each VM. It reads no inventory and decides
//! nothing; the verdict, the shared node causes and the counts come decided.

use super::model::*;
use super::steps::{Cli, Steps};
use crate::analysis::Analysis;
use crate::diagnosis::{Diagnosis, Names, NodeDiagnosis, SharedNode};
use crate::rank::RankedCause;
use crate::rules::Severity;
use crate::stuck::{Alert, Duration};
use crate::timestamp::human_duration;

impl From<&Analysis> for Report {
    fn from(analysis: &Analysis) -> Report {
        Report::for_cli(analysis, Cli::default())
    }
}

impl Report {
    /// The report of `analysis`, with next steps for the command-line tool `cli`.
    pub fn for_cli(analysis: &Analysis, cli: Cli) -> Report {
        build(analysis, cli)
    }
}

fn build(analysis: &Analysis, cli: Cli) -> Report {
    let rules = &analysis.rules;
    let o = &analysis.overview;
    let steps = Steps::new(rules, cli);
    let mut vms: Vec<VmReport> = Vec::new();
    let mut stuck_operations: Vec<VmReport> = Vec::new();
    let mut nodes: Vec<NodeReport> = o
        .shared
        .iter()
        .map(|n| shared_node_report(analysis, n, &steps))
        .collect();
    for (index, c) in analysis.collections.iter().enumerate() {
        vms.extend(
            c.diagnoses
                .iter()
                .map(|d| vm_report(d, index, &o.shared, &steps)),
        );
        stuck_operations.extend(
            c.operations
                .iter()
                .map(|d| vm_report(d, index, &[], &steps)),
        );
        nodes.extend(c.nodes.iter().map(|n| node_report(n, index, &steps)));
    }
    let count = |alert: Alert| vms.iter().filter(|v| v.alert == Some(alert)).count();
    let bundle = BundleSummary {
        inputs: analysis.inputs.clone(),
        collected_at: o.collected.at.clone(),
        collected_at_source: o.collected.source,
        collections: o.collected.collections.clone(),
        files: o.files.total,
        cited_under: common_dir(vms.iter().chain(&stuck_operations)),
        vms_seen: o.seen.vms,
        vmis_seen: o.seen.vmis,
        nodes_seen: o.seen.nodes,
        stuck_on_node: count(Alert::VirtualMachineStuckOnNode),
        stuck_without_vmi: count(Alert::VirtualMachineStuckInUnhealthyState),
        operations_stuck: stuck_operations.len(),
        vms_inferred: o.seen.inferred,
        stuck_per_node: o.stuck_per_node.clone(),
        read: o.files.read.clone(),
        not_used: o.files.not_used,
        unrecognised: o.files.unrecognised,
        not_stuck: o.not_stuck.clone(),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            rules: rules.len(),
        },
        bundle,
        cluster: o.cluster.clone(),
        verdict: o.verdict,
        selection: analysis.selection.clone(),
        runbook: Runbook {
            exports: analysis
                .collections
                .iter()
                .flat_map(|c| c.diagnoses.iter().chain(&c.operations))
                .map(|d| {
                    let n = &d.names;
                    (format!("{}/{}", n.namespace, n.vm), n.export_line())
                })
                .collect(),
            diagnosis: steps.render("runbook:diagnosis", &Names::generic()),
            mitigation: steps.render("runbook:mitigation", &Names::generic()),
        },
        vms,
        stuck_operations,
        nodes,
        warnings: o.warnings.clone(),
    }
}

/// The causes several VMs on a node share, each with the findings of the first VM that has
/// it, under the node.
fn shared_node_report(analysis: &Analysis, n: &SharedNode, steps: &Steps) -> NodeReport {
    let diagnoses = &analysis.collections[n.collection].diagnoses;
    let causes: Vec<CauseReport> = n
        .causes
        .iter()
        .filter_map(|&(cause, vm)| {
            let d = &diagnoses[vm];
            let at = d.causes.iter().position(|c| c.cause == cause)?;
            cause_reports(&d.causes, &d.names, steps)
                .into_iter()
                .nth(at)
        })
        .collect();
    NodeReport {
        collection: n.collection,
        scope: Scope::Shared,
        node: Some(n.node.clone()),
        severity: causes
            .iter()
            .map(|c| c.severity)
            .fold(Severity::Info, Severity::max),
        vms: n.vms.clone(),
        causes,
        escalation: n.escalation.clone(),
    }
}

fn node_report(n: &NodeDiagnosis, collection: usize, steps: &Steps) -> NodeReport {
    NodeReport {
        collection,
        scope: n.scope,
        node: n.node.clone(),
        severity: n
            .causes
            .iter()
            .map(|c| c.severity)
            .max()
            .unwrap_or(Severity::Info),
        vms: Vec::new(),
        causes: cause_reports(&n.causes, &n.names, steps),
        escalation: n.escalation.clone(),
    }
}

/// One VM's section; a cause that `shared` gives under the VM's node is marked so.
fn vm_report(d: &Diagnosis, collection: usize, shared: &[SharedNode], steps: &Steps) -> VmReport {
    let s = &d.stuck;
    let f = &d.facts;
    let (stuck_seconds, stuck_for) = for_people(s.duration);
    let mut causes = cause_reports(&d.causes, &d.names, steps);
    for c in &mut causes {
        if shared
            .iter()
            .any(|n| n.holds(collection, f.node.as_deref(), c.id))
        {
            c.shared_on_node = f.node.clone();
        }
    }
    // A stuck VM (or operation) with no cause found is at the alert's own severity; an
    // unproven one is not.
    let floor = (s.alert.is_some() || !s.operations.is_empty()).then_some(Severity::Warning);
    VmReport {
        collection,
        namespace: f.namespace.clone(),
        name: f.name.clone(),
        alert: s.alert,
        stuck_proven: s.alert.is_some(),
        inferred_from: d.inferred_from.clone(),
        to_prove: d.to_prove.clone(),
        severity: causes
            .iter()
            .map(|c| c.severity)
            .max()
            .or(floor)
            .unwrap_or(Severity::Info),
        state: s.state.clone(),
        since: s.since.map(|t| t.to_string()),
        stuck_seconds,
        stuck_for,
        vmi_phase: f.vmi_phase.clone(),
        node: f.node.clone(),
        launcher_pods: f.launcher_pods.clone(),
        handler_pods: f.handler_pods.clone(),
        pvcs: f.pvcs.clone(),
        data_volumes: f.data_volumes.clone(),
        volume_attachments: f.volume_attachments.clone(),
        migrations: f.migrations.clone(),
        source: f.source.clone(),
        diagnosis: steps.render("runbook:diagnosis", &d.names),
        mitigation: steps.render("runbook:mitigation", &d.names),
        causes,
        missing: d.missing.clone(),
        timeline: d.timeline.clone(),
        unsafe_names: d.names.refused.clone(),
        escalation: d.escalation.clone(),
        related_alerts: d.related_alerts.clone(),
        operations: s
            .operations
            .iter()
            .map(|o| {
                let (stuck_seconds, stuck_for) = for_people(o.duration);
                OperationReport {
                    kind: o.kind,
                    what: o.what.clone(),
                    since: o.since.map(|t| t.to_string()),
                    stuck_seconds,
                    stuck_for,
                }
            })
            .collect(),
    }
}

/// A duration as the report gives it: seconds when measured, and the same for people
/// (`2h 5m`, or `unknown`).
fn for_people(duration: Duration) -> (Option<i64>, String) {
    match duration {
        Duration::Measured(secs) => (Some(secs), human_duration(secs)),
        Duration::Unmeasured => (None, "unknown".into()),
    }
}

fn cause_reports(causes: &[RankedCause], names: &Names, steps: &Steps) -> Vec<CauseReport> {
    causes
        .iter()
        .map(|c| CauseReport {
            id: c.cause,
            category: c.cause.category(),
            title: c.cause.title(),
            score: c.score,
            confidence: c.confidence,
            severity: c.severity,
            node_boost: c.node_boost,
            consequence_of: c.consequence_of,
            alternative_to: c.alternative_to.as_ref().map(|a| AlternativeReport {
                cause: a.cause,
                number: causes.iter().position(|k| k.cause == a.cause).unwrap_or(0) + 1,
                rule: a.rule.id().to_string(),
                when: a.def().when.trim().to_string(),
                check: steps.render(&Steps::alternative(a.rule.id(), c.cause), names),
            }),
            shared_on_node: None,
            findings: c
                .findings
                .iter()
                .map(|f| {
                    let def = &f.rule.def;
                    FindingReport {
                        rule: def.id.clone(),
                        severity: def.severity,
                        summary: def.summary.clone(),
                        what: def.doc.what.trim().to_string(),
                        why: def.doc.why.trim().to_string(),
                        next_steps: steps.render(&def.id, names),
                        evidence: f.evidence.clone(),
                        more_evidence: f.more_evidence,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The longest directory prefix (ending in `/`) shared by every file the report cites.
fn common_dir<'a>(vms: impl Iterator<Item = &'a VmReport>) -> String {
    let mut paths = vms.flat_map(|vm| {
        let evidence = vm
            .causes
            .iter()
            .flat_map(|c| &c.findings)
            .flat_map(|f| &f.evidence);
        std::iter::once(vm.source.as_str())
            .filter(|s| !s.is_empty())
            .chain(evidence.map(|e| e.file.as_str()))
    });
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut prefix: &str = first.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
    for path in paths {
        while !prefix.is_empty() && !path.starts_with(&format!("{prefix}/")) {
            prefix = prefix.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        }
    }
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    }
}
