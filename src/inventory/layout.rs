//! What a file's path says about the log it holds, in the layouts bundles come in:
//!
//! - must-gather and `oc adm inspect` (openshift/oc `pkg/cli/admin/inspect/pod.go`):
//!   `namespaces/<ns>/pods/<pod>/<container>/<container>/logs/{current,previous}.log`;
//! - kubevirt/must-gather (`collection-scripts/gather_vms_details`, `gather_nodes`): the QEMU
//!   log `namespaces/<ns>/vms/<vm>/<ns>_<vm>.log`, node-gather's `nodes/<node>/dmesg` and
//!   kubelet journal `nodes/<node>/<node>_logs_kubelet`;
//! - a node's own files, as a sosreport (sos `report/plugins`) or a copy of `/var/log` holds
//!   them: `var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log` and
//!   `var/log/containers/<pod>_<ns>_<container>-<id>.log` (kubelet's CRI log layout),
//!   `var/log/libvirt/qemu/<domain>.log`, `var/log/messages`, `var/log/syslog`,
//!   `var/log/audit/audit.log`, `sos_commands/logs/journalctl_*`, `sos_commands/kernel/dmesg*`;
//!   the node is the sosreport's host (`sosreport-<host>-...` or `sos_commands/host/hostname`);
//! - any other `*.log` (a flat `kubectl logs` dump: `<pod>.log`, `<pod>-<container>.log`),
//!   including rotated ones (`.log.1`, `.log.20240501`, `-previous.log`).
//!
//! Files placed here are streamed as logs whatever their content; others may still be logs,
//! told by their first lines (`formats`).

use super::log::{LogComponent, LogPlace};
use crate::source::BundlePath;

/// The place of a log file, when its path says it is one.
pub(crate) fn place(path: &BundlePath) -> Option<LogPlace> {
    let parts = path.parts();
    let file = path.file_name();
    let n = parts.len();
    if n >= 3 && parts[n - 3] == "nodes" {
        let node = &parts[n - 2];
        if file == "dmesg" || file == format!("{node}_logs_kubelet") {
            return Some(LogPlace {
                node: Some(node.clone()),
                writer: Some(LogComponent::Node),
                ..LogPlace::default()
            });
        }
    }
    if n >= 5 && parts[n - 3] == "vms" && parts[n - 5] == "namespaces" && file.ends_with(".log") {
        let (namespace, vm) = (&parts[n - 4], &parts[n - 2]);
        if file == format!("{namespace}_{vm}.log") {
            return Some(LogPlace {
                namespace: Some(namespace.clone()),
                vm: Some(vm.clone()),
                writer: Some(LogComponent::Qemu),
                ..LogPlace::default()
            });
        }
    }
    if let Some(place) = node_files(parts) {
        return Some(place);
    }
    if let Some(i) = parts.iter().rposition(|p| p == "logs") {
        // .../namespaces/<ns>/pods/<pod>/<container>/<container>/logs/<file>
        if i >= 4 && parts[i - 4] == "pods" && file.ends_with(".log") {
            let namespace = (i >= 6 && parts[i - 6] == "namespaces").then(|| parts[i - 5].clone());
            return Some(LogPlace {
                namespace,
                pod: Some(parts[i - 3].clone()),
                container: Some(parts[i - 2].clone()),
                previous: file.starts_with("previous"),
                ..LogPlace::default()
            });
        }
    }
    let stem = log_stem(file)?;
    let (stem, previous) = match stem
        .strip_suffix("-previous")
        .or_else(|| stem.strip_suffix(".previous"))
        .or_else(|| stem.strip_suffix("_previous"))
    {
        Some(s) => (s, true),
        None => (stem, false),
    };
    let namespace = parts
        .iter()
        .position(|p| p == "namespaces")
        .and_then(|i| parts.get(i + 1))
        .filter(|_| parts.len() > 2)
        .cloned();
    Some(LogPlace {
        namespace,
        pod: Some(stem.to_string()),
        previous,
        ..LogPlace::default()
    })
}

