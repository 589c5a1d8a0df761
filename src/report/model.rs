//! The report as data: one serialisable model that every renderer (Markdown, JSON) reads.
//! Built from the inventory, the stuck VMs and their ranked causes; holds no clock value but
//! the bundle's own. Field by field in docs/report-schema.md.

use serde::Serialize;

use super::steps::{Cli, Steps};
use crate::analysis::{Analysis, Selection};
use crate::cause::{Category, Cause};
pub use crate::diagnosis::Scope;
use crate::diagnosis::{Diagnosis, Names};
use crate::diagnostics::Warning;
use crate::evidence::Evidence;
use crate::inventory::{CollectionTimeSource, FileKind, Inventory};
use crate::rank::{Confidence, RankedCause};
use crate::rules::Severity;
use crate::stuck::{Alert, Duration, VmState};
use crate::timestamp::human_duration;

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

/// What the bundle says about the cluster it came from.
#[derive(Debug, Serialize)]
pub struct ClusterContext {
    /// KubeVirt's version: the KubeVirt resource's `observedKubeVirtVersion`, else the tag of
    /// a virt-launcher or virt-handler image.
    pub kubevirt_version: Option<String>,
    /// The OpenShift Virtualization (CNV) operator's version, from its `HyperConverged`
    /// resource.
    pub cnv_version: Option<String>,
    /// The must-gather image's directory (`quay-io-kubevirt-must-gather-sha256-...`).
    pub must_gather_image: Option<String>,
    pub nodes: usize,
}

/// The runbook's general diagnosis and mitigation steps.
#[derive(Debug, Serialize)]
pub struct Runbook {
    /// `export NAMESPACE=... VM=... NODE=...` for each reported VM, with its name.
    pub exports: Vec<(String, String)>,
    pub diagnosis: String,
    pub mitigation: String,
}

/// What the report can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Some VM is stuck by the alert's definition.
    Stuck,
    /// No VM is proven stuck, but VMs known only from other objects, or node-level causes,
    /// are reported.
    Unproven,
    /// No VM is stuck by the alert's definition, but a running VM has a stuck operation.
    OperationStuck,
    /// VirtualMachine objects were read and none is stuck; nothing else was found.
    AllClear,
    /// No VirtualMachine object was read, no VM could be inferred and no node-level cause was
    /// found: the input cannot answer the question.
    NothingDiagnosable,
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

/// One of several collections in the input (two must-gathers in one case directory).
#[derive(Debug, Serialize)]
pub struct CollectionSummary {
    /// Its top directory.
    pub name: String,
    pub collected_at: Option<String>,
    pub collected_at_source: CollectionTimeSource,
}

#[derive(Debug, Serialize)]
pub struct FormatCount {
    pub format: &'static str,
    pub files: usize,
}

