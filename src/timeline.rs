//! What happened around a VM while it was stuck, in time order: its VM's, VMI's and pods'
//! conditions, phase changes and container state changes, the events about it (with their
//! counts), and the lines of its launcher, handler, QEMU, controller and node logs that the
//! rules keep. Each entry is cited like evidence; the entries a cause cites are marked.

use std::collections::HashSet;

use serde::Serialize;

use crate::evidence::{Evidence, sets};
use crate::inventory::links::VmLinks;
use crate::inventory::{Condition, ConditionStatus, Inventory, LogComponent, Origin};
use crate::rank::RankedCause;
use crate::stuck::StuckVm;
use crate::timestamp::Timestamp;

/// Entries kept for one VM. The cited ones are always kept; the rest nearest to the moment
/// the VM got stuck fill what is left.
const MAX_ENTRIES: usize = 40;

/// How long before the VM entered its state the timeline starts: the cause usually comes
/// first.
const LEAD_SECONDS: i64 = 30 * 60;

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Condition,
    Phase,
    Event,
    Container,
    LauncherLog,
    HandlerLog,
    QemuLog,
    ControllerLog,
    NodeLog,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Condition => "condition",
            Source::Phase => "phase",
            Source::Event => "event",
            Source::Container => "container",
            Source::LauncherLog => "launcher log",
            Source::HandlerLog => "handler log",
            Source::QemuLog => "QEMU log",
            Source::ControllerLog => "controller log",
            Source::NodeLog => "node log",
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub time: Timestamp,
    pub source: Source,
    /// Evidence a cause cites.
    pub cited: bool,
    /// How many times it happened (events), 1 otherwise.
    pub count: u32,
    /// Where it falls between the first and the last entry, from 0 to 1 (for drawing).
    pub position: f64,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// The timeline of one VM, oldest first.
