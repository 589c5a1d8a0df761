//! The report as data: one serialisable model that every renderer (Markdown, JSON) reads.
//! Built from the inventory, the stuck VMs and their ranked causes; holds no clock value but
//! the bundle's own. Field by field in docs/report-schema.md.

use minijinja::{Environment, UndefinedBehavior, context};
use serde::Serialize;

use crate::cause::{Category, Cause};
use crate::diagnostics::Warning;
use crate::evidence::Evidence;
use crate::inventory::links::VmLinks;
use crate::inventory::{CollectionTimeSource, Inventory};
use crate::rank::{Confidence, Diagnosis};
use crate::rules::{RuleSet, Severity};
use crate::stuck::{Alert, Duration, StuckVm, VmState};
use crate::timestamp::human_duration;

#[derive(Debug, Serialize)]
pub struct Report {
    pub tool: Tool,
    pub bundle: BundleSummary,
    /// Set when the report was limited to one VM with `--vm`.
    pub selection: Option<Selection>,
    pub vms: Vec<VmReport>,
    pub warnings: Vec<Warning>,
}

/// The VM asked for with `--vm`, and whether it is stuck.
#[derive(Debug, Serialize)]
pub struct Selection {
    /// `namespace/name`.
    pub vm: String,
    pub stuck: bool,
    /// Its printable status.
    pub state: VmState,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    pub rules: usize,
}

#[derive(Debug, Serialize)]
pub struct BundleSummary {
    pub inputs: Vec<String>,
    /// RFC 3339, UTC; absent when no timestamp was found anywhere.
    pub collected_at: Option<String>,
    pub collected_at_source: CollectionTimeSource,
    pub files: usize,
    /// The directory every cited file shares (`must-gather.local.<n>/<image-dir>/`), which
    /// Markdown and HTML state once and leave out of each citation; empty when none.
    pub cited_under: String,
    pub vms_seen: usize,
    pub vmis_seen: usize,
    pub nodes_seen: usize,
    pub stuck_on_node: usize,
    pub stuck_without_vmi: usize,
    /// Stuck VMs per node, most first; VMs with no node are not counted here.
    pub stuck_per_node: Vec<NodeCount>,
}

#[derive(Debug, Serialize)]
pub struct NodeCount {
    pub node: String,
    pub stuck: usize,
}

