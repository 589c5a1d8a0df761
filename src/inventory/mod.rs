//! Everything a bundle holds that the diagnosis can use, as typed objects cross-linked by the
//! names and labels KubeVirt gives them. Built once from a `source` walk; read-only afterwards.

mod assemble;
mod collections;
pub(crate) mod formats;
mod infer;
mod ingest;
mod kinds;
mod layout;
pub(crate) mod links;
mod locate;
pub(crate) mod log;
pub(crate) mod objects;
pub(crate) mod scan;
mod state;
#[cfg(test)]
mod tests;
mod whole;
mod yaml;

use std::sync::Arc;

use crate::diagnostics::{Warning, WarningCode};
use crate::error::Error;
use crate::progress::Progress;
use crate::source::{self, Input, Limits};
use crate::timestamp::Timestamp;
pub(crate) use formats::domain_xml::DomainXml;
pub(crate) use links::Links;
pub(crate) use log::{LineFilter, LogComponent, LogFile};
pub(crate) use objects::*;
pub use state::VmState;

/// What a file of the bundle turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// Read by the named format (`formats::FORMATS`), or streamed as a log.
    Read(&'static str),
    /// Readable, but nothing the diagnosis uses.
    NotUsed,
    /// Could not be read or recognised; a warning says why.
    Unrecognised,
}

/// One file of the bundle, by its path inside the bundle. Small text files keep their text so
/// that evidence can quote them; logs keep only their lines (in `LogFile`).
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) path: String,
    pub(crate) kind: FileKind,
    /// The collection the file is in (`collections`): 0 outside any, else 1 + the index of
    /// its top directory among those seen.
    pub(crate) collection: usize,
    pub(crate) text: Option<Arc<str>>,
    /// Byte offset of each line of `text`, so a citation finds its lines without walking the
    /// file from the top (List files run to tens of thousands of lines).
    pub(crate) line_starts: Vec<u32>,
}

impl SourceFile {
    /// Lines `first..=last` (1-based) of the kept text, with their numbers.
    fn lines(&self, first: u32, last: u32) -> impl Iterator<Item = (u32, &str)> {
        let text = self.text.as_deref().unwrap_or("");
        let first = first.max(1);
        let start = self
            .line_starts
            .get(first as usize - 1)
            .map_or(text.len(), |s| *s as usize);
        let end = self
            .line_starts
            .get(last as usize)
            .map_or(text.len(), |s| *s as usize);
        text[start..end.max(start)]
            .lines()
            .zip(first..)
            .map(|(line, n)| (n, line))
    }
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
pub(crate) struct Inventory {
    /// The collection this inventory is: its top directory, or the inputs' names.
    pub(crate) name: String,
    pub(crate) files: Vec<SourceFile>,
    pub(crate) collected_at: Option<Timestamp>,
    pub(crate) collected_at_source: Option<CollectionTimeSource>,
    pub(crate) vms: Vec<VirtualMachine>,
    pub(crate) vmis: Vec<VirtualMachineInstance>,
    pub(crate) pods: Vec<Pod>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) events: Vec<Event>,
    pub(crate) pvcs: Vec<PersistentVolumeClaim>,
    pub(crate) data_volumes: Vec<DataVolume>,
    pub(crate) volume_attachments: Vec<VolumeAttachment>,
    pub(crate) migrations: Vec<Migration>,
    pub(crate) logs: Vec<LogFile>,
    pub(crate) domains: Vec<DomainXml>,
    /// Namespaces that hold a `KubeVirt` custom resource: where virt-handler runs.
    pub(crate) kubevirt_namespaces: Vec<String>,
    /// `status.observedKubeVirtVersion` of the KubeVirt resource.
    pub(crate) kubevirt_version: Option<String>,
    /// The OpenShift Virtualization operator's version (the `HyperConverged` resource).
    pub(crate) hco_version: Option<String>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) links: Links,
}

impl Inventory {
    pub(crate) fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub(crate) fn path(&self, id: FileId) -> &str {
        &self.file(id).path
    }

    /// The first line of an object's span that satisfies `want`, as (1-based number, text);
    /// `None` when the file kept no text or no line matches.
    pub(crate) fn find_line(
        &self,
        origin: Origin,
        want: impl Fn(&str) -> bool,
    ) -> Option<(u32, &str)> {
        let file = self.file(origin.file);
        file.text.as_ref()?;
        file.lines(origin.start, origin.end.max(origin.start))
            .find(|(_, l)| want(l))
    }

