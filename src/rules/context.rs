//! One VM and everything linked to it, as the signals see it: data and the helpers that read
//! the VM's objects. Evaluating a rule against it is `eval`'s job, so the signals, which
//! receive this, point only down.

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

/// One VM and everything linked to it.
pub(crate) struct VmContext<'a> {
    pub(crate) inv: &'a Inventory,
    pub(crate) links: &'a VmLinks,
    /// `None` for a node looked at on its own.
    pub(crate) vm: Option<&'a VirtualMachine>,
    pub(crate) vmi: Option<&'a VirtualMachineInstance>,
    /// The catalog entries each text of the VM matched: every `catalog-<cause>` rule asks
    /// of the same texts, and each text is searched once per subject.
    pub(crate) catalog_seen: std::cell::RefCell<std::collections::HashMap<Box<str>, Vec<usize>>>,
}

impl<'a> VmContext<'a> {
    pub(crate) fn new(inv: &'a Inventory, links: &'a VmLinks) -> Self {
        VmContext {
            inv,
            links,
            vm: links.vm.map(|i| &inv.vms[i]),
            vmi: links.vmi.map(|i| &inv.vmis[i]),
            catalog_seen: Default::default(),
        }
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