/// `x.log`, `x.log.1`, `x.log.20240501-101500` -> `x`.
fn log_stem(file: &str) -> Option<&str> {
    if let Some(stem) = file.strip_suffix(".log") {
        return Some(stem);
    }
    let (stem, rotation) = file.rsplit_once(".log.")?;
    rotation
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == '_')
        .then_some(stem)
}

/// Files a node keeps (sosreport or a copy of `/var/log`).
fn node_files(parts: &[String]) -> Option<LogPlace> {
    let at = |i: usize| parts.get(i).map(String::as_str);
    let n = parts.len();
    let host = sos_host(parts);
    // var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log
    if let Some(i) = find_seq(parts, &["var", "log", "pods"])
        && n == i + 6
        && log_stem(&parts[n - 1]).is_some()
    {
        let mut fields = parts[i + 3].splitn(3, '_');
        let (ns, pod) = (fields.next()?, fields.next()?);
        return Some(LogPlace {
            namespace: Some(ns.to_string()),
            pod: Some(pod.to_string()),
            container: Some(parts[i + 4].clone()),
            node: host,
            ..LogPlace::default()
        });
    }
    // var/log/containers/<pod>_<ns>_<container>-<64 hex>.log
    if let Some(i) = find_seq(parts, &["var", "log", "containers"])
        && n == i + 4
    {
        let stem = log_stem(&parts[n - 1])?;
        let mut fields = stem.splitn(3, '_');
        let (pod, ns, rest) = (fields.next()?, fields.next()?, fields.next()?);
        let container = rest.rsplit_once('-').map_or(rest, |(c, _)| c);
        return Some(LogPlace {
            namespace: Some(ns.to_string()),
            pod: Some(pod.to_string()),
            container: Some(container.to_string()),
            node: host,
            ..LogPlace::default()
        });
    }
    // var/log/libvirt/qemu/<ns>_<vm>.log: KubeVirt names domains `<namespace>_<vm>`.
    if let Some(i) = find_seq(parts, &["var", "log", "libvirt", "qemu"])
        && n == i + 5
    {
        let stem = log_stem(&parts[n - 1])?;
        let (ns, vm) = stem.split_once('_')?;
        return Some(LogPlace {
            namespace: Some(ns.to_string()),
            vm: Some(vm.to_string()),
            node: host,
            writer: Some(LogComponent::Qemu),
            ..LogPlace::default()
        });
    }
    let file = parts.last()?.as_str();
    let system_log = match (at(n.wrapping_sub(3)), at(n.wrapping_sub(2))) {
        (Some("var"), Some("log")) => {
            ["messages", "syslog", "kern.log"].iter().any(|f| {
                file == *f
                    || file
                        .strip_prefix(f)
                        .is_some_and(|r| r.starts_with(['.', '-']))
            }) || file.starts_with("kubelet")
        }
        (Some("log"), Some("audit")) => file.starts_with("audit.log"),
        (Some("sos_commands"), Some("logs")) => file.starts_with("journalctl"),
        (Some("sos_commands"), Some("kernel")) => file.starts_with("dmesg"),
        (Some("sos_commands"), Some("crio" | "containerd" | "openshift" | "kubernetes")) => {
            file.starts_with("journalctl")
        }
        _ => false,
    };
    system_log.then(|| LogPlace {
        node: host,
        writer: Some(LogComponent::Node),
        ..LogPlace::default()
    })
}

/// The host a sosreport was taken on: its top directory is
/// `sosreport-<host>-<case>-<date>-<random>` (sos `report/__init__.py`), or
/// `sosreport-<host>-<date>-<random>` without a case id. Empty when not known.
fn sos_host(parts: &[String]) -> Option<String> {
    let top = parts.iter().find(|p| p.starts_with("sosreport-"))?;
    let rest = top.strip_prefix("sosreport-")?;
    // The date (YYYY-MM-DD) starts the fields that are not the host name.
    let fields: Vec<&str> = rest.split('-').collect();
    let date = fields
        .windows(3)
        .position(|w| w[0].len() == 4 && w.iter().all(|f| f.chars().all(|c| c.is_ascii_digit())))
        .unwrap_or(fields.len());
    let mut host: Vec<&str> = fields[..date].to_vec();
    // A numeric case id sits between the host and the date.
    if host.len() > 1
        && host
            .last()
            .is_some_and(|f| f.chars().all(|c| c.is_ascii_digit()))
    {
        host.pop();
    }
    (!host.is_empty()).then(|| host.join("-"))
}

