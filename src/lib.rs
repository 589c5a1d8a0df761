//! vmstuck-analyze: offline diagnosis of KubeVirt VMs stuck on their node, from a collected
//! cluster dump. Data flows one way: source -> inventory -> stuck -> report.

pub mod cause;
pub mod diagnostics;
pub mod evidence;
pub mod inventory;
pub mod progress;
pub mod rank;
pub mod report;
pub mod rules;
pub mod source;
pub mod stuck;
pub mod timestamp;
