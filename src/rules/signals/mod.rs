//! The kinds of signal a rule can match on, one file each: its fields as written in a rule,
//! and its evaluator against one VM (with unit tests).
//!
//! Adding a signal kind: one file here that defines the signal's struct and implements
//! `SignalKind` for it, and one line in the `signal_kinds!` list below.

mod condition;
pub(crate) mod repeat;

use serde::Deserialize;

use super::context::VmContext;
use super::pattern::{Exact, Pattern};
use crate::evidence::Evidence;

/// What every signal kind provides.
pub(crate) trait SignalKind {
    /// Where the message string or field the signal matches comes from (repository and file).
    fn source(&self) -> &str;
    /// The evidence that makes the signal hold for the VM; empty when it does not hold.
    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence>;
    /// Log patterns, with the kind of log each is for: such lines must be kept while logs are
    /// read (`compile::Prefilter`).
    fn log_patterns(&self) -> Vec<(log::LogSource, &str)> {
        Vec::new()
    }
    /// The signals a group (`all`, `any`) is made of.
    fn children(&self) -> &[Signal] {
        &[]
    }
    /// The cause whose catalog messages the signal reads: such lines are kept while logs are
    /// read, found by the catalog's own automaton rather than by a pattern.
    fn catalog_cause(&self) -> Option<crate::cause::Cause> {
        None
    }
    /// What the kind checks when the rule is read, beyond its fields parsing (a pattern that
    /// is no regular expression already fails to parse).
    fn check(&self) -> Result<(), SignalError> {
        Ok(())
    }
    /// Patterns by which the signal is recognised in pasted text (an event's message, a
    /// reason as a word): such lines of text logs are kept, and `evaluate` searches them.
    fn text_patterns(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// A signal that parses but cannot work, by the kind that found it: one variant per signal
/// kind with checks of its own, each holding that kind's error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignalError {
    Catalog(catalog::CatalogSignalError),
}

impl From<catalog::CatalogSignalError> for SignalError {
    fn from(e: catalog::CatalogSignalError) -> Self {
        SignalError::Catalog(e)
    }
}

impl std::fmt::Display for SignalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignalError::Catalog(e) => write!(f, "catalog: {e}"),
        }
    }
}

/// The text patterns of a signal known by `message`, or failing that by `reason`'s words.
pub(crate) fn text_patterns<'a>(
    message: Option<&'a Pattern>,
    reason: Option<&'a Exact>,
) -> Vec<&'a str> {
    match (message, reason.and_then(Exact::word)) {
        (Some(m), _) => vec![m.as_str()],
        (None, Some(w)) => vec![w.as_str()],
        (None, None) => Vec::new(),
    }
}

/// Evidence in the pasted text linked to the subject, for a signal known there by `message`
/// (or, without one, `reason`'s words): a pasted event message or status says what the
/// object would have.
pub(crate) fn in_text(
    ctx: &VmContext,
    message: Option<&Pattern>,
    reason: Option<&Exact>,
    unless: Option<&Pattern>,
    what: &str,
) -> Vec<Evidence> {
    if text_patterns(message, reason).is_empty() {
        return Vec::new();
    }
    let matches = |text: &str| match (message, reason.and_then(Exact::word)) {
        (Some(m), _) => m.is_match(text),
        (None, Some(w)) => w.is_match(text),
        (None, None) => false,
    };
    let mut out = Vec::new();
    for &i in &ctx.links.text_logs {
        let log = &ctx.inv.logs[i];
        for line in &log.lines {
            if matches(&line.text) && !unless.is_some_and(|u| u.is_match(&line.text)) {
                out.push(
                    Evidence::new(
                        ctx.inv,
                        log.file,
                        line.number,
                        &line.text,
                        format!("{what} in pasted text"),
                    )
                    .quoting(
                        &line.said(),
                        message.map(|m| &m.0).or(reason.and_then(Exact::word)),
                    )
                    .at(line.timestamp),
                );
            }
        }
    }
    out
}