#[derive(Debug, Serialize)]
pub struct VmReport {
    pub namespace: String,
    pub name: String,
    pub alert: Alert,
    /// The most severe cause's severity; `warning` (the alert's own) when no cause was found.
    pub severity: Severity,
    pub state: VmState,
    /// When the VM entered its state (RFC 3339), if known.
    pub since: Option<String>,
    /// Seconds in the state before collection; absent when it could not be measured.
    pub stuck_seconds: Option<i64>,
    /// `stuck_seconds` for people: `2h 5m`, or `unknown`.
    pub stuck_for: String,
    pub vmi_phase: Option<String>,
    pub node: Option<String>,
    pub launcher_pods: Vec<String>,
    pub handler_pods: Vec<String>,
    pub pvcs: Vec<String>,
    pub data_volumes: Vec<String>,
    pub volume_attachments: Vec<String>,
    pub migrations: Vec<String>,
    /// Where the VM's own object was read: `path:line`.
    pub source: String,
    /// Causes, most likely first; empty when no rule holds.
    pub causes: Vec<CauseReport>,
    /// The runbook's diagnosis commands with this VM's names filled in.
    pub diagnosis: String,
    /// The runbook's general mitigations, filled in likewise (a cause's own next steps come
    /// first; these are the fallbacks).
    pub mitigation: String,
    /// Data the diagnosis would use but the bundle does not hold for this VM.
    pub missing: Vec<String>,
    /// Runbook escalation triggers that hold for this VM.
    pub escalation: Vec<String>,
    pub related_alerts: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CauseReport {
    pub id: Cause,
    pub category: Category,
    pub title: &'static str,
    pub score: f64,
    pub confidence: Confidence,
    pub severity: Severity,
    pub node_boost: bool,
    pub findings: Vec<FindingReport>,
}

#[derive(Debug, Serialize)]
pub struct FindingReport {
    pub rule: String,
    pub severity: Severity,
    pub summary: String,
    pub what: String,
    pub why: String,
    /// The rule's next steps with this VM's namespace, pods and node filled in.
    pub next_steps: String,
    pub evidence: Vec<Evidence>,
    pub more_evidence: usize,
}

pub fn build(
    inputs: &[String],
    inv: &Inventory,
    stuck: &[StuckVm],
    diagnoses: &[Diagnosis],
    rules: &RuleSet,
) -> Report {
    let steps = Steps::new(rules);
    let vms: Vec<VmReport> = stuck
        .iter()
        .zip(diagnoses)
        .map(|(s, d)| vm_report(inv, s, d, rules, &steps, stuck))
        .collect();
    let mut per_node: std::collections::BTreeMap<&str, usize> = Default::default();
    for vm in &vms {
        if let Some(node) = &vm.node {
            *per_node.entry(node.as_str()).or_default() += 1;
        }
    }
    let mut stuck_per_node: Vec<NodeCount> = per_node
        .into_iter()
        .map(|(node, stuck)| NodeCount {
            node: node.to_string(),
            stuck,
        })
        .collect();
    stuck_per_node.sort_by(|a, b| b.stuck.cmp(&a.stuck).then(a.node.cmp(&b.node)));
    let mut warnings = inv.warnings.clone();
    warnings.sort();
    warnings.dedup();
    Report {
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            rules: rules.rules.len(),
        },
        bundle: BundleSummary {
            inputs: inputs.to_vec(),
            collected_at: inv.collected_at.map(|t| t.to_string()),
            collected_at_source: inv
                .collected_at_source
                .unwrap_or(CollectionTimeSource::Unknown),
            files: inv.files.len(),
            cited_under: common_dir(&vms),
            vms_seen: inv.vms.len(),
            vmis_seen: inv.vmis.len(),
            nodes_seen: inv.nodes.len(),
            stuck_on_node: vms
                .iter()
                .filter(|v| v.alert == Alert::VirtualMachineStuckOnNode)
                .count(),
            stuck_without_vmi: vms
                .iter()
                .filter(|v| v.alert == Alert::VirtualMachineStuckInUnhealthyState)
                .count(),
            stuck_per_node,
        },
        selection: None,
        vms,
        warnings,
    }
}

const DIAGNOSIS: &str = include_str!("../../templates/diagnosis.sh.j2");
const MITIGATION: &str = include_str!("../../templates/mitigation.sh.j2");

/// Placeholders where the bundle did not say: the reader sees what to fill in.
fn or_placeholder(value: Option<String>, placeholder: &str) -> String {
    value
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| placeholder.to_string())
}

fn next_steps_context(inv: &Inventory, links: &VmLinks) -> minijinja::Value {
    let vm = &inv.vms[links.vm];
    let handler = links.handler_pods.first().map(|&i| &inv.pods[i].metadata);
    let handler_namespace = handler
        .map(|m| m.namespace.clone())
        .or_else(|| inv.kubevirt_namespaces.first().cloned());
    context! {
        namespace => &vm.metadata.namespace,
        vm => &vm.metadata.name,
        vmi => links.vmi.map(|i| inv.vmis[i].metadata.name.clone()).unwrap_or_else(|| vm.metadata.name.clone()),
        node => or_placeholder(links.node.clone(), "<node-name>"),
        launcher_pod => or_placeholder(links.launcher_pods.first().map(|&i| inv.pods[i].metadata.name.clone()), "<virt-launcher-pod>"),
        handler_pod => or_placeholder(handler.map(|m| m.name.clone()), "<virt-handler-pod>"),
        handler_namespace => or_placeholder(handler_namespace, "$NAMESPACE"),
        pvcs => links.pvcs.iter().map(|&i| inv.pvcs[i].metadata.name.clone()).collect::<Vec<_>>(),
        volume_attachments => links.volume_attachments.iter().map(|&i| inv.volume_attachments[i].metadata.name.clone()).collect::<Vec<_>>(),
    }
}

