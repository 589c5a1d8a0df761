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
        vec![ctx.cite(
            vm.origin,
            "printableStatus",
            None,
            format!("VM printable status {}", state.as_str()),
        )]
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
}
