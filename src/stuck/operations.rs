//! Running VMs whose operation is stuck. The alert counts only VMs in Starting, Stopping,
//! Terminating or an error state; a VM can be Running while a hotplugged volume never becomes
//! Ready, a live migration failed or never ends, every sync with virt-handler fails, or the
//! guest sits paused. Each is found from the fields and events KubeVirt sets for it, and
//! counts once it has lasted longer than the alert's own threshold.

use serde::Serialize;

use super::{self as stuck, Duration, StuckVm};
use crate::inventory::links::VmLinks;
use crate::inventory::objects::{ConditionStatus, Event};
use crate::inventory::{Inventory, LogComponent, VirtualMachineInstance};
use crate::timestamp::Timestamp;

/// How long an operation must have lasted: the `for:` of `VirtualMachineStuckOnNode`.
const THRESHOLD_SECONDS: i64 = 5 * 60;
/// Failed syncs that make a pattern rather than a one-off: a single `SyncFailed` right after
/// a start or during a migration is common and heals on the next try.
const SYNC_FAILURES: u32 = 3;

/// The kind of operation that is stuck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// A hotplugged volume whose `volumeStatus` phase is not `Ready`.
    HotplugVolume,
    /// A live migration that failed, or that started and has no end.
    Migration,
    /// virt-handler's syncs of the VMI keep failing (`SyncFailed` events, handler log errors).
    Sync,
    /// The VMI's `Paused` condition holds.
    Paused,
}

/// One stuck operation of a running VM.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Operation {
    pub(crate) kind: OperationKind,
    /// What is stuck, in a line, with the names and values the bundle gives.
    pub(crate) what: String,
    pub(crate) since: Option<Timestamp>,
    pub(crate) duration: Duration,
}

/// Every VM with a VMI in phase `Running` that has a stuck operation, sorted by namespace
/// and name; the VMs the alert already counts (`alerted`) are left to their own section.
pub(crate) fn find(inv: &Inventory, alerted: &[StuckVm]) -> Vec<StuckVm> {
    let mut out: Vec<StuckVm> = stuck::each_vm(inv)
        .filter_map(|(index, vm, links)| {
            if !vm.inferred.is_empty() || alerted.iter().any(|s| s.vm == index) {
                return None;
            }
            let vmi = &inv.vmis[links.vmi?];
            if vmi.status.phase != "Running" {
                return None;
            }
            let mut operations: Vec<Operation> = [
                hotplug(inv, links, vmi),
                migration(inv, links, vmi),
                sync(inv, links, vmi),
                paused(inv, links, vmi),
            ]
            .into_iter()
            .flatten()
            .map(|(kind, what, since)| Operation {
                kind,
                what,
                since,
                duration: stuck::measure(since, inv.collected_at),
            })
            .filter(|o| !matches!(o.duration, Duration::Measured(s) if s <= THRESHOLD_SECONDS))
            .collect();
            // The longest-lasting first; those without a time last.
            operations.sort_by_key(|o| (o.since.is_none(), o.since, o.kind));
            let first = operations.first()?;
            Some(StuckVm {
                vm: index,
                alert: None,
                state: vm.state(),
                since: first.since,
                duration: first.duration,
                operations,
            })
        })
        .collect();
    stuck::sort(inv, &mut out);
    out
}

type Found = Option<(OperationKind, String, Option<Timestamp>)>;

fn events<'a>(inv: &'a Inventory, links: &'a VmLinks) -> impl Iterator<Item = &'a Event> + 'a {
    links.events.iter().map(|&i| &inv.events[i])
}

fn first_seen(e: &Event) -> Option<Timestamp> {
    e.first_seen.or(e.last_seen)
}

/// A hotplugged volume that is not `Ready`. Volume statuses carry no time of their own, so
/// the time is the attachment pod's creation: its `SuccessfulCreate` event, else the pod.
fn hotplug(inv: &Inventory, links: &VmLinks, vmi: &VirtualMachineInstance) -> Found {
    let volume = vmi.status.volume_status.iter().find(|v| {
        v.hotplug_volume.is_some() && v.phase != "Ready" && !v.phase.starts_with("MemoryDump")
    })?;
    let attach_pod = volume
        .hotplug_volume
        .as_ref()
        .and_then(|h| h.get("attachPodName"))
        .and_then(|n| n.as_str())
        .unwrap_or("");
    let created = events(inv, links)
        .filter(|e| e.reason == "SuccessfulCreate" && e.message.contains(&volume.name))
        .filter_map(first_seen)
        .min();
    let pod_created = inv
        .pods
        .iter()
        .find(|p| !attach_pod.is_empty() && p.metadata.name == attach_pod)
        .and_then(|p| p.metadata.creation_timestamp);
    let phase = if volume.phase.is_empty() {
        "no phase"
    } else {
        volume.phase.as_str()
    };
    let mut what = format!("hotplugged volume {} is {phase}, not Ready", volume.name);
    if !volume.reason.is_empty() {
        what.push_str(&format!(" (reason {})", volume.reason));
    }
    Some((OperationKind::HotplugVolume, what, created.or(pod_created)))
}

