//! What a whole run amounts to, decided once from every collection's diagnoses: the verdict,
//! the node-level causes several reported VMs on one node share, the VMs read that are not
//! stuck, the stuck VMs per node, what was read, and what the bundle says of its cluster.
//! The report only lays these out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Diagnosis, NodeDiagnosis};
use crate::cause::Cause;
use crate::diagnostics::Warning;
use crate::inventory::{CollectionTimeSource, FileKind, Inventory};

/// One collection: what was read in it, and what was found.
#[derive(Debug)]
pub(crate) struct Collection {
    pub(crate) inventory: Inventory,
    pub(crate) diagnoses: Vec<Diagnosis>,
    /// Running VMs the alert does not count, with a stuck operation (`stuck::operations`).
    pub(crate) operations: Vec<Diagnosis>,
    /// Node-level causes on nodes no reported VM links to.
    pub(crate) nodes: Vec<NodeDiagnosis>,
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

/// What the bundle says about the cluster it came from.
#[derive(Debug, Clone, Serialize)]
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

/// One of several collections in the input (two must-gathers in one case directory).
#[derive(Debug, Clone, Serialize)]
pub struct CollectionSummary {
    /// Its top directory.
    pub name: String,
    pub collected_at: Option<String>,
    pub collected_at_source: CollectionTimeSource,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormatCount {
    pub format: &'static str,
    pub files: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeCount {
    pub node: String,
    pub stuck: usize,
}

/// A node several reported VMs are on, with the node-level causes they share: said once,
/// under the node.
#[derive(Debug, Clone)]
pub(crate) struct SharedNode {
    pub(crate) collection: usize,
    pub(crate) node: String,
    /// Each shared cause, with the index (in its collection's `diagnoses`) of the first VM
    /// that has it: its findings are the ones shown under the node.
    pub(crate) causes: Vec<(Cause, usize)>,
    /// `namespace/name` of the VMs that share them, sorted.
    pub(crate) vms: Vec<String>,
    pub(crate) escalation: Vec<String>,
}

/// Files of the bundle by what became of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileCounts {
    pub(crate) total: usize,
    pub(crate) read: Vec<FormatCount>,
    pub(crate) not_used: usize,
    pub(crate) unrecognised: usize,
}

/// How many objects of the kinds the report counts were read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Seen {
    pub(crate) vms: usize,
    pub(crate) vmis: usize,
    pub(crate) nodes: usize,
    /// VMs known only from other objects, whether reported or not.
    pub(crate) inferred: usize,
}

/// When the bundle was collected: one time, or one per collection when there are several.
#[derive(Debug, Clone)]
pub(crate) struct Collected {
    pub(crate) at: Option<String>,
    pub(crate) source: CollectionTimeSource,
    /// Empty unless the input holds several collections.
    pub(crate) collections: Vec<CollectionSummary>,
}

/// The run as a whole.
#[derive(Debug, Clone)]
pub(crate) struct Overview {
    pub(crate) verdict: Verdict,
    pub(crate) shared: Vec<SharedNode>,
    /// VirtualMachine objects read that are not reported (`namespace/name`).
    pub(crate) not_stuck: Vec<String>,
    /// Reported VMs per node, most first.
    pub(crate) stuck_per_node: Vec<NodeCount>,
    pub(crate) files: FileCounts,
    pub(crate) seen: Seen,
    pub(crate) collected: Collected,
    pub(crate) cluster: ClusterContext,
    /// Every collection's warnings, sorted, each once.
    pub(crate) warnings: Vec<Warning>,
}

impl Overview {
    pub(crate) fn of(collections: &[Collection]) -> Overview {
        let inventories = || collections.iter().map(|c| &c.inventory);
        let all_vms = || inventories().flat_map(|i| &i.vms);
        let reported = || collections.iter().flat_map(|c| &c.diagnoses);
        let operations = || collections.iter().flat_map(|c| &c.operations);
        let shared = shared_nodes(collections);
        let verdict = if reported().any(|d| d.stuck.alert.is_some()) {
            Verdict::Stuck
        } else if operations().next().is_some() {
            Verdict::OperationStuck
        } else if reported().next().is_some() || collections.iter().any(|c| !c.nodes.is_empty()) {
            Verdict::Unproven
        } else if all_vms().any(|v| v.inferred.is_empty()) {
            Verdict::AllClear
        } else {
            Verdict::NothingDiagnosable
        };
        let named: std::collections::BTreeSet<String> = reported()
            .chain(operations())
            .map(|d| d.facts.full_name())
            .collect();
        let mut not_stuck: Vec<String> = all_vms()
            .filter(|v| v.inferred.is_empty())
            .map(|v| format!("{}/{}", v.metadata.namespace, v.metadata.name))
            .filter(|name| !named.contains(name))
            .collect();
        not_stuck.sort();
        not_stuck.dedup();
        let mut warnings: Vec<Warning> = inventories().flat_map(|i| i.warnings.clone()).collect();
        warnings.sort();
        warnings.dedup();
        Overview {
            verdict,
            shared,
            not_stuck,
            stuck_per_node: stuck_per_node(reported()),
            // Every collection keeps the whole file table; count each file once, in its own.
            files: collections
                .first()
                .map(|c| file_counts(&c.inventory))
                .unwrap_or_default(),
            seen: Seen {
                vms: all_vms().filter(|v| v.inferred.is_empty()).count(),
                vmis: inventories().map(|i| i.vmis.len()).sum(),
                nodes: inventories().map(|i| i.nodes.len()).sum(),
                inferred: all_vms().filter(|v| !v.inferred.is_empty()).count(),
            },
            collected: collected(collections),
            cluster: cluster_context(collections),
            warnings,
        }
    }
}

fn stuck_per_node<'a>(reported: impl Iterator<Item = &'a Diagnosis>) -> Vec<NodeCount> {
    let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
    for d in reported {
        if let Some(node) = &d.facts.node {
            *per_node.entry(node.as_str()).or_default() += 1;
        }
    }
    let mut out: Vec<NodeCount> = per_node
        .into_iter()
        .map(|(node, stuck)| NodeCount {
            node: node.to_string(),
            stuck,
        })
        .collect();
    out.sort_by(|a, b| b.stuck.cmp(&a.stuck).then(a.node.cmp(&b.node)));
    out
}

