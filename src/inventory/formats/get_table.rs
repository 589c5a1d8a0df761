//! `kubectl get` (and `oc get`) tables: pods, VMIs, VMs, events, nodes, PVCs, DataVolumes,
//! migrations and VolumeAttachments, in the default and `-o wide` columns, with `-A`'s
//! `NAMESPACE` column, several tables to a paste, and `kubectl get all`'s `kind/name` names.
//! The columns are those of each resource's table printer (kubernetes
//! `pkg/printers/internalversion/printers.go`; KubeVirt's and CDI's
//! `additionalPrinterColumns`). Pod and event rows pasted without their header line are read
//! too, told by their shape.
//!
//! Each row becomes the object it shows, as far as its columns tell: a pod row's `STATUS` is
//! its phase, its container's waiting or terminated reason, or the reason it failed; a node
//! row's `STATUS` its `Ready` condition and cordon.

use super::table::Columns;
use super::{Claim, Content, Format, Found, Head, Object, ReadContext, Reading, TextFile};
use crate::inventory::objects::*;

pub(crate) struct GetTable;

/// The resources a table can list, told by the columns of its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resource {
    Pod,
    Vmi,
    Vm,
    Event,
    Node,
    Pvc,
    DataVolume,
    Migration,
    VolumeAttachment,
}

impl Resource {
    fn of(cols: &Columns) -> Option<Resource> {
        let has = |names: &[&str]| names.iter().all(|n| cols.index(n).is_some());
        let first = cols.names().first().map(String::as_str);
        // Before 1.10 or so, `get events` started `LASTSEEN` (1.3) or `LAST SEEN`.
        if !matches!(first, Some("NAME" | "NAMESPACE" | "LAST SEEN" | "LASTSEEN")) {
            return None;
        }
        Some(if has(&["NAME", "READY", "STATUS", "RESTARTS"]) {
            Resource::Pod
        } else if has(&["TYPE", "REASON", "MESSAGE"]) {
            Resource::Event
        } else if has(&["NAME", "PHASE", "NODENAME"]) || has(&["NAME", "AGE", "PHASE", "IP"]) {
            Resource::Vmi
        } else if has(&["NAME", "STATUS", "ROLES"]) {
            Resource::Node
        } else if has(&["NAME", "STATUS", "VOLUME", "CAPACITY"]) {
            Resource::Pvc
        } else if has(&["NAME", "PHASE", "PROGRESS"]) {
            Resource::DataVolume
        } else if has(&["NAME", "PHASE", "VMI"]) {
            Resource::Migration
        } else if has(&["NAME", "ATTACHER", "PV", "NODE", "ATTACHED"]) {
            Resource::VolumeAttachment
        } else if has(&["NAME", "AGE", "STATUS", "READY"]) {
            Resource::Vm
        } else {
            return None;
        })
    }
}

/// Pod statuses that are a container's waiting reason (kubelet and kubectl's printer).
const WAITING: [&str; 11] = [
    "ContainerCreating",
    "PodInitializing",
    "ErrImagePull",
    "ImagePullBackOff",
    "CrashLoopBackOff",
    "CreateContainerError",
    "CreateContainerConfigError",
    "InvalidImageName",
    "RunContainerError",
    "ErrImageNeverPull",
    "PreCreateHookError",
];

/// Pod statuses that are a container's terminated reason.
const TERMINATED: [&str; 5] = [
    "OOMKilled",
    "Error",
    "Completed",
    "ContainerCannotRun",
    "DeadlineExceeded",
];

/// A header row, and the rows under it, or headerless rows.
struct Table {
    columns: Columns,
    resource: Resource,
    /// (line index, cells)
    rows: Vec<(usize, Vec<String>)>,
}