/// A live migration that failed (and none succeeded after it), or that started and has no
/// end. A migration a user cancelled is not counted.
fn migration(inv: &Inventory, links: &VmLinks, vmi: &VirtualMachineInstance) -> Found {
    let state = vmi.status.migration_state.as_ref();
    if let Some(s) = state
        && s.start_timestamp.is_some()
        && s.end_timestamp.is_none()
        && !s.completed
        && !s.failed
    {
        let what = format!(
            "live migration from {} to {} started and has not ended",
            or_unknown(&s.source_node),
            or_unknown(&s.target_node)
        );
        return Some((OperationKind::Migration, what, s.start_timestamp));
    }
    let migrations: Vec<_> = links
        .migrations
        .iter()
        .map(|&i| &inv.migrations[i])
        .collect();
    let failed: Vec<_> = migrations
        .iter()
        .filter(|m| m.status.phase == "Failed")
        .collect();
    let succeeded_after = |t: Option<Timestamp>| {
        migrations.iter().any(|m| {
            m.status.phase == "Succeeded" && m.metadata.creation_timestamp > t && t.is_some()
        }) || state.is_some_and(|s| s.completed && !s.failed && s.end_timestamp > t)
    };
    let vmi_failed = state.filter(|s| s.failed && s.abort_status != "Succeeded");
    if failed.is_empty() && vmi_failed.is_none() {
        // A migration still on its way: stuck when its current phase is old.
        let pending = migrations
            .iter()
            .find(|m| !matches!(m.status.phase.as_str(), "Succeeded" | "Failed" | ""))?;
        let since = pending
            .status
            .phase_transition_timestamps
            .iter()
            .filter_map(|p| p.phase_transition_timestamp)
            .max()
            .or(pending.metadata.creation_timestamp);
        let what = format!(
            "migration {} has been {} without an end",
            pending.metadata.name, pending.status.phase
        );
        return Some((OperationKind::Migration, what, since));
    }
    let first_failure = failed
        .iter()
        .filter_map(|m| m.metadata.creation_timestamp)
        .min()
        .or_else(|| vmi_failed.and_then(|s| s.start_timestamp));
    if succeeded_after(
        failed
            .iter()
            .filter_map(|m| m.metadata.creation_timestamp)
            .max()
            .or(first_failure),
    ) {
        return None;
    }
    let reason = vmi_failed
        .map(|s| s.failure_reason.as_str())
        .filter(|r| !r.is_empty());
    let mut what = match failed.len() {
        0 => "the last live migration failed".to_string(),
        1 => format!("migration {} failed", failed[0].metadata.name),
        n => format!("{n} migrations failed, none succeeded after them"),
    };
    if let Some(r) = reason {
        what.push_str(&format!(": {}", clip(r)));
    }
    Some((OperationKind::Migration, what, first_failure))
}

/// virt-handler's syncs keep failing: `SyncFailed` events on the VMI, the handler's
/// `Synchronizing the VirtualMachineInstance failed.` lines naming it, or a `Synchronized`
/// condition that is False.
fn sync(inv: &Inventory, links: &VmLinks, vmi: &VirtualMachineInstance) -> Found {
    let failed: Vec<&Event> = events(inv, links)
        .filter(|e| e.reason == "SyncFailed")
        .collect();
    let count: u32 = failed.iter().map(|e| e.count.max(1)).sum();
    if count >= SYNC_FAILURES {
        let since = failed.iter().filter_map(|e| first_seen(e)).min();
        let last = failed.iter().max_by_key(|e| e.last_seen)?;
        let what = format!("{count} SyncFailed events: {}", clip(&last.message));
        return Some((OperationKind::Sync, what, since));
    }
    let needle = format!("\"name\":\"{}\"", vmi.metadata.name);
    let lines: Vec<_> = links
        .handler_logs
        .iter()
        .map(|&i| &inv.logs[i])
        .filter(|l| l.component == LogComponent::VirtHandler)
        .flat_map(|l| &l.lines)
        .filter(|l| {
            l.text
                .contains("Synchronizing the VirtualMachineInstance failed")
                && l.text.contains(&needle)
        })
        .collect();
    if lines.len() as u32 >= SYNC_FAILURES {
        let since = lines.iter().filter_map(|l| l.timestamp).min();
        let what = format!(
            "{} failed syncs in the virt-handler log (`Synchronizing the VirtualMachineInstance failed.`)",
            lines.len()
        );
        return Some((OperationKind::Sync, what, since));
    }
    let condition = vmi
        .status
        .conditions
        .iter()
        .find(|c| c.kind == "Synchronized" && c.status == ConditionStatus::False)?;
    let what = format!(
        "Synchronized is False ({}): {}",
        or_unknown(&condition.reason),
        clip(&condition.message)
    );
    Some((OperationKind::Sync, what, condition.last_transition_time))
}

/// The VMI's `Paused` condition, with its reason. A guest paused on an I/O error is resumed
/// and paused again by virt-handler, which moves the condition's time; its `IOerror` events
/// say since when it really is.
fn paused(inv: &Inventory, links: &VmLinks, vmi: &VirtualMachineInstance) -> Found {
    let condition = vmi
        .status
        .conditions
        .iter()
        .find(|c| c.kind == "Paused" && c.status == ConditionStatus::True)?;
    let io_errors = events(inv, links)
        .filter(|e| e.reason == "IOerror")
        .filter_map(first_seen)
        .min();
    let mut what = format!("paused, reason {}", or_unknown(&condition.reason));
    if !condition.message.is_empty() {
        what.push_str(&format!(": {}", clip(&condition.message)));
    }
    let since = match condition.reason.as_str() {
        "PausedIOError" => io_errors.or(condition.last_transition_time),
        _ => condition.last_transition_time,
    };
    Some((OperationKind::Paused, what, since))
}

fn or_unknown(text: &str) -> &str {
    if text.is_empty() { "unknown" } else { text }
}

/// A message kept to a line's length for the summary; the evidence quotes it whole.
fn clip(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}
