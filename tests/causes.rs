//! Cause before effect: a failure that follows from another is shown as its consequence, and
//! an evidence line is cited under one cause only.

mod common;

use std::collections::HashSet;
use std::path::Path;

use vmstuck_analyze::report::Report;
use vmstuck_analyze::report::model::CauseReport;

/// The rule tests' base bundle (one VM Starting on node01) with `files` laid over it.
fn on_the_test_base(files: &[(&str, &str)]) -> Report {
    #[derive(serde::Deserialize)]
    struct Base {
        files: std::collections::BTreeMap<String, String>,
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("rules/_testbase.yaml")).unwrap();
    let base: Base = serde_yaml::from_str(&text).unwrap();
    let mut all: Vec<(String, String)> = base.files.into_iter().collect();
    for (path, text) in files {
        all.retain(|(p, _)| p != path);
        all.push((path.to_string(), text.to_string()));
    }
    common::report_of_files(&all)
}

fn position(causes: &[CauseReport], id: &str) -> usize {
    causes
        .iter()
        .position(|c| c.id.id() == id)
        .unwrap_or_else(|| {
            panic!(
                "no {id} in {:?}",
                causes.iter().map(|c| c.id.id()).collect::<Vec<_>>()
            )
        })
}

/// `effect` is listed right after `root`, as its consequence, scored below it.
fn assert_consequence(causes: &[CauseReport], root: &str, effect: &str) {
    let (r, e) = (position(causes, root), position(causes, effect));
    assert_eq!(e, r + 1, "the consequence comes right after its cause");
    assert_eq!(causes[e].consequence_of.map(|c| c.id()), Some(root));
    assert!(causes[e].score < causes[r].score);
    assert!(causes[r].consequence_of.is_none());
}

#[test]
fn a_virt_handler_failure_after_the_node_went_not_ready_is_its_consequence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = common::report_of(&root.join("fixtures/bundles/terminating-node-notready"));
    assert_consequence(
        &report.vms[0].causes,
        "node_not_ready",
        "virt_handler_failure",
    );
}

#[test]
fn a_qemu_crash_after_the_kernel_killed_it_for_memory_is_its_consequence() {
    let report = on_the_test_base(&[
        (
            "must-gather.local.1/mg/nodes/node01/dmesg",
            "[ 9001.100000] qemu-kvm invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=-997\n[ 9001.200000] Out of memory: Killed process 48213 (qemu-kvm) total-vm:17350400kB, anon-rss:16515072kB, file-rss:20480kB, shmem-rss:0kB, UID:107 pgtables:33120kB oom_score_adj:-997\n",
        ),
        (
            "must-gather.local.1/mg/namespaces/vms/vms/testvm/vms_testvm.log",
            "2024-05-01 09:30:22.118+0000: starting up libvirt version: 10.0.0, qemu version: 8.2.0qemu-kvm-8.2.0-11.el9_4.6, hostname: testvm\n2024-05-01 09:41:02.904+0000: shutting down, reason=crashed\n",
        ),
    ]);
    let vm = &report.vms[0];
    assert_consequence(
        &vm.causes,
        "node_resource_exhaustion",
        "qemu_process_failure",
    );
    assert_ne!(
        vm.causes[position(&vm.causes, "qemu_process_failure")].confidence,
        vmstuck_analyze::Confidence::High
    );
}

#[test]
fn no_evidence_line_is_cited_under_two_causes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bundles");
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).unwrap().filter_map(Result::ok) {
        let report = common::report_of(&dir.path());
        for causes in report
            .vms
            .iter()
            .map(|v| &v.causes)
            .chain(report.nodes.iter().map(|n| &n.causes))
        {
            // Two rules of one cause may cite the same line; two causes may not.
            let mut seen = HashSet::new();
            for c in causes {
                let lines: HashSet<(String, u64)> = c
                    .findings
                    .iter()
                    .flat_map(|f| &f.evidence)
                    .map(|e| (e.file.clone(), e.line))
                    .collect();
                for line in lines {
                    checked += 1;
                    assert!(
                        seen.insert(line.clone()),
                        "{}: {}:{} cited under two causes",
                        dir.path().display(),
                        line.0,
                        line.1
                    );
                }
            }
        }
    }
    assert!(checked > 50, "{checked} lines checked");
}

const KVM_EVENT: &str = r#"apiVersion: v1
items:
- apiVersion: v1
  count: 14
  involvedObject:
    kind: Pod
    name: virt-launcher-testvm-abcde
    namespace: vms
  kind: Event
  lastTimestamp: "2024-05-01T09:58:00Z"
  message: '0/3 nodes are available: 1 Insufficient devices.kubevirt.io/kvm, 2 node(s) didn''t match Pod''s node affinity/selector.'
  metadata:
    name: virt-launcher-testvm-abcde.17c131
    namespace: vms
  reason: FailedScheduling
  source:
    component: default-scheduler
  type: Warning
kind: EventList
"#;
const EVENTS: &str = "must-gather.local.1/mg/namespaces/vms/core/events.yaml";
const NODE: &str = "must-gather.local.1/mg/cluster-scoped-resources/core/nodes/node01.yaml";

