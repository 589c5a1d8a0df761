//! Running VMs with a stuck operation: found past the alert's threshold and not before,
//! healthy running VMs left out, the alert's own figures untouched, and `--fail-on`
//! counting them only with `--include-running`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bundles")
        .join(name)
}

const RUNNING: [&str; 4] = [
    "running-hotplug-not-ready",
    "running-migration-failed",
    "running-paused-ioerror",
    "running-sync-failed",
];

#[test]
fn healthy_running_vms_stay_out_of_the_section() {
    let report = report_of(&fixture("healthy"));
    assert!(report.stuck_operations.is_empty());
    for name in RUNNING {
        let report = report_of(&fixture(name));
        let listed: Vec<String> = report
            .stuck_operations
            .iter()
            .map(|v| format!("{}/{}", v.namespace, v.name))
            .collect();
        assert_eq!(listed.len(), 1, "{name}: {listed:?}");
        assert!(!listed.contains(&"vm-prod/web-01".to_string()), "{name}");
        assert!(
            report
                .bundle
                .not_stuck
                .contains(&"vm-prod/web-01".to_string())
        );
    }
}

#[test]
fn the_alert_figures_stay_as_they_are() {
    for name in RUNNING {
        let analysis = analysis_of(&fixture(name));
        let report = vmstuck_analyze::report::Report::from(&analysis);
        assert!(report.vms.is_empty(), "{name}: not in the alert's list");
        assert_eq!(
            (report.bundle.stuck_on_node, report.bundle.stuck_without_vmi),
            (0, 0),
            "{name}"
        );
        assert_eq!(report.bundle.operations_stuck, 1, "{name}");
        let sarif: serde_json::Value = serde_json::from_str(
            &vmstuck_analyze::report::render(&report, vmstuck_analyze::report::Format::Sarif)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            sarif["runs"][0]["results"].as_array().map(Vec::len),
            Some(0),
            "{name}: SARIF results are the alert's"
        );
    }
}

/// The hotplug fixture's attachment pod, made younger than the threshold: not yet stuck.
#[test]
fn an_operation_younger_than_five_minutes_is_not_reported() {
    let dir = fixture("running-hotplug-not-ready");
    let mut files = Vec::new();
    for path in walk(&dir) {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        files.push((name, text));
    }
    let since = report_of(&dir).stuck_operations[0].operations[0]
        .since
        .clone()
        .expect("a measured start");
    // The collection time, moved to two minutes after the volume's attachment started.
    let at = |t: &str| format!("{}2:00Z", &t[..15]);
    let two_minutes_later = at(&since);
    for (name, text) in &mut files {
        if name.ends_with("/timestamp") {
            *text = format!(
                "{} +0000 UTC\n",
                two_minutes_later.replace('T', " ").trim_end_matches('Z')
            );
        }
    }
    let report = report_of_files(&files);
    assert!(
        report.stuck_operations.is_empty(),
        "collected at {two_minutes_later}: {:?}",
        report
            .stuck_operations
            .iter()
            .map(|v| &v.operations)
            .collect::<Vec<_>>()
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.ends_with("README.md") && !p.ends_with("expect.yaml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fail_on_counts_running_vms_only_when_asked() {
    let bin = env!("CARGO_BIN_EXE_vmstuck-analyze");
    let bundle = fixture("running-paused-ioerror");
    let run = |extra: &[&str]| {
        Command::new(bin)
            .arg(&bundle)
            .args(["--format", "json", "--fail-on", "warning"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["--include-running"]);
    assert_eq!(out.status.code(), Some(1));
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        why.contains("vm-prod/fileserver-01: storage_backend_unreachable"),
        "{why}"
    );
}

/// A running VM whose VMI carries `status` (below `phase: Running`), collected at 10:00.
fn running_vm(status: &str) -> Vec<(String, String)> {
    let mut files = vm_files("Running", "2024-05-01T09:00:00Z", false, false);
    let vmi = VMI.replace(
        "  phase: Scheduled\n",
        &format!("  phase: Running\n{status}"),
    );
    files.push(("mg/vmi.yaml".to_string(), vmi));
    files
}

fn operations_of(files: &[(String, String)]) -> Vec<String> {
    report_of_files(files)
        .stuck_operations
        .iter()
        .flat_map(|v| &v.operations)
        .map(|o| {
            format!(
                "{} {}",
                serde_json::to_value(o.kind).unwrap().as_str().unwrap(),
                o.stuck_for
            )
        })
        .collect()
}

#[test]
fn a_migration_that_started_and_never_ended_is_stuck() {
    let state = "  migrationState:\n    startTimestamp: \"2024-05-01T09:40:00Z\"\n    sourceNode: node01\n    targetNode: node02\n";
    assert_eq!(operations_of(&running_vm(state)), ["migration 20m 0s"]);
    let ended = format!("{state}    endTimestamp: \"2024-05-01T09:41:00Z\"\n    completed: true\n");
    assert!(
        operations_of(&running_vm(&ended)).is_empty(),
        "a migration that ended is history"
    );
}

#[test]
fn a_cancelled_migration_and_a_running_vm_without_trouble_are_not_stuck() {
    let cancelled = "  migrationState:\n    startTimestamp: \"2024-05-01T09:40:00Z\"\n    endTimestamp: \"2024-05-01T09:41:00Z\"\n    failed: true\n    abortStatus: Succeeded\n";
    assert!(operations_of(&running_vm(cancelled)).is_empty());
    assert!(operations_of(&running_vm("")).is_empty());
}

#[test]
fn a_pause_by_the_user_is_reported_with_its_reason() {
    let paused = "  conditions:\n  - type: Paused\n    status: \"True\"\n    reason: PausedByUser\n    message: VMI was paused by user\n    lastTransitionTime: \"2024-05-01T09:15:00Z\"\n";
    let report = report_of_files(&running_vm(paused));
    let op = &report.stuck_operations[0].operations[0];
    assert_eq!(op.stuck_for, "45m 0s");
    assert!(op.what.contains("PausedByUser"), "{}", op.what);
}
