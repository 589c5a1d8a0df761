//! The rule file format, as written in `rules/*.yaml`. Parsed strictly (unknown keys are
//! errors) so a typo in a rule fails `cargo test` instead of silently matching nothing.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize};

/// A regular expression found anywhere in the text (messages, log lines).
#[derive(Debug, Clone)]
pub struct Pattern(pub Regex);

/// A regular expression that must match the whole value (reasons, phases, types), so
/// `reason: Failed` does not match `FailedMount`; alternatives work: `FailedMount|FailedMapVolume`.
#[derive(Debug, Clone)]
pub struct Exact(pub Regex);

impl Pattern {
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Exact {
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// Compiled regexes are capped in size: a rule cannot make the tool slow or hungry.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

fn compile<'de, D: Deserializer<'de>>(d: D, anchored: bool) -> Result<Regex, D::Error> {
    let text = String::deserialize(d)?;
    let source = if anchored {
        format!("^(?:{text})$")
    } else {
        text
    };
    regex::RegexBuilder::new(&source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| serde::de::Error::custom(format!("invalid regular expression: {e}")))
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        compile(d, false).map(Pattern)
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        compile(d, true).map(Exact)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Equals the file name without `.yaml`.
    pub id: String,
    /// A cause id from shared/causes.yaml.
    pub cause: String,
    pub severity: Severity,
    /// How specific the signal is to the cause, 0..=1: a message only this cause produces is
    /// near 1, a symptom several causes share is lower. Feeds the score.
    pub specificity: f64,
    /// One line: what the finding says.
    pub summary: String,
    pub doc: Doc,
    #[serde(rename = "match")]
    pub matcher: Match,
    pub tests: Vec<RuleTest>,
}

/// How bad a finding is when it holds. Ordered: `info < warning < critical`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Doc {
    /// What the rule detects.
    pub what: String,
    /// Why it keeps the VM stuck.
    pub why: String,
    /// What to do next: a minijinja template over `namespace`, `vm`, `vmi`, `node`,
    /// `launcher_pod`, `handler_pod`, `handler_namespace`, `pvcs`, `volume_attachments`.
    pub next_steps: String,
}

/// `all` must all hold, at least one of `any` must hold (when given), none of `not` may.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Match {
    // Signals are written as one-key maps (`- event: {...}`), not YAML tags.
    #[serde(deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize")]
    pub all: Vec<Signal>,
    #[serde(deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize")]
    pub any: Vec<Signal>,
    #[serde(deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize")]
    pub not: Vec<Signal>,
}

