//! The facts of a reported VM that the report shows beside its causes (its VMI phase, node,
//! pods and volumes, where its object was read), read from the inventory here, once, so that
//! the report is a projection of the diagnosis and never indexes the inventory.

use crate::inventory::Inventory;
use crate::stuck::StuckVm;

/// What the bundle says about one reported VM, by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct VmFacts {
    pub(crate) namespace: String,
    pub(crate) name: String,
    pub(crate) vmi_phase: Option<String>,
    pub(crate) node: Option<String>,
    pub(crate) launcher_pods: Vec<String>,
    /// `namespace/name` of the virt-handler pods on the VM's node.
    pub(crate) handler_pods: Vec<String>,
    pub(crate) pvcs: Vec<String>,
    pub(crate) data_volumes: Vec<String>,
    pub(crate) volume_attachments: Vec<String>,
    pub(crate) migrations: Vec<String>,
    /// `path:line` of the VM's own object; empty for an inferred VM.
    pub(crate) source: String,
}

impl VmFacts {
    pub(crate) fn of(inv: &Inventory, s: &StuckVm) -> VmFacts {
        let links = &inv.links.vms[s.vm];
        let vm = &inv.vms[s.vm];
        // Linked objects by name, a run of one name said once.
        let names = |idx: &[usize], name: &dyn Fn(usize) -> String| -> Vec<String> {
            let mut v: Vec<String> = idx.iter().map(|&i| name(i)).collect();
            v.dedup();
            v
        };
        VmFacts {
            namespace: vm.metadata.namespace.clone(),
            name: vm.metadata.name.clone(),
            vmi_phase: links
                .vmi
                .map(|i| inv.vmis[i].status.phase.clone())
                .filter(|p| !p.is_empty()),
            node: links.node.clone(),
            launcher_pods: names(&links.launcher_pods, &|i| inv.pods[i].metadata.name.clone()),
            handler_pods: names(&links.handler_pods, &|i| {
                let m = &inv.pods[i].metadata;
                format!("{}/{}", m.namespace, m.name)
            }),
            pvcs: names(&links.pvcs, &|i| inv.pvcs[i].metadata.name.clone()),
            data_volumes: names(&links.data_volumes, &|i| {
                inv.data_volumes[i].metadata.name.clone()
            }),
            volume_attachments: names(&links.volume_attachments, &|i| {
                inv.volume_attachments[i].metadata.name.clone()
            }),
            migrations: names(&links.migrations, &|i| {
                inv.migrations[i].metadata.name.clone()
            }),
            // An inferred VM was not read from anywhere of its own.
            source: if vm.inferred.is_empty() {
                format!("{}:{}", inv.path(vm.origin.file), vm.origin.line)
            } else {
                String::new()
            },
        }
    }

    /// `namespace/name`.
    pub(crate) fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}
