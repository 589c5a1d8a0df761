//! VMs the bundle shows without their VirtualMachine object: a pasted VMI, a virt-launcher
//! pod or its describe, events about a VMI, a launcher or QEMU log, a domain XML. Each such VM
//! gets a VirtualMachine built from what the other objects say (its state derived the way
//! virt-controller's `setPrintableStatus` would, as far as they tell), marked as inferred so
//! the report never presents its stuck state as proven.
//!
//! Objects read from text without a namespace (a `kubectl get` without `-A`, a describe that
//! lost its header) take the one namespace the bundle's KubeVirt objects share, when there is
//! exactly one.

use std::collections::{BTreeMap, BTreeSet};

use super::Inventory;
use super::log::LogComponent;
use super::objects::*;

/// Fills missing namespaces, then adds a VirtualMachine for every VM something names but no
/// VirtualMachine object describes.
pub(crate) fn infer(inv: &mut Inventory) {
    fill_namespaces(inv);
    let known: BTreeSet<(String, String)> = inv
        .vms
        .iter()
        .map(|v| (v.metadata.namespace.clone(), v.metadata.name.clone()))
        .collect();
    // What each VM was inferred from, and where the first of it was read: the inferred
    // VM's evidence (its derived state) is cited there.
    let mut seen: BTreeMap<(String, String), (Vec<String>, Option<Origin>)> = BTreeMap::new();
    let mut note = |ns: &str, name: &str, what: String, origin: Option<Origin>| {
        if !name.is_empty() {
            let entry = seen.entry((ns.to_string(), name.to_string())).or_default();
            entry.0.push(what);
            entry.1 = entry.1.or(origin);
        }
    };
    for vmi in &inv.vmis {
        let m = &vmi.metadata;
        note(
            &m.namespace,
            &m.name,
            format!("VMI {}", m.name),
            Some(vmi.origin),
        );
    }
    for pod in &inv.pods {
        if let Some(vm) = vm_of_launcher(pod) {
            let what = format!("virt-launcher pod {}", pod.metadata.name);
            note(&pod.metadata.namespace, &vm, what, Some(pod.origin));
        }
    }
    for e in &inv.events {
        let o = &e.involved;
        let vm = match o.kind.as_str() {
            "VirtualMachine" | "VirtualMachineInstance" => Some(o.name.clone()),
            "Pod" => vm_of_pod_name(&o.name),
            _ => None,
        };
        if let Some(vm) = vm {
            note(
                &o.namespace,
                &vm,
                format!("event {} on {} {}", e.reason, o.kind, o.name),
                Some(e.origin),
            );
        }
    }
    for log in &inv.logs {
        let path = &inv.files[log.file.0 as usize].path;
        let named = match (log.component, &log.subject.vm, &log.vm, log.pod.as_deref()) {
            (_, _, Some(vm), _) => Some((log.namespace.clone().unwrap_or_default(), vm.clone())),
            // virt-handler serves every VM of its node; the one its lines name most stands
            // for a VM only where no object says otherwise (a pasted handler line).
            (
                LogComponent::VirtLauncher | LogComponent::Qemu | LogComponent::VirtHandler,
                Some((ns, vm)),
                _,
                _,
            ) => Some((ns.clone(), vm.clone())),
            (LogComponent::VirtLauncher, None, None, Some(pod)) => {
                vm_of_pod_name(pod).map(|vm| (log.namespace.clone().unwrap_or_default(), vm))
            }
            _ => None,
        };
        if let Some((ns, vm)) = named {
            let first = log
                .lines
                .first()
                .and_then(|l| u32::try_from(l.number).ok())
                .map(|n| Origin::line(log.file, n));
            note(&ns, &vm, format!("log {path}"), first);
        }
    }
    for d in &inv.domains {
        if let Some((ns, vm)) = d.vm_key() {
            note(ns, vm, format!("domain XML {}", d.name), None);
        }
    }
    // A name seen without a namespace is the same VM as one seen with it.
    let named: Vec<(String, String)> = seen.keys().cloned().collect();
    for (ns, name) in named.iter().filter(|(ns, _)| ns.is_empty()) {
        let homes: Vec<&(String, String)> = named
            .iter()
            .chain(known.iter())
            .filter(|(n, v)| v == name && !n.is_empty())
            .collect();
        if let [home] = homes.as_slice() {
            let home = (*home).clone();
            if let Some((what, origin)) = seen.remove(&(ns.clone(), name.clone())) {
                let entry = seen.entry(home).or_default();
                entry.0.extend(what);
                entry.1 = entry.1.or(origin);
            }
        }
    }
    for ((ns, name), (from, origin)) in seen {
        if known.contains(&(ns.clone(), name.clone())) {
            continue;
        }
        let state = derived_state(inv, &ns, &name);
        inv.vms.push(VirtualMachine {
            metadata: Meta {
                name,
                namespace: ns,
                ..Meta::default()
            },
            status: VmStatus {
                printable_status: Some(state.to_string()),
                ..VmStatus::default()
            },
            inferred: from,
            origin: origin.unwrap_or_default(),
            ..VirtualMachine::default()
        });
    }
}

/// The VM a virt-launcher pod runs: its `vm.kubevirt.io/name` or `kubevirt.io/domain` label,
/// its owning VMI, or its name (`virt-launcher-<vm>-<suffix>`).
pub(crate) fn vm_of_launcher(pod: &Pod) -> Option<String> {
    let labels = &pod.metadata.labels;
    let app = labels.get("kubevirt.io").map(String::as_str);
    if app.is_some_and(|a| a != "virt-launcher") {
        return None;
    }
    labels
        .get("vm.kubevirt.io/name")
        .or_else(|| labels.get("kubevirt.io/domain"))
        .cloned()
        .or_else(|| {
            pod.metadata
                .owner_references
                .iter()
                .find(|o| o.kind == "VirtualMachineInstance")
                .map(|o| o.name.clone())
        })
        .or_else(|| vm_of_pod_name(&pod.metadata.name))
}