/// One observable fact. Text fields are regular expressions (Rust `regex` syntax); `source`
/// names where the message string or field comes from (repository and file).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Signal {
    /// An event about the VM, its VMI, launcher pods, volumes or migrations (`about: vm`), or
    /// about its node (`about: node`).
    Event(EventSignal),
    /// A line in a log linked to the VM.
    Log(LogSignal),
    /// A condition of the VM's node.
    NodeCondition(ConditionSignal),
    /// Facts of the node object itself.
    Node(NodeSignal),
    /// A container of a launcher pod.
    Container(ContainerSignal),
    /// The launcher pod's phase, reason, message.
    Pod(PodSignal),
    /// A VMI condition.
    VmiCondition(ConditionSignal),
    /// The VMI's phase or reason.
    Vmi(VmiSignal),
    /// The VM's printable status.
    VmState(VmStateSignal),
    VolumeAttachment(VolumeAttachmentSignal),
    Pvc(PhaseSignal),
    DataVolume(DataVolumeSignal),
    /// A VirtualMachineInstanceMigration of the VMI, or the VMI's migration state.
    Migration(MigrationSignal),
    /// A hotplugged volume's status on the VMI.
    HotplugVolume(HotplugSignal),
    /// The virt-handler pod of the VM's node.
    Handler(HandlerSignal),
    /// The libvirt domain XML of the VM.
    Domain(DomainSignal),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum About {
    #[default]
    Vm,
    Node,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSignal {
    #[serde(default)]
    pub about: About,
    pub reason: Option<Exact>,
    pub message: Option<Pattern>,
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Events whose message also matches this are not evidence (a known harmless variant).
    pub unless: Option<Pattern>,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogSource {
    VirtLauncher,
    VirtHandler,
    Qemu,
    /// The VM node's kernel log (`dmesg`) and kubelet journal, from node-gather.
    Node,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSignal {
    pub component: LogSource,
    pub pattern: Pattern,
    /// Only lines whose KubeVirt `level` is one of these (lines without a level never match).
    #[serde(default)]
    pub levels: Vec<crate::inventory::log::Level>,
    /// Lines that also match this are not evidence (known harmless variants).
    pub unless: Option<Pattern>,
    /// For virt-handler logs, which serve every VM on the node: only lines naming the VM.
    #[serde(default)]
    pub mentions_vm: bool,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSignal {
    #[serde(rename = "type")]
    pub kind: Exact,
    /// `True`, `False` or `Unknown`; any when absent.
    pub status: Option<String>,
    pub reason: Option<Exact>,
    pub message: Option<Pattern>,
    /// Conditions whose message also matches this are not evidence.
    pub unless: Option<Pattern>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSignal {
    pub unschedulable: Option<bool>,
    /// A taint whose `key` matches.
    pub taint: Option<Pattern>,
    /// A label key matching this that the node carries (`has_label`) or lacks (`lacks_label`).
    pub has_label: Option<Pattern>,
    pub lacks_label: Option<Pattern>,
    /// An allocatable resource that is absent or zero.
    pub lacks_allocatable: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContainerStateKind {
    /// `state` (now).
    #[default]
    Current,
    /// `lastState` (the previous run).
    Last,
    /// Either.
    Any,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerSignal {
    /// Container name; any container when absent.
    pub name: Option<String>,
    #[serde(default)]
    pub state: ContainerStateKind,
    /// The `waiting` or `terminated` reason.
    pub reason: Option<Exact>,
    pub message: Option<Pattern>,
    pub exit_code: Option<i32>,
    pub min_restarts: Option<u32>,
    /// Only containers that are not ready.
    #[serde(default)]
    pub not_ready: bool,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PodSignal {
    pub phase: Option<Exact>,
    pub reason: Option<Exact>,
    pub message: Option<Pattern>,
    /// No launcher pod exists at all.
    #[serde(default)]
    pub missing: bool,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmiSignal {
    pub phase: Option<Exact>,
    pub reason: Option<Exact>,
    /// The VMI has a `deletionTimestamp`.
    pub deleting: Option<bool>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmStateSignal {
    /// Printable statuses, any of which matches.
    pub any_of: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VolumeAttachmentSignal {
    pub attached: Option<bool>,
    /// `status.attachError.message` (or detachError) matches.
    pub error: Option<Pattern>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSignal {
    pub phase: Exact,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataVolumeSignal {
    pub phase: Option<Exact>,
    /// A condition message matches.
    pub message: Option<Pattern>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationSignal {
    /// Phase of the VMI's newest VirtualMachineInstanceMigration, e.g. `Failed`.
    pub phase: Option<Exact>,
    /// The VMI's `status.migrationState.failed` is true.
    pub vmi_failed: Option<bool>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotplugSignal {
    pub phase: Option<Exact>,
    pub reason: Option<Exact>,
    pub message: Option<Pattern>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlerSignal {
    /// No virt-handler pod on the node.
    #[serde(default)]
    pub missing: bool,
    /// A virt-handler pod on the node that is not Running and ready.
    #[serde(default)]
    pub not_ready: bool,
    pub min_restarts: Option<u32>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSignal {
    pub pattern: Pattern,
    pub source: String,
}

/// One embedded test: files laid out like a bundle, added to the shared test base
/// (`rules/_testbase.yaml`: VM `vms/testvm` stuck Starting on `node01`) unless `base: false`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub name: String,
    pub expect: Expect,
    #[serde(default = "yes")]
    pub base: bool,
    /// `namespace/name` of the VM to check; `vms/testvm` by default.
    pub vm: Option<String>,
    pub files: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Fires,
    Quiet,
}
