//! The cause vocabulary: one id per root cause the runbook documents. The ids are a contract
//! shared with rules, reports and fixtures (rules/_causes.yaml, a copy of shared/causes.yaml);
//! a test checks this list against it.

use serde::Serialize;

/// The runbook's groups of causes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Node,
    QemuKvm,
    ImageStorage,
    Launcher,
    Libvirt,
    Kubevirt,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::Node => "Node-level issues",
            Category::QemuKvm => "QEMU/KVM issues",
            Category::ImageStorage => "Image and storage issues",
            Category::Launcher => "virt-launcher pod issues",
            Category::Libvirt => "libvirt/domain issues",
            Category::Kubevirt => "KubeVirt components",
        }
    }
}

macro_rules! causes {
    ($($variant:ident = $id:literal, $category:ident, $title:literal;)*) => {
        /// A root cause from the runbook's "Possible Causes", or one a rules directory
        /// declares (`Custom`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Cause { $($variant,)* Custom(&'static CustomCause) }

        impl Cause {
            /// The runbook's causes (custom ones are the rule set's: `RuleSet::causes`).
            pub const ALL: &'static [Cause] = &[$(Cause::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Cause::$variant => $id,)* Cause::Custom(c) => c.id }
            }

            pub fn category(self) -> Category {
                match self { $(Cause::$variant => Category::$category,)* Cause::Custom(c) => c.category }
            }

            /// The runbook's words for the cause.
            pub fn title(self) -> &'static str {
                match self { $(Cause::$variant => $title,)* Cause::Custom(c) => c.title }
            }

            /// One of the runbook's causes by its id.
            pub fn from_id(id: &str) -> Option<Cause> {
                match id { $($id => Some(Cause::$variant),)* _ => None }
            }
        }
    };
}

causes! {
    NodeResourceExhaustion = "node_resource_exhaustion", Node, "Node resource exhaustion (CPU, memory, storage)";
    ContainerRuntimeFailure = "container_runtime_failure", Node, "Container runtime problems (containerd or CRI-O)";
    NodeStorageInsufficient = "node_storage_insufficient", Node, "Insufficient storage on the node";
    NodeNetworkFailure = "node_network_failure", Node, "Network connectivity issues from the node";
    NodeNotReady = "node_not_ready", Node, "Node entering the NotReady state or maintenance mode";
    QemuProcessFailure = "qemu_process_failure", QemuKvm, "QEMU process failures or hangs";
    KvmUnavailable = "kvm_unavailable", QemuKvm, "KVM acceleration problems on the node";
    NestedVirtualization = "nested_virtualization", QemuKvm, "Nested virtualization configuration issues";
    HardwareIncompatibility = "hardware_incompatibility", QemuKvm, "Hardware compatibility problems";
    ImagePullFailure = "image_pull_failure", ImageStorage, "Container image pull failures specific to the node";
    ImageCacheCorruption = "image_cache_corruption", ImageStorage, "Local image cache corruption";
    PvcMountFailure = "pvc_mount_failure", ImageStorage, "PVC mount failures on the node";
    StorageBackendUnreachable = "storage_backend_unreachable", ImageStorage, "Storage backend connectivity issues from the node";
    VolumeAttachTimeout = "volume_attach_timeout", ImageStorage, "Volume attachment timeouts";
    LauncherNotReady = "launcher_not_ready", Launcher, "virt-launcher pod stuck in non-ready state";
    LauncherResourceLimits = "launcher_resource_limits", Launcher, "Pod resource limits being exceeded";
    SecurityPolicyDenial = "security_policy_denial", Launcher, "Security policy violations (SELinux, AppArmor)";
    PodNetworkFailure = "pod_network_failure", Launcher, "Networking problems within the pod";
    LibvirtFailure = "libvirt_failure", Libvirt, "libvirt daemon problems on the node";
    DomainDefinitionConflict = "domain_definition_conflict", Libvirt, "Domain definition conflicts or corruption";
    MigrationFailure = "migration_failure", Libvirt, "Migration failures (if the VM was being migrated)";
    HotplugFailure = "hotplug_failure", Libvirt, "Hot-plug operations that failed and left the VM in an inconsistent state";
    VirtHandlerFailure = "virt_handler_failure", Kubevirt, "A malfunction of KubeVirt components (virt-handler) is suspected";
}

/// A cause declared in a rules directory's `causes.yaml`: a site's own failure modes, kept
/// for the whole run (they are few and small).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomCause {
    pub id: &'static str,
    pub title: &'static str,
    pub category: Category,
    /// Lives on the node rather than in one VM (see `Cause::is_node_level`).
    pub node_level: bool,
}

impl Cause {
    /// Causes that live on the node rather than in one VM: several stuck VMs on one node
    /// sharing such a cause make it more likely, and call for escalation.
    pub fn is_node_level(self) -> bool {
        if let Cause::Custom(c) = self {
            return c.node_level;
        }
        self.category() == Category::Node
            || matches!(
                self,
                Cause::KvmUnavailable
                    | Cause::NestedVirtualization
                    | Cause::LibvirtFailure
                    | Cause::VirtHandlerFailure
                    | Cause::StorageBackendUnreachable
                    | Cause::ImageCacheCorruption
            )
    }
}

impl Serialize for Cause {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[derive(serde::Deserialize)]
    struct CauseFile {
        causes: Vec<Entry>,
    }

    #[derive(serde::Deserialize)]
    struct Entry {
        id: String,
        category: String,
    }

    /// The repository's copy of the contract (rules/_causes.yaml), embedded with the rules.
    fn contract() -> &'static str {
        crate::rules::EMBEDDED
            .iter()
            .find(|(name, _)| *name == "_causes.yaml")
            .map(|(_, text)| *text)
            .expect("rules/_causes.yaml is embedded")
    }

    #[test]
    fn the_cause_list_matches_the_contract_in_the_repository() {
        let file: CauseFile = serde_yaml::from_str(contract()).expect("rules/_causes.yaml parses");
        let ids: Vec<&str> = file.causes.iter().map(|c| c.id.as_str()).collect();
        let ours: Vec<&str> = Cause::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(ours, ids);
        for entry in &file.causes {
            let cause = Cause::from_id(&entry.id).unwrap();
            let ours = serde_json::to_value(cause.category()).unwrap();
            assert_eq!(ours.as_str(), Some(entry.category.as_str()), "{cause}");
        }
    }

    /// shared/causes.yaml sits beside the repository on developer machines; the copy in the
    /// repository must not drift from it. Elsewhere the check says, on the terminal, that it
    /// was skipped.
    #[test]
    fn the_repository_copy_equals_the_shared_contract_when_present() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/causes.yaml");
        match std::fs::read_to_string(&path) {
            Ok(shared) => assert_eq!(
                contract(),
                shared,
                "rules/_causes.yaml differs from {}: copy it over",
                path.display()
            ),
            // Written past the test harness's capture, so the skip is seen.
            Err(_) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: {} not found; drift check of rules/_causes.yaml not run",
                    path.display()
                );
            }
        }
    }
}
