//! `pvc`: a PersistentVolumeClaim of the VM in a phase (Pending, Lost).

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;
use crate::rules::pattern::Exact;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PvcSignal {
    pub(crate) phase: Exact,
    pub(crate) source: String,
}

impl SignalKind for PvcSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        ctx.links
            .pvcs
            .iter()
            .map(|&i| &ctx.inv.pvcs[i])
            .filter(|p| self.phase.is_match(&p.status.phase))
            .map(|p| {
                ctx.cite(
                    p.origin,
                    "phase",
                    None,
                    format!("PVC {} phase {}", p.metadata.name, p.status.phase),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn phase_of_the_vms_claims() {
        let got = eval("pvc: {phase: Bound, source: t}", &[]);
        assert_eq!(got[0].what, "PVC testvm-root phase Bound");
        assert!(eval("pvc: {phase: Pending|Lost, source: t}", &[]).is_empty());
    }
}