impl Format for GetTable {
    fn name(&self) -> &'static str {
        "kubectl get table"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        let lines: Vec<&str> = file
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect();
        // The header may follow the command that made the table and a line or two it
        // printed first (`selecting docker as container runtime`).
        let header = file
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(4)
            .any(|l| Resource::of(&Columns::from_header(l)).is_some());
        let rows = !lines.is_empty() && lines.iter().all(|l| headerless(l).is_some());
        (header || rows).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, _: &ReadContext, _: &mut Vec<String>) -> Reading {
        let lines: Vec<&str> = file.text.lines().collect();
        let mut found = Vec::new();
        let tables = tables(&lines);
        // Lines no table holds may be a pod's events pasted under the table (`kubectl
        // describe`'s rows, naming no object).
        let mut in_tables = vec![false; lines.len()];
        for (i, _) in tables.iter().flat_map(|t| &t.rows) {
            in_tables[*i] = true;
        }
        for (i, line) in lines.iter().enumerate().filter(|(i, _)| !in_tables[*i]) {
            let nameless = ObjectRef::default();
            if let Some(e) = super::describe::row_event(line, &nameless, file.id, i as u32 + 1) {
                let key = format!("{}:{}", file.id.0, i + 1);
                found.push((Object::Event(e), ("describe-event", key), Vec::new()));
            }
        }
        for mut table in tables {
            // `kubectl get -w` prints an object again at each change: its last row is its
            // state. A row of one cell is not one (`^C` ending the watch).
            table.rows.retain(|(_, cells)| cells.iter().filter(|c| !c.is_empty()).count() > 1);
            let name_at = table.columns.index("NAME");
            let mut seen = std::collections::HashSet::new();
            let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
            for (index, cells) in table.rows.iter().rev() {
                let key = (
                    table.columns.index("NAMESPACE").and_then(|i| cells.get(i)).cloned(),
                    name_at.and_then(|i| cells.get(i)).cloned(),
                );
                if table.resource == Resource::Event || key.1.is_none() || seen.insert(key) {
                    rows.push((*index, cells.clone()));
                }
            }
            rows.reverse();
            table.rows = rows;
            for (index, cells) in &table.rows {
                let origin = Origin::line(file.id, *index as u32 + 1);
                if let Some(f) = row(&table, cells, origin) {
                    found.push(f);
                }
            }
        }
        if found.is_empty() {
            Reading::alone(Content::NotUsed)
        } else {
            Reading::quoted(Content::Described(found))
        }
    }
}

/// The tables of a paste: each header starts one; rows run to a blank line or the next header.
fn tables(lines: &[&str]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut current: Option<Table> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        let columns = Columns::from_header(line);
        if let Some(resource) = Resource::of(&columns) {
            out.extend(current.take());
            current = Some(Table {
                columns,
                resource,
                rows: Vec::new(),
            });
            continue;
        }
        match &mut current {
            Some(t) => {
                let cells = t.columns.cut(line);
                t.rows.push((i, cells));
            }
            None => {
                if let Some((resource, header)) = headerless(line) {
                    let columns = Columns::from_header(header);
                    // Told by its tokens, not aligned on any header: the message keeps its spacing.
                    let cells = columns.split(line);
                    out.push(Table {
                        columns,
                        resource,
                        rows: vec![(i, cells)],
                    });
                }
            }
        }
    }
    out.extend(current);
    out
}

/// A row pasted without its header, told by its shape, and the header it would have had.
fn headerless(line: &str) -> Option<(Resource, &'static str)> {
    let t: Vec<&str> = line.split_whitespace().collect();
    let ratio = |s: &str| {
        s.split_once('/')
            .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    };
    let number = |s: &str| s.parse::<u32>().is_ok();
    let kind_name = |s: &str| s.split_once('/').is_some_and(|(k, n)| !k.is_empty() && !n.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '.'));
    if t.len() >= 5 && ratio(t[1]) && number(t[3]) {
        return Some((Resource::Pod, "NAME  READY  STATUS  RESTARTS  AGE"));
    }
    if t.len() >= 6 && ratio(t[2]) && number(t[4]) {
        return Some((Resource::Pod, "NAMESPACE  NAME  READY  STATUS  RESTARTS  AGE"));
    }
    if t.len() >= 5 && matches!(t[1], "Normal" | "Warning") && kind_name(t[3]) {
        return Some((Resource::Event, "LAST SEEN  TYPE  REASON  OBJECT  MESSAGE"));
    }
    if t.len() >= 6 && matches!(t[2], "Normal" | "Warning") && kind_name(t[4]) {
        return Some((Resource::Event, "NAMESPACE  LAST SEEN  TYPE  REASON  OBJECT  MESSAGE"));
    }
    None
}

