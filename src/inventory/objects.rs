//! The Kubernetes and KubeVirt objects the diagnosis reads, typed with just the fields it uses.
//! Field names follow the API (`kubectl get -o yaml`); unknown fields are ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::timestamp::Timestamp;

/// Where an object was read: the file, the line of its own `uid:` (or `name:`), and the
/// lines the object spans, which evidence searches for the field it cites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    pub file: FileId,
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

impl Origin {
    /// An object that is one line of its file (a describe table row).
    pub fn line(file: FileId, line: u32) -> Origin {
        Origin {
            file,
            line,
            start: line,
            end: line,
        }
    }
}

/// Index of a file in the inventory's file table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A timestamp field; an unparsable value reads as absent rather than failing the object.
fn lenient_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let raw = Option::<serde_yaml::Value>::deserialize(d)?;
    Ok(raw.and_then(|v| v.as_str().and_then(Timestamp::parse)))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Meta {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub labels: BTreeMap<String, String>,
    #[serde(deserialize_with = "lenient_time")]
    pub creation_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub deletion_timestamp: Option<Timestamp>,
    pub owner_references: Vec<OwnerRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OwnerRef {
    pub kind: String,
    pub name: String,
    pub uid: String,
}

/// `True`, `False` or `Unknown`, as in every Kubernetes condition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum ConditionStatus {
    True,
    False,
    #[default]
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: ConditionStatus,
    pub reason: String,
    pub message: String,
    #[serde(deserialize_with = "lenient_time")]
    pub last_transition_time: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub last_heartbeat_time: Option<Timestamp>,
}