/// The step templates of a report, each compiled once: the runbook's diagnosis and mitigation
/// commands and every rule's next steps (by rule id).
struct Steps<'a> {
    env: Environment<'a>,
}

impl<'a> Steps<'a> {
    fn new(rules: &'a RuleSet) -> Steps<'a> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Rules are checked at load time, so these compile; a failure shows when rendering.
        let _ = env.add_template("runbook:diagnosis", DIAGNOSIS);
        let _ = env.add_template("runbook:mitigation", MITIGATION);
        for rule in &rules.rules {
            let _ = env.add_template(&rule.def.id, &rule.def.doc.next_steps);
        }
        Steps { env }
    }

    fn render(&self, name: &str, ctx: &minijinja::Value) -> String {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(text) => text.trim_end().to_string(),
            // A bug worth seeing in the report, not hiding.
            Err(e) => format!("(steps could not be filled in: {e})"),
        }
    }
}

fn vm_report(
    inv: &Inventory,
    s: &StuckVm,
    d: &Diagnosis,
    rules: &RuleSet,
    steps: &Steps,
    all: &[StuckVm],
) -> VmReport {
    let links = &inv.links.vms[s.vm];
    let vm = &inv.vms[s.vm];
    let names = |idx: &[usize], name: &dyn Fn(usize) -> String| -> Vec<String> {
        let mut v: Vec<String> = idx.iter().map(|&i| name(i)).collect();
        v.dedup();
        v
    };
    let stuck_seconds = match s.duration {
        Duration::Measured(secs) => Some(secs),
        Duration::Unmeasured => None,
    };
    let ctx = next_steps_context(inv, links);
    let causes: Vec<CauseReport> = d
        .causes
        .iter()
        .map(|c| CauseReport {
            id: c.cause,
            category: c.cause.category(),
            title: c.cause.title(),
            score: c.score,
            confidence: c.confidence,
            severity: c.severity,
            node_boost: c.node_boost,
            findings: c
                .findings
                .iter()
                .map(|f| {
                    let doc = rules.get(&f.rule).map(|r| &r.def.doc);
                    FindingReport {
                        rule: f.rule.clone(),
                        severity: f.severity,
                        summary: f.summary.clone(),
                        what: doc.map(|d| d.what.trim().to_string()).unwrap_or_default(),
                        why: doc.map(|d| d.why.trim().to_string()).unwrap_or_default(),
                        next_steps: steps.render(&f.rule, &ctx),
                        evidence: f.evidence.clone(),
                        more_evidence: f.more_evidence,
                    }
                })
                .collect(),
        })
        .collect();
    let node = links.node.clone();
    let same_node = node
        .as_deref()
        .map(|n| {
            all.iter()
                .filter(|o| inv.links.vms[o.vm].node.as_deref() == Some(n))
                .count()
        })
        .unwrap_or(0);
    let has = |c: Cause| causes.iter().any(|r| r.id == c);
    let mut escalation = Vec::new();
    if same_node >= 2 {
        escalation.push(format!(
            "{same_node} stuck VMs on node {}: several VMs affected on the same node",
            node.as_deref().unwrap_or("")
        ));
    }
    if has(Cause::VirtHandlerFailure) {
        escalation.push("a malfunction of KubeVirt components (virt-handler) is suspected".into());
    }
    if has(Cause::NodeNotReady) || has(Cause::ContainerRuntimeFailure) {
        escalation.push("node-level problem that may need a node reboot".into());
    }
    if causes.is_empty() {
        escalation.push(
            "no cause found in the bundle: collect the virt-launcher compute log, the virt-handler log of the node and the namespace events, or escalate".into(),
        );
    }
    let missing = missing_data(inv, links, s.alert);
    let mut related_alerts = Vec::new();
    if s.alert == Alert::VirtualMachineStuckInUnhealthyState {
        related_alerts.push("VirtualMachineStuckInUnhealthyState".to_string());
    }
    if has(Cause::VirtHandlerFailure) {
        related_alerts.push("VirtHandlerDown".to_string());
        related_alerts.push("OrphanedVirtualMachineInstances".to_string());
    }
    VmReport {
        namespace: vm.metadata.namespace.clone(),
        name: vm.metadata.name.clone(),
        alert: s.alert,
        severity: causes
            .iter()
            .map(|c| c.severity)
            .max()
            .unwrap_or(Severity::Warning),
        state: s.state.clone(),
        since: s.since.map(|t| t.to_string()),
        stuck_seconds,
        stuck_for: stuck_seconds
            .map(human_duration)
            .unwrap_or_else(|| "unknown".into()),
        vmi_phase: links
            .vmi
            .map(|i| inv.vmis[i].status.phase.clone())
            .filter(|p| !p.is_empty()),
        node,
        launcher_pods: names(&links.launcher_pods, &|i| inv.pods[i].metadata.name.clone()),
        handler_pods: names(&links.handler_pods, &|i| {
            let m = &inv.pods[i].metadata;
            format!("{}/{}", m.namespace, m.name)
        }),
        pvcs: names(&links.pvcs, &|i| inv.pvcs[i].metadata.name.clone()),
        data_volumes: names(&links.data_volumes, &|i| {
            inv.data_volumes[i].metadata.name.clone()
        }),
        volume_attachments: names(&links.volume_attachments, &|i| {
            inv.volume_attachments[i].metadata.name.clone()
        }),
        migrations: names(&links.migrations, &|i| {
            inv.migrations[i].metadata.name.clone()
        }),
        source: format!("{}:{}", inv.path(vm.origin.file), vm.origin.line),
        diagnosis: steps.render("runbook:diagnosis", &ctx),
        mitigation: steps.render("runbook:mitigation", &ctx),
        causes,
        missing,
        escalation,
        related_alerts,
    }
}

