//! The rule file format, as written in `rules/*.yaml`. Parsed strictly (unknown keys are
//! errors) so a typo in a rule fails `cargo test` instead of silently matching nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::signals::Signal;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    /// Equals the file name without `.yaml`.
    pub(crate) id: String,
    /// A cause id from shared/causes.yaml.
    pub(crate) cause: String,
    pub(crate) severity: Severity,
    /// How specific the signal is to the cause, 0..=1: a message only this cause produces is
    /// near 1, a symptom several causes share is lower. Feeds the score.
    pub(crate) specificity: f64,
    /// One line: what the finding says.
    pub(crate) summary: String,
    pub(crate) doc: Doc,
    #[serde(rename = "match")]
    pub(crate) matcher: Match,
    /// Causes whose symptoms this finding explains when they come after it: a node that went
    /// NotReady explains virt-handler and QEMU failures that follow. Such causes are shown as
    /// consequences of this one, not as causes of their own.
    #[serde(default)]
    pub(crate) explains: Vec<String>,
    /// Other causes this rule's evidence fits just as well, which only a check the bundle
    /// cannot answer tells apart ("Insufficient devices.kubevirt.io/kvm" on bare metal with
    /// virtualization off, or on a VM worker without nested virtualization). Each is listed
    /// after this cause as another reading of the same evidence, with that check; none cites
    /// a line of its own.
    #[serde(default)]
    pub(crate) alternatives: Vec<Alternative>,
    pub(crate) tests: Vec<RuleTest>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Alternative {
    /// A cause id, not the rule's own.
    pub(crate) cause: String,
    /// When this reading is the right one, as a clause ("the node is itself a virtual
    /// machine").
    pub(crate) when: String,
    /// Commands that tell the readings apart: a template over the same names as
    /// `doc.next_steps`.
    pub(crate) check: String,
    /// Signals that rule this reading out when one holds for the VM (a node whose CPU
    /// labels show VMX is no VM without nested virtualization).
    #[serde(
        default,
        skip_serializing,
        deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize"
    )]
    pub(crate) unless: Vec<Signal>,
}

/// How bad a finding is when it holds. Ordered: `info < warning < critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
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
pub(crate) struct Doc {
    /// What the rule detects.
    pub(crate) what: String,
    /// Why it keeps the VM stuck.
    pub(crate) why: String,
    /// What to do next: a minijinja template over `namespace`, `vm`, `vmi`, `node`,
    /// `launcher_pod`, `handler_pod`, `handler_namespace`, `pvcs`, `volume_attachments`.
    pub(crate) next_steps: String,
}

/// `all` must all hold, at least one of `any` must hold (when given), none of `not` may.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Match {
    // Signals are written as one-key maps (`- event: {...}`), not YAML tags.
    #[serde(deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize")]
    pub(crate) all: Vec<Signal>,
    #[serde(deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize")]
    pub(crate) any: Vec<Signal>,
    #[serde(deserialize_with = "serde_yaml::with::singleton_map_recursive::deserialize")]
    pub(crate) not: Vec<Signal>,
}

/// One embedded test: files laid out like a bundle, added to the shared test base
/// (`rules/_testbase.yaml`: VM `vms/testvm` stuck Starting on `node01`) unless `base: false`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleTest {
    pub(crate) name: String,
    pub(crate) expect: Expect,
    #[serde(default = "yes")]
    pub(crate) base: bool,
    /// `namespace/name` of the VM to check; `vms/testvm` by default.
    pub(crate) vm: Option<String>,
    pub(crate) files: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Expect {
    Fires,
    Quiet,
}
