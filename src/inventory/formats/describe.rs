//! `kubectl describe` text (kubernetes/kubectl `pkg/describe/describe.go`) of the objects a
//! diagnosis reads, several to a file when `describe` was run without a name:
//!
//! - pods (`PodDescriber`): header fields, container states, conditions, events;
//! - nodes (`NodeDescriber`): taints, cordon, conditions, labels, allocatable, events;
//! - PVCs (`PersistentVolumeClaimDescriber`): status, volume, events;
//! - everything else, KubeVirt's and CDI's resources and VolumeAttachments included, through
//!   the generic describer (`GenericDescriber`, `printUnstructuredContent`): nested
//!   `Metadata:`, `Spec:` and `Status:` blocks whose keys are the fields' names split into
//!   words (`Node Name` for `nodeName`), lists of maps printed one item after another.
//!
//! Each object becomes the typed object its YAML would, citing lines of its own section;
//! each row of its `Events:` table an event, whose message may wrap onto further lines and
//! whose age may carry a count (`2m (x5 over 10m)`). Objects read from describe text count
//! only when the bundle has no YAML of the same object.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use super::pasted_text::PastedText;
use super::table::Columns;
use super::{Claim, Content, Format, Found, Head, Object, ReadContext, Reading, TextFile};
use crate::inventory::objects::*;
use crate::inventory::yaml::RawObject;
use crate::timestamp::Timestamp;

pub(crate) struct Describe;

/// Header fields kubectl prints at the top of every describe.
const HEADERS: [&str; 6] = [
    "Namespace:",
    "Labels:",
    "Annotations:",
    "Kind:",
    "Roles:",
    "StorageClass:",
];

impl Format for Describe {
    fn name(&self) -> &'static str {
        "kubectl describe"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        // A paste may start with a few lines that are not describe output: the command that
        // made it, kubectl's own klog warnings, an elision (`...`).
        let lines: Vec<&str> = file
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(40)
            .collect();
        if lines.iter().take(12).any(|l| l.starts_with("Name:")) {
            let known = file
                .text
                .lines()
                .take(60)
                .filter(|l| HEADERS.iter().any(|h| l.starts_with(h)))
                .count();
            return (known >= 1).then_some(Claim::Whole);
        }
        // Often only the Events table is pasted: with its heading, with its header row
        // alone, or just some of its rows.
        let events = lines
            .iter()
            .any(|l| l.trim_end() == "Events:" || is_events_header(l));
        let first = lines.iter().take(10);
        let rows = first.clone().filter(|l| event_row(l).is_some()).count();
        let first_is_row = lines.first().is_some_and(|l| event_row(l).is_some());
        (events || first_is_row || rows * 2 > first.count()).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, ctx: &ReadContext, warnings: &mut Vec<String>) -> Reading {
        let lines: Vec<&str> = file.text.lines().collect();
        let mut found = Vec::new();
        for (start, end) in sections(&lines) {
            let section = Section {
                file: file.id,
                lines: &lines[start..end],
                first: start as u32 + 1,
            };
            section.read(&mut found, warnings);
        }
        // A fragment with no name and no event row (a container's state pasted alone), or
        // whose lines before its Events table are more than a heading (a condition's
        // message and reason): its lines can still hold a rule's message.
        let nameless = !lines.iter().any(|l| l.starts_with("Name:"));
        let before_events = lines
            .iter()
            .take_while(|l| l.trim_end() != "Events:" && !is_events_header(l) && event_row(l).is_none())
            .filter(|l| !l.trim().is_empty())
            .count();
        if found.is_empty() || (nameless && before_events >= 2) {
            return super::read_log(file, ctx, &PastedText);
        }
        Reading::quoted(Content::Described(found))
    }
}

/// Where each object's text starts and ends: a `Name:` line at column 0 starts one; a
/// pasted `Events:` table alone is one section.
fn sections(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("Name:"))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty()
        && let Some(at) = lines.iter().position(|l| {
            l.trim_end() == "Events:" || is_events_header(l) || event_row(l).is_some()
        })
    {
        starts.push(at);
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(lines.len())))
        .collect()
}