/// The object one row shows.
fn row(table: &Table, cells: &[String], origin: Origin) -> Option<Found> {
    let cell = |name: &str| {
        table
            .columns
            .index(name)
            .and_then(|i| cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    // `kubectl get all` names rows `pod/virt-launcher-x`.
    let name = cell("NAME");
    let name = name.split_once('/').map_or(name, |(_, n)| n).to_string();
    let meta = Meta {
        name,
        namespace: cell("NAMESPACE").to_string(),
        ..Meta::default()
    };
    if table.resource != Resource::Event && (meta.name.is_empty() || meta.name == "NAME") {
        return None;
    }
    let key = format!("{}/{}", meta.namespace, meta.name);
    let (object, kind) = match table.resource {
        Resource::Pod => (Object::Pod(Box::new(pod(meta, cell, origin))), "pod"),
        Resource::Vmi => (Object::Vmi(Box::new(vmi(meta, cell, origin))), "vmi"),
        Resource::Vm => (Object::Vm(Box::new(vm(meta, cell, origin))), "vm"),
        Resource::Node => (Object::Node(node(meta, cell, origin)), "node"),
        Resource::Pvc => (Object::Pvc(pvc(meta, cell, origin)), "pvc"),
        Resource::DataVolume => (Object::DataVolume(data_volume(meta, cell, origin)), "dv"),
        Resource::Migration => (Object::Migration(migration(meta, cell, origin)), "migration"),
        Resource::VolumeAttachment => (
            Object::VolumeAttachment(volume_attachment(meta, cell, origin)),
            "va",
        ),
        Resource::Event => {
            let event = event(&meta, cell, origin)?;
            let key = format!("{}:{}", origin.file.0, origin.line);
            return Some((Object::Event(event), ("table-event", key), Vec::new()));
        }
    };
    Some((object, (kind, key), Vec::new()))
}

/// The `Ready` condition a `READY` column shows (`True`, `false`, anything else unknown).
fn ready(text: &str) -> Condition {
    Condition {
        kind: "Ready".into(),
        status: match text {
            "True" | "true" => ConditionStatus::True,
            "False" | "false" => ConditionStatus::False,
            _ => ConditionStatus::Unknown,
        },
        ..Condition::default()
    }
}

/// A `READY` column's condition, when the table has one filled in.
fn ready_column<'a>(cell: impl Fn(&str) -> &'a str) -> Vec<Condition> {
    Some(cell("READY"))
        .filter(|r| !r.is_empty())
        .map(ready)
        .into_iter()
        .collect()
}

fn vmi<'a>(metadata: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> VirtualMachineInstance {
    VirtualMachineInstance {
        metadata,
        status: VmiStatus {
            phase: cell("PHASE").to_string(),
            node_name: cell("NODENAME").to_string(),
            conditions: ready_column(&cell),
            ..VmiStatus::default()
        },
        origin,
        ..VirtualMachineInstance::default()
    }
}

fn vm<'a>(metadata: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> VirtualMachine {
    VirtualMachine {
        metadata,
        status: VmStatus {
            printable_status: Some(cell("STATUS").to_string()),
            conditions: ready_column(&cell),
            ..VmStatus::default()
        },
        origin,
        ..VirtualMachine::default()
    }
}

