//! A VirtualMachine's state as the alerts read it: its printable status, and since when it
//! has been in it. The object answers for itself, so linking and stuck detection both ask it.

use serde::Serialize;

use super::{VirtualMachine, VirtualMachineInstance};
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

impl VirtualMachine {
    /// Its state: its printable status, or what its objects imply when the status is missing.
    pub(crate) fn state(&self) -> VmState {
        match self.status.printable_status.as_deref() {
            Some(s) if !s.is_empty() => VmState::parse(s),
            _ if self.metadata.deletion_timestamp.is_some() => VmState::Terminating,
            _ => VmState::Unknown,
        }
    }

    /// When the VM entered its current state. KubeVirt's own metric for this
    /// (`kubevirt_vm_*_status_last_transition_timestamp_seconds`) takes the latest
    /// `lastTransitionTime` of the VM conditions Ready, Failure and Paused; we do the same, and fall
    /// back to the deletion time for Terminating (of the VMI for Stopping), the VMI's latest phase
    /// change, then creation.
    pub(crate) fn state_since(
        &self,
        vmi: Option<&VirtualMachineInstance>,
        state: &VmState,
    ) -> Option<Timestamp> {
        if *state == VmState::Terminating
            && let Some(t) = self.metadata.deletion_timestamp
        {
            return Some(t);
        }
        // Stopping starts when virt-controller deletes the VMI to stop it.
        if *state == VmState::Stopping
            && let Some(t) = vmi.and_then(|v| v.metadata.deletion_timestamp)
        {
            return Some(t);
        }
        let vm_transition = self
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
            .or(self.metadata.creation_timestamp)
    }
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