/// The header row of an Events table: `Type  Reason  Age  From  Message`, or before
/// Kubernetes 1.10 `FirstSeen  LastSeen  Count  From  SubObjectPath  Type  Reason  Message`.
fn is_events_header(line: &str) -> bool {
    let cols = Columns::from_header(line);
    ["Reason", "Message"].iter().all(|c| cols.index(c).is_some())
        && (cols.index("Type").is_some() || cols.index("FirstSeen").is_some())
}

/// A row of an Events table pasted without its header, cut at runs of two or more blanks:
/// `Warning  SyncFailed  1s (x16 over 5m2s)  virt-handler  <message>` as (type, reason, age,
/// message).
fn event_row(line: &str) -> Option<(&str, &str, &str, String)> {
    let cells = wide_cells(line);
    let [kind, reason, age, _from, message @ ..] = cells.as_slice() else {
        return None;
    };
    let age_like = age.starts_with(|c: char| c.is_ascii_digit())
        || age.starts_with("<unknown>")
        || age.starts_with("<invalid>");
    ((*kind == "Normal" || *kind == "Warning") && age_like && !message.is_empty())
        .then(|| (*kind, *reason, *age, message.join("  ")))
}

/// The event a `kubectl describe` event row shows (`Type  Reason  Age  From  Message`), about
/// `involved`. A row pasted beside something else (under a `kubectl get` table) names no
/// object: its `involved` is empty.
pub(super) fn row_event(
    line: &str,
    involved: &ObjectRef,
    file: FileId,
    line_no: u32,
) -> Option<Event> {
    let (kind, reason, age, message) = event_row(line)?;
    Some(Event {
        namespace: involved.namespace.clone(),
        involved: involved.clone(),
        kind: kind.into(),
        reason: reason.into(),
        message,
        count: age_count(age),
        last_seen: None,
        first_seen: None,
        origin: Origin::line(file, line_no),
    })
}

/// A line's cells, split at tabs and at runs of two or more spaces.
fn wide_cells(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        let end = rest
            .char_indices()
            .find(|&(i, c)| c == '\t' || (c == ' ' && rest[i + 1..].starts_with([' ', '\t'])))
            .map_or(rest.len(), |(i, _)| i);
        cells.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    cells
}

/// One object's describe text.
struct Section<'a> {
    file: FileId,
    lines: &'a [&'a str],
    /// The file's line number of `lines[0]`.
    first: u32,
}

