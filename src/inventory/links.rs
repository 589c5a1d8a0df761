//! Cross-links between inventory objects the way KubeVirt relates them:
//! VM <-> VMI (same namespace and name) <-> virt-launcher pods (label `kubevirt.io/created-by`
//! = VMI uid, else `kubevirt.io/domain` / `vm.kubevirt.io/name`, else the pod name) <-> node
//! (VMI `status.nodeName`, else the launcher's `spec.nodeName`) <-> virt-handler pod on that
//! node <-> volumes (PVC, DataVolume, VolumeAttachment of the PVC's PV) <-> migrations,
//! events, logs and domain XML.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Inventory;
use super::log::LogComponent;
use super::objects::Pod;

/// Indexes into the inventory's vectors for everything that concerns one VM.
#[derive(Debug, Clone, Default)]
pub(crate) struct VmLinks {
    /// The VM; `None` for a node looked at on its own (node-level findings no VM links to).
    pub(crate) vm: Option<usize>,
    pub(crate) vmi: Option<usize>,
    /// Launcher pods, newest first.
    pub(crate) launcher_pods: Vec<usize>,
    /// Hotplug attachment pods (`hp-volume-*`): owned by a launcher pod of the VM, or named
    /// in the VMI's volume status.
    pub(crate) hotplug_pods: Vec<usize>,
    pub(crate) node: Option<String>,
    pub(crate) node_object: Option<usize>,
    pub(crate) handler_pods: Vec<usize>,
    pub(crate) pvcs: Vec<usize>,
    pub(crate) data_volumes: Vec<usize>,
    pub(crate) volume_attachments: Vec<usize>,
    /// Migrations of the VMI, newest first.
    pub(crate) migrations: Vec<usize>,
    /// Events about the VM, its VMI, launcher pods, volumes and migrations.
    pub(crate) events: Vec<usize>,
    /// Events about its node.
    pub(crate) node_events: Vec<usize>,
    pub(crate) launcher_logs: Vec<usize>,
    pub(crate) handler_logs: Vec<usize>,
    /// Logs of virt-controller, virt-api and virt-operator, which serve every VM.
    pub(crate) controller_logs: Vec<usize>,
    pub(crate) qemu_logs: Vec<usize>,
    /// Pasted text whose writer is not known, searched by every signal.
    pub(crate) text_logs: Vec<usize>,
    /// The node's kernel log and kubelet journal.
    pub(crate) node_logs: Vec<usize>,
    pub(crate) domains: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Links {
    /// One entry per VM, in the order of `Inventory::vms`.
    pub(crate) vms: Vec<VmLinks>,
    /// One entry per node the bundle knows (its object or its own logs), by name; and one
    /// without a name for node logs that name no node, when the bundle knows none.
    pub(crate) nodes: Vec<VmLinks>,
    /// Everything the input holds, as one subject: for an input that names no VM (a pasted
    /// describe of some other pod, an Events table, a journal), so that what it shows is
    /// still diagnosed. Named after the node when the input knows exactly one.
    pub(crate) everything: VmLinks,
    /// The bundle holds virt-handler pods at all; without them, no handler on a node proves
    /// nothing (the KubeVirt namespace was simply not collected).
    pub(crate) handlers_collected: bool,
}

const CREATED_BY: &str = "kubevirt.io/created-by";
const DOMAIN: &str = "kubevirt.io/domain";
const VM_NAME: &str = "vm.kubevirt.io/name";
const APP: &str = "kubevirt.io";

pub(crate) fn is_handler(pod: &Pod) -> bool {
    pod.metadata.labels.get(APP).map(String::as_str) == Some("virt-handler")
        || pod.metadata.name.starts_with("virt-handler-")
}

fn is_launcher_of(pod: &Pod, namespace: &str, vm_name: &str, vmi_uid: Option<&str>) -> bool {
    let m = &pod.metadata;
    if m.namespace != namespace {
        return false;
    }
    if let (Some(uid), Some(created_by)) = (vmi_uid, m.labels.get(CREATED_BY))
        && !uid.is_empty()
    {
        return created_by == uid;
    }
    let label = |k: &str| m.labels.get(k).map(String::as_str);
    if label(DOMAIN) == Some(vm_name) || label(VM_NAME) == Some(vm_name) {
        return label(APP).is_none_or(|app| app == "virt-launcher");
    }
    // Name only: `virt-launcher-<vm>-<5 chars>`; the suffix has no dash, so VM `a` does not
    // claim the launcher of VM `a-b`.
    m.name
        .strip_prefix("virt-launcher-")
        .and_then(|rest| rest.strip_prefix(vm_name))
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|suffix| !suffix.is_empty() && !suffix.contains('-'))
}

