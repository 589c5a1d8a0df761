//! Which VMs the alerts would fire for, with the alerts' own semantics:
//! `VirtualMachineStuckOnNode` — a VM that has a VMI and whose printable status has been
//! Starting, Stopping, Terminating or an error state for more than 5 minutes;
//! `VirtualMachineStuckInUnhealthyState` — the same kind of state without any VMI, for more
//! than 10 minutes. Time is measured against the bundle's collection time, never the clock.

use serde::Serialize;

use crate::inventory::{Inventory, VirtualMachine, VirtualMachineInstance};
use crate::timestamp::Timestamp;

macro_rules! vm_states {
    ($($state:ident),* $(,)?) => {
        /// `status.printableStatus` of a VirtualMachine (kubevirt.io/api core/v1
        /// `VirtualMachinePrintableStatus`). Unknown future values are kept verbatim.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum VmState {
            $($state,)*
            Other(String),
        }

        impl VmState {
            pub(crate) fn parse(text: &str) -> VmState {
                match text {
                    $(stringify!($state) => VmState::$state,)*
                    other => VmState::Other(other.to_string()),
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $(VmState::$state => stringify!($state),)*
                    VmState::Other(s) => s,
                }
            }
        }
    };
}

vm_states!(
    Stopped,
    Provisioning,
    Starting,
    Running,
    Paused,
    Stopping,
    Terminating,
    CrashLoopBackOff,
    Migrating,
    Unknown,
    ErrorUnschedulable,
    ErrImagePull,
    ImagePullBackOff,
    ErrorPvcNotFound,
    ErrorDataVolumeNotFound,
    DataVolumeError,
    WaitingForVolumeBinding,
    WaitingForReceiver,
);

impl VmState {
    /// The `error` status group of the `kubevirt_vm_info` metric
    /// (pkg/monitoring/metrics/virt-controller/vmstats_collector.go).
    pub(crate) fn is_error(&self) -> bool {
        use VmState::*;
        matches!(
            self,
            CrashLoopBackOff
                | Unknown
                | ErrorUnschedulable
                | ErrImagePull
                | ImagePullBackOff
                | ErrorPvcNotFound
                | DataVolumeError
        )
    }

    /// Statuses of a VM that is up, or down on purpose: an inferred VM in one of them, with
    /// nothing found against it, is not reported.
    pub(crate) fn looks_healthy(&self) -> bool {
        use VmState::*;
        matches!(self, Running | Stopped | Migrating | Paused)
    }

    /// Statuses the alert's expression selects (pkg/monitoring/rules/alerts/vms.go):
    /// `VirtualMachineStuckOnNode` takes starting, stopping, terminating or the error group,
    /// for VMs that have a VMI; `VirtualMachineStuckInUnhealthyState` takes provisioning,
    /// starting, terminating or the error group, for VMs without one.
    pub(crate) fn alerts_for(&self, has_vmi: bool) -> bool {
        use VmState::*;
        if has_vmi {
            matches!(self, Starting | Stopping | Terminating) || self.is_error()
        } else {
            matches!(self, Provisioning | Starting | Terminating) || self.is_error()
        }
    }
}

impl Serialize for VmState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The alert a stuck VM belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Alert {
    VirtualMachineStuckOnNode,
    VirtualMachineStuckInUnhealthyState,
}

impl Alert {
    /// How long a VM must stay unhealthy before the alert fires (its `for:` clause).
    pub(crate) fn threshold_seconds(self) -> i64 {
        match self {
            Alert::VirtualMachineStuckOnNode => 5 * 60,
            Alert::VirtualMachineStuckInUnhealthyState => 10 * 60,
        }
    }
}

/// How sure the tool is that the VM is past the alert's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Duration {
    /// In the state for this many seconds before collection.
    Measured(i64),
    /// No timestamp tells since when; the VM is listed, flagged as not measured.
    Unmeasured,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct StuckVm {
    /// Index into `Inventory::vms` (and `Links::vms`).
    #[serde(skip)]
    pub(crate) vm: usize,
    /// The alert that fires for it; `None` for a VM inferred without its VirtualMachine
    /// object, whose stuck state cannot be proven.
    pub(crate) alert: Option<Alert>,
    pub(crate) state: VmState,
    pub(crate) since: Option<Timestamp>,
    pub(crate) duration: Duration,
    /// For a running VM the alert does not count: its stuck operations, longest first
    /// (`operations`); `since` and `duration` are the first one's.
    pub(crate) operations: Vec<crate::operations::Operation>,
}

/// How long from `since` to the collection time `now`, when both are known.
pub(crate) fn measure(since: Option<Timestamp>, now: Option<Timestamp>) -> Duration {
    match (since, now) {
        (Some(since), Some(now)) => Duration::Measured(now.seconds_since(since)),
        _ => Duration::Unmeasured,
    }
}

