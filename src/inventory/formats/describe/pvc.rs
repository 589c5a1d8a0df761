//! A PersistentVolumeClaim's describe (`PersistentVolumeClaimDescriber`): status, volume,
//! storage class.

use super::Section;
use crate::inventory::formats::{Found, Object};
use crate::inventory::objects::*;

impl Section<'_> {
    /// The claim: its volume, storage class and phase.
    pub(super) fn pvc(&self) -> Found {
        let pvc = PersistentVolumeClaim {
            metadata: self.meta(),
            spec: PvcSpec {
                volume_name: self.header("Volume"),
                storage_class_name: Some(self.header("StorageClass")).filter(|s| !s.is_empty()),
            },
            status: PhaseOnly {
                phase: self.header("Status"),
            },
            origin: self.origin(),
        };
        let meta = pvc.metadata.clone();
        self.found(Object::Pvc(pvc), "pvc", &meta)
    }
}