impl Section<'_> {
    fn origin(&self) -> Origin {
        Origin {
            file: self.file,
            line: self.first,
            start: self.first,
            end: self.first + self.lines.len().saturating_sub(1) as u32,
        }
    }

    fn line_no(&self, index: usize) -> u32 {
        self.first + index as u32
    }

    /// The pod an `Events:` table pasted alone is about, from kube-scheduler's `Scheduled`
    /// event (`Successfully assigned <namespace>/<pod> to <node>`, kubernetes
    /// `pkg/scheduler/schedule_one.go`).
    fn scheduled_pod(&self) -> Option<ObjectRef> {
        self.lines.iter().find_map(|l| {
            let rest = l.split("Successfully assigned ").nth(1)?;
            let (target, _node) = rest.split_once(" to ")?;
            let (ns, pod) = target.split_once('/')?;
            Some(ObjectRef {
                kind: "Pod".into(),
                name: pod.trim().to_string(),
                namespace: ns.trim().to_string(),
                uid: String::new(),
            })
        })
    }

    /// `Key:   value` at column 0.
    fn header(&self, key: &str) -> String {
        self.lines
            .iter()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (!l.starts_with([' ', '\t']) && k == key).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    }

    fn has(&self, key: &str) -> bool {
        self.lines
            .iter()
            .any(|l| l.split_once(':').is_some_and(|(k, _)| k == key) && !l.starts_with(' '))
    }

    /// The indented lines under a column-0 heading (`Labels:`, `Conditions:`), the heading's
    /// own value first.
    fn block(&self, heading: &str) -> Option<(usize, Vec<&str>)> {
        let at = self.lines.iter().position(|l| {
            l.split_once(':').is_some_and(|(k, _)| k == heading) && !l.starts_with([' ', '\t'])
        })?;
        let own = self.lines[at].split_once(':').map_or("", |(_, v)| v);
        let mut out = vec![own];
        for l in &self.lines[at + 1..] {
            // A wrapped line of a table may start at column 0; the next heading ends it.
            if is_heading(l) {
                break;
            }
            out.push(l);
        }
        Some((at, out))
    }

    /// `key=value` pairs of a `Labels:`-style block.
    fn pairs(&self, heading: &str) -> BTreeMap<String, String> {
        self.block(heading)
            .map(|(_, lines)| {
                lines
                    .iter()
                    .filter_map(|l| {
                        let (k, v) = l.trim().split_once('=')?;
                        Some((k.to_string(), v.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn meta(&self) -> Meta {
        let none = |v: String| if v == "<none>" { String::new() } else { v };
        Meta {
            name: self.header("Name"),
            namespace: none(self.header("Namespace")),
            labels: self.pairs("Labels"),
            ..Meta::default()
        }
    }

    fn read(&self, found: &mut Vec<Found>, warnings: &mut Vec<String>) {
        let kind = self.header("Kind");
        let object = if !kind.is_empty() {
            self.generic(&kind, warnings)
        } else if self.has("Containers") {
            Some(self.pod())
        } else if self.has("StorageClass") && self.has("Access Modes") {
            Some(self.pvc())
        } else if self.has("Conditions") && (self.has("Roles") || self.has("Taints")) {
            Some(self.node())
        } else {
            None
        };
        let involved = match &object {
            Some((Object::Pod(p), ..)) => Some(("Pod", &p.metadata)),
            Some((Object::Node(n), ..)) => Some(("Node", &n.metadata)),
            Some((Object::Pvc(p), ..)) => Some(("PersistentVolumeClaim", &p.metadata)),
            Some((Object::Vm(o), ..)) => Some(("VirtualMachine", &o.metadata)),
            Some((Object::Vmi(o), ..)) => Some(("VirtualMachineInstance", &o.metadata)),
            Some((Object::DataVolume(o), ..)) => Some(("DataVolume", &o.metadata)),
            Some((Object::Migration(o), ..)) => {
                Some(("VirtualMachineInstanceMigration", &o.metadata))
            }
            Some((Object::VolumeAttachment(o), ..)) => Some(("VolumeAttachment", &o.metadata)),
            _ => None,
        }
        .map(|(kind, m)| ObjectRef {
            kind: kind.to_string(),
            name: m.name.clone(),
            namespace: m.namespace.clone(),
            uid: m.uid.clone(),
        })
        .or_else(|| {
            self.header("Name")
                .is_empty()
                .then(|| self.scheduled_pod())
                .flatten()
        })
        .unwrap_or_else(|| ObjectRef {
            kind: kind.clone(),
            name: self.header("Name"),
            namespace: self.meta().namespace,
            uid: String::new(),
        });
        let events = self.events(&involved);
        found.extend(object);
        found.extend(events.into_iter().map(|e| {
            let key = format!("{}:{}", self.file.0, e.origin.line);
            (Object::Event(e), ("describe-event", key), Vec::new())
        }));
    }

    fn found(&self, object: Object, kind: &'static str, meta: &Meta) -> Found {
        let key = if meta.uid.is_empty() {
            format!("{}/{}", meta.namespace, meta.name)
        } else {
            meta.uid.clone()
        };
        (object, (kind, key), Vec::new())
    }

    fn pod(&self) -> Found {
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

    fn pvc(&self) -> Found {
        let pvc = PersistentVolumeClaim {
            metadata: self.meta(),
            spec: PvcSpec {
                volume_name: self.header("Volume"),
                storage_class_name: Some(self.header("StorageClass")).filter(|s| !s.is_empty()),
            },
            status: PhaseOnly {
                phase: self.header("Status"),
            },
            origin: self.origin(),
        };
        let meta = pvc.metadata.clone();
        self.found(Object::Pvc(pvc), "pvc", &meta)
    }

    fn node(&self) -> Found {
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

    /// A table under `heading` whose first columns are `Type` and `Status` (a pod's
    /// conditions).
    fn status_table(&self, heading: &str) -> Vec<Condition> {
        self.table(heading)
            .into_iter()
            .filter(|(_, cells)| cells.len() >= 2 && !cells[0].is_empty())
            .map(|(_, c)| Condition {
                kind: c[0].clone(),
                status: condition_status(&c[1]),
                ..Condition::default()
            })
            .collect()
    }

    fn node_conditions(&self) -> Vec<Condition> {
        self.table("Conditions")
            .into_iter()
            .filter(|(_, cells)| cells.len() >= 6)
            .map(|(_, c)| Condition {
                kind: c[0].clone(),
                status: condition_status(&c[1]),
                last_heartbeat_time: Timestamp::parse_rfc1123(&c[2]),
                last_transition_time: Timestamp::parse_rfc1123(&c[3]),
                reason: c[4].clone(),
                message: c[5..].join(" ").trim().to_string(),
            })
            .collect()
    }

    /// The rows of a table under a column-0 `heading`, with their index in the section.
    fn table(&self, heading: &str) -> Vec<(usize, Vec<String>)> {
        let Some((at, lines)) = self.block(heading) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        let mut columns: Option<Columns> = None;
        for (k, line) in lines.iter().enumerate().skip(1) {
            if line.trim().is_empty() {
                break;
            }
            if line.trim_start().starts_with("----") {
                continue;
            }
            match &columns {
                None => columns = Some(Columns::from_header(line)),
                Some(cols) => rows.push((at + k, cols.cut(line))),
            }
        }
        rows
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

    /// A resource kubectl describes generically: its nested blocks turned back into the
    /// object's fields and read like its YAML.
    fn generic(&self, kind: &str, warnings: &mut Vec<String>) -> Option<Found> {
        let mut object = Mapping::new();
        for (heading, key) in [("Metadata", "metadata"), ("Spec", "spec"), ("Status", "status")] {
            if let Some((_, lines)) = self.block(heading) {
                object.insert(key.into(), tree(&lines[1..]));
            }
        }
        let mut metadata = match object.remove("metadata") {
            Some(Value::Mapping(m)) => m,
            _ => Mapping::new(),
        };
        let meta = self.meta();
        metadata.insert("name".into(), meta.name.clone().into());
        metadata.insert("namespace".into(), meta.namespace.clone().into());
        let labels: Mapping = meta
            .labels
            .iter()
            .map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str())))
            .collect();
        metadata.insert("labels".into(), Value::Mapping(labels));
        object.insert("metadata".into(), Value::Mapping(metadata));
        let raw = RawObject {
            kind: kind.to_string(),
            api_version: self.header("API Version"),
            value: Value::Mapping(object),
        };
        let origin = self.origin();
        super::objects::typed_object(raw, &|_| origin, None, warnings)
    }

    /// The `Events:` table. A row starts with its type (`Normal`, `Warning`), or in tables
    /// older than event types with its first column filled; a line that does not is the
    /// wrapped tail of the row before it. A table pasted without its heading, or rows
    /// without their header, are read the same way.
    fn events(&self, involved: &ObjectRef) -> Vec<Event> {
        let (at, lines) = match self.block("Events") {
            Some((at, lines)) => (at + 1, lines[1..].to_vec()),
            None => (0, self.lines.to_vec()),
        };
        let mut columns: Option<Columns> = None;
        let mut out: Vec<Event> = Vec::new();
        for (k, line) in lines.iter().enumerate() {
            let trimmed = line.trim();
            let line_no = self.line_no(at + k);
            if trimmed.is_empty() {
                if columns.is_some() {
                    break;
                }
                continue;
            }
            if trimmed.starts_with("----") {
                continue;
            }
            let event = |kind: String, reason: String, message: String, count: u32| Event {
                namespace: involved.namespace.clone(),
                involved: involved.clone(),
                kind,
                reason,
                message,
                count,
                last_seen: None,
                first_seen: None,
                origin: Origin::line(self.file, line_no),
            };
            let Some(cols) = &columns else {
                if is_events_header(line) {
                    columns = Some(Columns::from_header(line));
                } else if let Some(e) = row_event(line, involved, self.file, line_no) {
                    out.push(e);
                } else if let Some(last) = out.last_mut() {
                    last.message.push(' ');
                    last.message.push_str(trimmed);
                    last.origin.end = line_no;
                }
                continue;
            };
            let cells = cols.cut(line);
            let cell = |name: &str| {
                cols.index(name)
                    .and_then(|i| cells.get(i))
                    .cloned()
                    .unwrap_or_default()
            };
            let kind = cell("Type");
            let starts_row = match cols.index("Type") {
                Some(_) => kind == "Normal" || kind == "Warning",
                // Before event types: a row fills its first column, a wrapped tail does not.
                None => {
                    !line.starts_with([' ', '\t']) || cells.first().is_some_and(|c| !c.is_empty())
                }
            } && !cell("Reason").is_empty();
            if !starts_row {
                // The message went on past the line's end.
                if let Some(last) = out.last_mut() {
                    last.message.push(' ');
                    last.message.push_str(trimmed);
                    last.origin.end = line_no;
                }
                continue;
            }
            // Message is the last column; older kubectl printed `Count` on its own.
            let count = cell("Age");
            let count = if count.is_empty() {
                cell("Count").parse().unwrap_or(1)
            } else {
                age_count(&count)
            };
            out.push(event(kind, cell("Reason"), cell("Message"), count));
        }
        out
    }
}

/// A column-0 `Heading:` line (`Events:`, `Node Name:  x`), as opposed to a table row that
/// wrapped onto a new line.
fn is_heading(line: &str) -> bool {
    if line.starts_with([' ', '\t']) {
        return false;
    }
    line.split_once(':').is_some_and(|(k, v)| {
        k.starts_with(|c: char| c.is_ascii_uppercase())
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
            && (v.is_empty() || v.starts_with([' ', '\t']))
    })
}

fn condition_status(text: &str) -> ConditionStatus {
    match text {
        "True" => ConditionStatus::True,
        "False" => ConditionStatus::False,
        _ => ConditionStatus::Unknown,
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

fn state_slot(c: &mut ContainerStatus, last: bool) -> &mut ContainerState {
    if last {
        &mut c.last_state
    } else {
        &mut c.state
    }
}

/// `2m (x5 over 10m)` → 5; a plain age → 1.
fn age_count(age: &str) -> u32 {
    age.split_once("(x")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// A generic describer's nested block back into a YAML value. Keys are turned back into
/// field names; a key that comes again starts the next item of a list of maps; lines with no
/// key are items of a list of values.
fn tree(lines: &[&str]) -> Value {
    let entries: Vec<(usize, &str)> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l.len() - l.trim_start().len(), l.trim()))
        .collect();
    block(&entries)
}

fn block(entries: &[(usize, &str)]) -> Value {
    if entries.is_empty() {
        return Value::Null;
    }
    // The entries at this block's indent, each with the deeper lines under it.
    let mut items: Vec<(&str, &[(usize, &str)])> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (ind, text) = entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 > ind {
            j += 1;
        }
        items.push((text, &entries[i + 1..j]));
        i = j;
    }
    let keyed = |text: &str| -> Option<(String, String)> {
        let (k, v) = text.split_once(':')?;
        // A key has no spaces at its ends and is followed by a space or the end of the line.
        (!k.is_empty() && !k.ends_with(' ') && (v.is_empty() || v.starts_with([' ', '\t'])))
            .then(|| (field_name(k), v.trim().to_string()))
    };
    if items.iter().all(|(text, _)| keyed(text).is_none()) {
        return Value::Sequence(items.iter().map(|(t, _)| scalar(t)).collect());
    }
    let mut maps: Vec<Mapping> = vec![Mapping::new()];
    for (text, children) in items {
        let Some((key, value)) = keyed(text) else {
            continue;
        };
        let value = if !children.is_empty() && value.is_empty() {
            block(children)
        } else {
            scalar(&value)
        };
        let key = Value::String(key);
        if maps.last().is_some_and(|m| m.contains_key(&key)) {
            maps.push(Mapping::new());
        }
        if let Some(m) = maps.last_mut() {
            m.insert(key, value);
        }
    }
    if maps.len() == 1 {
        Value::Mapping(maps.remove(0))
    } else {
        Value::Sequence(maps.into_iter().map(Value::Mapping).collect())
    }
}

fn scalar(text: &str) -> Value {
    match text {
        "" | "<nil>" | "<none>" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match text.parse::<i64>() {
            Ok(n) if !text.starts_with('0') || text == "0" => Value::Number(n.into()),
            _ => Value::String(text.to_string()),
        },
    }
}

/// kubectl prints a field `nodeName` as `Node Name` (its words, capitalised, common acronyms
/// in capitals: `API Version`, `UID`); keys with other characters (label keys, UIDs) are
/// printed as they are (`smartLabelFor`).
fn field_name(label: &str) -> String {
    if label.chars().any(|c| !(c.is_ascii_alphabetic() || c == ' ' || c == '-')) {
        return label.to_string();
    }
    let mut out = String::new();
    for (i, word) in label.split(' ').filter(|w| !w.is_empty()).enumerate() {
        let lower = word.to_ascii_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Found> {
        let path = crate::source::BundlePath::parse("describe.txt").unwrap();
        let file = TextFile {
            id: FileId(3),
            path: &path,
            text,
        };
        let ctx = ReadContext {
            filter: &crate::inventory::log::KeepAll,
            max_line: 4096,
        };
        let head = Head { path: &path, text };
        assert!(matches!(Describe.claims(&head), Some(Claim::Whole)));
        match Describe.read(&file, &ctx, &mut Vec::new()).content {
            Content::Described(found) => found,
            other => panic!("{other:?}"),
        }
    }

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

    const VMI: &str = "Name:         testvm
Namespace:    default
Labels:       kubevirt.io/nodeName=node01
Annotations:  kubevirt.io/latest-observed-api-version: v1
API Version:  kubevirt.io/v1
Kind:         VirtualMachineInstance
Metadata:
  Creation Timestamp:  2024-05-01T09:30:00Z
  UID:                 0e1b6a54-0000-4000-8000-000000000002
Spec:
  Domain:
    Cpu:
      Cores:  1
Status:
  Active Pods:
    0e1b6a54-0000-4000-8000-000000000003:  node01
  Conditions:
    Last Probe Time:       <nil>
    Last Transition Time:  2024-05-01T09:31:00Z
    Message:               0/3 nodes are available: 3 Insufficient devices.kubevirt.io/kvm.
    Reason:                Unschedulable
    Status:                False
    Type:                  PodScheduled
    Last Probe Time:       <nil>
    Last Transition Time:  <nil>
    Status:                False
    Type:                  Ready
  Node Name:               node01
  Phase:                   Scheduling
Events:
  Type     Reason            Age                From                         Message
  ----     ------            ----               ----                         -------
  Normal   SuccessfulCreate  10m                virtualmachine-controller    Created virtual machine pod virt-launcher-testvm-x7k2p
  Warning  SyncFailed        2m (x9 over 10m)   virt-handler                 server error. command SyncVMI failed: \"LibvirtError(Code=67,
Domain=10, Message='unsupported configuration: Domain requires KVM')\"
";

    #[test]
    fn reads_a_generic_describe_into_the_typed_object() {
        let found = read(VMI);
        let Object::Vmi(vmi) = &found[0].0 else { panic!("{:?}", found[0].0) };
        assert_eq!(vmi.metadata.name, "testvm");
        assert_eq!(vmi.metadata.uid, "0e1b6a54-0000-4000-8000-000000000002");
        assert_eq!(vmi.status.phase, "Scheduling");
        assert_eq!(vmi.status.node_name, "node01");
        assert_eq!(vmi.status.conditions.len(), 2);
        assert_eq!(vmi.status.conditions[0].reason, "Unschedulable");
        assert_eq!(vmi.status.active_pods.len(), 1);
        let Object::Event(e) = &found[2].0 else { panic!() };
        assert_eq!((e.reason.as_str(), e.count), ("SyncFailed", 9));
        assert!(e.message.ends_with("Domain requires KVM')\""), "{}", e.message);
        assert_eq!(e.involved.kind, "VirtualMachineInstance");
    }

    #[test]
    fn field_names_come_back() {
        assert_eq!(field_name("Node Name"), "nodeName");
        assert_eq!(field_name("API Version"), "apiVersion");
        assert_eq!(field_name("UID"), "uid");
        assert_eq!(field_name("kubevirt.io/nodeName"), "kubevirt.io/nodeName");
    }
}
