//! Everything a bundle holds that the diagnosis can use, as typed objects cross-linked by the
//! names and labels KubeVirt gives them. Built once from a `source` walk; read-only afterwards.

mod builder;
pub mod describe;
pub mod domain;
pub mod links;
mod locate;
pub mod log;
pub mod objects;
mod yaml;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Warning;
use crate::source::{self, Limits, SourceError};
use crate::timestamp::Timestamp;
pub use describe::{NodeDescribe, PodDescribe};
pub use domain::DomainXml;
pub use links::Links;
pub use log::{KeepAll, LineFilter, LogComponent, LogFile, LogLine};
pub use objects::*;

/// What a file of the bundle turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// YAML or JSON holding Kubernetes objects.
    Objects,
    PodDescribe,
    NodeDescribe,
    Log,
    DomainXml,
    /// must-gather's `timestamp` file.
    CollectionTime,
    /// Readable, but nothing the diagnosis uses.
    NotUsed,
    /// Could not be read or recognised; a warning says why.
    Unrecognised,
}

/// One file of the bundle, by its path inside the bundle. Small text files keep their text so
/// that evidence can quote them; logs keep only their lines (in `LogFile`).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub kind: FileKind,
    pub text: Option<Arc<str>>,
}

/// How the collection time was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionTimeSource {
    /// must-gather's `timestamp` file.
    TimestampFile,
    /// No such file: the newest timestamp of any object, event or log line.
    NewestSeen,
    /// No timestamp anywhere; durations cannot be measured.
    Unknown,
}

#[derive(Debug, Default)]
pub struct Inventory {
    pub files: Vec<SourceFile>,
    pub collected_at: Option<Timestamp>,
    pub collected_at_source: Option<CollectionTimeSource>,
    pub vms: Vec<VirtualMachine>,
    pub vmis: Vec<VirtualMachineInstance>,
    pub pods: Vec<Pod>,
    pub pod_describes: Vec<PodDescribe>,
    pub nodes: Vec<Node>,
    pub node_describes: Vec<NodeDescribe>,
    pub events: Vec<Event>,
    pub pvcs: Vec<PersistentVolumeClaim>,
    pub data_volumes: Vec<DataVolume>,
    pub volume_attachments: Vec<VolumeAttachment>,
    pub migrations: Vec<Migration>,
    pub logs: Vec<LogFile>,
    pub domains: Vec<DomainXml>,
    /// Namespaces that hold a `KubeVirt` custom resource: where virt-handler runs.
    pub kubevirt_namespaces: Vec<String>,
    pub warnings: Vec<Warning>,
    pub links: Links,
}

impl Inventory {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.file(id).path
    }
}

/// Reads every bundle into one inventory. A bundle that cannot be opened at all is an error;
/// anything less is a warning inside the inventory.
pub fn load(
    bundles: &[impl AsRef<Path>],
    limits: &Limits,
    filter: &dyn LineFilter,
) -> Result<Inventory, SourceError> {
    let mut builder = builder::Builder::new(limits, filter);
    let several = bundles.len() > 1;
    for bundle in bundles {
        let bundle = bundle.as_ref();
        let prefix = several.then(|| bundle.display().to_string());
        source::walk(bundle, prefix.as_deref(), limits, &mut builder)?;
    }
    Ok(builder.finish())
}