/// `virt-launcher-<vm>-<suffix>` -> `<vm>`: KubeVirt names launcher pods with generateName,
/// which adds five characters.
pub(crate) fn vm_of_pod_name(pod: &str) -> Option<String> {
    let rest = pod.strip_prefix("virt-launcher-")?;
    let (vm, suffix) = rest.rsplit_once('-')?;
    (suffix.len() == 5 && suffix.chars().all(|c| c.is_ascii_alphanumeric()) && !vm.is_empty())
        .then(|| vm.to_string())
}

/// The printable status a VM would show, from its VMI and launcher pods (virt-controller
/// `pkg/virt-controller/watch/vm/vm.go`, `setPrintableStatus`), as far as they tell.
fn derived_state(inv: &Inventory, ns: &str, name: &str) -> &'static str {
    let vmi = inv
        .vmis
        .iter()
        .find(|v| v.metadata.namespace == ns && v.metadata.name == name);
    let pods: Vec<&Pod> = inv
        .pods
        .iter()
        .filter(|p| p.metadata.namespace == ns && vm_of_launcher(p).as_deref() == Some(name))
        .collect();
    let waiting: Vec<&str> = pods
        .iter()
        .flat_map(|p| p.status.all_containers())
        .filter_map(|c| c.state.waiting.as_ref().map(|w| w.reason.as_str()))
        .collect();
    for reason in ["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff"] {
        if waiting.contains(&reason) {
            return reason;
        }
    }
    if vmi.is_some_and(|v| v.metadata.deletion_timestamp.is_some())
        || pods.iter().any(|p| p.status.phase == "Terminating")
    {
        return "Terminating";
    }
    let unschedulable = vmi.is_some_and(|v| {
        v.status
            .conditions
            .iter()
            .any(|c| c.kind == "PodScheduled" && c.reason == "Unschedulable")
    }) || pods.iter().any(|p| {
        p.status
            .conditions
            .iter()
            .any(|c| c.kind == "PodScheduled" && c.status == ConditionStatus::False)
    });
    if unschedulable {
        return "ErrorUnschedulable";
    }
    match vmi.map(|v| v.status.phase.as_str()) {
        Some("Pending" | "Scheduling" | "Scheduled") => return "Starting",
        Some("Running") => return "Running",
        Some("Succeeded") => return "Stopped",
        Some("Failed") => return "Unknown",
        _ => {}
    }
    if pods.iter().any(|p| p.status.phase == "Pending") || !waiting.is_empty() {
        return "Starting";
    }
    if pods.iter().any(|p| p.status.phase == "Failed") {
        return "Unknown";
    }
    if !pods.is_empty()
        && pods.iter().all(|p| {
            p.status.phase == "Running" && p.status.container_statuses.iter().all(|c| c.ready)
        })
    {
        return "Running";
    }
    "Unknown"
}

/// Gives objects without a namespace the one namespace the bundle's KubeVirt objects share.
fn fill_namespaces(inv: &mut Inventory) {
    let namespaces: BTreeSet<&str> = inv
        .vms
        .iter()
        .map(|v| v.metadata.namespace.as_str())
        .chain(inv.vmis.iter().map(|v| v.metadata.namespace.as_str()))
        .chain(
            inv.pods
                .iter()
                .filter(|p| vm_of_launcher(p).is_some())
                .map(|p| p.metadata.namespace.as_str()),
        )
        .filter(|n| !n.is_empty())
        .collect();
    let [only] = namespaces.into_iter().collect::<Vec<_>>()[..] else {
        return;
    };
    let only = only.to_string();
    let fill = |m: &mut Meta| {
        if m.namespace.is_empty() {
            m.namespace.clone_from(&only);
        }
    };
    inv.vms.iter_mut().for_each(|o| fill(&mut o.metadata));
    inv.vmis.iter_mut().for_each(|o| fill(&mut o.metadata));
    inv.pvcs.iter_mut().for_each(|o| fill(&mut o.metadata));
    inv.data_volumes
        .iter_mut()
        .for_each(|o| fill(&mut o.metadata));
    inv.migrations
        .iter_mut()
        .for_each(|o| fill(&mut o.metadata));
    // Handler pods live in KubeVirt's own namespace; only launcher pods are the VMs'.
    inv.pods
        .iter_mut()
        .filter(|p| vm_of_launcher(p).is_some())
        .for_each(|o| fill(&mut o.metadata));
    for e in &mut inv.events {
        if e.involved.kind != "Node" && e.involved.namespace.is_empty() {
            e.involved.namespace.clone_from(&only);
            if e.namespace.is_empty() {
                e.namespace.clone_from(&only);
            }
        }
    }
    for log in &mut inv.logs {
        if log.namespace.is_none()
            && matches!(
                log.component,
                LogComponent::VirtLauncher | LogComponent::Qemu
            )
        {
            log.namespace = Some(only.clone());
        }
        if let Some((ns, _)) = log.subject.vm.as_mut()
            && ns.is_empty()
        {
            ns.clone_from(&only);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launcher_pod_names_give_their_vm() {
        assert_eq!(
            vm_of_pod_name("virt-launcher-rhel-9-db-x7k2p").as_deref(),
            Some("rhel-9-db")
        );
        assert_eq!(vm_of_pod_name("virt-launcher-x"), None);
        assert_eq!(vm_of_pod_name("virt-handler-x7k2p"), None);
    }
}
