//! The inventory on real layouts: objects read once, cross-links from VM to VMI, launcher pod,
//! node, virt-handler, volumes, migrations, events, logs and domain XML.

use std::path::Path;
use std::sync::Arc;

use super::log::KeepAll;
use super::{Inventory, LogComponent};
use crate::progress::Silent;
use crate::source::{Input, Limits};

fn load(name: &str) -> Inventory {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bundles")
        .join(name);
    super::load(
        &[Input::Path(path)],
        &Limits::default(),
        Arc::new(KeepAll),
        &Silent,
    )
    .unwrap()
    .remove(0)
}

/// Names of what a VM links to, for readable assertions.
fn linked(inv: &Inventory, ns: &str, vm: &str) -> Vec<String> {
    let l = inv
        .links
        .vms
        .iter()
        .find(|l| {
            l.vm.is_some_and(|i| {
                inv.vms[i].metadata.namespace == ns && inv.vms[i].metadata.name == vm
            })
        })
        .expect("VM present");
    let mut out = vec![
        format!(
            "vmi={}",
            l.vmi
                .map(|i| inv.vmis[i].metadata.name.clone())
                .unwrap_or_default()
        ),
        format!("node={}", l.node.clone().unwrap_or_default()),
    ];
    out.extend(
        l.launcher_pods
            .iter()
            .map(|&i| format!("launcher={}", inv.pods[i].metadata.name)),
    );
    out.extend(
        l.handler_pods
            .iter()
            .map(|&i| format!("handler={}", inv.pods[i].metadata.name)),
    );
    out.extend(
        l.pvcs
            .iter()
            .map(|&i| format!("pvc={}", inv.pvcs[i].metadata.name)),
    );
    out.extend(
        l.data_volumes
            .iter()
            .map(|&i| format!("dv={}", inv.data_volumes[i].metadata.name)),
    );
    out.extend(
        l.volume_attachments
            .iter()
            .map(|&i| format!("va={}", &inv.volume_attachments[i].metadata.name[..12])),
    );
    out.extend(
        l.migrations
            .iter()
            .map(|&i| format!("migration={}", inv.migrations[i].metadata.name)),
    );
    for (what, idx) in [
        ("launcher-log", &l.launcher_logs),
        ("handler-log", &l.handler_logs),
        ("qemu-log", &l.qemu_logs),
    ] {
        out.extend(idx.iter().map(|&i| {
            let log = &inv.logs[i];
            format!(
                "{what}={}{}",
                log.pod.as_deref().or(log.vm.as_deref()).unwrap_or(""),
                if log.previous { " (previous)" } else { "" }
            )
        }));
    }
    out.extend(
        l.domains
            .iter()
            .map(|&i| format!("domain={}", inv.domains[i].name)),
    );
    out.push(format!("events={}", l.events.len()));
    out.push(format!("node-events={}", l.node_events.len()));
    out
}

#[test]
fn must_gather_objects_are_read_once_and_linked() {
    let inv = load("attach-timeout-two-images");
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    // VMIs are stored twice (inspect list and crs/), pods twice (list and pods/<pod>/).
    assert_eq!((inv.vms.len(), inv.vmis.len()), (2, 2));
    let names: Vec<&str> = inv.pods.iter().map(|p| p.metadata.name.as_str()).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(names.len(), unique.len(), "{names:?}");
    let got = linked(&inv, "finance", "erp-app-01");
    println!("{got:#?}");
    for want in [
        "vmi=erp-app-01",
        "node=worker-1",
        "launcher=virt-launcher-erp-app-01-k9x2m",
        "handler=virt-handler-kz8rw",
        "pvc=erp-app-01-rootdisk",
        "dv=erp-app-01-rootdisk",
        "launcher-log=virt-launcher-erp-app-01-k9x2m",
        "launcher-log=virt-launcher-erp-app-01-k9x2m (previous)",
        "handler-log=virt-handler-kz8rw",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want} in {got:#?}");
    }
    assert!(got.iter().any(|g| g.starts_with("va=")), "{got:#?}");
    assert!(!got.contains(&"events=0".to_string()), "{got:#?}");
    let web = linked(&inv, "finance", "erp-web-01");
    assert!(web.contains(&"qemu-log=erp-web-01".to_string()), "{web:#?}");
    assert!(
        web.contains(&"domain=finance_erp-web-01".to_string()),
        "{web:#?}"
    );
    assert!(
        inv.logs
            .iter()
            .filter(|l| l.component == LogComponent::VirtHandler)
            .count()
            >= 2
    );
}