/// Lookups built once per inventory, so linking N VMs costs about N lookups, not N scans.
#[derive(Default)]
struct Index<'a> {
    vmis: HashMap<(&'a str, &'a str), usize>,
    pods_by_namespace: HashMap<&'a str, Vec<usize>>,
    handlers_by_node: HashMap<&'a str, Vec<usize>>,
    nodes: HashMap<&'a str, usize>,
    pvcs: HashMap<(&'a str, &'a str), Vec<usize>>,
    data_volumes: HashMap<(&'a str, &'a str), Vec<usize>>,
    attachments_by_pv: HashMap<&'a str, Vec<usize>>,
    migrations: HashMap<(&'a str, &'a str), Vec<usize>>,
    logs_by_pod: HashMap<&'a str, Vec<usize>>,
    qemu_logs: HashMap<(&'a str, &'a str), Vec<usize>>,
    node_logs: HashMap<&'a str, Vec<usize>>,
    /// Logs of virt-controller, virt-api and virt-operator.
    controller_logs: Vec<usize>,
    /// Logs nothing places: a pasted log whose pod, VM or node the bundle does not know.
    floating: Vec<usize>,
    /// The bundle knows at most one node, so a node log that names none is about it.
    one_node: bool,
    domains: HashMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> Index<'a> {
    fn build(inv: &'a Inventory) -> Index<'a> {
        let mut x = Index::default();
        for (i, v) in inv.vmis.iter().enumerate() {
            x.vmis
                .entry((&v.metadata.namespace, &v.metadata.name))
                .or_insert(i);
        }
        for (i, p) in inv.pods.iter().enumerate() {
            x.pods_by_namespace
                .entry(&p.metadata.namespace)
                .or_default()
                .push(i);
            if is_handler(p) {
                x.handlers_by_node
                    .entry(&p.spec.node_name)
                    .or_default()
                    .push(i);
            }
        }
        for (i, n) in inv.nodes.iter().enumerate() {
            x.nodes.entry(&n.metadata.name).or_insert(i);
        }
        for (i, p) in inv.pvcs.iter().enumerate() {
            x.pvcs
                .entry((&p.metadata.namespace, &p.metadata.name))
                .or_default()
                .push(i);
        }
        for (i, d) in inv.data_volumes.iter().enumerate() {
            x.data_volumes
                .entry((&d.metadata.namespace, &d.metadata.name))
                .or_default()
                .push(i);
        }
        for (i, va) in inv.volume_attachments.iter().enumerate() {
            if let Some(pv) = va.spec.source.persistent_volume_name.as_deref() {
                x.attachments_by_pv.entry(pv).or_default().push(i);
            }
        }
        for (i, m) in inv.migrations.iter().enumerate() {
            x.migrations
                .entry((&m.metadata.namespace, &m.spec.vmi_name))
                .or_default()
                .push(i);
        }
        let nodes = known_nodes(inv);
        x.one_node = nodes.len() <= 1;
        let pods: BTreeSet<&str> = inv.pods.iter().map(|p| p.metadata.name.as_str()).collect();
        for (i, log) in inv.logs.iter().enumerate() {
            if log.component == LogComponent::VirtController {
                x.controller_logs.push(i);
            }
            let mut placed = false;
            if let Some(pod) = log.pod.as_deref() {
                x.logs_by_pod.entry(pod).or_default().push(i);
                placed |= pods.contains(pod);
            }
            // A node the path names is taken as said; a host the lines name only when the
            // bundle knows that node.
            let node = match (&log.node, &log.subject.node) {
                (Some(n), _) => Some(same_node(&nodes, n).unwrap_or(n)),
                (None, Some(host)) => same_node(&nodes, host),
                (None, None) => None,
            };
            if let Some(node) = node {
                x.node_logs.entry(node).or_default().push(i);
                placed = true;
            }
            if let (Some(ns), Some(vm)) = (log.namespace.as_deref(), log.vm.as_deref()) {
                x.qemu_logs.entry((ns, vm)).or_default().push(i);
                placed = true;
            }
            if !placed {
                x.floating.push(i);
            }
        }
        for (i, d) in inv.domains.iter().enumerate() {
            if let Some(key) = d.vm_key() {
                x.domains.entry(key).or_default().push(i);
            }
        }
        x
    }

    fn get<K: std::hash::Hash + Eq>(map: &HashMap<K, Vec<usize>>, key: &K) -> Vec<usize> {
        map.get(key).cloned().unwrap_or_default()
    }

    /// Floating logs of `component` that `keep` accepts.
    fn floating_of(
        &self,
        inv: &Inventory,
        component: LogComponent,
        keep: impl Fn(&super::LogFile) -> bool,
    ) -> impl Iterator<Item = usize> {
        self.floating
            .iter()
            .copied()
            .filter(move |&i| inv.logs[i].component == component && keep(&inv.logs[i]))
            .collect::<Vec<_>>()
            .into_iter()
    }
}