fn node<'a>(meta: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> Node {
    // `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled` when cordoned.
    let status = cell("STATUS");
    let ready_status = match status.split(',').next().unwrap_or("") {
        "Ready" => ConditionStatus::True,
        "NotReady" => ConditionStatus::False,
        _ => ConditionStatus::Unknown,
    };
    Node {
        metadata: Meta {
            namespace: String::new(),
            ..meta
        },
        spec: NodeSpec {
            unschedulable: status.contains("SchedulingDisabled"),
            taints: Vec::new(),
        },
        status: NodeStatus {
            conditions: vec![Condition {
                kind: "Ready".into(),
                status: ready_status,
                ..Condition::default()
            }],
            ..NodeStatus::default()
        },
        origin,
    }
}

fn pvc<'a>(metadata: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata,
        spec: PvcSpec {
            volume_name: cell("VOLUME").to_string(),
            storage_class_name: Some(cell("STORAGECLASS").to_string()).filter(|s| !s.is_empty()),
        },
        status: PhaseOnly {
            phase: cell("STATUS").to_string(),
        },
        origin,
    }
}

fn data_volume<'a>(metadata: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> DataVolume {
    DataVolume {
        metadata,
        status: DataVolumeStatus {
            phase: cell("PHASE").to_string(),
            progress: cell("PROGRESS").to_string(),
            restart_count: cell("RESTARTS").parse().unwrap_or_default(),
            conditions: Vec::new(),
        },
        origin,
    }
}

fn migration<'a>(metadata: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> Migration {
    Migration {
        metadata,
        spec: MigrationSpec {
            vmi_name: cell("VMI").to_string(),
        },
        status: MigrationStatus {
            phase: cell("PHASE").to_string(),
            ..MigrationStatus::default()
        },
        origin,
    }
}

fn volume_attachment<'a>(
    meta: Meta,
    cell: impl Fn(&str) -> &'a str,
    origin: Origin,
) -> VolumeAttachment {
    VolumeAttachment {
        metadata: Meta {
            namespace: String::new(),
            ..meta
        },
        spec: VolumeAttachmentSpec {
            attacher: cell("ATTACHER").to_string(),
            node_name: cell("NODE").to_string(),
            source: VolumeAttachmentSource {
                persistent_volume_name: Some(cell("PV").to_string()).filter(|s| !s.is_empty()),
            },
        },
        status: VolumeAttachmentStatus {
            attached: cell("ATTACHED") == "true",
            ..VolumeAttachmentStatus::default()
        },
        origin,
    }
}

fn pod<'a>(metadata: Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> Pod {
    let status = cell("STATUS");
    let (ready, total) = cell("READY").split_once('/').unwrap_or(("", ""));
    let restarts = cell("RESTARTS")
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    // A row does not name its containers: one status stands for them, under no name.
    let mut container = ContainerStatus {
        ready: !ready.is_empty() && ready == total,
        restart_count: restarts,
        ..ContainerStatus::default()
    };
    let (mut phase, mut reason) = (String::new(), String::new());
    let reason_of = status.strip_prefix("Init:").unwrap_or(status);
    if WAITING.contains(&reason_of) {
        container.state.waiting = Some(Waiting {
            reason: reason_of.to_string(),
            message: String::new(),
        });
        phase = "Pending".into();
    } else if TERMINATED.contains(&reason_of) {
        container.state.terminated = Some(Terminated {
            reason: reason_of.to_string(),
            ..Terminated::default()
        });
    } else if matches!(status, "Running" | "Pending" | "Succeeded" | "Failed" | "Unknown") {
        phase = status.to_string();
        if status == "Running" {
            container.state.running = Some(serde_yaml::Value::Null);
        }
    } else if status == "Terminating" {
        phase = status.to_string();
    } else {
        // Evicted, NodeLost, UnexpectedAdmissionError, OutOfcpu, ...: the pod failed.
        phase = "Failed".into();
        reason = status.to_string();
    }
    let init = status.starts_with("Init:");
    Pod {
        metadata,
        spec: PodSpec {
            node_name: Some(cell("NODE"))
                .filter(|n| !n.is_empty() && *n != "<none>")
                .unwrap_or("")
                .to_string(),
            containers: Vec::new(),
        },
        status: PodStatus {
            phase,
            reason,
            container_statuses: if init { Vec::new() } else { vec![container.clone()] },
            init_container_statuses: if init { vec![container] } else { Vec::new() },
            ..PodStatus::default()
        },
        origin,
    }
}

