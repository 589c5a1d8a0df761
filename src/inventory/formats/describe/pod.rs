//! A pod's describe (`PodDescriber`): header fields, container states, conditions.

use serde_yaml::Value;

use super::Section;
use crate::inventory::formats::{Found, Object};
use crate::inventory::objects::*;
use crate::timestamp::Timestamp;

impl Section<'_> {
    /// The pod: node, phase, containers and their states, conditions.
    pub(super) fn pod(&self) -> Found {
        let node = self.header("Node");
        let status = self.header("Status");
        // A pod being deleted shows `Terminating (lasts 5m)`.
        let phase = status.split(' ').next().unwrap_or("").to_string();
        let (containers, init) = self.containers();
        let pod = Pod {
            metadata: self.meta(),
            spec: PodSpec {
                // `node01/192.168.66.101`, or `<none>` while unscheduled.
                node_name: node
                    .split('/')
                    .next()
                    .filter(|n| *n != "<none>")
                    .unwrap_or("")
                    .to_string(),
                containers: containers
                    .iter()
                    .map(|c| NameRef {
                        name: c.name.clone(),
                    })
                    .collect(),
            },
            status: PodStatus {
                phase,
                reason: self.header("Reason"),
                message: self.header("Message"),
                conditions: self.status_table("Conditions"),
                container_statuses: containers,
                init_container_statuses: init,
                start_time: Timestamp::parse_rfc1123(&self.header("Start Time")),
            },
            origin: self.origin(),
        };
        let meta = pod.metadata.clone();
        self.found(Object::Pod(Box::new(pod)), "pod", &meta)
    }

    /// Container blocks under `Containers:` and `Init Containers:`: name, `State`, `Last
    /// State`, their `Reason`, `Message` and `Exit Code`, `Ready` and `Restart Count`.
    fn containers(&self) -> (Vec<ContainerStatus>, Vec<ContainerStatus>) {
        let read = |heading: &str| {
            let mut out: Vec<ContainerStatus> = Vec::new();
            let Some((_, lines)) = self.block(heading) else {
                return out;
            };
            // Which state the indented `Reason:` / `Exit Code:` lines belong to.
            let mut current_last = false;
            for line in lines.iter().skip(1) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim();
                if indent == 2 && trimmed.ends_with(':') && !trimmed.contains(' ') {
                    out.push(ContainerStatus {
                        name: trimmed.trim_end_matches(':').to_string(),
                        ..Default::default()
                    });
                    continue;
                }
                let Some(container) = out.last_mut() else {
                    continue;
                };
                let Some((key, value)) = trimmed.split_once(':') else {
                    continue;
                };
                let value = value.trim();
                match key {
                    "State" | "Last State" => {
                        current_last = key == "Last State";
                        let slot = state_slot(container, current_last);
                        match value {
                            "Waiting" => slot.waiting = Some(Waiting::default()),
                            "Terminated" => slot.terminated = Some(Terminated::default()),
                            "Running" => slot.running = Some(Value::Null),
                            _ => {}
                        }
                    }
                    "Reason" | "Message" | "Exit Code" => {
                        let slot = state_slot(container, current_last);
                        if let Some(w) = slot.waiting.as_mut() {
                            match key {
                                "Reason" => w.reason = value.to_string(),
                                "Message" => w.message = value.to_string(),
                                _ => {}
                            }
                        } else if let Some(t) = slot.terminated.as_mut() {
                            match key {
                                "Reason" => t.reason = value.to_string(),
                                "Message" => t.message = value.to_string(),
                                _ => t.exit_code = value.parse().unwrap_or_default(),
                            }
                        }
                    }
                    "Ready" => container.ready = value.eq_ignore_ascii_case("true"),
                    "Restart Count" => {
                        container.restart_count = value.parse().unwrap_or_default()
                    }
                    "Image" => container.image = value.to_string(),
                    _ => {}
                }
            }
            out
        };
        (read("Containers"), read("Init Containers"))
    }
}

fn state_slot(c: &mut ContainerStatus, last: bool) -> &mut ContainerState {
    if last {
        &mut c.last_state
    } else {
        &mut c.state
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::read;
    use crate::inventory::formats::Object;
    use crate::inventory::objects::*;

    const POD: &str = "Name:             virt-launcher-vm1-abcde
Namespace:        vms
Node:             node01/192.168.66.101
Labels:           kubevirt.io=virt-launcher
                  kubevirt.io/created-by=1111
Status:           Running
Containers:
  compute:
    Image:          quay.io/kubevirt/virt-launcher:v1.2.0
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
    Ready:          False
    Restart Count:  4
Conditions:
  Type              Status
  Initialized       True
  Ready             False
Events:
  Type     Reason   Age                 From     Message
  ----     ------   ----                ----     -------
  Warning  BackOff  2m (x12 over 20m)   kubelet  Back-off restarting failed container compute in pod virt-launcher-vm1-abcde_vms(2222)
";

    #[test]
    fn reads_a_pod_describe() {
        let found = read(POD);
        let Object::Pod(pod) = &found[0].0 else { panic!() };
        assert_eq!(pod.metadata.name, "virt-launcher-vm1-abcde");
        assert_eq!(pod.spec.node_name, "node01");
        assert_eq!(pod.metadata.labels["kubevirt.io/created-by"], "1111");
        let c = &pod.status.container_statuses[0];
        assert_eq!(c.state.waiting.as_ref().unwrap().reason, "CrashLoopBackOff");
        let t = c.last_state.terminated.as_ref().unwrap();
        assert_eq!((t.reason.as_str(), t.exit_code), ("OOMKilled", 137));
        assert_eq!(c.restart_count, 4);
        assert_eq!(pod.status.conditions[1].status, ConditionStatus::False);
        let Object::Event(e) = &found[1].0 else { panic!() };
        assert_eq!((e.reason.as_str(), e.count, e.origin.line), ("BackOff", 12, 24));
        assert!(e.message.starts_with("Back-off restarting failed container"));
    }
}