/// Every node the bundle names: Node objects, pods' and VMIs' nodes.
fn known_nodes(inv: &Inventory) -> BTreeSet<&str> {
    inv.nodes
        .iter()
        .map(|n| n.metadata.name.as_str())
        .chain(inv.pods.iter().map(|p| p.spec.node_name.as_str()))
        .chain(inv.vmis.iter().map(|v| v.status.node_name.as_str()))
        .filter(|n| !n.is_empty())
        .collect()
}

/// The known node a host name stands for: the same name, or the same short name (a journal
/// says `worker-1`, the node is `worker-1.example.com`, or the other way round).
fn same_node<'a>(nodes: &BTreeSet<&'a str>, host: &str) -> Option<&'a str> {
    if let Some(n) = nodes.get(host) {
        return Some(n);
    }
    let short = |n: &str| n.split('.').next().unwrap_or(n).to_string();
    let host = short(host);
    let mut matches = nodes.iter().filter(|n| short(n) == host);
    match (matches.next(), matches.next()) {
        (Some(n), None) => Some(n),
        _ => None,
    }
}

/// Events by the object they are about: (kind, namespace, name); node events have no
/// namespace.
struct EventIndex<'a>(BTreeMap<(&'a str, &'a str, &'a str), Vec<usize>>);

impl<'a> EventIndex<'a> {
    fn build(inv: &'a Inventory) -> Self {
        let mut by_object: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
        for (i, e) in inv.events.iter().enumerate() {
            let ns = if e.involved.namespace.is_empty() {
                e.namespace.as_str()
            } else {
                e.involved.namespace.as_str()
            };
            let ns = if e.involved.kind == "Node" { "" } else { ns };
            by_object
                .entry((e.involved.kind.as_str(), ns, e.involved.name.as_str()))
                .or_default()
                .push(i);
        }
        EventIndex(by_object)
    }

    fn of(&self, kind: &str, ns: &str, name: &str) -> Vec<usize> {
        self.0.get(&(kind, ns, name)).cloned().unwrap_or_default()
    }

    /// Events about pods named as the VM's launcher (`virt-launcher-<vm>-<suffix>`), in its
    /// namespace or in none (a `kubectl get events` table without its NAMESPACE column): the
    /// pod object itself is often not in the paste, only the events that name it.
    fn of_launchers_named(&self, ns: &str, vm: &str) -> Vec<usize> {
        let prefix = format!("virt-launcher-{vm}-");
        let mut out = Vec::new();
        for ns in [ns, ""] {
            let from = ("Pod", ns, prefix.as_str());
            for ((kind, n, name), v) in self.0.range(from..) {
                if *kind != "Pod" || *n != ns || !name.starts_with(&prefix) {
                    break;
                }
                let suffix = &name[prefix.len()..];
                if !suffix.is_empty() && !suffix.contains('-') {
                    out.extend(v.iter().copied());
                }
            }
        }
        out
    }

    /// Events that name no object: rows of an `Events:` table pasted without its `Name:`.
    fn nameless(&self) -> Vec<usize> {
        self.0
            .iter()
            .filter(|((kind, _, name), _)| kind.is_empty() && name.is_empty())
            .flat_map(|(_, v)| v.iter().copied())
            .collect()
    }
}

