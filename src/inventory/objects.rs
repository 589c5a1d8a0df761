//! The Kubernetes and KubeVirt objects the diagnosis reads, typed with just the fields it uses.
//! Field names follow the API (`kubectl get -o yaml`); unknown fields are ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::timestamp::Timestamp;

/// Where an object was read: the file, the line of its own `uid:` (or `name:`), and the
/// lines the object spans, which evidence searches for the field it cites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub(crate) struct Origin {
    pub(crate) file: FileId,
    pub(crate) line: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Origin {
    /// An object that is one line of its file (a describe table row).
    pub(crate) fn line(file: FileId, line: u32) -> Origin {
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
pub(crate) struct FileId(pub(crate) u32);

/// A timestamp field; an unparsable value reads as absent rather than failing the object.
fn lenient_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let raw = Option::<serde_yaml::Value>::deserialize(d)?;
    Ok(raw.and_then(|v| v.as_str().and_then(Timestamp::parse)))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Meta {
    pub(crate) name: String,
    pub(crate) namespace: String,
    pub(crate) uid: String,
    pub(crate) labels: BTreeMap<String, String>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) creation_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) deletion_timestamp: Option<Timestamp>,
    pub(crate) owner_references: Vec<OwnerRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct OwnerRef {
    pub(crate) kind: String,
    pub(crate) name: String,
    pub(crate) uid: String,
}

/// `True`, `False` or `Unknown`, as in every Kubernetes condition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum ConditionStatus {
    True,
    False,
    #[default]
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Condition {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) status: ConditionStatus,
    pub(crate) reason: String,
    pub(crate) message: String,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) last_transition_time: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) last_heartbeat_time: Option<Timestamp>,
}

