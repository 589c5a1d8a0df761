//! Stuck detection follows the alerts: which printable statuses count, with or without a
//! VMI, and the 5 / 10 minute thresholds against the collection time.

mod common;

use common::*;
use vmstuck_analyze::Alert;

/// How long a VM has been stuck; `None` when it cannot be measured.
type Duration = Option<i64>;

fn stuck_of(status: &str, since: &str, with_vmi: bool) -> Vec<(Alert, String, Duration)> {
    let report = report_of_files(&vm_files(status, since, with_vmi, false));
    report
        .vms
        .into_iter()
        .filter_map(|s| Some((s.alert?, s.state.as_str().to_string(), s.stuck_seconds)))
        .collect()
}

#[test]
fn a_vm_with_a_vmi_is_stuck_on_node_after_five_minutes() {
    assert_eq!(
        stuck_of("Starting", "2024-05-01T09:30:00Z", true),
        vec![(
            Alert::VirtualMachineStuckOnNode,
            "Starting".into(),
            Some(1800)
        )]
    );
    assert!(
        stuck_of("Starting", "2024-05-01T09:57:00Z", true).is_empty(),
        "3 minutes is not yet stuck"
    );
    assert!(
        stuck_of("Starting", "2024-05-01T09:55:00Z", true).is_empty(),
        "exactly 5 minutes is not more than 5"
    );
}

#[test]
fn the_alert_takes_starting_stopping_terminating_and_the_error_group() {
    for status in [
        "Starting",
        "Stopping",
        "Terminating",
        "CrashLoopBackOff",
        "Unknown",
        "ErrorUnschedulable",
        "ErrImagePull",
        "ImagePullBackOff",
        "ErrorPvcNotFound",
        "DataVolumeError",
    ] {
        assert_eq!(
            stuck_of(status, "2024-05-01T09:00:00Z", true).len(),
            1,
            "{status}"
        );
    }
    for status in [
        "Running",
        "Stopped",
        "Paused",
        "Migrating",
        "Provisioning",
        "WaitingForVolumeBinding",
    ] {
        assert!(
            stuck_of(status, "2024-05-01T09:00:00Z", true).is_empty(),
            "{status}"
        );
    }
}

#[test]
fn a_vm_without_a_vmi_belongs_to_the_unhealthy_state_alert_after_ten_minutes() {
    let got = stuck_of("Provisioning", "2024-05-01T09:45:00Z", false);
    assert_eq!(
        got,
        vec![(
            Alert::VirtualMachineStuckInUnhealthyState,
            "Provisioning".into(),
            Some(900)
        )]
    );
    assert!(
        stuck_of("Provisioning", "2024-05-01T09:52:00Z", false).is_empty(),
        "8 minutes < 10"
    );
    assert!(
        stuck_of("Stopping", "2024-05-01T09:00:00Z", false).is_empty(),
        "Stopping needs a VMI"
    );
}

#[test]
fn terminating_counts_from_the_deletion_and_unknown_time_is_reported_not_dropped() {
    let report = report_of_files(&vm_files("Terminating", "2024-05-01T09:40:00Z", true, true));
    assert_eq!(report.vms[0].stuck_seconds, Some(1200));

    // No timestamp file and no timestamps at all: listed, duration unmeasured.
    let vm = VM
        .replace("  creationTimestamp: \"2024-05-01T09:00:00Z\"\n", "")
        .replace("    lastTransitionTime: \"2024-05-01T09:30:00Z\"\n", "");
    let report = report_of_files(&[("vm.yaml".to_string(), vm)]);
    assert_eq!(report.vms.len(), 1);
    assert_eq!(report.vms[0].stuck_seconds, None);
    assert_eq!(report.vms[0].stuck_for, "unknown");
}