/// `VmiCondition` -> `vmi_condition`, once per kind and kept.
fn to_snake(camel: &'static str) -> &'static str {
    static NAMES: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<&'static str, &'static str>>,
    > = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(Default::default);
    let mut names = names.lock().unwrap_or_else(|e| e.into_inner());
    names.entry(camel).or_insert_with(|| {
        let mut out = String::new();
        for (i, c) in camel.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        Box::leak(out.into_boxed_str())
    })
}

macro_rules! signal_kinds {
    ($($(#[$doc:meta])* $variant:ident($module:ident::$ty:ident),)*) => {
        $(pub(crate) mod $module;)*

        /// One observable fact, written in a rule as a one-key map (`- event: {...}`).
        #[derive(Debug, Clone, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        pub(crate) enum Signal {
            $($(#[$doc])* $variant($module::$ty),)*
        }

        impl Signal {
            pub(crate) fn kind(&self) -> &dyn SignalKind {
                match self {
                    $(Signal::$variant(s) => s,)*
                }
            }

            /// The evidence that makes the signal hold for the VM; empty when it does not hold.
            pub(crate) fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
                self.kind().evaluate(ctx)
            }

            /// The signal's kind as a rule writes it (`event`, `log`, ...).
            pub(crate) fn name(&self) -> &'static str {
                match self {
                    $(Signal::$variant(_) => to_snake(stringify!($variant)),)*
                }
            }

            /// This signal and, for a group, every signal inside it.
            pub(crate) fn flatten(&self) -> Vec<&Signal> {
                let mut out = vec![self];
                for child in self.kind().children() {
                    out.extend(child.flatten());
                }
                out
            }
        }
    };
}

signal_kinds! {
    /// An event about the VM, its VMI, launcher pods, volumes or migrations (`about: vm`), or
    /// about its node (`about: node`).
    Event(event::EventSignal),
    /// A line in a log linked to the VM.
    Log(log::LogSignal),
    /// A condition of the VM's node.
    NodeCondition(node_condition::NodeConditionSignal),
    /// Facts of the node object itself: cordon, taints, labels, allocatable resources.
    Node(node::NodeSignal),
    /// A container of a launcher pod.
    Container(container::ContainerSignal),
    /// The launcher pod's phase, reason, message, or that there is none.
    Pod(pod::PodSignal),
    /// A VMI condition.
    VmiCondition(vmi_condition::VmiConditionSignal),
    /// A condition of a virt-launcher pod.
    PodCondition(pod_condition::PodConditionSignal),
    /// The VMI's phase, reason or deletion.
    Vmi(vmi::VmiSignal),
    /// The VM's printable status.
    VmState(vm_state::VmStateSignal),
    /// A VolumeAttachment of the VM's PVCs.
    VolumeAttachment(volume_attachment::VolumeAttachmentSignal),
    /// A PVC of the VM.
    Pvc(pvc::PvcSignal),
    /// A DataVolume of the VM.
    DataVolume(data_volume::DataVolumeSignal),
    /// A VirtualMachineInstanceMigration of the VMI, or the VMI's migration state.
    Migration(migration::MigrationSignal),
    /// A hotplugged volume's status on the VMI.
    HotplugVolume(hotplug::HotplugSignal),
    /// The virt-handler pod of the VM's node.
    Handler(handler::HandlerSignal),
    /// The libvirt domain XML of the VM.
    Domain(domain::DomainSignal),
    /// Any field of one of the VM's objects, by path.
    Field(field::FieldSignal),
    /// The VM's guest CPU model or features against what its node offers.
    CpuModel(cpu_model::CpuModelSignal),
    /// A message the catalog (`catalog/`) classifies as showing a cause, in any text linked
    /// to the VM: events, VMI conditions, log lines, pasted text.
    Catalog(catalog::CatalogSignal),
    /// A group of signals that must all hold.
    All(all::AllSignal),
    /// A group of signals of which one must hold.
    Any(any::AnySignal),
}

/// Helpers for the signals' unit tests: a signal written as in a rule, evaluated for VM
/// `vms/testvm` of the shared rule test base with some files added or replaced.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use super::Signal;
    use crate::evidence::Evidence;
    use crate::inventory::{self, log::KeepAll};
    use crate::rules::context::VmContext;

    fn base() -> Vec<(String, String)> {
        #[derive(serde::Deserialize)]
        struct Base {
            files: std::collections::BTreeMap<String, String>,
        }
        let text = crate::rules::files::EMBEDDED
            .iter()
            .find(|(name, _)| *name == "_testbase.yaml")
            .map(|(_, text)| *text)
            .expect("the rule test base is embedded");
        let base: Base = serde_yaml::from_str(text).expect("the test base parses");
        base.files.into_iter().collect()
    }

    /// The test base's path for a file, by the last part of its name.
    pub(crate) fn base_path(ending: &str) -> String {
        base()
            .into_iter()
            .map(|(p, _)| p)
            .find(|p| p.ends_with(ending))
            .unwrap_or_else(|| panic!("no test base file ends with {ending}"))
    }

    /// Evaluates `signal` (YAML, as written under `match:`) on the test base with `files`
    /// added; a file with the path of a base file replaces it.
    pub(crate) fn eval(signal: &str, files: &[(&str, &str)]) -> Vec<Evidence> {
        let signal: Signal = serde_yaml::with::singleton_map_recursive::deserialize(
            serde_yaml::Deserializer::from_str(signal),
        )
        .unwrap_or_else(|e| panic!("signal does not parse: {e}"));
        let mut all = base();
        for (path, text) in files {
            all.retain(|(p, _)| p != path);
            all.push((path.to_string(), text.to_string()));
        }
        let inv = inventory::from_files(&all, &Default::default(), Arc::new(KeepAll));
        let links = inv
            .links
            .vms
            .iter()
            .find(|l| l.vm.is_some_and(|i| inv.vms[i].metadata.name == "testvm"))
            .expect("vms/testvm in the test base");
        signal.evaluate(&VmContext::new(&inv, links))
    }
}