impl Links {
    pub(crate) fn build(inv: &mut Inventory) -> Links {
        resolve_flat_logs(inv);
        let inv = &*inv;
        let index = Index::build(inv);
        let events = EventIndex::build(inv);
        let vms = (0..inv.vms.len())
            .map(|vm| link_vm(inv, &index, &events, vm))
            .collect();
        let mut names: BTreeSet<&str> =
            inv.nodes.iter().map(|n| n.metadata.name.as_str()).collect();
        names.extend(index.node_logs.keys().copied());
        let mut nodes: Vec<VmLinks> = names
            .into_iter()
            .filter(|n| !n.is_empty())
            .map(|n| link_node(inv, &index, &events, Some(n)))
            .collect();
        let floating = index
            .floating_of(inv, LogComponent::Node, |_| true)
            .next()
            .is_some();
        if nodes.is_empty() && floating {
            nodes.push(link_node(inv, &index, &events, None));
        }
        Links {
            vms,
            nodes,
            everything: link_everything(inv, &index),
            handlers_collected: !index.handlers_by_node.is_empty(),
        }
    }
}

/// Everything that concerns the VM at `vm_index`.
fn link_vm(inv: &Inventory, index: &Index, events: &EventIndex, vm_index: usize) -> VmLinks {
    let vm = &inv.vms[vm_index];
    let ns = vm.metadata.namespace.as_str();
    let name = vm.metadata.name.as_str();
    // The only VM, or the only one that is not up or down on purpose: pasted text in a case
    // about a stuck VM is about that VM, whatever healthy VMs the bundle holds too.
    let unhealthy = || inv.vms.iter().filter(|v| !v.state().looks_healthy());
    let this_unhealthy = !inv.vms[vm_index].state().looks_healthy();
    let only_vm = inv.vms.len() == 1 || (this_unhealthy && unhealthy().count() == 1);
    // A pasted fragment that lost its name (a `status:` block alone) belongs to that VM too.
    let vmi = index.vmis.get(&(ns, name)).copied().or_else(|| {
        only_vm
            .then(|| nameless(inv.vmis.iter().map(|v| &v.metadata)))
            .flatten()
    });
    let vmi_obj = vmi.map(|i| &inv.vmis[i]);
    let mut launcher_pods = launchers(
        inv,
        index,
        ns,
        name,
        vmi_obj.map(|v| v.metadata.uid.as_str()),
    );
    if only_vm {
        launcher_pods.extend((0..inv.pods.len()).filter(|&i| inv.pods[i].metadata.name.is_empty()));
    }
    let hotplug_pods = hotplug_pods(inv, index, ns, &launcher_pods, vmi_obj);
    let node = vmi_obj
        .map(|v| v.status.node_name.clone())
        .filter(|n| !n.is_empty())
        .or_else(|| {
            launcher_pods
                .iter()
                .map(|&i| inv.pods[i].spec.node_name.clone())
                .find(|n| !n.is_empty())
        });
    let node_object = node.as_deref().and_then(|n| index.nodes.get(n).copied());
    let handler_pods: Vec<usize> = match node.as_deref() {
        Some(n) => Index::get(&index.handlers_by_node, &n),
        None => Vec::new(),
    };
    // Volumes named by the VMI, else by the VM's template.
    let volumes = match vmi_obj {
        Some(v) if !v.spec.volumes.is_empty() => &v.spec.volumes,
        _ => &vm.spec.template.spec.volumes,
    };
    let (pvcs, data_volumes, volume_attachments) = storage(inv, index, ns, volumes);
    let mut migrations = Index::get(&index.migrations, &(ns, name));
    migrations.sort_by_key(|&i| {
        let m = &inv.migrations[i].metadata;
        (std::cmp::Reverse(m.creation_timestamp), m.name.clone())
    });

    let vm_events = vm_events(
        inv,
        events,
        (ns, name),
        only_vm,
        [&launcher_pods, &pvcs, &data_volumes, &migrations],
    );
    let node_events = node
        .as_deref()
        .map(|n| events.of("Node", "", n))
        .unwrap_or_default();

    let logs = vm_logs(
        inv,
        index,
        (ns, name),
        only_vm,
        node.as_deref(),
        &launcher_pods,
        &handler_pods,
    );
    VmLinks {
        vm: Some(vm_index),
        vmi,
        launcher_logs: logs.launcher,
        handler_logs: logs.handler,
        controller_logs: index.controller_logs.clone(),
        qemu_logs: logs.qemu,
        text_logs: logs.text,
        node_logs: logs.node,
        launcher_pods,
        hotplug_pods,
        node,
        node_object,
        handler_pods,
        pvcs,
        data_volumes,
        volume_attachments,
        migrations,
        events: vm_events,
        node_events,
        domains: Index::get(&index.domains, &(ns, name)),
    }
}

