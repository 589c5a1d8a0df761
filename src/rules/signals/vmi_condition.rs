//! `vmi_condition`: a condition of the VM's VMI (Ready, Synchronized, PodScheduled, ...).

use serde::Deserialize;

use super::SignalKind;
use super::condition::ConditionMatch;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub(crate) struct VmiConditionSignal(pub(crate) ConditionMatch);

impl SignalKind for VmiConditionSignal {
    fn source(&self) -> &str {
        &self.0.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        self.0.text_patterns()
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        // Without the object, its condition's message may still be in pasted text.
        let Some(vmi) = ctx.vmi else {
            return self.0.evaluate(ctx, &[], Default::default(), "");
        };
        self.0.evaluate(
            ctx,
            &vmi.status.conditions,
            vmi.origin,
            &format!("VMI {}", vmi.metadata.name),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn matches_a_vmi_condition_by_reason_and_message() {
        let path = base_path("virtualmachineinstances.yaml");
        let vmi = r#"apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata: {name: testvm, namespace: vms, uid: 0e1b6a54-0000-4000-8000-000000000002}
status:
  phase: Scheduling
  conditions:
  - type: Synchronized
    status: "False"
    reason: FailedCreate
    message: 'failed to render launch manifest: quota exceeded'
    lastTransitionTime: "2024-05-01T09:31:00Z"
"#;
        let got = eval(
            "vmi_condition: {type: Synchronized, status: 'False', reason: FailedCreate, message: quota, source: t}",
            &[(&path, vmi)],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].line, 7);
        assert!(eval("vmi_condition: {type: Synchronized, unless: quota, source: t}", &[(&path, vmi)]).is_empty());
    }
}
