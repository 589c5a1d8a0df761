//! The report as data: one serialisable model that every renderer (Markdown, JSON) reads.
//! Built from the inventory and the stuck VMs; holds no clock value but the bundle's own.

use serde::Serialize;

use crate::diagnostics::Warning;
use crate::inventory::{CollectionTimeSource, Inventory};
use crate::stuck::{Alert, Duration, StuckVm, VmState};
use crate::timestamp::human_duration;

#[derive(Debug, Serialize)]
pub struct Report {
    pub tool: Tool,
    pub bundle: BundleSummary,
    pub vms: Vec<VmReport>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct BundleSummary {
    pub inputs: Vec<String>,
    /// RFC 3339, UTC; absent when no timestamp was found anywhere.
    pub collected_at: Option<String>,
    pub collected_at_source: CollectionTimeSource,
    pub files: usize,
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
}

pub fn build(inputs: &[String], inv: &Inventory, stuck: &[StuckVm]) -> Report {
    let vms: Vec<VmReport> = stuck.iter().map(|s| vm_report(inv, s)).collect();
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
        },
        bundle: BundleSummary {
            inputs: inputs.to_vec(),
            collected_at: inv.collected_at.map(|t| t.to_string()),
            collected_at_source: inv
                .collected_at_source
                .unwrap_or(CollectionTimeSource::Unknown),
            files: inv.files.len(),
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
        vms,
        warnings,
    }
}

fn vm_report(inv: &Inventory, s: &StuckVm) -> VmReport {
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
    VmReport {
        namespace: vm.metadata.namespace.clone(),
        name: vm.metadata.name.clone(),
        alert: s.alert,
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
        node: links.node.clone(),
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
    }
}