    /// The object read at `origin`, parsed again from its lines, for the fields the typed
    /// objects do not keep. `None` for objects read from text (describe, tables) or files
    /// whose text was not kept.
    pub(crate) fn object_value(&self, origin: Origin) -> Option<serde_yaml::Value> {
        let file = self.file(origin.file);
        file.text.as_ref()?;
        let mut lines: Vec<&str> = file
            .lines(origin.start, origin.end.max(origin.start))
            .map(|(_, l)| l)
            .collect();
        let indent = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()?;
        // A list item ends where a line is no deeper than its dash (the list's own `kind:`).
        if lines
            .first()
            .is_some_and(|l| l.trim_start().starts_with("- "))
        {
            let end = lines
                .iter()
                .skip(1)
                .position(|l| !l.trim().is_empty() && l.len() - l.trim_start().len() <= indent)
                .map_or(lines.len(), |p| p + 1);
            lines.truncate(end);
        }
        // A list item (`- apiVersion: ...`) becomes a mapping once its dash is a space.
        let text: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let l = l.get(indent..).unwrap_or("");
                let l = if i == 0 {
                    l.strip_prefix("- ")
                        .map_or(l.to_string(), |r| format!("  {r}"))
                } else {
                    l.to_string()
                };
                l + "\n"
            })
            .collect();
        let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
        value.is_mapping().then_some(value)
    }

    /// The text of one line of a file that kept its text.
    pub(crate) fn line_text(&self, file: FileId, line: u32) -> Option<&str> {
        let file = self.file(file);
        file.text.as_ref()?;
        file.lines(line.max(1), line)
            .next()
            .filter(|(n, _)| *n == line)
            .map(|(_, l)| l)
    }
}

/// An inventory from files handed over by `feed` (fuzz targets, rule tests): the first
/// collection, when they hold several.
pub(crate) fn from_visitor(
    limits: &Limits,
    filter: Arc<dyn LineFilter>,
    feed: impl FnOnce(&mut dyn source::Visitor),
) -> Inventory {
    let mut builder = ingest::Builder::new(limits, filter);
    feed(&mut builder);
    builder
        .finish("input")
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// An inventory of in-memory files (path inside the bundle, content), each read exactly like
/// a bundle member. Rule tests use it; an unsafe path is a warning.
pub(crate) fn from_files(
    files: &[(String, String)],
    limits: &Limits,
    filter: Arc<dyn LineFilter>,
) -> Inventory {
    from_visitor(limits, filter, |v| feed_files(files, v))
}

fn feed_files(files: &[(String, String)], v: &mut dyn source::Visitor) {
    for (path, text) in files {
        match source::BundlePath::parse(path) {
            Ok(member) => {
                // Reading from memory cannot fail.
                let _ = v.visit(&member, &mut text.as_bytes());
            }
            Err(why) => v.warn(Warning::new(
                WarningCode::UnsafeName,
                path,
                format!("unsafe name ({why})"),
            )),
        }
    }
}

/// Reads every input into inventories, one per collection (usually one: see
/// `collections`). An input that cannot be opened at all is an error; anything less is a
/// warning inside the inventory.
pub(crate) fn load(
    inputs: &[Input],
    limits: &Limits,
    filter: Arc<dyn LineFilter>,
    progress: &dyn Progress,
) -> Result<Vec<Inventory>, Error> {
    let mut builder = ingest::Builder::new(limits, filter).with_progress(progress);
    let several = inputs.len() > 1;
    for input in inputs {
        let prefix = several.then(|| input.name());
        match input {
            Input::Path(path) => {
                source::walk(path, prefix.as_deref(), limits, &mut builder)?;
            }
            Input::Bytes { name, bytes } => {
                let mut sink = source::Prefixing::new(prefix.as_deref(), &mut builder);
                source::walk_bytes(name, bytes, limits, &mut sink)?;
            }
            Input::Files { files, .. } => {
                let mut sink = source::Prefixing::new(prefix.as_deref(), &mut builder);
                feed_files(files, &mut sink);
            }
            Input::Stdin => {
                let mut sink = source::Prefixing::new(prefix.as_deref(), &mut builder);
                source::walk_reader("stdin", std::io::stdin().lock(), limits, &mut sink)?;
            }
        }
    }
    let name = inputs
        .iter()
        .map(Input::name)
        .collect::<Vec<_>>()
        .join(", ");
    Ok(builder.finish(&name))
}
