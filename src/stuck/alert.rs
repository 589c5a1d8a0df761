//! Which VMs the alerts would fire for, with the alerts' own semantics:
//! `VirtualMachineStuckOnNode` — a VM that has a VMI and whose printable status has been
//! Starting, Stopping, Terminating or an error state for more than 5 minutes;
//! `VirtualMachineStuckInUnhealthyState` — the same kind of state without any VMI, for more
//! than 10 minutes.

use super::{Alert, Duration, StuckVm, each_vm, measure, sort};
use crate::inventory::Inventory;

/// Every VM either alert would fire for, sorted by namespace and name.
pub(crate) fn find(inv: &Inventory) -> Vec<StuckVm> {
    let mut stuck: Vec<StuckVm> = each_vm(inv)
        .filter_map(|(index, vm, links)| {
            if !vm.inferred.is_empty() {
                return None;
            }
            let state = vm.state();
            let vmi = links.vmi.map(|i| &inv.vmis[i]);
            if !state.alerts_for(vmi.is_some()) {
                return None;
            }
            let alert = if vmi.is_some() {
                Alert::VirtualMachineStuckOnNode
            } else {
                Alert::VirtualMachineStuckInUnhealthyState
            };
            let since = vm.state_since(vmi, &state);
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
    let mut out: Vec<StuckVm> = each_vm(inv)
        .filter(|(_, vm, _)| !vm.inferred.is_empty())
        .map(|(index, vm, links)| {
            let vmi = links.vmi.map(|i| &inv.vmis[i]);
            let state = vm.state();
            let since = vm.state_since(vmi, &state);
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
