//! A node's describe (`NodeDescriber`): taints, cordon, conditions, labels, allocatable and
//! capacity.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::Section;
use crate::inventory::formats::{Found, Object};
use crate::inventory::objects::*;
use crate::timestamp::Timestamp;

impl Section<'_> {
    /// The node: cordon, taints, conditions, allocatable and capacity; its heartbeats are
    /// the times it carries.
    pub(super) fn node(&self) -> Found {
        let taints = self
            .block("Taints")
            .map(|(_, lines)| {
                lines
                    .iter()
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty() && *l != "<none>")
                    .filter_map(parse_taint)
                    .collect()
            })
            .unwrap_or_default();
        let resources = |heading: &str| -> BTreeMap<String, Value> {
            self.block(heading)
                .map(|(_, lines)| {
                    lines
                        .iter()
                        .filter_map(|l| {
                            let (k, v) = l.trim().split_once(':')?;
                            Some((k.trim().to_string(), Value::String(v.trim().to_string())))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let node = Node {
            metadata: Meta {
                namespace: String::new(),
                ..self.meta()
            },
            spec: NodeSpec {
                unschedulable: self.header("Unschedulable").eq_ignore_ascii_case("true"),
                taints,
            },
            status: NodeStatus {
                conditions: self.node_conditions(),
                allocatable: resources("Allocatable"),
                capacity: resources("Capacity"),
            },
            origin: self.origin(),
        };
        let meta = node.metadata.clone();
        // Heartbeats are the freshest clock a node carries.
        let beats: Vec<Timestamp> = node
            .status
            .conditions
            .iter()
            .filter_map(|c| c.last_heartbeat_time)
            .collect();
        let mut found = self.found(Object::Node(node), "node", &meta);
        found.2 = beats;
        found
    }
}

/// `node.kubernetes.io/unreachable:NoExecute` or `key=value:NoSchedule`.
fn parse_taint(text: &str) -> Option<Taint> {
    let (kv, effect) = text.rsplit_once(':')?;
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    Some(Taint {
        key: key.to_string(),
        value: value.to_string(),
        effect: effect.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use serde_yaml::Value;

    use super::super::tests::read;
    use crate::inventory::formats::Object;
    use crate::inventory::objects::*;


    const NODE: &str = "Name:               node02
Roles:              worker
Labels:             kubernetes.io/hostname=node02
                    kubevirt.io/schedulable=false
Taints:             node.kubernetes.io/unreachable:NoExecute
                    node.kubernetes.io/unreachable:NoSchedule
Unschedulable:      false
Conditions:
  Type             Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message
  ----             ------    -----------------                 ------------------                ------              -------
  Ready            Unknown   Wed, 01 May 2024 09:00:00 +0000   Wed, 01 May 2024 09:01:00 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
Addresses:
  InternalIP:  192.168.66.102
Allocatable:
  cpu:                     16
  devices.kubevirt.io/kvm: 0
";

    #[test]
    fn reads_a_node_describe() {
        let found = read(NODE);
        let Object::Node(node) = &found[0].0 else { panic!() };
        assert_eq!(node.metadata.name, "node02");
        assert_eq!(node.spec.taints.len(), 2);
        assert_eq!(node.spec.taints[0].effect, "NoExecute");
        assert_eq!(node.metadata.labels["kubevirt.io/schedulable"], "false");
        let ready = &node.status.conditions[0];
        assert_eq!(ready.status, ConditionStatus::Unknown);
        assert_eq!(ready.message, "Kubelet stopped posting node status.");
        assert!(ready.last_transition_time.is_some());
        assert_eq!(
            node.status.allocatable["devices.kubevirt.io/kvm"],
            Value::String("0".into())
        );
    }
}