/// An event row: `OBJECT` is `kind/name` in the resource's lower-case name.
fn event<'a>(meta: &Meta, cell: impl Fn(&str) -> &'a str, origin: Origin) -> Option<Event> {
    let object = cell("OBJECT");
    let (resource, name) = match object.split_once('/') {
        Some(pair) => pair,
        // Older wide tables: `NAME` and `KIND` apart; `NAME` is the event's own, the
        // object's name and a `.<hex>` suffix (client-go's `record` package names events
        // `<object>.<unix nanoseconds in hex>`), or before 1.4 the object's name alone.
        None => (cell("KIND"), event_object_name(&meta.name)),
    };
    let kind = match resource.split('.').next().unwrap_or("").to_ascii_lowercase().as_str() {
        "pod" => "Pod",
        "node" => "Node",
        "virtualmachineinstance" | "vmi" => "VirtualMachineInstance",
        "virtualmachine" | "vm" => "VirtualMachine",
        "persistentvolumeclaim" | "pvc" => "PersistentVolumeClaim",
        "datavolume" | "dv" => "DataVolume",
        "virtualmachineinstancemigration" | "vmim" => "VirtualMachineInstanceMigration",
        "volumeattachment" => "VolumeAttachment",
        _ if !resource.is_empty() => resource,
        _ => return None,
    };
    let count = cell("COUNT").parse().unwrap_or(1);
    Some(Event {
        namespace: meta.namespace.clone(),
        involved: ObjectRef {
            kind: kind.to_string(),
            name: name.to_string(),
            namespace: if kind == "Node" {
                String::new()
            } else {
                meta.namespace.clone()
            },
            uid: String::new(),
        },
        reason: cell("REASON").to_string(),
        message: cell("MESSAGE").to_string(),
        kind: cell("TYPE").to_string(),
        count,
        last_seen: None,
        first_seen: None,
        origin,
    })
}

