//! `kubectl describe pod` and `kubectl describe node` text: header fields, container states,
//! node conditions and the Events table, each remembered with its line number.
//! Format: kubernetes/kubectl pkg/describe/describe.go (tabwriter-aligned columns).

use std::collections::BTreeMap;

use super::{Claim, Content, Format, Head, ReadContext, Reading, TextFile};
use crate::inventory::objects::{
    Condition, ConditionStatus, ContainerState, ContainerStatus, Event, FileId, ObjectRef, Origin,
    Taint, Terminated, Waiting,
};
use crate::timestamp::Timestamp;

pub(crate) struct Describe;

impl Format for Describe {
    fn name(&self) -> &'static str {
        "kubectl describe"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        (sniff(file.text).is_some()).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, _: &ReadContext, _: &mut Vec<String>) -> Reading {
        let (id, text) = (file.id, file.text);
        Reading::quoted(match sniff(text) {
            Some(DescribeKind::Pod) => Content::PodDescribe(parse_pod(id, text)),
            Some(DescribeKind::Node) => Content::NodeDescribe(parse_node(id, text)),
            Some(DescribeKind::Pvc) => Content::Events(parse_pvc_events(id, text)),
            None => Content::NotUsed,
        })
    }
}

/// Which object a describe text is about, told by its header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DescribeKind {
    Pod,
    Node,
    /// `kubectl describe pvc` (kubevirt/must-gather writes `<pvc>_describe.txt`): its events.
    Pvc,
}

/// Tells a describe text from anything else by the fields kubectl always prints first.
pub(crate) fn sniff(text: &str) -> Option<DescribeKind> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    if !first.starts_with("Name:") {
        return None;
    }
    let has = |field: &str| text.lines().any(|l| l.starts_with(field));
    if has("Namespace:") && has("Containers:") {
        Some(DescribeKind::Pod)
    } else if has("StorageClass:") && has("Access Modes:") {
        Some(DescribeKind::Pvc)
    } else if has("Conditions:") && (has("Roles:") || has("Taints:") || has("Addresses:")) {
        Some(DescribeKind::Node)
    } else {
        None
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PodDescribe {
    pub(crate) file: FileId,
    pub(crate) name: String,
    pub(crate) namespace: String,
    pub(crate) node: String,
    pub(crate) status: String,
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) containers: Vec<ContainerStatus>,
    pub(crate) events: Vec<Event>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NodeDescribe {
    pub(crate) file: FileId,
    pub(crate) name: String,
    pub(crate) unschedulable: bool,
    pub(crate) taints: Vec<Taint>,
    pub(crate) conditions: Vec<(u32, Condition)>,
    pub(crate) events: Vec<Event>,
}

pub(crate) fn parse_pod(file: FileId, text: &str) -> PodDescribe {
    let lines: Vec<&str> = text.lines().collect();
    let headers = header_fields(&lines);
    let field = |k: &str| headers.get(k).map(|v| v.1.clone()).unwrap_or_default();
    let node = field("Node");
    let mut pod = PodDescribe {
        file,
        name: field("Name"),
        namespace: field("Namespace"),
        // `Node: node01/192.168.66.101`, or `<none>` while unscheduled.
        node: node
            .split('/')
            .next()
            .filter(|n| *n != "<none>")
            .unwrap_or("")
            .to_string(),
        status: field("Status"),
        labels: label_block(&lines, "Labels:"),
        containers: containers(&lines),
        events: Vec::new(),
    };
    let involved = ObjectRef {
        kind: "Pod".into(),
        name: pod.name.clone(),
        namespace: pod.namespace.clone(),
        uid: String::new(),
    };
    pod.events = events(file, &lines, &involved);
    pod
}

pub(crate) fn parse_node(file: FileId, text: &str) -> NodeDescribe {
    let lines: Vec<&str> = text.lines().collect();
    let headers = header_fields(&lines);
    let name = headers.get("Name").map(|v| v.1.clone()).unwrap_or_default();
    let taints = raw_block(&lines, "Taints:")
        .iter()
        .filter_map(|t| parse_taint(t))
        .collect();
    let involved = ObjectRef {
        kind: "Node".into(),
        name: name.clone(),
        namespace: String::new(),
        uid: String::new(),
    };
    NodeDescribe {
        file,
        unschedulable: headers
            .get("Unschedulable")
            .is_some_and(|v| v.1.eq_ignore_ascii_case("true")),
        taints,
        conditions: node_conditions(&lines),
        events: events(file, &lines, &involved),
        name,
    }
}

/// The events of a `kubectl describe pvc`.
pub(crate) fn parse_pvc_events(file: FileId, text: &str) -> Vec<Event> {
    let lines: Vec<&str> = text.lines().collect();
    let headers = header_fields(&lines);
    let field = |k: &str| headers.get(k).map(|v| v.1.clone()).unwrap_or_default();
    let involved = ObjectRef {
        kind: "PersistentVolumeClaim".into(),
        name: field("Name"),
        namespace: field("Namespace"),
        uid: String::new(),
    };
    events(file, &lines, &involved)
}

/// Makes describe texts count like the objects they describe: a pod or node known only from
/// its describe text gets an object built from it, and every describe's events join the rest.
pub(crate) fn fold_into(inv: &mut crate::inventory::Inventory) {
    use crate::inventory::objects::{Meta, Node, NodeSpec, NodeStatus, Pod, PodSpec, PodStatus};
    for d in &inv.pod_describes {
        let known = inv
            .pods
            .iter()
            .any(|p| p.metadata.name == d.name && p.metadata.namespace == d.namespace);
        if !known {
            inv.pods.push(Pod {
                metadata: Meta {
                    name: d.name.clone(),
                    namespace: d.namespace.clone(),
                    labels: d.labels.clone(),
                    ..Meta::default()
                },
                spec: PodSpec {
                    node_name: d.node.clone(),
                    containers: Vec::new(),
                },
                status: PodStatus {
                    phase: d.status.clone(),
                    container_statuses: d.containers.clone(),
                    ..PodStatus::default()
                },
                origin: Origin::whole_file(d.file),
            });
        }
        inv.events.extend(d.events.iter().cloned());
    }
    for d in &inv.node_describes {
        if !inv.nodes.iter().any(|n| n.metadata.name == d.name) {
            inv.nodes.push(Node {
                metadata: Meta {
                    name: d.name.clone(),
                    ..Meta::default()
                },
                spec: NodeSpec {
                    unschedulable: d.unschedulable,
                    taints: d.taints.clone(),
                },
                status: NodeStatus {
                    conditions: d.conditions.iter().map(|(_, c)| c.clone()).collect(),
                    ..NodeStatus::default()
                },
                origin: Origin::whole_file(d.file),
            });
        }
        inv.events.extend(d.events.iter().cloned());
    }
}

/// `Key:   value` lines at column 0, by key, with their 1-based line numbers.
fn header_fields(lines: &[&str]) -> BTreeMap<String, (u32, String)> {
    let mut out = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            out.entry(key.trim().to_string())
                .or_insert((i as u32 + 1, value.trim().to_string()));
        }
    }
    out
}