fn file_counts(inv: &Inventory) -> FileCounts {
    let mut read: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut counts = FileCounts {
        total: inv.files.len(),
        ..FileCounts::default()
    };
    for f in &inv.files {
        match f.kind {
            FileKind::Read(format) => *read.entry(format).or_default() += 1,
            FileKind::NotUsed => counts.not_used += 1,
            FileKind::Unrecognised => counts.unrecognised += 1,
        }
    }
    counts.read = read
        .into_iter()
        .map(|(format, files)| FormatCount { format, files })
        .collect();
    counts
}

fn collected(collections: &[Collection]) -> Collected {
    // Several collections have a time each, listed under `collections`.
    let several = collections.len() > 1;
    let first = collections
        .first()
        .map(|c| &c.inventory)
        .filter(|_| !several);
    Collected {
        at: first.and_then(|i| i.collected_at).map(|t| t.to_string()),
        source: first
            .and_then(|i| i.collected_at_source)
            .unwrap_or(CollectionTimeSource::Unknown),
        collections: if several {
            collections
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
    }
}

/// The node-level causes that two or more reported VMs on one node share (an alternative
/// reading stays with the VM whose evidence it reads), by collection and node.
fn shared_nodes(collections: &[Collection]) -> Vec<SharedNode> {
    let mut keys: Vec<(usize, &str, Cause)> = Vec::new();
    for (index, c) in collections.iter().enumerate() {
        for d in &c.diagnoses {
            let Some(node) = &d.facts.node else { continue };
            let shareable = d
                .causes
                .iter()
                .filter(|c| c.cause.is_node_level() && c.alternative_to.is_none());
            keys.extend(shareable.map(|c| (index, node.as_str(), c.cause)));
        }
    }
    keys.sort();
    let mut shared: Vec<(usize, &str, Cause)> = Vec::new();
    for pair in keys.windows(2) {
        if pair[0] == pair[1] && shared.last() != Some(&pair[0]) {
            shared.push(pair[0]);
        }
    }
    let mut out: Vec<SharedNode> = Vec::new();
    for (collection, node, cause) in shared {
        let at = match out
            .iter()
            .position(|n| n.collection == collection && n.node == node)
        {
            Some(at) => at,
            None => {
                out.push(SharedNode {
                    collection,
                    node: node.to_string(),
                    causes: Vec::new(),
                    vms: Vec::new(),
                    escalation: Vec::new(),
                });
                out.len() - 1
            }
        };
        let n = &mut out[at];
        for (i, d) in collections[collection].diagnoses.iter().enumerate() {
            if d.facts.node.as_deref() != Some(node) || !d.causes.iter().any(|c| c.cause == cause) {
                continue;
            }
            if !n.causes.iter().any(|(c, _)| *c == cause) {
                n.causes.push((cause, i));
            }
            let name = d.facts.full_name();
            if !n.vms.contains(&name) {
                n.vms.push(name);
            }
        }
    }
    for n in &mut out {
        n.vms.sort();
        if n.causes
            .iter()
            .any(|(c, _)| matches!(c, Cause::NodeNotReady | Cause::ContainerRuntimeFailure))
        {
            n.escalation
                .push("node-level problem that may need a node reboot".into());
        }
        n.escalation.push(format!(
            "{} stuck VMs on node {}: several VMs affected on the same node",
            n.vms.len(),
            n.node
        ));
    }
    out
}

impl SharedNode {
    /// Whether `cause` of a VM on `node` in `collection` is given once under this node.
    pub(crate) fn holds(&self, collection: usize, node: Option<&str>, cause: Cause) -> bool {
        self.collection == collection
            && node == Some(self.node.as_str())
            && self.causes.iter().any(|(c, _)| *c == cause)
    }
}

fn cluster_context(collections: &[Collection]) -> ClusterContext {
    let inventories = || collections.iter().map(|c| &c.inventory);
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
