//! One VM and everything linked to it, as the signals see it, and the evaluation of a rule's
//! `match` (all / any / not) against it.

use super::compile::Rule;
use super::signals::Signal;
use crate::cause::Cause;
use crate::evidence::{Evidence, sets};
use crate::inventory::links::VmLinks;
use crate::inventory::{Inventory, Node, Origin, Pod, VirtualMachine, VirtualMachineInstance};

/// Which of a VM's pods a pod or container signal looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PodsOf {
    #[default]
    Launcher,
    Hotplug,
}

/// Evidence lines listed per file for one rule; the rest are counted, not listed.
const MAX_PER_FILE: usize = 3;

/// One VM and everything linked to it.
pub(crate) struct VmContext<'a> {
    pub(crate) inv: &'a Inventory,
    pub(crate) links: &'a VmLinks,
    /// `None` for a node looked at on its own.
    pub(crate) vm: Option<&'a VirtualMachine>,
    pub(crate) vmi: Option<&'a VirtualMachineInstance>,
}

/// A rule that holds for a VM, with its evidence.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) evidence: Vec<Evidence>,
    /// Matching lines beyond those listed.
    pub(crate) more: usize,
    /// The rule's alternative readings that an `unless` signal rules out for this VM.
    pub(crate) ruled_out: Vec<Cause>,
}

impl<'a> VmContext<'a> {
    pub(crate) fn new(inv: &'a Inventory, links: &'a VmLinks) -> Self {
        VmContext {
            inv,
            links,
            vm: links.vm.map(|i| &inv.vms[i]),
            vmi: links.vmi.map(|i| &inv.vmis[i]),
        }
    }

    /// Whether `rule` holds for this VM, with the evidence if it does.
    pub(crate) fn evaluate(&self, rule: &Rule) -> Option<Hit> {
        let m = &rule.def.matcher;
        let mut evidence = Vec::new();
        for s in &m.all {
            let found = self.signal(s);
            if found.is_empty() {
                return None;
            }
            evidence.extend(found);
        }
        if !m.any.is_empty() {
            let mut any = false;
            for s in &m.any {
                let found = self.signal(s);
                any |= !found.is_empty();
                evidence.extend(found);
            }
            if !any {
                return None;
            }
        }
        if m.not.iter().any(|s| !self.signal(s).is_empty()) {
            return None;
        }
        evidence.sort();
        evidence.dedup_by(|a, b| a.file == b.file && a.line == b.line);
        let total = evidence.len();
        // Keep the listing short, but keep one line of every file that matched.
        let mut shown: Vec<Evidence> = Vec::new();
        for e in evidence {
            let per_file = shown.iter().filter(|s| s.file == e.file).count();
            if per_file < MAX_PER_FILE {
                shown.push(e);
            }
        }
        let ruled_out = rule
            .def
            .alternatives
            .iter()
            .zip(&rule.alternatives)
            .filter(|(a, _)| a.unless.iter().any(|s| !self.signal(s).is_empty()))
            .map(|(_, &cause)| cause)
            .collect();
        Some(Hit {
            more: total - shown.len(),
            evidence: shown,
            ruled_out,
        })
    }

    pub(crate) fn signal(&self, s: &Signal) -> Vec<Evidence> {
        s.kind().evaluate(self)
    }

    /// Cites the line of an object that sets `key` (to a value containing `value`).
    pub(crate) fn cite(
        &self,
        origin: Origin,
        key: &str,
        value: Option<&str>,
        what: String,
    ) -> Evidence {
        Evidence::in_object(self.inv, origin, |l| sets(l, key, value), what)
    }

    pub(crate) fn node_object(&self) -> Option<&'a Node> {
        self.links.node_object.map(|i| &self.inv.nodes[i])
    }

    /// The VM's pods of one kind.
    pub(crate) fn pods(&self, of: PodsOf) -> impl Iterator<Item = &'a Pod> {
        let inv = self.inv;
        let idx = match of {
            PodsOf::Launcher => &self.links.launcher_pods,
            PodsOf::Hotplug => &self.links.hotplug_pods,
        };
        idx.iter().map(move |&i| &inv.pods[i])
    }
}