#[derive(Debug, Serialize)]
pub struct NodeCount {
    pub node: String,
    pub stuck: usize,
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

pub(crate) fn build(analysis: &Analysis, cli: Cli) -> Report {
    let rules = &analysis.rules;
    let steps = Steps::new(rules, cli);
    let several = analysis.collections.len() > 1;
    let mut vms: Vec<VmReport> = Vec::new();
    let mut stuck_operations: Vec<VmReport> = Vec::new();
    let mut nodes: Vec<NodeReport> = Vec::new();
    for (index, c) in analysis.collections.iter().enumerate() {
        let inv = &c.inventory;
        vms.extend(c.diagnoses.iter().map(|d| VmReport {
            collection: index,
            ..vm_report(inv, d, &steps)
        }));
        stuck_operations.extend(c.operations.iter().map(|d| VmReport {
            collection: index,
            ..vm_report(inv, d, &steps)
        }));
        nodes.extend(c.nodes.iter().map(|n| {
            NodeReport {
                collection: index,
                scope: n.scope,
                node: n.node.clone(),
                severity: n
                    .causes
                    .iter()
                    .map(|c| c.severity)
                    .max()
                    .unwrap_or(Severity::Info),
                vms: Vec::new(),
                causes: cause_reports(&n.causes, &n.names, &steps),
                escalation: n.escalation.clone(),
            }
        }));
    }
    nodes.splice(0..0, shared_node_causes(&mut vms));
    let inventories = || analysis.collections.iter().map(|c| &c.inventory);
    let all_vms = || inventories().flat_map(|i| &i.vms);
    let verdict = if vms.iter().any(|v| v.stuck_proven) {
        Verdict::Stuck
    } else if !stuck_operations.is_empty() {
        Verdict::OperationStuck
    } else if !vms.is_empty() || !nodes.is_empty() {
        Verdict::Unproven
    } else if all_vms().any(|v| v.inferred.is_empty()) {
        Verdict::AllClear
    } else {
        Verdict::NothingDiagnosable
    };
    let mut read: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let (mut not_used, mut unrecognised) = (0, 0);
    // Every collection keeps the whole file table; count each file once, in its own.
    let files = analysis
        .collections
        .first()
        .map(|c| c.inventory.files.as_slice())
        .unwrap_or_default();
    for f in files {
        match f.kind {
            FileKind::Read(format) => *read.entry(format).or_default() += 1,
            FileKind::NotUsed => not_used += 1,
            FileKind::Unrecognised => unrecognised += 1,
        }
    }
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
    let mut warnings: Vec<Warning> = inventories().flat_map(|i| i.warnings.clone()).collect();
    warnings.sort();
    warnings.dedup();
    let first = analysis.collections.first().map(|c| &c.inventory);
    let mut not_stuck: Vec<String> = inventories()
        .flat_map(|i| &i.vms)
        .filter(|v| v.inferred.is_empty())
        .map(|v| format!("{}/{}", v.metadata.namespace, v.metadata.name))
        .filter(|name| {
            !vms.iter()
                .chain(&stuck_operations)
                .any(|r| format!("{}/{}", r.namespace, r.name) == *name)
        })
        .collect();
    not_stuck.sort();
    not_stuck.dedup();
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            rules: rules.len(),
        },
        bundle: BundleSummary {
            inputs: analysis.inputs.clone(),
            // Several collections have a time each, listed under `collections`.
            collected_at: first
                .filter(|_| !several)
                .and_then(|i| i.collected_at)
                .map(|t| t.to_string()),
            collected_at_source: first
                .filter(|_| !several)
                .and_then(|i| i.collected_at_source)
                .unwrap_or(CollectionTimeSource::Unknown),
            collections: if several {
                analysis
                    .collections
                    .iter()
                    .map(|c| CollectionSummary {
                        name: c.inventory.name.clone(),
                        collected_at: c.inventory.collected_at.map(|t| t.to_string()),
                        collected_at_source: c
                            .inventory
                            .collected_at_source
                            .unwrap_or(CollectionTimeSource::Unknown),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            files: files.len(),
            cited_under: common_dir(vms.iter().chain(&stuck_operations)),
            vms_seen: all_vms().filter(|v| v.inferred.is_empty()).count(),
            vmis_seen: inventories().map(|i| i.vmis.len()).sum(),
            nodes_seen: inventories().map(|i| i.nodes.len()).sum(),
            stuck_on_node: vms
                .iter()
                .filter(|v| v.alert == Some(Alert::VirtualMachineStuckOnNode))
                .count(),
            stuck_without_vmi: vms
                .iter()
                .filter(|v| v.alert == Some(Alert::VirtualMachineStuckInUnhealthyState))
                .count(),
            operations_stuck: stuck_operations.len(),
            vms_inferred: all_vms().filter(|v| !v.inferred.is_empty()).count(),
            stuck_per_node,
            read: read
                .into_iter()
                .map(|(format, files)| FormatCount { format, files })
                .collect(),
            not_used,
            unrecognised,
            not_stuck,
        },
        cluster: cluster_context(analysis),
        verdict,
        selection: analysis.selection.clone(),
        runbook: Runbook {
            exports: analysis
                .collections
                .iter()
                .flat_map(|c| c.diagnoses.iter().chain(&c.operations))
                .map(|d| {
                    let vm = &d.names;
                    (format!("{}/{}", vm.namespace, vm.vm), vm.export_line())
                })
                .collect(),
            diagnosis: steps.render("runbook:diagnosis", &Names::generic()),
            mitigation: steps.render("runbook:mitigation", &Names::generic()),
        },
        vms,
        stuck_operations,
        nodes,
        warnings,
    }
}

fn cluster_context(analysis: &Analysis) -> ClusterContext {
    let inventories = || analysis.collections.iter().map(|c| &c.inventory);
    // An image tag that is a version: `quay.io/kubevirt/virt-launcher:v1.2.0`.
    let image_version = || {
        inventories()
            .flat_map(|i| &i.pods)
            .filter(|p| {
                p.metadata.name.starts_with("virt-launcher-")
                    || p.metadata.name.starts_with("virt-handler-")
            })
            .flat_map(|p| &p.status.container_statuses)
            .find_map(|c| {
                let (_, tag) = c.image.rsplit_once(':')?;
                (tag.starts_with('v') && tag[1..].starts_with(|ch: char| ch.is_ascii_digit()))
                    .then(|| tag.to_string())
            })
    };
    let must_gather_image = inventories().flat_map(|i| &i.files).find_map(|f| {
        let mut parts = f.path.split('/');
        let root = parts.find(|p| p.starts_with("must-gather.local."))?;
        let image = parts.next().filter(|p| p.contains("must-gather"))?;
        (!root.is_empty()).then(|| image.to_string())
    });
    ClusterContext {
        kubevirt_version: inventories()
            .find_map(|i| i.kubevirt_version.clone())
            .or_else(image_version),
        cnv_version: inventories().find_map(|i| i.hco_version.clone()),
        must_gather_image,
        nodes: inventories().map(|i| i.nodes.len()).sum(),
    }
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

fn vm_report(inv: &Inventory, d: &Diagnosis, steps: &Steps) -> VmReport {
    let s = &d.stuck;
    let links = &inv.links.vms[s.vm];
    let vm = &inv.vms[s.vm];
    let names = |idx: &[usize], name: &dyn Fn(usize) -> String| -> Vec<String> {
        let mut v: Vec<String> = idx.iter().map(|&i| name(i)).collect();
        v.dedup();
        v
    };
    let (stuck_seconds, stuck_for) = for_people(s.duration);
    let causes = cause_reports(&d.causes, &d.names, steps);
    // A stuck VM (or operation) with no cause found is at the alert's own severity; an
    // unproven one is not.
    let floor = (s.alert.is_some() || !s.operations.is_empty()).then_some(Severity::Warning);
    VmReport {
        collection: 0,
        namespace: vm.metadata.namespace.clone(),
        name: vm.metadata.name.clone(),
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
        // An inferred VM was not read from anywhere of its own.
        source: if vm.inferred.is_empty() {
            format!("{}:{}", inv.path(vm.origin.file), vm.origin.line)
        } else {
            String::new()
        },
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

/// The node-level causes several reported VMs on one node share, each given once under the
/// node (taken from the first VM that has it) and marked in each VM's list.
fn shared_node_causes(vms: &mut [VmReport]) -> Vec<NodeReport> {
    let mut out: Vec<NodeReport> = Vec::new();
    let mut keys: Vec<(usize, String, Cause)> = Vec::new();
    for vm in vms.iter() {
        let Some(node) = &vm.node else { continue };
        // An alternative reading stays with the VM whose evidence it reads.
        let shareable = vm
            .causes
            .iter()
            .filter(|c| c.id.is_node_level() && c.alternative_to.is_none());
        for c in shareable {
            keys.push((vm.collection, node.clone(), c.id));
        }
    }
    keys.sort();
    let mut shared: Vec<(usize, String, Cause)> = Vec::new();
    for pair in keys.windows(2) {
        if pair[0] == pair[1] && shared.last() != Some(&pair[0]) {
            shared.push(pair[0].clone());
        }
    }
    for (collection, node, cause) in shared {
        let report = out
            .iter()
            .position(|n| n.collection == collection && n.node.as_deref() == Some(&node))
            .unwrap_or_else(|| {
                out.push(NodeReport {
                    collection,
                    scope: Scope::Shared,
                    node: Some(node.clone()),
                    severity: Severity::Info,
                    vms: Vec::new(),
                    causes: Vec::new(),
                    escalation: Vec::new(),
                });
                out.len() - 1
            });
        for vm in vms.iter_mut() {
            if vm.collection != collection || vm.node.as_deref() != Some(&node) {
                continue;
            }
            let Some(c) = vm.causes.iter_mut().find(|c| c.id == cause) else {
                continue;
            };
            let n = &mut out[report];
            if !n.causes.iter().any(|k| k.id == cause) {
                n.causes.push(c.clone());
                n.severity = n.severity.max(c.severity);
            }
            let name = format!("{}/{}", vm.namespace, vm.name);
            if !n.vms.contains(&name) {
                n.vms.push(name);
            }
            c.shared_on_node = Some(node.clone());
        }
    }
    for n in &mut out {
        n.vms.sort();
        if n.causes
            .iter()
            .any(|c| matches!(c.id, Cause::NodeNotReady | Cause::ContainerRuntimeFailure))
        {
            n.escalation
                .push("node-level problem that may need a node reboot".into());
        }
        n.escalation.push(format!(
            "{} stuck VMs on node {}: several VMs affected on the same node",
            n.vms.len(),
            n.node.as_deref().unwrap_or("")
        ));
    }
    out
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