/// The involved object's name in an event's name: `testvm.1531e354ce43cfeb` -> `testvm`.
fn event_object_name(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((object, hex))
            if hex.len() >= 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            object
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Found> {
        let path = crate::source::BundlePath::parse("get.txt").unwrap();
        let head = Head { path: &path, text };
        assert!(matches!(GetTable.claims(&head), Some(Claim::Whole)), "not claimed");
        let file = TextFile {
            id: FileId(0),
            path: &path,
            text,
        };
        let ctx = ReadContext {
            filter: &crate::inventory::log::KeepAll,
            max_line: 4096,
        };
        match GetTable.read(&file, &ctx, &mut Vec::new()).content {
            Content::Described(found) => found,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pods_wide_and_all_namespaces() {
        let text = "NAMESPACE   NAME                             READY   STATUS              RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES
vms         virt-launcher-rhel9-x7k2p        0/1     ContainerCreating   0          12m   <none>   node01   <none>           1/1
vms         virt-launcher-win-q8r2s          0/2     Init:ErrImagePull   0          5m    <none>   node02   <none>           1/1
";
        let found = read(text);
        let Object::Pod(p) = &found[0].0 else { panic!() };
        assert_eq!((p.metadata.namespace.as_str(), p.spec.node_name.as_str()), ("vms", "node01"));
        assert_eq!(
            p.status.container_statuses[0].state.waiting.as_ref().unwrap().reason,
            "ContainerCreating"
        );
        let Object::Pod(w) = &found[1].0 else { panic!() };
        assert_eq!(
            w.status.init_container_statuses[0].state.waiting.as_ref().unwrap().reason,
            "ErrImagePull"
        );
    }

    #[test]
    fn vmis_vms_nodes_and_events() {
        let text = "NAME    AGE   PHASE        IP    NODENAME   READY
testvm  30m   Scheduling                     False

NAME     AGE   STATUS     READY
testvm   31m   Starting   False

NAME     STATUS                        ROLES    AGE   VERSION
node01   NotReady,SchedulingDisabled   worker   90d   v1.29.5

LAST SEEN   TYPE      REASON             OBJECT                                MESSAGE
2m          Warning   FailedScheduling   pod/virt-launcher-testvm-x7k2p        0/3 nodes are available: 3 Insufficient devices.kubevirt.io/kvm.
";
        let found = read(text);
        assert!(matches!(&found[0].0, Object::Vmi(v) if v.status.phase == "Scheduling"));
        assert!(matches!(&found[1].0, Object::Vm(v) if v.status.printable_status.as_deref() == Some("Starting")));
        let Object::Node(n) = &found[2].0 else { panic!() };
        assert!(n.spec.unschedulable);
        assert_eq!(n.status.conditions[0].status, ConditionStatus::False);
        let Object::Event(e) = &found[3].0 else { panic!() };
        assert_eq!((e.involved.kind.as_str(), e.reason.as_str()), ("Pod", "FailedScheduling"));
        assert!(e.message.ends_with("Insufficient devices.kubevirt.io/kvm."));
    }

    #[test]
    fn rows_pasted_without_their_header() {
        let found = read("virt-launcher-testvm-x7k2p   0/1     ImagePullBackOff   0          12m\n");
        let Object::Pod(p) = &found[0].0 else { panic!() };
        assert_eq!(p.metadata.name, "virt-launcher-testvm-x7k2p");
        assert_eq!(
            p.status.container_statuses[0].state.waiting.as_ref().unwrap().reason,
            "ImagePullBackOff"
        );
    }

    #[test]
    fn an_event_row_pasted_without_its_header_keeps_its_message_as_written() {
        // As in kubevirt/kubevirt issue 6402: one `kubectl get events` row, no header.
        let found = read("38s         Warning   FailedScheduling          pod/virt-launcher-testvm-dr6gs   0/1 nodes are available: 1 Insufficient devices.kubevirt.io/kvm.\n");
        let Object::Event(e) = &found[0].0 else { panic!("{found:?}") };
        assert_eq!((e.involved.kind.as_str(), e.involved.name.as_str()), ("Pod", "virt-launcher-testvm-dr6gs"));
        assert_eq!(e.message, "0/1 nodes are available: 1 Insufficient devices.kubevirt.io/kvm.");
    }

    #[test]
    fn a_describe_event_row_pasted_under_a_table() {
        // As in harvester/harvester issue 798: `kubectl get pods`, then the pod's event.
        let text = "NAME                                     READY   STATUS              RESTARTS   AGE
virt-launcher-lawr-1-tcxvq               0/1     ContainerCreating   0          8m47s


Warning  FailedAttachVolume  3s (x3 over 9s)    attachdetach-controller  AttachVolume.Attach failed for volume \"pvc-83b5\" : rpc error: code = Internal desc = volume must be healthy to start migration
";
        let found = read(text);
        let Object::Event(e) = &found[0].0 else { panic!("{found:?}") };
        assert_eq!((e.kind.as_str(), e.reason.as_str(), e.count), ("Warning", "FailedAttachVolume", 3));
        assert!(e.involved.name.is_empty(), "the row names no object");
        assert_eq!(e.origin.line, 5);
        assert!(matches!(&found[1].0, Object::Pod(p) if p.metadata.name == "virt-launcher-lawr-1-tcxvq"));
        // A pod row is not an event row.
        assert_eq!(found.len(), 2);
    }
}
