//! Regression over every fixture bundle: each `fixtures/bundles/<name>/` has a README.md
//! saying where its data came from and an `expect.yaml` naming the stuck VMs, their alert,
//! state, node and top cause. Adding a fixture is adding a directory; nothing lists them.

mod common;

use std::path::{Path, PathBuf};

use common::report_of;
use serde::Deserialize;
use vmstuck_analyze::report::Report;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    stuck: Vec<ExpectedVm>,
    /// Node-level or whole-input diagnoses (an input that names no VM).
    #[serde(default)]
    nodes: Vec<ExpectedNode>,
    /// Running VMs with a stuck operation; none when absent, so every fixture's healthy
    /// running VMs are checked to stay out of that section.
    #[serde(default)]
    operations: Vec<ExpectedOperation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedOperation {
    vm: String,
    /// `hotplug_volume`, `migration`, `sync` or `paused`: the longest-lasting one.
    kind: String,
    state: String,
    node: Option<String>,
    top_cause: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedNode {
    /// `node`, `input` or `shared`.
    scope: String,
    node: Option<String>,
    top_cause: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedVm {
    vm: String,
    /// The alert, or `unproven` for a VM known only from other objects.
    alert: String,
    state: String,
    node: Option<String>,
    /// The cause ranked first, or `none` when no rule should hold.
    top_cause: String,
}

fn bundles() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bundles");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/bundles exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Each reported VM as the expectations write it.
fn vm_lines(report: &Report) -> Vec<String> {
    report
        .vms
        .iter()
        .map(|vm| {
            let top = vm.causes.first().map(|c| c.id.id()).unwrap_or("none");
            let node = vm.node.as_deref().unwrap_or("null");
            // A VM known only from other objects has no proven alert.
            let alert = vm
                .alert
                .map_or_else(|| "unproven".to_string(), |a| format!("{a:?}"));
            format!(
                "{}/{} {alert} {} node={node} top={top}",
                vm.namespace,
                vm.name,
                vm.state.as_str()
            )
        })
        .collect()
}

/// Each node report as the expectations write it.
fn node_lines(report: &Report) -> Vec<String> {
    report
        .nodes
        .iter()
        .map(|n| {
            let scope = serde_json::to_value(n.scope).unwrap();
            let top = n.causes.first().map(|c| c.id.id()).unwrap_or("none");
            format!(
                "{} node={} top={top}",
                scope.as_str().unwrap_or(""),
                n.node.as_deref().unwrap_or("null")
            )
        })
        .collect()
}

/// Each VM with a stuck operation as the expectations write it.
fn operation_lines(report: &Report) -> Vec<String> {
    report
        .stuck_operations
        .iter()
        .map(|vm| {
            let top = vm.causes.first().map(|c| c.id.id()).unwrap_or("none");
            let kind = vm.operations.first().map(|o| {
                serde_json::to_value(o.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            });
            format!(
                "{}/{} {} {} node={} top={top}",
                vm.namespace,
                vm.name,
                kind.unwrap_or_default(),
                vm.state.as_str(),
                vm.node.as_deref().unwrap_or("null")
            )
        })
        .collect()
}

#[test]
fn every_fixture_gives_its_expected_stuck_vms_and_top_causes() {
    let dirs = bundles();
    assert!(
        dirs.len() >= 6,
        "at least six fixture bundles, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(dir.join("README.md").is_file(), "{name}: README.md missing");
        let expect_text = std::fs::read_to_string(dir.join("expect.yaml"))
            .unwrap_or_else(|_| panic!("{name}: expect.yaml missing"));
        let expect: Expect = serde_yaml::from_str(&expect_text)
            .unwrap_or_else(|e| panic!("{name}: expect.yaml: {e}"));
        let report = report_of(dir);
        if !report.warnings.is_empty() {
            failures.push(format!(
                "{name}: unexpected warnings: {:?}",
                report.warnings
            ));
        }
        let got = vm_lines(&report);
        let want: Vec<String> = expect
            .stuck
            .iter()
            .map(|e| {
                let node = e.node.as_deref().unwrap_or("null");
                format!(
                    "{} {} {} node={node} top={}",
                    e.vm, e.alert, e.state, e.top_cause
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{name}:\n  expected {want:#?}\n  got      {got:#?}"
            ));
        }
        let got = node_lines(&report);
        let want: Vec<String> = expect
            .nodes
            .iter()
            .map(|e| {
                format!(
                    "{} node={} top={}",
                    e.scope,
                    e.node.as_deref().unwrap_or("null"),
                    e.top_cause
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{name} (nodes):\n  expected {want:#?}\n  got      {got:#?}"
            ));
        }
        let got = operation_lines(&report);
        let want: Vec<String> = expect
            .operations
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} node={} top={}",
                    e.vm,
                    e.kind,
                    e.state,
                    e.node.as_deref().unwrap_or("null"),
                    e.top_cause
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{name} (operations):\n  expected {want:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Bundles of pasted files only, no VirtualMachine object, one per category of cause.
#[test]
fn loose_files_bundles_cover_every_category_without_vm_objects() {
    use vmstuck_analyze::cause::{Category, Cause};
    let mut categories = std::collections::BTreeSet::new();
    for dir in bundles() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("loose-") {
            continue;
        }
        let report = report_of(&dir);
        assert_eq!(
            report.bundle.vms_seen, 0,
            "{name}: holds a VirtualMachine object"
        );
        assert!(report.vms.iter().all(|v| !v.stuck_proven), "{name}");
        let text = std::fs::read_to_string(dir.join("expect.yaml")).unwrap();
        let expect: Expect = serde_yaml::from_str(&text).unwrap();
        for top in expect
            .stuck
            .iter()
            .map(|e| &e.top_cause)
            .chain(expect.nodes.iter().map(|n| &n.top_cause))
        {
            let cause = Cause::ALL.iter().find(|c| c.id() == top).unwrap();
            categories.insert(match cause.category() {
                Category::Node => "node",
                Category::QemuKvm | Category::Libvirt => "KVM/QEMU/libvirt",
                Category::ImageStorage => "storage",
                Category::Launcher if *cause == Cause::PodNetworkFailure => "network",
                Category::Launcher => "launcher",
                Category::Kubevirt => "handler",
            });
        }
    }
    let want = [
        "KVM/QEMU/libvirt",
        "handler",
        "launcher",
        "network",
        "node",
        "storage",
    ];
    assert_eq!(categories.into_iter().collect::<Vec<_>>(), want);
}

#[test]
fn every_cause_is_the_top_cause_of_some_fixture() {
    let mut tops = std::collections::BTreeSet::new();
    for dir in bundles() {
        let text = std::fs::read_to_string(dir.join("expect.yaml")).unwrap();
        let expect: Expect = serde_yaml::from_str(&text).unwrap();
        tops.extend(expect.stuck.into_iter().map(|e| e.top_cause));
        tops.extend(expect.nodes.into_iter().map(|e| e.top_cause));
    }
    let missing: Vec<&str> = vmstuck_analyze::cause::Cause::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !tops.contains(*id))
        .collect();
    assert!(missing.is_empty(), "causes without a fixture: {missing:?}");
}

#[test]
fn the_shipped_example_archive_matches_its_fixture_directory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = report_of(&root.join("fixtures/example.tar.gz"));
    let b = report_of(&root.join("fixtures/bundles/attach-timeout-two-images"));
    let summary = |report: &Report| -> Vec<String> {
        report
            .vms
            .iter()
            .map(|vm| {
                let causes: Vec<String> = vm
                    .causes
                    .iter()
                    .map(|c| {
                        let lines: Vec<String> = c
                            .findings
                            .iter()
                            .flat_map(|f| &f.evidence)
                            .map(|e| format!("{}:{}", e.file, e.line))
                            .collect();
                        format!("{} {} {lines:?}", c.id.id(), c.score)
                    })
                    .collect();
                format!("{} {:?}", vm.name, causes)
            })
            .collect()
    };
    assert!(!a.vms.is_empty());
    assert_eq!(summary(&a), summary(&b), "run scripts/make-example.sh");
}

#[test]
fn several_stuck_vms_on_one_node_boost_the_node_cause_and_call_for_escalation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bundles/multi-vm-one-node");
    let report = report_of(&dir);
    assert_eq!(report.vms.len(), 3);
    for vm in &report.vms {
        let top = &vm.causes[0];
        assert_eq!(top.id.id(), "node_storage_insufficient");
        assert!(
            top.node_boost,
            "{}: node-level cause shared by 3 VMs",
            vm.name
        );
        assert!(
            vm.escalation
                .iter()
                .any(|e| e.starts_with("3 stuck VMs on node worker-1")),
            "{:?}",
            vm.escalation
        );
    }
    // A cause that is not node-level is never boosted.
    assert!(
        report
            .vms
            .iter()
            .flat_map(|v| &v.causes)
            .all(|c| c.node_boost == c.id.is_node_level())
    );
}

#[test]
fn the_analysis_is_deterministic() {
    let render = || {
        let mut out = String::new();
        for dir in bundles() {
            let report = report_of(&dir);
            out.push_str(
                &vmstuck_analyze::report::render(&report, vmstuck_analyze::report::Format::Json)
                    .unwrap(),
            );
        }
        out
    };
    assert_eq!(render(), render());
}