/// The test base's node, its CPU labels without VT-x.
fn node_without_vmx() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(root.join("rules/_testbase.yaml")).unwrap();
    let base: serde_yaml::Value = serde_yaml::from_str(&base).unwrap();
    let node = base["files"][NODE].as_str().unwrap();
    let label = "cpu-feature.node.kubevirt.io/vmx";
    assert!(node.contains(label));
    node.lines()
        .filter(|l| !l.contains(label))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn evidence_that_fits_two_causes_lists_the_other_reading_after_it_citing_nothing() {
    let node = node_without_vmx();
    let report = on_the_test_base(&[(EVENTS, KVM_EVENT), (NODE, &node)]);
    let causes = &report.vms[0].causes;
    let (main, alt) = (
        position(causes, "kvm_unavailable"),
        position(causes, "nested_virtualization"),
    );
    assert!(main < alt);
    let other = &causes[alt];
    let to = other
        .alternative_to
        .as_ref()
        .expect("an alternative reading");
    assert_eq!(to.cause.id(), "kvm_unavailable");
    assert_eq!(to.number, main + 1);
    assert_eq!(to.rule, "kvm-device-unavailable");
    assert!(to.when.contains("virtual machine"), "{}", to.when);
    // The check is filled in with the VM's node and run there.
    assert!(
        to.check.contains(
            "kubectl debug node/node01 -it --image=busybox -- chroot /host systemd-detect-virt"
        ),
        "{}",
        to.check
    );
    assert!(other.findings.is_empty(), "an alternative cites no line");
    assert!(other.score < causes[main].score && other.score < 0.75);
    assert_ne!(format!("{:?}", other.confidence), "High");
    // The reports say what it is.
    use vmstuck_analyze::report::{Format, render};
    let md = render(&report, Format::Md).unwrap();
    let html = render(&report, Format::Html).unwrap();
    assert!(html.contains("another reading of #1 <code>kvm_unavailable</code>"));
    assert!(
        md.contains("another reading of the evidence of #1 (`kvm_unavailable`)"),
        "{md}"
    );
    assert!(md.contains("To tell them apart:"));
    // `--fail-on` and the baseline count the cause, not its other reading.
    use vmstuck_analyze::baseline::{Baseline, failures};
    let failing = failures(&report, vmstuck_analyze::rules::Severity::Info, None, false);
    assert!(
        failing.iter().any(|f| f.contains("kvm_unavailable")),
        "{failing:?}"
    );
    assert!(
        !failing.iter().any(|f| f.contains("nested_virtualization")),
        "{failing:?}"
    );
    let known = Baseline::of(&report).to_json();
    assert!(
        known.contains("kvm_unavailable") && !known.contains("nested_virtualization"),
        "{known}"
    );
}

#[test]
fn a_node_label_that_speaks_against_the_other_reading_rules_it_out() {
    // The test base's node carries the node labeller's VMX label.
    let report = on_the_test_base(&[(EVENTS, KVM_EVENT)]);
    let causes = &report.vms[0].causes;
    position(causes, "kvm_unavailable");
    assert!(
        !causes.iter().any(|c| c.id.id() == "nested_virtualization"),
        "a node whose CPU shows VMX is not a VM without nested virtualization"
    );
}

#[test]
fn a_cause_with_evidence_of_its_own_is_not_also_an_alternative() {
    let launcher = "must-gather.local.1/mg/namespaces/vms/pods/virt-launcher-testvm-abcde/compute/compute/logs/current.log";
    let log = r#"2024-05-01T09:30:22.300000000Z {"component":"virt-launcher","level":"info","msg":"Hardware emulation device '/dev/kvm' not present. Using software emulation.","pos":"converter.go:1142","timestamp":"2024-05-01T09:30:22.300000Z"}
"#;
    let node = node_without_vmx();
    let report = on_the_test_base(&[(EVENTS, KVM_EVENT), (launcher, log), (NODE, &node)]);
    let causes = &report.vms[0].causes;
    let nested: Vec<_> = causes
        .iter()
        .filter(|c| c.id.id() == "nested_virtualization")
        .collect();
    assert_eq!(nested.len(), 1);
    assert!(nested[0].alternative_to.is_none());
    assert!(!nested[0].findings.is_empty());
}

#[test]
fn a_device_the_kubelet_finds_busy_is_not_read_as_an_unreachable_backend() {
    let kubelet = "must-gather.local.1/mg/nodes/node01/node01_logs_kubelet";
    let busy = r#"May 01 09:45:00 node01 kubelet[15240]: E0501 09:45:00.558722   15240 nestedpendingoperations.go:335] Operation for "{volumeName:kubernetes.io/csi/driver.longhorn.io^pvc-0e1b6a54-0000-4000-8000-000000000004 podName: nodeName:node01}" failed. No retries permitted until 2024-05-01 09:47:02.558706566 +0000 UTC m=+14240.221959502 (durationBeforeRetry 2m2s). Error: UnmapDevice failed for volume "pvc-0e1b6a54-0000-4000-8000-000000000004" (UniqueName: "kubernetes.io/csi/driver.longhorn.io^pvc-0e1b6a54-0000-4000-8000-000000000004") on node "node01" : the device is in use when it was no longer expected to be in use"#;
    let report = on_the_test_base(&[(kubelet, &format!("{busy}\n"))]);
    let causes = &report.vms[0].causes;
    position(causes, "pvc_mount_failure");
    assert!(
        !causes
            .iter()
            .any(|c| c.id.id() == "storage_backend_unreachable"),
        "the device is busy on the node"
    );
    let failed = busy.replace(
        "the device is in use when it was no longer expected to be in use",
        "blkUtil.DetachFileDevice failed",
    );
    let report = on_the_test_base(&[(kubelet, &format!("{failed}\n"))]);
    let causes = &report.vms[0].causes;
    let alt = position(causes, "storage_backend_unreachable");
    assert!(causes[alt].alternative_to.is_some());
}