// ---------------------------------------------------------------- KubeVirt

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VirtualMachine {
    pub(crate) metadata: Meta,
    pub(crate) spec: VmSpec,
    pub(crate) status: VmStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
    /// Empty for a VirtualMachine object that was read; for a VM inferred from other
    /// objects (`infer`), what it was inferred from.
    #[serde(skip)]
    pub(crate) inferred: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VmSpec {
    pub(crate) running: Option<bool>,
    pub(crate) run_strategy: Option<String>,
    pub(crate) template: VmTemplate,
    pub(crate) data_volume_templates: Vec<NamedTemplate>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NamedTemplate {
    pub(crate) metadata: Meta,
}

/// KubeVirt's own custom resource: where it runs and which version it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct KubeVirtCr {
    pub(crate) metadata: Meta,
    pub(crate) status: KubeVirtCrStatus,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct KubeVirtCrStatus {
    pub(crate) observed_kube_virt_version: Option<String>,
}

/// OpenShift Virtualization's `HyperConverged` resource (hco.kubevirt.io): its versions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct HyperConverged {
    pub(crate) metadata: Meta,
    pub(crate) status: HyperConvergedStatus,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct HyperConvergedStatus {
    pub(crate) versions: Vec<NamedVersion>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NamedVersion {
    pub(crate) name: String,
    pub(crate) version: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VmTemplate {
    pub(crate) spec: VmiSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VmStatus {
    pub(crate) printable_status: Option<String>,
    pub(crate) created: bool,
    pub(crate) ready: bool,
    pub(crate) conditions: Vec<Condition>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VirtualMachineInstance {
    pub(crate) metadata: Meta,
    pub(crate) spec: VmiSpec,
    pub(crate) status: VmiStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VmiSpec {
    pub(crate) volumes: Vec<Volume>,
    pub(crate) node_selector: BTreeMap<String, String>,
    pub(crate) domain: Domain,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Domain {
    pub(crate) cpu: Option<Cpu>,
}

/// The guest CPU a VM asks for: a named model (or `host-model`, `host-passthrough`) and
/// features it requires or forbids.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Cpu {
    pub(crate) model: String,
    pub(crate) features: Vec<CpuFeature>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CpuFeature {
    pub(crate) name: String,
    /// `require` (the default), `force`, `optional`, `disable`, `forbid`.
    pub(crate) policy: String,
}

/// A VM volume; only the sources that point at other objects are kept.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Volume {
    pub(crate) name: String,
    pub(crate) persistent_volume_claim: Option<ClaimRef>,
    pub(crate) data_volume: Option<NameRef>,
    pub(crate) container_disk: Option<ImageRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ClaimRef {
    pub(crate) claim_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NameRef {
    pub(crate) name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ImageRef {
    pub(crate) image: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VmiStatus {
    pub(crate) phase: String,
    pub(crate) node_name: String,
    pub(crate) reason: String,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) active_pods: BTreeMap<String, String>,
    pub(crate) phase_transition_timestamps: Vec<PhaseTransition>,
    pub(crate) migration_state: Option<MigrationState>,
    pub(crate) volume_status: Vec<VolumeStatus>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PhaseTransition {
    pub(crate) phase: String,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) phase_transition_timestamp: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct MigrationState {
    pub(crate) completed: bool,
    pub(crate) failed: bool,
    pub(crate) failure_reason: String,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) start_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) end_timestamp: Option<Timestamp>,
    pub(crate) source_node: String,
    pub(crate) target_node: String,
    pub(crate) target_pod: String,
    pub(crate) abort_status: String,
    pub(crate) migration_uid: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VolumeStatus {
    pub(crate) name: String,
    pub(crate) phase: String,
    pub(crate) reason: String,
    pub(crate) message: String,
    pub(crate) hotplug_volume: Option<serde_yaml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Migration {
    pub(crate) metadata: Meta,
    pub(crate) spec: MigrationSpec,
    pub(crate) status: MigrationStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct MigrationSpec {
    pub(crate) vmi_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct MigrationStatus {
    pub(crate) phase: String,
    pub(crate) migration_state: Option<MigrationState>,
    pub(crate) phase_transition_timestamps: Vec<PhaseTransition>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DataVolume {
    pub(crate) metadata: Meta,
    pub(crate) status: DataVolumeStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct DataVolumeStatus {
    pub(crate) phase: String,
    pub(crate) progress: String,
    pub(crate) restart_count: u32,
    pub(crate) conditions: Vec<Condition>,
}

// ---------------------------------------------------------------- Kubernetes core

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Pod {
    pub(crate) metadata: Meta,
    pub(crate) spec: PodSpec,
    pub(crate) status: PodStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PodSpec {
    pub(crate) node_name: String,
    pub(crate) containers: Vec<NameRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PodStatus {
    pub(crate) phase: String,
    pub(crate) reason: String,
    pub(crate) message: String,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) container_statuses: Vec<ContainerStatus>,
    pub(crate) init_container_statuses: Vec<ContainerStatus>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) start_time: Option<Timestamp>,
}

impl PodStatus {
    /// Every container's status, init containers last.
    pub(crate) fn all_containers(&self) -> impl Iterator<Item = &ContainerStatus> {
        self.container_statuses
            .iter()
            .chain(&self.init_container_statuses)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ContainerStatus {
    pub(crate) name: String,
    pub(crate) ready: bool,
    pub(crate) restart_count: u32,
    pub(crate) image: String,
    pub(crate) state: ContainerState,
    pub(crate) last_state: ContainerState,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ContainerState {
    pub(crate) waiting: Option<Waiting>,
    pub(crate) running: Option<serde_yaml::Value>,
    pub(crate) terminated: Option<Terminated>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Waiting {
    pub(crate) reason: String,
    pub(crate) message: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Terminated {
    pub(crate) reason: String,
    pub(crate) message: String,
    pub(crate) exit_code: i32,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) finished_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Node {
    pub(crate) metadata: Meta,
    pub(crate) spec: NodeSpec,
    pub(crate) status: NodeStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NodeSpec {
    pub(crate) unschedulable: bool,
    pub(crate) taints: Vec<Taint>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Taint {
    pub(crate) key: String,
    pub(crate) value: String,
    pub(crate) effect: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NodeStatus {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) allocatable: BTreeMap<String, serde_yaml::Value>,
    pub(crate) capacity: BTreeMap<String, serde_yaml::Value>,
}

/// A core/v1 Event or an events.k8s.io/v1 Event, read into one shape.
#[derive(Debug, Clone, Default)]
pub(crate) struct Event {
    pub(crate) namespace: String,
    pub(crate) involved: ObjectRef,
    pub(crate) reason: String,
    pub(crate) message: String,
    /// `Normal` or `Warning`.
    pub(crate) kind: String,
    pub(crate) count: u32,
    pub(crate) last_seen: Option<Timestamp>,
    /// When the event was first seen (`firstTimestamp`, `eventTime`), if the source says.
    pub(crate) first_seen: Option<Timestamp>,
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ObjectRef {
    pub(crate) kind: String,
    pub(crate) name: String,
    pub(crate) namespace: String,
    pub(crate) uid: String,
}

/// The raw Event fields of both API groups; folded into `Event` by `RawEvent::into_event`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawEvent {
    pub(crate) metadata: Meta,
    pub(crate) involved_object: Option<ObjectRef>,
    pub(crate) regarding: Option<ObjectRef>,
    pub(crate) reason: String,
    pub(crate) message: String,
    pub(crate) note: String,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) count: Option<u32>,
    pub(crate) deprecated_count: Option<u32>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) last_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) first_timestamp: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) event_time: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) deprecated_last_timestamp: Option<Timestamp>,
}

impl RawEvent {
    pub(crate) fn into_event(self) -> Event {
        let involved = self.involved_object.or(self.regarding).unwrap_or_default();
        let message = if self.message.is_empty() {
            self.note
        } else {
            self.message
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
            first_seen: self.first_timestamp.or(self.event_time),
            origin: Origin::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PersistentVolumeClaim {
    pub(crate) metadata: Meta,
    pub(crate) spec: PvcSpec,
    pub(crate) status: PhaseOnly,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PvcSpec {
    pub(crate) volume_name: String,
    pub(crate) storage_class_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PhaseOnly {
    pub(crate) phase: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VolumeAttachment {
    pub(crate) metadata: Meta,
    pub(crate) spec: VolumeAttachmentSpec,
    pub(crate) status: VolumeAttachmentStatus,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VolumeAttachmentSpec {
    pub(crate) attacher: String,
    pub(crate) node_name: String,
    pub(crate) source: VolumeAttachmentSource,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VolumeAttachmentSource {
    pub(crate) persistent_volume_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VolumeAttachmentStatus {
    pub(crate) attached: bool,
    pub(crate) attach_error: Option<VolumeError>,
    pub(crate) detach_error: Option<VolumeError>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VolumeError {
    pub(crate) message: String,
    #[serde(deserialize_with = "lenient_time")]
    pub(crate) time: Option<Timestamp>,
}