#[test]
fn a_flat_kubectl_dump_is_linked_by_labels_names_and_file_names() {
    let inv = load("flat-kubectl");
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    let got = linked(&inv, "sandbox", "ubuntu-dev-01");
    println!("{got:#?}");
    for want in [
        "vmi=ubuntu-dev-01",
        "node=worker-3",
        "launcher=virt-launcher-ubuntu-dev-01-n6tcl",
        "launcher-log=virt-launcher-ubuntu-dev-01-n6tcl",
        "domain=sandbox_ubuntu-dev-01",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want} in {got:#?}");
    }
    // Both describe texts were read by the describe format.
    let described = inv
        .files
        .iter()
        .filter(|f| f.kind == super::FileKind::Read("kubectl describe"))
        .count();
    assert_eq!(described, 2);
    let log = inv
        .logs
        .iter()
        .find(|l| l.pod.as_deref() == Some("virt-launcher-ubuntu-dev-01-n6tcl"))
        .unwrap();
    assert_eq!(log.container.as_deref(), Some("compute"));
    assert_eq!(log.component, LogComponent::VirtLauncher);
}

#[test]
fn an_oc_adm_inspect_directory_links_migrations() {
    let inv = load("oc-adm-inspect");
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    let got = linked(&inv, "payments", "pay-api-02");
    println!("{got:#?}");
    assert!(got.iter().any(|g| g.starts_with("migration=")), "{got:#?}");
    assert!(
        got.iter().any(|g| g.starts_with("launcher-log=")),
        "{got:#?}"
    );
}

/// Regression: one field of the wrong type dropped the whole VM, and the warning named
/// neither the object nor the line.
#[test]
fn a_mistyped_field_is_left_out_and_named_with_its_line() {
    let yaml = "\
apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: db-01
  namespace: prod
  uid: 6a1f
  labels: 5
status:
  phase: [Running]
  nodeName: worker-1
";
    let inv = super::from_files(
        &[("mg/namespaces/prod/vmi.yaml".to_string(), yaml.to_string())],
        &Limits::default(),
        Arc::new(KeepAll),
    );
    assert_eq!(inv.vmis.len(), 1, "{:?}", inv.warnings);
    let vmi = &inv.vmis[0];
    assert_eq!(vmi.metadata.name, "db-01");
    assert_eq!(vmi.status.node_name, "worker-1");
    let warnings: Vec<&str> = inv.warnings.iter().map(|w| w.message.as_str()).collect();
    for (field, line) in [("metadata.labels", 7), ("status.phase", 9)] {
        assert!(
            warnings.iter().any(
                |w| w.starts_with("VirtualMachineInstance prod/db-01: field `")
                    && w.contains(&format!("`{field}` at line {line} "))
            ),
            "{field}: {warnings:?}"
        );
    }
}

/// Regression: a long `kind: List` was parsed as one value tree (and copied), which grew worse
/// than linearly. Items are read one at a time, each cited from its own lines.
#[test]
fn a_long_list_is_read_item_by_item_with_each_item_cited() {
    let items = 5000;
    let mut yaml = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..items {
        yaml.push_str(&format!(
            "- apiVersion: v1\n  kind: Event\n  metadata:\n    name: e{i}\n    namespace: vms\n    uid: u{i}\n  reason: BackOff\n  message: m{i}\n  involvedObject:\n    kind: Pod\n    name: p\n"
        ));
    }
    let inv = super::from_files(
        &[("mg/namespaces/vms/core/events.yaml".to_string(), yaml)],
        &Limits::default(),
        Arc::new(KeepAll),
    );
    assert_eq!(inv.events.len(), items, "{:?}", inv.warnings);
    let (first, last) = (&inv.events[0], &inv.events[items - 1]);
    assert_eq!((first.message.as_str(), first.origin.start), ("m0", 4));
    assert_eq!(last.message, format!("m{}", items - 1));
    assert_eq!(last.origin.start as usize, 4 + 11 * (items - 1));
    assert_eq!(
        last.origin.line,
        last.origin.start + 5,
        "cited at its uid line"
    );
}
