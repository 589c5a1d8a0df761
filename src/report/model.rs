//! The report as data: the serialisable types every renderer reads (Markdown, HTML, JSON,
//! SARIF, JUnit), field by field in docs/report-schema.md. `build` fills them from an
//! analysis; nothing here decides anything.

use serde::Serialize;

use crate::analysis::Selection;
use crate::cause::{Category, Cause};
pub use crate::diagnosis::{
    ClusterContext, CollectionSummary, FormatCount, NodeCount, Scope, Verdict,
};
use crate::diagnostics::Warning;
use crate::evidence::Evidence;
use crate::inventory::{CollectionTimeSource, VmState};
use crate::rank::Confidence;
use crate::rules::Severity;
use crate::stuck::Alert;

/// See `Report::schema_version`.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Debug, Serialize)]
pub struct Report {
    /// The version of this report's JSON shape (docs/report-schema.md); raised when a field
    /// changes meaning or goes away, not when one is added.
    pub schema_version: u32,
    pub tool: Tool,
    pub bundle: BundleSummary,
    /// What the bundle says about the cluster it came from.
    pub cluster: ClusterContext,
    /// What the report can say, in one word.
    pub verdict: Verdict,
    /// Set when the report was limited to one VM with `--vm`.
    pub selection: Option<Selection>,
    /// Stuck VMs (by the alert's definition) first, then VMs known only from other objects.
    pub vms: Vec<VmReport>,
    /// Running VMs the alert does not count, whose operation is stuck (a hotplugged volume,
    /// a migration, syncs with virt-handler, a pause), each with its `operations`; diagnosed
    /// like `vms`, and kept apart so the alert's own figures stay as they are.
    pub stuck_operations: Vec<VmReport>,
    /// Node-level causes on nodes no reported VM links to.
    pub nodes: Vec<NodeReport>,
    /// The runbook's general steps, once for the whole report, with every name a variable
    /// and one `export` line per reported VM to set them.
    pub runbook: Runbook,
    pub warnings: Vec<Warning>,
}