/// The events of a VM: of its VM and VMI objects, its launcher pods, PVCs, DataVolumes and
/// migrations (`related`, in that order), and of a pasted table without its object's name
/// when this is the only VM there is.
fn vm_events(
    inv: &Inventory,
    events: &EventIndex,
    (ns, name): (&str, &str),
    only_vm: bool,
    [launcher_pods, pvcs, data_volumes, migrations]: [&Vec<usize>; 4],
) -> Vec<usize> {
    let mut vm_events = events.of("VirtualMachine", ns, name);
    vm_events.extend(events.of("VirtualMachineInstance", ns, name));
    let related = (launcher_pods
        .iter()
        .map(|&i| ("Pod", &inv.pods[i].metadata)))
    .chain(
        pvcs.iter()
            .map(|&i| ("PersistentVolumeClaim", &inv.pvcs[i].metadata)),
    )
    .chain(
        data_volumes
            .iter()
            .map(|&i| ("DataVolume", &inv.data_volumes[i].metadata)),
    )
    .chain(migrations.iter().map(|&i| {
        (
            "VirtualMachineInstanceMigration",
            &inv.migrations[i].metadata,
        )
    }));
    for (kind, meta) in related {
        vm_events.extend(events.of(kind, ns, &meta.name));
    }
    vm_events.extend(events.of_launchers_named(ns, name));
    // A nameless table is about the only VM, as a nameless pod is its launcher.
    if only_vm {
        vm_events.extend(events.nameless());
    }
    vm_events.sort_unstable();
    vm_events.dedup();
    vm_events
}

/// The logs of one VM, by component.
struct VmLogs {
    node: Vec<usize>,
    launcher: Vec<usize>,
    handler: Vec<usize>,
    qemu: Vec<usize>,
    text: Vec<usize>,
}

/// The logs that concern a VM: those of its pods and node, and pasted ones placed by what
/// they name.
fn vm_logs(
    inv: &Inventory,
    index: &Index,
    (ns, name): (&str, &str),
    only_vm: bool,
    node: Option<&str>,
    launcher_pods: &[usize],
    handler_pods: &[usize],
) -> VmLogs {
    // Pasted logs the bundle does not place: a launcher or QEMU log that names this VM (or
    // any, when there is only this VM), every node log when the bundle knows at most one
    // node.
    let about_this = |log: &super::LogFile| match &log.subject.vm {
        Some((n, v)) => n == ns && v == name,
        None => only_vm,
    };
    let mut node_logs = match node {
        Some(n) => Index::get(&index.node_logs, &n),
        None => Vec::new(),
    };
    if index.one_node {
        node_logs.extend(index.floating_of(inv, LogComponent::Node, |_| true));
    }
    let mut launcher_logs = pod_logs(inv, index, launcher_pods);
    launcher_logs.extend(index.floating_of(inv, LogComponent::VirtLauncher, about_this));
    // A handler log that names no pod serves some node: this VM's when the bundle knows one
    // node, or when its lines name the VM (most of them, or one a rule keeps).
    let mut handler_logs = pod_logs(inv, index, handler_pods);
    handler_logs.extend(index.floating_of(inv, LogComponent::VirtHandler, |log| {
        index.one_node
            || log
                .subject
                .vm
                .as_ref()
                .is_some_and(|(n, v)| n == ns && v == name)
            || log.lines.iter().any(|l| super::log::names(&l.text, name))
    }));
    let mut qemu_logs = Index::get(&index.qemu_logs, &(ns, name));
    qemu_logs.extend(index.floating_of(inv, LogComponent::Qemu, about_this));
    let text_logs: Vec<usize> = index
        .floating_of(inv, LogComponent::Text, about_this)
        .collect();
    for logs in [
        &mut node_logs,
        &mut launcher_logs,
        &mut handler_logs,
        &mut qemu_logs,
    ] {
        logs.sort_unstable();
        logs.dedup();
    }
    VmLogs {
        node: node_logs,
        launcher: launcher_logs,
        handler: handler_logs,
        qemu: qemu_logs,
        text: text_logs,
    }
}