// ---------------------------------------------------------------- KubeVirt

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VirtualMachine {
    pub metadata: Meta,
    pub spec: VmSpec,
    pub status: VmStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmSpec {
    pub running: Option<bool>,
    pub run_strategy: Option<String>,
    pub template: VmTemplate,
    pub data_volume_templates: Vec<NamedTemplate>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NamedTemplate {
    pub metadata: Meta,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VmTemplate {
    pub spec: VmiSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmStatus {
    pub printable_status: Option<String>,
    pub created: bool,
    pub ready: bool,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VirtualMachineInstance {
    pub metadata: Meta,
    pub spec: VmiSpec,
    pub status: VmiStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmiSpec {
    pub volumes: Vec<Volume>,
    pub node_selector: BTreeMap<String, String>,
}

/// A VM volume; only the sources that point at other objects are kept.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Volume {
    pub name: String,
    pub persistent_volume_claim: Option<ClaimRef>,
    pub data_volume: Option<NameRef>,
    pub container_disk: Option<ImageRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClaimRef {
    pub claim_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NameRef {
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImageRef {
    pub image: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmiStatus {
    pub phase: String,
    pub node_name: String,
    pub reason: String,
    pub conditions: Vec<Condition>,
    pub active_pods: BTreeMap<String, String>,
    pub phase_transition_timestamps: Vec<PhaseTransition>,
    pub migration_state: Option<MigrationState>,
    pub volume_status: Vec<VolumeStatus>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PhaseTransition {
    pub phase: String,
    #[serde(deserialize_with = "lenient_time")]
    pub phase_transition_timestamp: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MigrationState {
    pub completed: bool,
    pub failed: bool,
    pub source_node: String,
    pub target_node: String,
    pub target_pod: String,
    pub abort_status: String,
    pub migration_uid: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeStatus {
    pub name: String,
    pub phase: String,
    pub reason: String,
    pub message: String,
    pub hotplug_volume: Option<serde_yaml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Migration {
    pub metadata: Meta,
    pub spec: MigrationSpec,
    pub status: MigrationStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MigrationSpec {
    pub vmi_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MigrationStatus {
    pub phase: String,
    pub migration_state: Option<MigrationState>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DataVolume {
    pub metadata: Meta,
    pub status: DataVolumeStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DataVolumeStatus {
    pub phase: String,
    pub progress: String,
    pub restart_count: u32,
    pub conditions: Vec<Condition>,
}

// ---------------------------------------------------------------- Kubernetes core

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Pod {
    pub metadata: Meta,
    pub spec: PodSpec,
    pub status: PodStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodSpec {
    pub node_name: String,
    pub containers: Vec<NameRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodStatus {
    pub phase: String,
    pub reason: String,
    pub message: String,
    pub conditions: Vec<Condition>,
    pub container_statuses: Vec<ContainerStatus>,
    pub init_container_statuses: Vec<ContainerStatus>,
    #[serde(deserialize_with = "lenient_time")]
    pub start_time: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerStatus {
    pub name: String,
    pub ready: bool,
    pub restart_count: u32,
    pub image: String,
    pub state: ContainerState,
    pub last_state: ContainerState,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ContainerState {
    pub waiting: Option<Waiting>,
    pub running: Option<serde_yaml::Value>,
    pub terminated: Option<Terminated>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Waiting {
    pub reason: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Terminated {
    pub reason: String,
    pub message: String,
    pub exit_code: i32,
    #[serde(deserialize_with = "lenient_time")]
    pub finished_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Node {
    pub metadata: Meta,
    pub spec: NodeSpec,
    pub status: NodeStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeSpec {
    pub unschedulable: bool,
    pub taints: Vec<Taint>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeStatus {
    pub conditions: Vec<Condition>,
    pub allocatable: BTreeMap<String, serde_yaml::Value>,
    pub capacity: BTreeMap<String, serde_yaml::Value>,
}

/// A core/v1 Event or an events.k8s.io/v1 Event, read into one shape.
#[derive(Debug, Clone, Default)]
pub struct Event {
    pub namespace: String,
    pub involved: ObjectRef,
    pub reason: String,
    pub message: String,
    /// `Normal` or `Warning`.
    pub kind: String,
    pub count: u32,
    pub last_seen: Option<Timestamp>,
    pub source: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectRef {
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub uid: String,
}

/// The raw Event fields of both API groups; folded into `Event` by `RawEvent::into_event`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawEvent {
    pub metadata: Meta,
    pub involved_object: Option<ObjectRef>,
    pub regarding: Option<ObjectRef>,
    pub reason: String,
    pub message: String,
    pub note: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub count: Option<u32>,
    pub deprecated_count: Option<u32>,
    #[serde(deserialize_with = "lenient_time")]
    pub last_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub first_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub event_time: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub deprecated_last_timestamp: Option<Timestamp>,
    pub source: Option<EventSource>,
    pub reporting_controller: String,
    pub reporting_component: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EventSource {
    pub component: String,
    pub host: String,
}

impl RawEvent {
    pub fn into_event(self) -> Event {
        let involved = self.involved_object.or(self.regarding).unwrap_or_default();
        let message = if self.message.is_empty() {
            self.note
        } else {
            self.message
        };
        let source = match self.source {
            Some(s) if !s.component.is_empty() => s.component,
            _ if !self.reporting_controller.is_empty() => self.reporting_controller,
            _ => self.reporting_component,
        };
        Event {
            namespace: if self.metadata.namespace.is_empty() {
                involved.namespace.clone()
            } else {
                self.metadata.namespace
            },
            involved,
            reason: self.reason,
            message,
            kind: self.kind,
            count: self.count.or(self.deprecated_count).unwrap_or(1),
            last_seen: self
                .last_timestamp
                .or(self.deprecated_last_timestamp)
                .or(self.event_time)
                .or(self.first_timestamp),
            source,
            origin: Origin::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersistentVolumeClaim {
    pub metadata: Meta,
    pub spec: PvcSpec,
    pub status: PhaseOnly,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PvcSpec {
    pub volume_name: String,
    pub storage_class_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PhaseOnly {
    pub phase: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VolumeAttachment {
    pub metadata: Meta,
    pub spec: VolumeAttachmentSpec,
    pub status: VolumeAttachmentStatus,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeAttachmentSpec {
    pub attacher: String,
    pub node_name: String,
    pub source: VolumeAttachmentSource,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeAttachmentSource {
    pub persistent_volume_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeAttachmentStatus {
    pub attached: bool,
    pub attach_error: Option<VolumeError>,
    pub detach_error: Option<VolumeError>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VolumeError {
    pub message: String,
    #[serde(deserialize_with = "lenient_time")]
    pub time: Option<Timestamp>,
}
