//! `pod_condition`: a condition of one of the VM's virt-launcher pods (PodScheduled,
//! ContainersReady, Ready, the launcher's readiness gate), as the scheduler and kubelet set
//! them.

use serde::Deserialize;

use super::SignalKind;
use super::condition::ConditionMatch;
use crate::evidence::Evidence;
use crate::rules::context::{PodsOf, VmContext};

#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub(crate) struct PodConditionSignal(pub(crate) ConditionMatch);

impl SignalKind for PodConditionSignal {
    fn source(&self) -> &str {
        &self.0.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        self.0.text_patterns()
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = Vec::new();
        for pod in ctx.pods(PodsOf::Launcher) {
            let owner = if pod.metadata.name.is_empty() {
                "pod".to_string()
            } else {
                format!("pod {}", pod.metadata.name)
            };
            out.extend(self.0.evaluate(ctx, &pod.status.conditions, pod.origin, &owner));
        }
        // The message in pasted text is looked for once, not once per pod.
        out.sort();
        out.dedup_by(|a, b| a.file == b.file && a.line == b.line);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn matches_the_launcher_pods_scheduling_condition() {
        let path = base_path("vms/core/pods.yaml");
        let base = eval(
            "pod_condition: {type: PodScheduled, status: 'False', message: 'Insufficient memory', source: t}",
            &[],
        );
        assert!(base.is_empty(), "the base launcher pod is scheduled");
        let pending = r#"apiVersion: v1
kind: PodList
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: virt-launcher-testvm-abcde
    namespace: vms
    labels: {kubevirt.io: virt-launcher, kubevirt.io/created-by: 0e1b6a54-0000-4000-8000-000000000002}
  status:
    phase: Pending
    conditions:
    - type: PodScheduled
      status: "False"
      reason: Unschedulable
      message: '0/4 nodes are available: 4 Insufficient memory.'
      lastTransitionTime: "2024-05-01T09:31:00Z"
"#;
        let got = eval(
            "pod_condition: {type: PodScheduled, status: 'False', message: 'Insufficient memory', source: t}",
            &[(&path, pending)],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].excerpt,
            "PodScheduled=False Unschedulable: 0/4 nodes are available: 4 Insufficient memory."
        );
    }
}