pub(crate) fn of_vm(inv: &Inventory, stuck: &StuckVm, causes: &[RankedCause]) -> Vec<Entry> {
    let links = &inv.links.vms[stuck.vm];
    let name = inv.vms[stuck.vm].metadata.name.as_str();
    let mut all = Vec::new();
    collect_objects(inv, links, &mut all);
    collect_events(inv, links, &mut all);
    collect_logs(inv, links, name, &mut all);
    let cited: HashSet<(&str, u64)> = causes
        .iter()
        .flat_map(|c| &c.findings)
        .flat_map(|f| &f.evidence)
        .map(|e| (e.file.as_str(), e.line))
        .collect();
    let mut entries: Vec<Entry> = all
        .into_iter()
        .filter_map(|(source, count, e)| {
            let time = e.time?;
            Some(Entry {
                time,
                source,
                cited: cited.contains(&(e.file.as_str(), e.line)),
                count,
                position: 0.0,
                evidence: e,
            })
        })
        .collect();
    let start = stuck.since.map(|t| Timestamp(t.0 - LEAD_SECONDS));
    entries.retain(|e| e.cited || start.is_none_or(|s| e.time >= s));
    entries.sort_by(|a, b| {
        (a.time, a.source, &a.evidence.file, a.evidence.line).cmp(&(
            b.time,
            b.source,
            &b.evidence.file,
            b.evidence.line,
        ))
    });
    entries
        .dedup_by(|a, b| a.evidence.file == b.evidence.file && a.evidence.line == b.evidence.line);
    if entries.len() > MAX_ENTRIES {
        let moment = stuck.since.map_or(i64::MAX, |t| t.0);
        let mut uncited: Vec<usize> = (0..entries.len()).filter(|&i| !entries[i].cited).collect();
        // Farthest from the moment it got stuck go first.
        uncited.sort_by_key(|&i| std::cmp::Reverse((entries[i].time.0 - moment).abs()));
        let drop: HashSet<usize> = uncited
            .into_iter()
            .take(entries.len() - MAX_ENTRIES)
            .collect();
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
    if let (Some(first), Some(last)) = (entries.first(), entries.last()) {
        let (start, span) = (first.time.0, (last.time.0 - first.time.0) as f64);
        for e in &mut entries {
            e.position = if span > 0.0 {
                ((e.time.0 - start) as f64 / span * 1000.0).round() / 1000.0
            } else {
                0.5
            };
        }
    }
    entries
}

type Found = (Source, u32, Evidence);

/// Condition types that report a problem when `True` (for the rest, `True` is healthy).
const PROBLEM_WHEN_TRUE: [&str; 8] = [
    "MemoryPressure",
    "DiskPressure",
    "PIDPressure",
    "NetworkUnavailable",
    "Paused",
    "Failure",
    "ReadOnlyFilesystem",
    "KernelDeadlock",
];

fn condition_entries(
    inv: &Inventory,
    owner: &str,
    origin: Origin,
    conditions: &[Condition],
    out: &mut Vec<Found>,
) {
    for c in conditions {
        let Some(time) = c.last_transition_time else {
            continue;
        };
        // A condition that is fine says nothing about why the VM is stuck.
        if c.status == ConditionStatus::True && !PROBLEM_WHEN_TRUE.contains(&c.kind.as_str()) {
            continue;
        }
        let status = match c.status {
            ConditionStatus::True => "True",
            ConditionStatus::False => "False",
            ConditionStatus::Unknown => "Unknown",
        };
        let mut line = format!("{owner} {}={status}", c.kind);
        if !c.reason.is_empty() {
            line.push_str(&format!(" {}", c.reason));
        }
        if !c.message.is_empty() {
            line.push_str(&format!(": {}", c.message));
        }
        let e = Evidence::in_object(
            inv,
            origin,
            |l| sets(l, "type", Some(&c.kind)),
            format!("{owner} condition {}", c.kind),
        )
        .quoting(&line, None)
        .at(Some(time));
        out.push((Source::Condition, 1, e));
    }
}

fn collect_objects(inv: &Inventory, links: &VmLinks, out: &mut Vec<Found>) {
    if let Some(i) = links.vm {
        let vm = &inv.vms[i];
        if vm.inferred.is_empty() {
            condition_entries(inv, "VM", vm.origin, &vm.status.conditions, out);
        }
    }
    if let Some(i) = links.vmi {
        let vmi = &inv.vmis[i];
        condition_entries(inv, "VMI", vmi.origin, &vmi.status.conditions, out);
        for p in &vmi.status.phase_transition_timestamps {
            let Some(time) = p.phase_transition_timestamp else {
                continue;
            };
            let e = Evidence::in_object(
                inv,
                vmi.origin,
                |l| sets(l, "phase", Some(&p.phase)),
                "VMI phase".to_string(),
            )
            .quoting(&format!("VMI phase {}", p.phase), None)
            .at(Some(time));
            out.push((Source::Phase, 1, e));
        }
    }
    for &i in links.launcher_pods.iter().chain(&links.hotplug_pods) {
        let pod = &inv.pods[i];
        let owner = format!("pod {}", pod.metadata.name);
        condition_entries(inv, &owner, pod.origin, &pod.status.conditions, out);
        for c in pod.status.all_containers() {
            for st in [&c.state, &c.last_state] {
                let Some(t) = &st.terminated else { continue };
                let Some(time) = t.finished_at else { continue };
                let mut line = format!(
                    "{} container {} terminated {} (exit code {})",
                    pod.metadata.name, c.name, t.reason, t.exit_code
                );
                if !t.message.is_empty() {
                    line.push_str(&format!(": {}", t.message));
                }
                let e = Evidence::in_object(
                    inv,
                    pod.origin,
                    |l| sets(l, "reason", Some(&t.reason)),
                    format!("pod {} container {}", pod.metadata.name, c.name),
                )
                .quoting(&line, None)
                .at(Some(time));
                out.push((Source::Container, 1, e));
            }
        }
    }
}

fn collect_events(inv: &Inventory, links: &VmLinks, out: &mut Vec<Found>) {
    for &i in links.events.iter().chain(&links.node_events) {
        let e = &inv.events[i];
        let Some(time) = e.last_seen else { continue };
        let o = e.origin;
        let evidence = if o.start == o.end {
            Evidence::new(inv, o.file, o.line, "", String::new())
        } else {
            Evidence::in_object(inv, o, |l| sets(l, "message", None), String::new())
        };
        let times = if e.count > 1 {
            format!(" (x{})", e.count)
        } else {
            String::new()
        };
        let mut evidence = evidence.quoting(
            &format!(
                "{} {}{times} on {} {}: {}",
                e.kind, e.reason, e.involved.kind, e.involved.name, e.message
            ),
            None,
        );
        evidence.what = format!("event {}", e.reason);
        out.push((Source::Event, e.count.max(1), evidence.at(Some(time))));
    }
}

fn collect_logs(inv: &Inventory, links: &VmLinks, vm: &str, out: &mut Vec<Found>) {
    let groups: [(&[usize], Source, bool); 5] = [
        (&links.launcher_logs, Source::LauncherLog, false),
        // Handler and controller logs serve many VMs: only lines naming this one.
        (&links.handler_logs, Source::HandlerLog, true),
        (&links.qemu_logs, Source::QemuLog, false),
        (&links.controller_logs, Source::ControllerLog, true),
        (&links.node_logs, Source::NodeLog, false),
    ];
    for (logs, source, named) in groups {
        for &i in logs {
            let log = &inv.logs[i];
            let source = match (source, log.component) {
                (Source::LauncherLog, LogComponent::Qemu) => Source::QemuLog,
                (s, _) => s,
            };
            for line in &log.lines {
                if line.timestamp.is_none() || (named && !line.text.contains(vm)) {
                    continue;
                }
                let e = Evidence::new(inv, log.file, line.number, "", source.label().to_string())
                    .quoting(&line.said(), None)
                    .at(line.timestamp);
                out.push((source, 1, e));
            }
        }
    }
}
