//! vmstuck-analyze: offline diagnosis of KubeVirt VMs stuck on their node, from a collected
//! cluster dump. Data flows one way: source -> inventory -> stuck (and stuck operations of
//! running VMs) -> engine (rules) -> rank
//! -> diagnosis -> report, behind one call, `analyse`.

mod analysis;
pub mod baseline;
pub mod batch;
mod catalog;
pub mod cause;
mod diagnosis;
pub mod diagnostics;
mod engine;
pub mod error;
mod evidence;
pub mod expect;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod inventory;
pub mod listing;
pub mod progress;
mod rank;
pub mod report;
pub mod rules;
pub mod source;
mod stuck;
mod timeline;
mod timestamp;

pub use analysis::{Analysis, Options, Selection, analyse};
pub use error::{Error, ErrorKind, ExitStatus};
pub use inventory::VmState;
pub use rank::Confidence;
pub use stuck::{Alert, OperationKind};
