//! What is stuck: the VMs the alerts would fire for (`alert`), and the running VMs the alert
//! leaves out whose operation is stuck (`operations`). Both yield `StuckVm`s, diagnosed alike
//! and reported apart. Time is measured against the bundle's collection time, never the clock.

mod alert;
pub(crate) mod operations;

pub(crate) use alert::{find, unproven};
pub use operations::OperationKind;

use serde::Serialize;

use crate::inventory::links::VmLinks;
use crate::inventory::{Inventory, VirtualMachine, VmState};
use crate::timestamp::Timestamp;

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
    pub(crate) operations: Vec<operations::Operation>,
}

/// How long from `since` to the collection time `now`, when both are known.
pub(crate) fn measure(since: Option<Timestamp>, now: Option<Timestamp>) -> Duration {
    match (since, now) {
        (Some(since), Some(now)) => Duration::Measured(now.seconds_since(since)),
        _ => Duration::Unmeasured,
    }
}

/// Every VM with its object and links, in the order of `Links::vms`: what each finder walks.
pub(crate) fn each_vm(inv: &Inventory) -> impl Iterator<Item = (usize, &VirtualMachine, &VmLinks)> {
    inv.links
        .vms
        .iter()
        .filter_map(|links| links.vm.map(|index| (index, &inv.vms[index], links)))
}

/// Orders stuck VMs by namespace and name, as every section of the report lists them.
pub(crate) fn sort(inv: &Inventory, vms: &mut [StuckVm]) {
    vms.sort_by(|a, b| {
        let (x, y) = (&inv.vms[a.vm].metadata, &inv.vms[b.vm].metadata);
        (&x.namespace, &x.name).cmp(&(&y.namespace, &y.name))
    });
}
