//! `vm_state`: the VM's printable status is one of a list.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VmStateSignal {
    /// Printable statuses, any of which matches.
    pub(crate) any_of: Vec<String>,
    pub(crate) source: String,
}

impl SignalKind for VmStateSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let Some(vm) = ctx.vm else {
            return Vec::new();
        };
        let state = vm.state();
        if !self.any_of.iter().any(|s| s == state.as_str()) {
            return Vec::new();
        }
        // A VM inferred from other objects has no status of its own: its state was derived
        // from the object it was first seen in, which is what is cited.
        let what = if vm.inferred.is_empty() {
            format!("VM printable status {}", state.as_str())
        } else {
            format!(
                "VM state {} derived from this (no VirtualMachine object)",
                state.as_str()
            )
        };
        vec![ctx.cite(vm.origin, "printableStatus", None, what)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn any_of_the_listed_states() {
        let got = eval("vm_state: {any_of: [Stopping, Starting], source: t}", &[]);
        assert_eq!(got[0].excerpt, "printableStatus: Starting");
        assert!(eval("vm_state: {any_of: [Stopping], source: t}", &[]).is_empty());
    }

    /// A VM known only from a pasted VMI row: its derived state is cited at that row, not at
    /// line 0 of whatever file came first.
    #[test]
    fn an_inferred_vm_is_cited_where_it_was_seen() {
        let files = [
            ("a-notes.txt".to_string(), "nothing here\n".to_string()),
            (
                "vmi.txt".to_string(),
                "NAME     AGE   PHASE        IP    NODENAME   READY\ntestvm   30m   Scheduling                     False\n".to_string(),
            ),
        ];
        let inv = crate::inventory::from_files(
            &files,
            &crate::source::Limits::default(),
            std::sync::Arc::new(crate::inventory::log::KeepAll),
        );
        let vm = inv.vms.iter().find(|v| v.metadata.name == "testvm").unwrap();
        assert!(!vm.inferred.is_empty());
        assert_eq!(inv.path(vm.origin.file), "vmi.txt");
        assert_eq!(vm.origin.line, 2);
    }
}