/// What the bundle lacks for this VM, so a reader knows what "no cause found" (or a thin
/// finding) rests on, and what to collect next.
fn missing_data(inv: &Inventory, links: &VmLinks, alert: Alert) -> Vec<String> {
    let mut out = Vec::new();
    if alert == Alert::VirtualMachineStuckOnNode {
        if links.launcher_pods.is_empty() {
            out.push("no virt-launcher pod".to_string());
        } else if links.launcher_logs.is_empty() {
            out.push("no virt-launcher compute log".to_string());
        }
    }
    match &links.node {
        None if alert == Alert::VirtualMachineStuckOnNode => {
            out.push("no node known for the VM".to_string())
        }
        None => {}
        Some(node) => {
            if links.node_object.is_none() {
                out.push(format!("no Node object for {node}"));
            }
            if links.handler_pods.is_empty() {
                out.push(format!("no virt-handler pod for {node}"));
            } else if links.handler_logs.is_empty() {
                out.push(format!("no virt-handler log for {node}"));
            }
        }
    }
    if links.events.is_empty() {
        out.push("no events about the VM, its VMI or pods".to_string());
    }
    if inv.collected_at.is_none() {
        out.push("no timestamp anywhere: durations unknown".to_string());
    }
    out
}

/// The longest directory prefix (ending in `/`) shared by every file the report cites.
fn common_dir(vms: &[VmReport]) -> String {
    let mut paths = vms.iter().flat_map(|vm| {
        let evidence = vm
            .causes
            .iter()
            .flat_map(|c| &c.findings)
            .flat_map(|f| &f.evidence);
        std::iter::once(vm.source.as_str()).chain(evidence.map(|e| e.file.as_str()))
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