fn find_seq(parts: &[String], seq: &[&str]) -> Option<usize> {
    parts
        .windows(seq.len())
        .position(|w| w.iter().zip(seq).all(|(a, b)| a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> Option<LogPlace> {
        place(&BundlePath::parse(path).unwrap())
    }

    #[test]
    fn places_must_gather_and_flat_logs() {
        let place =
            at("mg/ns/namespaces/vms/pods/virt-launcher-a-x/compute/compute/logs/previous.log")
                .unwrap();
        assert_eq!(place.namespace.as_deref(), Some("vms"));
        assert_eq!(place.pod.as_deref(), Some("virt-launcher-a-x"));
        assert_eq!(place.container.as_deref(), Some("compute"));
        assert!(place.previous);
        let qemu = at("mg/img/namespaces/vms/vms/rhel9/vms_rhel9.log").unwrap();
        assert_eq!(qemu.vm.as_deref(), Some("rhel9"));
        for file in ["dmesg", "worker-1_logs_kubelet"] {
            let p = at(&format!("mg/img/nodes/worker-1/{file}")).unwrap();
            assert_eq!(p.node.as_deref(), Some("worker-1"));
            assert_eq!(p.writer, Some(LogComponent::Node));
        }
        let loose = at("var/log/messages").unwrap();
        assert_eq!((loose.node, loose.writer), (None, Some(LogComponent::Node)));
        assert_eq!(at("mg/img/nodes/worker-1/lspci"), None);
        let flat = at("virt-handler-abc.log").unwrap();
        assert_eq!(flat.pod.as_deref(), Some("virt-handler-abc"));
        let rotated = at("logs/virt-launcher-a-x.log.1").unwrap();
        assert_eq!(rotated.pod.as_deref(), Some("virt-launcher-a-x"));
        assert_eq!(at("notes.txt"), None);
        assert_eq!(at("backup.log.old"), None);
    }

    #[test]
    fn places_a_nodes_own_files() {
        let root = "sosreport-worker-2-01234567-2024-05-01-abcdef";
        let pod = at(&format!(
            "{root}/var/log/pods/vms_virt-launcher-rhel9-x1y2z_0e1b6a54-0000-4000-8000-000000000003/compute/0.log"
        ))
        .unwrap();
        assert_eq!(
            (
                pod.namespace.as_deref(),
                pod.pod.as_deref(),
                pod.container.as_deref()
            ),
            (
                Some("vms"),
                Some("virt-launcher-rhel9-x1y2z"),
                Some("compute")
            )
        );
        assert_eq!(pod.node.as_deref(), Some("worker-2"));
        let c = at("var/log/containers/virt-handler-n1abc_openshift-cnv_virt-handler-0123abcd.log")
            .unwrap();
        assert_eq!(
            (
                c.namespace.as_deref(),
                c.pod.as_deref(),
                c.container.as_deref()
            ),
            (
                Some("openshift-cnv"),
                Some("virt-handler-n1abc"),
                Some("virt-handler")
            )
        );
        let q = at(&format!("{root}/var/log/libvirt/qemu/vms_rhel9.log")).unwrap();
        assert_eq!(
            (q.namespace.as_deref(), q.vm.as_deref()),
            (Some("vms"), Some("rhel9"))
        );
        for file in [
            "var/log/messages",
            "var/log/messages-20240501",
            "var/log/audit/audit.log.1",
            "sos_commands/logs/journalctl_--no-pager",
            "sos_commands/kernel/dmesg",
            "sos_commands/crio/journalctl_--no-pager_--unit_crio",
        ] {
            let p = at(&format!("{root}/{file}")).unwrap_or_else(|| panic!("{file}"));
            assert_eq!(p.node.as_deref(), Some("worker-2"), "{file}");
        }
        assert_eq!(
            sos_host(&["sosreport-node01-2024-05-01-xyz".to_string()]).as_deref(),
            Some("node01")
        );
    }
}
