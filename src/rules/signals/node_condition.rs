//! `node_condition`: a condition of the VM's node (Ready, MemoryPressure, DiskPressure, ...).

use serde::Deserialize;

use super::SignalKind;
use super::condition::ConditionMatch;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub(crate) struct NodeConditionSignal(pub(crate) ConditionMatch);

impl SignalKind for NodeConditionSignal {
    fn source(&self) -> &str {
        &self.0.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        self.0.text_patterns()
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        // Without the object, its condition's message may still be in pasted text.
        let Some(node) = ctx.node_object() else {
            return self.0.evaluate(ctx, &[], Default::default(), "");
        };
        self.0.evaluate(
            ctx,
            &node.status.conditions,
            node.origin,
            &format!("node {}", node.metadata.name),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn matches_type_and_status_and_cites_the_type_line() {
        let got = eval(
            "node_condition: {type: Ready, status: 'True', source: t}",
            &[],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].what, "node node01 condition Ready=True (KubeletReady)");
        assert_eq!(got[0].excerpt, "Ready=True KubeletReady: kubelet is posting ready status");
        assert!(eval("node_condition: {type: Ready, status: 'False', source: t}", &[]).is_empty());
    }

    #[test]
    fn reads_conditions_from_a_node_describe_too() {
        let describe = "Name:               node01\nRoles:              worker\nConditions:\n  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n  ----             ------  -----------------                 ------------------                ------                       -------\n  Ready            Unknown Wed, 01 May 2024 09:40:00 +0000   Wed, 01 May 2024 09:41:00 +0000   NodeStatusUnknown            Kubelet stopped posting node status.\nAddresses:\n  InternalIP:  10.0.0.1\n";
        let node = base_path("nodes/node01.yaml");
        // Without the node object, the describe text stands for the node.
        let got = eval(
            "node_condition: {type: Ready, status: Unknown, reason: NodeStatusUnknown, source: t}",
            &[(&node, ""), ("describe-node01.txt", describe)],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].what, "node node01 condition Ready=Unknown (NodeStatusUnknown)");
        // The condition's row is cited, not the describe's first line.
        assert!(got[0].line > 1, "{:?}", got[0]);
        assert_eq!(
            got[0].excerpt,
            "Ready=Unknown NodeStatusUnknown: Kubelet stopped posting node status."
        );
    }
}
