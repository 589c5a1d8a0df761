//! The object kinds the diagnosis reads, in one table (`object_kinds!`). Everything that
//! treats kinds alike is generated from it: the `Object` enum readers return, its metadata,
//! file and kind name, where each kind goes in the `Inventory`, which `kind:`/`apiVersion`
//! reads as which type (`formats::objects`), and the listing of what a file held.
//!
//! Adding a kind: its struct in `objects.rs` (with `metadata`, `origin` and serde fields),
//! its field on `Inventory`, one row below, and its links in `links.rs`.

use super::objects::*;
use super::{Inventory, Origin};

/// The table. A row: variant, struct, whether its slot in `Object` is boxed (the largest
/// kinds are: a List of 200,000 events would otherwise carry each event in a slot the size
/// of a VMI), the `kind:` it is read from, the API group it must belong to (`any` for core
/// kinds, whose `apiVersion` varies), its short name (warnings, duplicate keys) and its
/// `Inventory` field. The order is the listing's.
///
/// It takes the name of a macro to expand with the rows, so each place that needs the table
/// expands the part it needs from the one list.
macro_rules! object_kinds {
    ($then:ident) => {
        $then! {
            Vm(VirtualMachine, boxed) "VirtualMachine", kubevirt, "vm", vms;
            Vmi(VirtualMachineInstance, boxed) "VirtualMachineInstance", kubevirt, "vmi", vmis;
            Pod(Pod, boxed) "Pod", any, "pod", pods;
            Node(Node, plain) "Node", any, "node", nodes;
            Pvc(PersistentVolumeClaim, plain) "PersistentVolumeClaim", any, "pvc", pvcs;
            DataVolume(DataVolume, plain) "DataVolume", cdi, "dv", data_volumes;
            VolumeAttachment(VolumeAttachment, plain) "VolumeAttachment", any, "va", volume_attachments;
            Migration(Migration, plain) "VirtualMachineInstanceMigration", kubevirt, "migration", migrations;
        }
    };
}
pub(crate) use object_kinds;

/// A slot's type: the struct, boxed or not.
macro_rules! slot {
    (boxed, $t:ty) => { Box<$t> };
    (plain, $t:ty) => { $t };
}

/// A value into its slot.
macro_rules! into_slot {
    (boxed, $e:expr) => {
        Box::new($e)
    };
    (plain, $e:expr) => {
        $e
    };
}
pub(crate) use into_slot;

macro_rules! from_slot {
    (boxed, $e:expr) => {
        *$e
    };
    (plain, $e:expr) => {
        $e
    };
}

/// Whether an `apiVersion` belongs to a row's API group; an object without one (a fragment)
/// is taken at its word.
macro_rules! api_group {
    (kubevirt, $api:expr) => {
        $api.is_empty() || $api.starts_with("kubevirt.io/")
    };
    (cdi, $api:expr) => {
        $api.is_empty() || $api.starts_with("cdi.kubevirt.io/")
    };
    (any, $api:expr) => {
        true
    };
}
pub(crate) use api_group;

macro_rules! define_object {
    ($($variant:ident($ty:ident, $slot:ident) $kind:literal, $api:ident, $short:literal, $field:ident;)*) => {
        /// One object the diagnosis reads, typed, with where it was read.
        #[derive(Debug)]
        pub(crate) enum Object {
            $($variant(slot!($slot, $ty)),)*
            Event(Event),
            /// A `KubeVirt` custom resource: its namespace is where virt-handler runs; its
            /// version.
            KubeVirt(String, Option<String>),
            /// OpenShift Virtualization's `HyperConverged` resource: the operator's version.
            HyperConverged(Option<String>),
        }

        impl Object {
            pub(crate) fn meta(&self) -> Option<&Meta> {
                match self {
                    $(Object::$variant(o) => Some(&o.metadata),)*
                    _ => None,
                }
            }

            pub(crate) fn meta_mut(&mut self) -> Option<&mut Meta> {
                match self {
                    $(Object::$variant(o) => Some(&mut o.metadata),)*
                    _ => None,
                }
            }

            /// Where it was read, for the objects that keep it.
            pub(crate) fn origin(&self) -> Option<Origin> {
                match self {
                    $(Object::$variant(o) => Some(o.origin),)*
                    Object::Event(e) => Some(e.origin),
                    Object::KubeVirt(..) | Object::HyperConverged(_) => None,
                }
            }

            /// Puts it in its place in the inventory.
            pub(crate) fn push_into(self, inv: &mut Inventory) {
                match self {
                    $(Object::$variant(o) => inv.$field.push(from_slot!($slot, o)),)*
                    Object::Event(o) => inv.events.push(o),
                    Object::KubeVirt(ns, version) => {
                        inv.kubevirt_namespaces.push(ns);
                        if inv.kubevirt_version.is_none() {
                            inv.kubevirt_version = version;
                        }
                    }
                    Object::HyperConverged(version) => {
                        if inv.hco_version.is_none() {
                            inv.hco_version = version;
                        }
                    }
                }
            }
        }

        impl Inventory {
            /// Every object of the table's kinds with its `kind:`, in the table's order (a VM
            /// inferred from other artifacts is no object of any file, and is left out).
            pub(crate) fn objects(&self) -> impl Iterator<Item = (&'static str, Origin, &Meta)> {
                std::iter::empty()
                    $(.chain(self.$field.iter().filter(|o| o.is_read()).map(|o| ($kind, o.origin, &o.metadata))))*
            }
        }
    };
}
object_kinds!(define_object);

/// Whether an object was read from a file of its own, rather than inferred.
trait Read {
    fn is_read(&self) -> bool {
        true
    }
}

impl Read for VirtualMachine {
    fn is_read(&self) -> bool {
        self.inferred.is_empty()
    }
}

macro_rules! read_by_default {
    ($($variant:ident($ty:ident, $slot:ident) $kind:literal, $api:ident, $short:literal, $field:ident;)*) => {
        $(read_by_default!(@one $ty);)*
    };
    (@one VirtualMachine) => {};
    (@one $ty:ident) => {
        impl Read for $ty {}
    };
}
object_kinds!(read_by_default);