/// The runbook's general diagnosis and mitigation steps.
#[derive(Debug, Serialize)]
pub struct Runbook {
    /// `export NAMESPACE=... VM=... NODE=...` for each reported VM, with its name.
    pub exports: Vec<(String, String)>,
    pub diagnosis: String,
    pub mitigation: String,
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
    /// When the input holds several collections (each analysed on its own, with its own
    /// collection time), one entry each; empty otherwise. VMs and nodes say which they are in.
    pub collections: Vec<CollectionSummary>,
    pub files: usize,
    /// The directory every cited file shares (`must-gather.local.<n>/<image-dir>/`), which
    /// Markdown and HTML state once and leave out of each citation; empty when none.
    pub cited_under: String,
    pub vms_seen: usize,
    pub vmis_seen: usize,
    pub nodes_seen: usize,
    pub stuck_on_node: usize,
    pub stuck_without_vmi: usize,
    /// Running VMs with a stuck operation (`stuck_operations`), not counted by the alert.
    pub operations_stuck: usize,
    /// VMs known only from other objects (no VirtualMachine object), whether reported or not.
    pub vms_inferred: usize,
    /// Stuck VMs per node, most first; VMs with no node are not counted here.
    pub stuck_per_node: Vec<NodeCount>,
    /// Files read, by the format that read them.
    pub read: Vec<FormatCount>,
    /// Files read but of no use to the diagnosis (documents, empty files, other kinds).
    pub not_used: usize,
    /// Files no format recognised.
    pub unrecognised: usize,
    /// VirtualMachine objects read that are not reported (`namespace/name`): not stuck.
    pub not_stuck: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct VmReport {
    /// Index into `bundle.collections` when there are several; 0 otherwise.
    pub collection: usize,
    pub namespace: String,
    pub name: String,
    /// The alert that fires for the VM; `null` when its stuck state is not proven.
    pub alert: Option<Alert>,
    /// Whether a VirtualMachine object shows the alert's definition of stuck holds.
    pub stuck_proven: bool,
    /// For a VM known only from other objects: what it was inferred from.
    pub inferred_from: Vec<String>,
    /// For a VM known only from other objects: the commands whose output would prove it.
    pub to_prove: Vec<String>,
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
    /// What happened around the VM while it was stuck, oldest first; entries a cause cites
    /// are marked `cited`.
    pub timeline: Vec<crate::timeline::Entry>,
    /// Names the bundle gave that are not valid Kubernetes names: left out of every command
    /// (a shell variable stands in), since pasted into a shell they could run as commands.
    pub unsafe_names: Vec<String>,
    /// Runbook escalation triggers that hold for this VM.
    pub escalation: Vec<String>,
    pub related_alerts: Vec<String>,
    /// For a VM of `stuck_operations`: what is stuck, longest first. Empty for the others.
    pub operations: Vec<OperationReport>,
}

/// One stuck operation of a running VM.
#[derive(Debug, Serialize)]
pub struct OperationReport {
    pub kind: crate::OperationKind,
    /// What is stuck, in a line, with the bundle's names and values.
    pub what: String,
    /// When it started (RFC 3339), if known.
    pub since: Option<String>,
    /// Seconds it has lasted before collection; absent when it could not be measured.
    pub stuck_seconds: Option<i64>,
    /// `stuck_seconds` for people, or `unknown`.
    pub stuck_for: String,
}

/// Node-level causes on a node no reported VM links to.
#[derive(Debug, Serialize)]
pub struct NodeReport {
    /// Index into `bundle.collections` when there are several; 0 otherwise.
    pub collection: usize,
    /// `node`: node-level causes on a node no reported VM links to; `input`: every cause an
    /// input that names no VM shows (named after its node when it knows exactly one).
    pub scope: Scope,
    /// `null` when the evidence (a pasted journal or dmesg) does not name its node.
    pub node: Option<String>,
    /// The most severe cause's severity.
    pub severity: Severity,
    /// For `shared`: the VMs (`namespace/name`) on the node that share these causes.
    pub vms: Vec<String>,
    pub causes: Vec<CauseReport>,
    pub escalation: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CauseReport {
    pub id: Cause,
    pub category: Category,
    pub title: &'static str,
    pub score: f64,
    pub confidence: Confidence,
    pub severity: Severity,
    pub node_boost: bool,
    /// The cause this one follows from (a virt-handler failure after its node went
    /// NotReady); it is listed right after that cause.
    pub consequence_of: Option<Cause>,
    /// Set when this cause is another reading of an earlier cause's evidence: it cites no
    /// line of its own, and says how to tell the two apart.
    pub alternative_to: Option<AlternativeReport>,
    /// Set when this node-level cause is shared by several reported VMs on the node and its
    /// findings are given once, under that node (`nodes[]` with scope `shared`).
    pub shared_on_node: Option<String>,
    pub findings: Vec<FindingReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlternativeReport {
    /// The cause listed earlier whose evidence this reads another way.
    pub cause: Cause,
    /// Its place in the list, from 1.
    pub number: usize,
    /// The rule that names this reading.
    pub rule: String,
    /// When this reading is the right one.
    pub when: String,
    /// Commands that tell the readings apart, with the VM's names filled in.
    pub check: String,
}

#[derive(Debug, Clone, Serialize)]
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

impl Report {
    /// Whether `--fail-on level` trips: a reported VM's or node's most severe cause is at
    /// least `level` (a stuck VM with no cause found counts as `warning`), or the input
    /// holds nothing to diagnose, which must not pass as a clean bill.
    /// VMs with a stuck operation count only with `include_running`: they are not what the
    /// alert fires for.
    pub fn fails_on(&self, level: Severity, include_running: bool) -> bool {
        let running = if include_running {
            &self.stuck_operations[..]
        } else {
            &[]
        };
        self.verdict == Verdict::NothingDiagnosable
            || self
                .vms
                .iter()
                .chain(running)
                .any(|vm| vm.severity >= level)
            || self.nodes.iter().any(|n| n.severity >= level)
    }
}