/// The values of a header that continues on indented lines (`Labels:`, `Taints:`).
fn raw_block(lines: &[&str], header: &str) -> Vec<String> {
    let Some(start) = lines.iter().position(|l| l.starts_with(header)) else {
        return Vec::new();
    };
    let mut values = vec![lines[start][header.len()..].trim().to_string()];
    for line in &lines[start + 1..] {
        if !line.starts_with([' ', '\t']) || line.trim().is_empty() {
            break;
        }
        values.push(line.trim().to_string());
    }
    values.retain(|v| !v.is_empty() && v != "<none>");
    values
}

fn label_block(lines: &[&str], header: &str) -> BTreeMap<String, String> {
    raw_block(lines, header)
        .into_iter()
        .filter_map(|v| {
            v.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
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

/// Container blocks under `Containers:` / `Init Containers:`: name, State, Last State, with
/// their Reason and Exit Code, Ready and Restart Count.
fn containers(lines: &[&str]) -> Vec<ContainerStatus> {
    let mut out: Vec<ContainerStatus> = Vec::new();
    let mut in_section = false;
    // Which state the indented `Reason:` / `Exit Code:` lines belong to.
    let mut current_last = false;
    for line in lines {
        if !line.starts_with([' ', '\t']) {
            in_section = matches!(line.trim_end(), "Containers:" | "Init Containers:");
            continue;
        }
        if !in_section {
            continue;
        }
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
                    "Running" => slot.running = Some(serde_yaml::Value::Null),
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
            "Restart Count" => container.restart_count = value.parse().unwrap_or_default(),
            "Image" => container.image = value.to_string(),
            _ => {}
        }
    }
    out
}

fn state_slot(c: &mut ContainerStatus, last: bool) -> &mut ContainerState {
    if last {
        &mut c.last_state
    } else {
        &mut c.state
    }
}

/// A tabwriter table under `heading`: column starts taken from its header row, then each row
/// cut at those columns. Returns (line number, cells) per row.
fn table(lines: &[&str], heading: &str) -> Vec<(u32, Vec<String>)> {
    let Some(start) = lines.iter().position(|l| l.trim_end() == heading) else {
        return Vec::new();
    };
    let Some(header) = lines.get(start + 1) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let bytes = header.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] != b' ' && (i == 0 || bytes[i - 1] == b' ') {
            starts.push(i);
        }
    }
    let mut rows = Vec::new();
    for (offset, line) in lines[start + 2..].iter().enumerate() {
        if !line.starts_with(' ') || line.trim().is_empty() {
            break;
        }
        if line.trim_start().starts_with("----") {
            continue;
        }
        let cells = starts
            .iter()
            .enumerate()
            .map(|(k, &from)| {
                let to = starts.get(k + 1).copied().unwrap_or(line.len());
                let from = floor_char(line, from.min(line.len()));
                let to = if k + 1 == starts.len() {
                    line.len()
                } else {
                    floor_char(line, to.min(line.len()))
                };
                line.get(from..to).unwrap_or("").trim().to_string()
            })
            .collect();
        rows.push(((start + 2 + offset) as u32 + 1, cells));
    }
    rows
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn node_conditions(lines: &[&str]) -> Vec<(u32, Condition)> {
    table(lines, "Conditions:")
        .into_iter()
        .filter(|(_, cells)| cells.len() >= 6)
        .map(|(line, c)| {
            let status = match c[1].as_str() {
                "True" => ConditionStatus::True,
                "False" => ConditionStatus::False,
                _ => ConditionStatus::Unknown,
            };
            let condition = Condition {
                kind: c[0].clone(),
                status,
                last_heartbeat_time: Timestamp::parse_rfc1123(&c[2]),
                last_transition_time: Timestamp::parse_rfc1123(&c[3]),
                reason: c[4].clone(),
                message: c[5..].join(" ").trim().to_string(),
            };
            (line, condition)
        })
        .collect()
}

/// The `Events:` table: `Type Reason Age From Message`.
fn events(file: FileId, lines: &[&str], involved: &ObjectRef) -> Vec<Event> {
    table(lines, "Events:")
        .into_iter()
        .filter(|(_, cells)| cells.len() >= 5)
        .map(|(line, c)| Event {
            namespace: involved.namespace.clone(),
            involved: involved.clone(),
            kind: c[0].clone(),
            reason: c[1].clone(),
            message: c[4..].join(" ").trim().to_string(),
            count: age_count(&c[2]),
            last_seen: None,
            origin: Origin::line(file, line),
        })
        .collect()
}

/// `2m (x5 over 10m)` → 5; a plain age → 1.
fn age_count(age: &str) -> u32 {
    age.split_once("(x")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
Events:
  Type     Reason   Age                 From     Message
  ----     ------   ----                ----     -------
  Warning  BackOff  2m (x12 over 20m)   kubelet  Back-off restarting failed container compute in pod virt-launcher-vm1-abcde_vms(2222)
";

    #[test]
    fn reads_a_pod_describe() {
        assert_eq!(sniff(POD), Some(DescribeKind::Pod));
        let pod = parse_pod(FileId(3), POD);
        assert_eq!(pod.name, "virt-launcher-vm1-abcde");
        assert_eq!(pod.node, "node01");
        assert_eq!(pod.labels["kubevirt.io/created-by"], "1111");
        let c = &pod.containers[0];
        assert_eq!(c.state.waiting.as_ref().unwrap().reason, "CrashLoopBackOff");
        let t = c.last_state.terminated.as_ref().unwrap();
        assert_eq!((t.reason.as_str(), t.exit_code), ("OOMKilled", 137));
        assert_eq!(c.restart_count, 4);
        let e = &pod.events[0];
        assert_eq!(
            (e.reason.as_str(), e.count, e.origin.line),
            ("BackOff", 12, 20)
        );
        assert!(
            e.message
                .starts_with("Back-off restarting failed container")
        );
    }

    const NODE: &str = "Name:               node02
Roles:              worker
Taints:             node.kubernetes.io/unreachable:NoExecute
                    node.kubernetes.io/unreachable:NoSchedule
Unschedulable:      false
Conditions:
  Type             Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message
  ----             ------    -----------------                 ------------------                ------              -------
  Ready            Unknown   Wed, 01 May 2024 09:00:00 +0000   Wed, 01 May 2024 09:01:00 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
Addresses:
  InternalIP:  192.168.66.102
";

    #[test]
    fn reads_a_node_describe() {
        assert_eq!(sniff(NODE), Some(DescribeKind::Node));
        let node = parse_node(FileId(0), NODE);
        assert_eq!(node.name, "node02");
        assert_eq!(node.taints.len(), 2);
        assert_eq!(node.taints[0].effect, "NoExecute");
        let (line, ready) = &node.conditions[0];
        assert_eq!(*line, 9);
        assert_eq!(ready.status, ConditionStatus::Unknown);
        assert_eq!(ready.message, "Kubelet stopped posting node status.");
        assert!(ready.last_transition_time.is_some());
    }
}