/// A node on its own: its object, events, logs and virt-handler.
fn link_node(inv: &Inventory, index: &Index, events: &EventIndex, node: Option<&str>) -> VmLinks {
    let handler_pods = node.map_or_else(Vec::new, |n| Index::get(&index.handlers_by_node, &n));
    let mut node_logs = node.map_or_else(Vec::new, |n| Index::get(&index.node_logs, &n));
    if index.one_node || node.is_none() {
        node_logs.extend(index.floating_of(inv, LogComponent::Node, |_| true));
    }
    node_logs.sort_unstable();
    node_logs.dedup();
    let mut handler_logs = pod_logs(inv, index, &handler_pods);
    let mut text_logs = Vec::new();
    if index.one_node {
        handler_logs.extend(index.floating_of(inv, LogComponent::VirtHandler, |_| true));
        text_logs.extend(index.floating_of(inv, LogComponent::Text, |_| true));
    }
    VmLinks {
        vm: None,
        text_logs,
        node: node.map(str::to_string),
        node_object: node.and_then(|n| index.nodes.get(n).copied()),
        handler_logs,
        handler_pods,
        node_events: node.map_or_else(Vec::new, |n| events.of("Node", "", n)),
        node_logs,
        ..VmLinks::default()
    }
}

/// The index of the one object without a name, when there is exactly one.
fn nameless<'a>(metas: impl Iterator<Item = &'a super::Meta>) -> Option<usize> {
    let mut found = metas
        .enumerate()
        .filter(|(_, m)| m.name.is_empty())
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// Everything the input holds, as one subject (see `Links::everything`).
fn link_everything(inv: &Inventory, index: &Index) -> VmLinks {
    let all = |n: usize| (0..n).collect::<Vec<usize>>();
    let logs_of = |component: &[LogComponent]| -> Vec<usize> {
        (0..inv.logs.len())
            .filter(|&i| component.contains(&inv.logs[i].component))
            .collect()
    };
    let (node_events, events): (Vec<usize>, Vec<usize>) =
        (0..inv.events.len()).partition(|&i| inv.events[i].involved.kind == "Node");
    let (handler_pods, launcher_pods): (Vec<usize>, Vec<usize>) =
        (0..inv.pods.len()).partition(|&i| is_handler(&inv.pods[i]));
    let node = known_nodes(inv);
    let node = (node.len() == 1)
        .then(|| node.iter().next().map(|n| n.to_string()))
        .flatten();
    VmLinks {
        vm: None,
        // The one VMI, or the one pasted without its name (the bundle's others have theirs).
        vmi: nameless(inv.vmis.iter().map(|v| &v.metadata)).or((inv.vmis.len() == 1).then_some(0)),
        node_object: node.as_deref().and_then(|n| index.nodes.get(n).copied()),
        node,
        // Every pod that is not virt-handler's stands for the input's workload.
        launcher_pods,
        hotplug_pods: Vec::new(),
        handler_pods,
        pvcs: all(inv.pvcs.len()),
        data_volumes: all(inv.data_volumes.len()),
        volume_attachments: all(inv.volume_attachments.len()),
        migrations: all(inv.migrations.len()),
        events,
        node_events,
        launcher_logs: logs_of(&[LogComponent::VirtLauncher, LogComponent::Other]),
        handler_logs: logs_of(&[LogComponent::VirtHandler]),
        controller_logs: logs_of(&[LogComponent::VirtController]),
        qemu_logs: logs_of(&[LogComponent::Qemu]),
        text_logs: logs_of(&[LogComponent::Text]),
        node_logs: logs_of(&[LogComponent::Node]),
        domains: all(inv.domains.len()),
    }
}

/// The VM's virt-launcher pods, newest first.
fn launchers(
    inv: &Inventory,
    index: &Index,
    ns: &str,
    name: &str,
    vmi_uid: Option<&str>,
) -> Vec<usize> {
    let mut pods: Vec<usize> = index
        .pods_by_namespace
        .get(ns)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&i| is_launcher_of(&inv.pods[i], ns, name, vmi_uid))
        .collect();
    pods.sort_by_key(|&i| std::cmp::Reverse(inv.pods[i].metadata.creation_timestamp));
    pods
}