/// A VM's state: its printable status, or what its objects imply when the status is missing.
pub(crate) fn state_of(vm: &VirtualMachine) -> VmState {
    match vm.status.printable_status.as_deref() {
        Some(s) if !s.is_empty() => VmState::parse(s),
        _ if vm.metadata.deletion_timestamp.is_some() => VmState::Terminating,
        _ => VmState::Unknown,
    }
}

/// When the VM entered its current state. KubeVirt's own metric for this
/// (`kubevirt_vm_*_status_last_transition_timestamp_seconds`) takes the latest
/// `lastTransitionTime` of the VM conditions Ready, Failure and Paused; we do the same, and fall
/// back to the deletion time for Terminating (of the VMI for Stopping), the VMI's latest phase
/// change, then creation.
pub(crate) fn state_since(
    vm: &VirtualMachine,
    vmi: Option<&VirtualMachineInstance>,
    state: &VmState,
) -> Option<Timestamp> {
    if *state == VmState::Terminating
        && let Some(t) = vm.metadata.deletion_timestamp
    {
        return Some(t);
    }
    // Stopping starts when virt-controller deletes the VMI to stop it.
    if *state == VmState::Stopping
        && let Some(t) = vmi.and_then(|v| v.metadata.deletion_timestamp)
    {
        return Some(t);
    }
    let vm_transition = vm
        .status
        .conditions
        .iter()
        .filter(|c| matches!(c.kind.as_str(), "Ready" | "Failure" | "Paused"))
        .filter_map(|c| c.last_transition_time)
        .max();
    let vmi_transition = vmi.and_then(|v| {
        v.status
            .phase_transition_timestamps
            .iter()
            .filter_map(|p| p.phase_transition_timestamp)
            .max()
    });
    vm_transition
        .or(vmi_transition)
        .or_else(|| vmi.and_then(|v| v.metadata.creation_timestamp))
        .or(vm.metadata.creation_timestamp)
}

/// Every VM either alert would fire for, sorted by namespace and name.
pub(crate) fn find(inv: &Inventory) -> Vec<StuckVm> {
    let mut stuck: Vec<StuckVm> = inv
        .links
        .vms
        .iter()
        .filter_map(|links| {
            let index = links.vm?;
            let vm = &inv.vms[index];
            if !vm.inferred.is_empty() {
                return None;
            }
            let state = state_of(vm);
            let vmi = links.vmi.map(|i| &inv.vmis[i]);
            if !state.alerts_for(vmi.is_some()) {
                return None;
            }
            let alert = if vmi.is_some() {
                Alert::VirtualMachineStuckOnNode
            } else {
                Alert::VirtualMachineStuckInUnhealthyState
            };
            let since = state_since(vm, vmi, &state);
            let duration = measure(since, inv.collected_at);
            if let Duration::Measured(secs) = duration
                && secs <= alert.threshold_seconds()
            {
                return None;
            }
            Some(StuckVm {
                vm: index,
                alert: Some(alert),
                state,
                since,
                duration,
                operations: Vec::new(),
            })
        })
        .collect();
    sort(inv, &mut stuck);
    stuck
}

/// Every VM inferred without its VirtualMachine object (`inventory::infer`), with the state
/// its other objects imply: candidates for the report, whose stuck state is not proven.
pub(crate) fn unproven(inv: &Inventory) -> Vec<StuckVm> {
    let mut out: Vec<StuckVm> = inv
        .links
        .vms
        .iter()
        .filter_map(|links| Some((links, links.vm?)))
        .filter(|(_, index)| !inv.vms[*index].inferred.is_empty())
        .map(|(links, index)| {
            let vm = &inv.vms[index];
            let vmi = links.vmi.map(|i| &inv.vmis[i]);
            let state = state_of(vm);
            let since = state_since(vm, vmi, &state);
            StuckVm {
                vm: index,
                alert: None,
                duration: measure(since, inv.collected_at),
                state,
                since,
                operations: Vec::new(),
            }
        })
        .collect();
    sort(inv, &mut out);
    out
}

pub(crate) fn sort(inv: &Inventory, vms: &mut [StuckVm]) {
    vms.sort_by(|a, b| {
        let (x, y) = (&inv.vms[a.vm].metadata, &inv.vms[b.vm].metadata);
        (&x.namespace, &x.name).cmp(&(&y.namespace, &y.name))
    });
}

#[cfg(test)]
mod tests {
    use super::VmState;

    #[test]
    fn printable_statuses_read_and_write_back() {
        for s in [
            "Starting",
            "ErrImagePull",
            "WaitingForReceiver",
            "SomethingNew",
        ] {
            assert_eq!(VmState::parse(s).as_str(), s);
        }
        assert_eq!(
            VmState::parse("SomethingNew"),
            VmState::Other("SomethingNew".into())
        );
    }
}
