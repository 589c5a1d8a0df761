//! The diagnosis of each stuck VM: its ranked causes plus the runbook's policy around them:
//! when to escalate, which related alerts apply, what the bundle lacks to be sure, and the
//! real names the runbook's commands are filled with.

mod facts;
mod overview;

use serde::Serialize;

pub(crate) use facts::VmFacts;
pub use overview::{ClusterContext, CollectionSummary, FormatCount, NodeCount, Verdict};
pub(crate) use overview::{Collection, Overview, SharedNode};

use crate::cause::Cause;
use crate::inventory::Inventory;
use crate::inventory::links::VmLinks;
use crate::rank::RankedCause;
// The names live with the rules, whose next steps are templates over them and whose tests
// check those templates; the diagnosis fills them in.
pub(crate) use crate::rules::names::{Names, Variable};
use crate::stuck::{Alert, StuckVm};

/// Everything the report says about one stuck VM.
#[derive(Debug, Clone)]
pub(crate) struct Diagnosis {
    pub(crate) stuck: StuckVm,
    /// Most likely first; empty when no rule holds.
    pub(crate) causes: Vec<RankedCause>,
    /// Runbook escalation triggers that hold.
    pub(crate) escalation: Vec<String>,
    pub(crate) related_alerts: Vec<String>,
    /// Data the diagnosis would use but the bundle does not hold.
    pub(crate) missing: Vec<String>,
    /// The names the runbook's and the rules' commands are filled with.
    pub(crate) names: Names,
    /// For a VM known only from other objects: what it was inferred from, and the commands
    /// whose output would prove (or refute) that it is stuck.
    pub(crate) inferred_from: Vec<String>,
    pub(crate) to_prove: Vec<String>,
    /// What happened around the VM while it was stuck, oldest first.
    pub(crate) timeline: Vec<crate::timeline::Entry>,
    /// Its VMI, node, pods and volumes, by name, as the report shows them.
    pub(crate) facts: VmFacts,
}

/// What a diagnosis that is not a VM's looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A node no reported VM links to: only its node-level causes.
    Node,
    /// The whole input, which names no VM: every cause it shows.
    Input,
    /// A node several reported VMs are on: the node-level causes they share, said once.
    Shared,
    /// Lines no reported VM or node took whose message the catalog knows: the causes they
    /// show, so that a known message is never dropped.
    Unplaced,
}

/// Causes found on a node no reported VM links to, or in an input that names no VM.
#[derive(Debug, Clone)]
pub(crate) struct NodeDiagnosis {
    pub(crate) scope: Scope,
    /// `None` when the evidence (a pasted journal or dmesg) does not name its node.
    pub(crate) node: Option<String>,
    pub(crate) causes: Vec<RankedCause>,
    pub(crate) escalation: Vec<String>,
    pub(crate) names: Names,
}

/// Whether `name` is a valid Kubernetes object name (DNS-1123 subdomain: lower-case letters,
/// digits, `-` and `.`, starting and ending with a letter or digit, at most 253): only such
/// names go into a command unquoted.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric()
}

/// Pairs each stuck VM with its ranked causes and applies the runbook's policy.
pub(crate) fn diagnose(
    inv: &Inventory,
    ranked: Vec<(StuckVm, Vec<RankedCause>)>,
) -> Vec<Diagnosis> {
    let per_node = |node: &str| {
        ranked
            .iter()
            .filter(|(o, _)| inv.links.vms[o.vm].node.as_deref() == Some(node))
            .count()
    };
    let same_node: Vec<usize> = ranked
        .iter()
        .map(|(s, _)| inv.links.vms[s.vm].node.as_deref().map_or(0, per_node))
        .collect();
    ranked
        .into_iter()
        .zip(same_node)
        .map(|((s, causes), same_node)| {
            let links = &inv.links.vms[s.vm];
            let has = |c: Cause| causes.iter().any(|r| r.cause == c);
            let mut escalation = Vec::new();
            if same_node >= 2 {
                escalation.push(format!(
                    "{same_node} stuck VMs on node {}: several VMs affected on the same node",
                    links.node.as_deref().unwrap_or("")
                ));
            }
            if has(Cause::VirtHandlerFailure) {
                escalation
                    .push("a malfunction of KubeVirt components (virt-handler) is suspected".into());
            }
            if has(Cause::NodeNotReady) || has(Cause::ContainerRuntimeFailure) {
                escalation.push("node-level problem that may need a node reboot".into());
            }
            if causes.is_empty() {
                escalation.push(
                    "no cause found in the bundle: collect the virt-launcher compute log, the virt-handler log of the node and the namespace events, or escalate".into(),
                );
            }
            let mut related_alerts = Vec::new();
            if s.alert == Some(Alert::VirtualMachineStuckInUnhealthyState) {
                related_alerts.push("VirtualMachineStuckInUnhealthyState".to_string());
            }
            if has(Cause::VirtHandlerFailure) {
                related_alerts.push("VirtHandlerDown".to_string());
                related_alerts.push("OrphanedVirtualMachineInstances".to_string());
            }
            let vm = &inv.vms[s.vm];
            let names = names(inv, links);
            // Names the bundle gave in a form unsafe in a shell are variables here too.
            let to_prove = if vm.inferred.is_empty() {
                Vec::new()
            } else {
                let (name, ns) = (&names.vm, &names.namespace);
                vec![
                    format!("kubectl get vm {name} -n {ns} -o yaml"),
                    format!("kubectl get vmi {name} -n {ns} -o yaml"),
                ]
            };
            Diagnosis {
                timeline: crate::timeline::of_vm(inv, &s, &causes),
                facts: VmFacts::of(inv, &s),
                missing: missing_data(inv, links, s.alert),
                names,
                inferred_from: vm.inferred.clone(),
                to_prove,
                stuck: s,
                causes,
                escalation,
                related_alerts,
            }
        })
        .collect()
}