/// The hotplug attachment pods of a VM (kubevirt `pkg/virt-controller/watch/vmi.go` creates
/// them owned by the launcher pod and records them as `attachPodName` in the VMI's volume
/// status).
fn hotplug_pods(
    inv: &Inventory,
    index: &Index,
    ns: &str,
    launchers: &[usize],
    vmi: Option<&super::objects::VirtualMachineInstance>,
) -> Vec<usize> {
    let launcher_names: BTreeSet<&str> = launchers
        .iter()
        .map(|&i| inv.pods[i].metadata.name.as_str())
        .collect();
    let attach_pods: BTreeSet<&str> = vmi
        .map(|v| {
            v.status
                .volume_status
                .iter()
                .filter_map(|s| s.hotplug_volume.as_ref()?.get("attachPodName")?.as_str())
                .collect()
        })
        .unwrap_or_default();
    index
        .pods_by_namespace
        .get(ns)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&i| {
            let m = &inv.pods[i].metadata;
            attach_pods.contains(m.name.as_str())
                || m.owner_references
                    .iter()
                    .any(|o| o.kind == "Pod" && launcher_names.contains(o.name.as_str()))
        })
        .collect()
}

/// The PVCs, DataVolumes and VolumeAttachments behind `volumes`.
fn storage(
    inv: &Inventory,
    index: &Index,
    ns: &str,
    volumes: &[super::objects::Volume],
) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let mut claim_names = BTreeSet::new();
    let mut dv_names = BTreeSet::new();
    for v in volumes {
        if let Some(c) = &v.persistent_volume_claim {
            claim_names.insert(c.claim_name.as_str());
        }
        if let Some(d) = &v.data_volume {
            // CDI names a DataVolume's PVC after the DataVolume.
            dv_names.insert(d.name.as_str());
            claim_names.insert(d.name.as_str());
        }
    }
    let mut pvcs: Vec<usize> = claim_names
        .iter()
        .flat_map(|c| Index::get(&index.pvcs, &(ns, *c)))
        .collect();
    pvcs.sort_unstable();
    let mut data_volumes: Vec<usize> = dv_names
        .iter()
        .flat_map(|d| Index::get(&index.data_volumes, &(ns, *d)))
        .collect();
    data_volumes.sort_unstable();
    let pv_names: BTreeSet<&str> = pvcs
        .iter()
        .map(|&i| inv.pvcs[i].spec.volume_name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    let mut attachments: Vec<usize> = pv_names
        .iter()
        .flat_map(|pv| Index::get(&index.attachments_by_pv, pv))
        .collect();
    attachments.sort_unstable();
    (pvcs, data_volumes, attachments)
}

/// The logs of `pods`, matched by pod name (and namespace where the log knows it).
fn pod_logs(inv: &Inventory, index: &Index, pods: &[usize]) -> Vec<usize> {
    let names: BTreeSet<(&str, &str)> = pods
        .iter()
        .map(|&i| {
            let m = &inv.pods[i].metadata;
            (m.namespace.as_str(), m.name.as_str())
        })
        .collect();
    let mut found: Vec<usize> = names
        .iter()
        .flat_map(|&(ns, pod)| {
            Index::get(&index.logs_by_pod, &pod)
                .into_iter()
                .filter(move |&i| inv.logs[i].namespace.as_ref().is_none_or(|n| n == ns))
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// A flat dump names logs `<pod>.log`, `<pod>-<container>.log` or `<pod>_<container>.log`;
/// the longest known pod name that starts the file name is the pod, the rest the container.
fn resolve_flat_logs(inv: &mut Inventory) {
    let pods: Vec<(String, String)> = inv
        .pods
        .iter()
        .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone()))
        .collect();
    for log in inv
        .logs
        .iter_mut()
        .filter(|l| l.container.is_none() && l.vm.is_none())
    {
        let Some(stem) = log.pod.clone() else {
            continue;
        };
        let best = pods
            .iter()
            .filter(|(ns, name)| {
                stem.starts_with(name.as_str()) && log.namespace.as_ref().is_none_or(|n| n == ns)
            })
            .max_by_key(|(_, name)| name.len());
        if let Some((ns, name)) = best {
            let rest = stem[name.len()..].trim_start_matches(['-', '_', '.']);
            log.container = (!rest.is_empty()).then(|| rest.to_string());
            log.namespace = Some(ns.clone());
            log.pod = Some(name.clone());
        }
        if log.component == LogComponent::Other
            && let Some(c) = log.pod.as_deref().and_then(LogComponent::from_pod_name)
        {
            log.component = c;
        }
    }
}