/// Fills names in, each from the bundle when it gave a valid one, else as its variable.
struct Filler {
    variables: Vec<Variable>,
    refused: Vec<String>,
}

impl Filler {
    fn fill(&mut self, value: Option<&str>, variable: Variable) -> String {
        match value.filter(|v| !v.is_empty()) {
            Some(v) if valid_name(v) => v.to_string(),
            other => {
                if let Some(bad) = other {
                    self.refused.push(bad.to_string());
                }
                self.add(variable);
                format!("${{{}}}", variable.name())
            }
        }
    }

    fn add(&mut self, variable: Variable) {
        if !self.variables.contains(&variable) {
            self.variables.push(variable);
        }
    }
}

fn names(inv: &Inventory, links: &VmLinks) -> Names {
    let vm = links.vm.map(|i| &inv.vms[i].metadata);
    let vmi = links.vmi.map(|i| &inv.vmis[i]);
    let handler = links.handler_pods.first().map(|&i| &inv.pods[i].metadata);
    let handler_namespace = handler
        .map(|m| m.namespace.clone())
        .or_else(|| inv.kubevirt_namespaces.first().cloned());
    let mut f = Filler {
        variables: Vec::new(),
        refused: Vec::new(),
    };
    let namespace = f.fill(vm.map(|m| m.namespace.as_str()), Variable::Namespace);
    let vm_name = f.fill(vm.map(|m| m.name.as_str()), Variable::Vm);
    let vmi_name = match vmi.map(|v| v.metadata.name.as_str()) {
        Some(name) if valid_name(name) => name.to_string(),
        _ => vm_name.clone(),
    };
    let node = f.fill(links.node.as_deref(), Variable::Node);
    let launcher_pod = f.fill(
        links
            .launcher_pods
            .first()
            .map(|&i| inv.pods[i].metadata.name.as_str()),
        Variable::LauncherPod,
    );
    let handler_namespace = f.fill(handler_namespace.as_deref(), Variable::KubevirtNamespace);
    let handler_pod = f.fill(handler.map(|m| m.name.as_str()), Variable::HandlerPod);
    // A variable's export line may use others; those come first in this order.
    f.variables.sort();
    let valid = |names: Vec<String>, refused: &mut Vec<String>| -> Vec<String> {
        let (ok, bad): (Vec<String>, Vec<String>) = names.into_iter().partition(|n| valid_name(n));
        refused.extend(bad);
        ok
    };
    let pvcs = valid(
        links
            .pvcs
            .iter()
            .map(|&i| inv.pvcs[i].metadata.name.clone())
            .collect(),
        &mut f.refused,
    );
    let volume_attachments = valid(
        links
            .volume_attachments
            .iter()
            .map(|&i| inv.volume_attachments[i].metadata.name.clone())
            .collect(),
        &mut f.refused,
    );
    Names {
        namespace,
        vm: vm_name,
        vmi: vmi_name,
        node,
        launcher_pod,
        handler_pod,
        handler_namespace,
        pvcs,
        volume_attachments,
        has_vmi: vmi.is_some(),
        vmi_running: vmi.is_some_and(|v| v.status.phase == "Running"),
        variables: f.variables,
        refused: f.refused,
    }
}

/// What the bundle lacks for this VM, so a reader knows what "no cause found" (or a thin
/// finding) rests on, and what to collect next.
fn missing_data(inv: &Inventory, links: &VmLinks, alert: Option<Alert>) -> Vec<String> {
    let mut out = Vec::new();
    // Known only from other objects (a running VM with a stuck operation has its own).
    if links.vm.is_some_and(|i| !inv.vms[i].inferred.is_empty()) {
        out.push("no VirtualMachine object: its stuck state is not proven".to_string());
    }
    let on_node = alert != Some(Alert::VirtualMachineStuckInUnhealthyState);
    if on_node {
        if links.launcher_pods.is_empty() {
            out.push("no virt-launcher pod".to_string());
        } else if links.launcher_logs.is_empty() {
            out.push("no virt-launcher compute log".to_string());
        }
    }
    match &links.node {
        None if on_node => out.push("no node known for the VM".to_string()),
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

/// Node-level causes per node, for the nodes no reported VM links to; nodes without any are
/// left out.
pub(crate) fn diagnose_nodes(
    inv: &Inventory,
    nodes: Vec<(&VmLinks, Vec<RankedCause>, Scope)>,
) -> Vec<NodeDiagnosis> {
    nodes
        .into_iter()
        .map(|(links, causes, scope)| {
            let causes: Vec<RankedCause> = causes
                .into_iter()
                .filter(|c| {
                    matches!(scope, Scope::Input | Scope::Unplaced) || c.cause.is_node_level()
                })
                .collect();
            let mut escalation = Vec::new();
            if causes.iter().any(|c| {
                matches!(
                    c.cause,
                    Cause::NodeNotReady | Cause::ContainerRuntimeFailure
                )
            }) {
                escalation.push("node-level problem that may need a node reboot".into());
            }
            if causes.iter().any(|c| c.cause == Cause::VirtHandlerFailure) {
                escalation.push(
                    "a malfunction of KubeVirt components (virt-handler) is suspected".into(),
                );
            }
            NodeDiagnosis {
                scope,
                node: links.node.clone(),
                causes,
                escalation,
                names: names(inv, links),
            }
        })
        .filter(|n| !n.causes.is_empty())
        .collect()
}
