//! Turns the stream of bundle files into inventory entries: tells each file's kind by its path
//! and content, parses it, and records what could not be read as warnings.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use serde::de::DeserializeOwned;

use super::describe::{self, DescribeKind};
use super::locate::LineIndex;
use super::log::{LineFilter, LogFile, LogPlace};
use super::objects::*;
use super::scan::{self, BlockScan};
use super::yaml::{self, RawObject};
use super::{CollectionTimeSource, FileKind, Inventory, SourceFile, domain, links};
use crate::diagnostics::Warning;
use crate::source::{BundlePath, Limits, Visitor};
use crate::timestamp::Timestamp;

/// How many unrecognised file names one summary warning lists.
const UNRECOGNISED_SHOWN: usize = 5;

/// Blocks being scanned at once, per worker thread: bounds the memory held by blocks.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// A scanned block on its way back: (index into `Inventory::logs`, block sequence, result).
type ScanResult = (usize, u32, BlockScan);

pub struct Builder<'a> {
    limits: &'a Limits,
    filter: Arc<dyn LineFilter>,
    results_tx: Sender<ScanResult>,
    results_rx: Receiver<ScanResult>,
    in_flight: usize,
    /// Scanned blocks not yet merged.
    done: Vec<ScanResult>,
    progress: Option<&'a mut crate::progress::Progress>,
    inv: Inventory,
    timestamp_file: Option<Timestamp>,
    newest_seen: Option<Timestamp>,
    unrecognised: Vec<String>,
    /// Objects already read, by kind and uid (or namespace/name): kubevirt/must-gather stores
    /// some twice (an inspect list and a `crs/` file), and the first copy is kept.
    seen_objects: std::collections::HashSet<(&'static str, String)>,
}

impl<'a> Builder<'a> {
    pub fn new(limits: &'a Limits, filter: Arc<dyn LineFilter>) -> Self {
        let (results_tx, results_rx) = channel();
        Builder {
            results_tx,
            results_rx,
            in_flight: 0,
            done: Vec::new(),
            progress: None,
            limits,
            filter,
            inv: Inventory::default(),
            timestamp_file: None,
            newest_seen: None,
            unrecognised: Vec::new(),
            seen_objects: Default::default(),
        }
    }

    pub fn with_progress(mut self, progress: &'a mut crate::progress::Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    fn add_file(&mut self, path: &BundlePath, kind: FileKind, text: Option<Arc<str>>) -> FileId {
        let id = FileId(self.inv.files.len() as u32);
        if let Some(p) = self.progress.as_deref_mut() {
            p.file(&path.to_string());
        }
        self.inv.files.push(SourceFile {
            path: path.to_string(),
            kind,
            text,
        });
        id
    }

    fn set_kind(&mut self, id: FileId, kind: FileKind) {
        self.inv.files[id.0 as usize].kind = kind;
    }

    fn seen(&mut self, t: Option<Timestamp>) {
        if t > self.newest_seen {
            self.newest_seen = t;
        }
    }

    pub fn finish(mut self) -> Inventory {
        self.merge_scans();
        if !self.unrecognised.is_empty() {
            let total = self.unrecognised.len();
            let shown: Vec<_> = self
                .unrecognised
                .iter()
                .take(UNRECOGNISED_SHOWN)
                .cloned()
                .collect();
            let more = total.saturating_sub(UNRECOGNISED_SHOWN);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            self.inv.warnings.push(Warning::new(
                "bundle",
                format!(
                    "{total} file(s) not recognised and not used: {}{tail}",
                    shown.join(", ")
                ),
            ));
        }
        let (at, source) = match (self.timestamp_file, self.newest_seen) {
            (Some(t), _) => (Some(t), CollectionTimeSource::TimestampFile),
            (None, Some(t)) => (Some(t), CollectionTimeSource::NewestSeen),
            (None, None) => (None, CollectionTimeSource::Unknown),
        };
        self.inv.collected_at = at;
        self.inv.collected_at_source = Some(source);
        describe::fold_into(&mut self.inv);
        self.inv.links = links::Links::build(&mut self.inv);
        self.inv
    }

    /// Streams a log into blocks and hands each to a rayon worker; the reading thread goes on
    /// decompressing while earlier blocks are scanned.
    fn read_log(
        &mut self,
        path: &BundlePath,
        place: LogPlace,
        reader: &mut dyn Read,
    ) -> io::Result<()> {
        let id = self.add_file(path, FileKind::Log, None);
        let slot = self.inv.logs.len();
        self.inv.logs.push(LogFile::new(id, place));
        let max_line = self.limits.max_line_bytes;
        let mut blocks = scan::Blocks::new(reader, max_line);
        let mut seq = 0u32;
        let limit = IN_FLIGHT_PER_THREAD * rayon::current_num_threads().max(1);
        while let Some(block) = blocks.next_block()? {
            if seq == 0 {
                self.inv.logs[slot].sniff_component(&block.bytes);
            }
            while self.in_flight >= limit {
                self.receive_one();
            }
            let filter = Arc::clone(&self.filter);
            let tx = self.results_tx.clone();
            self.in_flight += 1;
            rayon::spawn(move || {
                let scanned = scan::scan_block(&block, &*filter, max_line);
                // The receiver lives until every block is merged.
                let _ = tx.send((slot, seq, scanned));
            });
            seq += 1;
        }
        Ok(())
    }

    fn receive_one(&mut self) {
        if let Ok(result) = self.results_rx.recv() {
            self.done.push(result);
        }
        self.in_flight -= 1;
    }

    /// Waits for every block still being scanned and merges them into their logs, in line
    /// order; then reports lines that were cut or not UTF-8.
    fn merge_scans(&mut self) {
        while self.in_flight > 0 {
            self.receive_one();
        }
        let mut done = std::mem::take(&mut self.done);
        done.sort_by_key(|(slot, seq, _)| (*slot, *seq));
        for (slot, _, scanned) in done {
            scan::merge(&mut self.inv.logs[slot], scanned);
        }
        for slot in 0..self.inv.logs.len() {
            let log = &self.inv.logs[slot];
            let (newest, invalid, cut) = (log.newest, log.invalid_utf8_lines, log.cut_lines);
            let path = self.inv.files[log.file.0 as usize].path.clone();
            if invalid > 0 {
                self.inv.warnings.push(Warning::new(
                    &path,
                    format!("{invalid} line(s) not valid UTF-8; bad bytes shown as U+FFFD"),
                ));
            }
            if cut > 0 {
                self.inv.warnings.push(Warning::new(
                    &path,
                    format!(
                        "{cut} line(s) longer than {} bytes were cut short",
                        self.limits.max_line_bytes
                    ),
                ));
            }
            self.seen(newest);
        }
    }

    fn warn_path(&mut self, path: &BundlePath, message: impl Into<String>) {
        self.inv
            .warnings
            .push(Warning::new(path.to_string(), message));
    }

    fn classify_text(&mut self, path: &BundlePath, text: String) {
        let name = path.file_name();
        if name == "timestamp" {
            // must-gather writes the start time, and the end time on a second line when done.
            if let Some(t) = text.lines().filter_map(Timestamp::parse).max() {
                self.add_file(path, FileKind::CollectionTime, None);
                self.timestamp_file = self.timestamp_file.max(Some(t));
                return;
            }
        }
        if domain::sniff(&text) {
            let id = self.add_file(path, FileKind::DomainXml, None);
            match domain::parse(id, &text) {
                Ok(d) => {
                    self.set_text(id, text);
                    self.inv.domains.push(d);
                }
                Err(e) => {
                    self.set_kind(id, FileKind::Unrecognised);
                    self.warn_path(path, e);
                }
            }
            return;
        }
        if let Some(kind) = describe::sniff(&text) {
            let id = self.add_file(path, FileKind::PodDescribe, None);
            match kind {
                DescribeKind::Pod => {
                    let d = describe::parse_pod(id, &text);
                    self.inv.pod_describes.push(d);
                }
                DescribeKind::Pvc => {
                    self.set_kind(id, FileKind::PvcDescribe);
                    let events = describe::parse_pvc_events(id, &text);
                    self.inv.events.extend(events);
                }
                DescribeKind::Node => {
                    self.set_kind(id, FileKind::NodeDescribe);
                    let d = describe::parse_node(id, &text);
                    for (_, c) in &d.conditions {
                        self.seen(c.last_heartbeat_time);
                    }
                    self.inv.node_describes.push(d);
                }
            }
            self.set_text(id, text);
            return;
        }
        if looks_like_log(&text) {
            let place = LogPlace {
                pod: Some(path.file_name().split('.').next().unwrap_or("").to_string()),
                ..LogPlace::default()
            };
            let id = self.add_file(path, FileKind::Log, None);
            let mut bytes = text.as_bytes();
            let log = LogFile::new(id, place);
            // Reading from memory cannot fail, and a small log is scanned right here.
            if let Ok(log) =
                scan::read_log_here(log, &mut bytes, &*self.filter, self.limits.max_line_bytes)
            {
                self.inv.logs.push(log);
            }
            return;
        }
        if looks_like_objects(name, &text) {
            self.read_objects(path, text);
            return;
        }
        if is_document(name) || is_known_detail(path) {
            // must-gather's event-filter.html, READMEs: for people, not for the diagnosis.
            self.add_file(path, FileKind::NotUsed, None);
            return;
        }
        self.add_file(path, FileKind::Unrecognised, None);
        self.unrecognised.push(path.to_string());
    }

    fn set_text(&mut self, id: FileId, text: String) {
        self.inv.files[id.0 as usize].text = Some(Arc::from(text));
    }

    fn read_objects(&mut self, path: &BundlePath, text: String) {
        let id = self.add_file(path, FileKind::NotUsed, None);
        let (objects, error) = yaml::parse_objects(&text);
        if let Some(e) = error {
            let at = e
                .location()
                .map(|l| format!(" at line {}", l.line()))
                .unwrap_or_default();
            self.warn_path(
                path,
                format!(
                    "invalid YAML{at}: {}; objects before it were kept",
                    first_line(&e.to_string())
                ),
            );
        }
        let index = LineIndex::build(&text);
        let mut used = false;
        for object in objects {
            used |= self.add_object(id, path, &index, object);
        }
        if used {
            self.set_kind(id, FileKind::Objects);
            self.set_text(id, text);
        }
    }

    /// Adds one object if it is a kind the diagnosis reads; says whether it was.
    fn add_object(
        &mut self,
        file: FileId,
        path: &BundlePath,
        index: &LineIndex,
        raw: RawObject,
    ) -> bool {
        let RawObject {
            kind,
            api_version,
            value,
        } = raw;
        let kubevirt = api_version.is_empty() || api_version.starts_with("kubevirt.io/");
        let cdi = api_version.is_empty() || api_version.starts_with("cdi.kubevirt.io/");
        match kind.as_str() {
            "VirtualMachine" if kubevirt => self.typed(
                file,
                path,
                index,
                value,
                |inv, mut o: VirtualMachine, origin| {
                    o.origin = origin;
                    inv.vms.push(o)
                },
            ),
            "VirtualMachineInstance" if kubevirt => self.typed(
                file,
                path,
                index,
                value,
                |inv, mut o: VirtualMachineInstance, origin| {
                    o.origin = origin;
                    inv.vmis.push(o)
                },
            ),
            "VirtualMachineInstanceMigration" if kubevirt => {
                self.typed(file, path, index, value, |inv, mut o: Migration, origin| {
                    o.origin = origin;
                    inv.migrations.push(o)
                })
            }
            "KubeVirt" if kubevirt => {
                self.typed(file, path, index, value, |inv, o: NamedTemplate, _| {
                    inv.kubevirt_namespaces.push(o.metadata.namespace)
                })
            }
            "DataVolume" if cdi => self.typed(
                file,
                path,
                index,
                value,
                |inv, mut o: DataVolume, origin| {
                    o.origin = origin;
                    inv.data_volumes.push(o)
                },
            ),
            "Pod" => self.typed(file, path, index, value, |inv, mut o: Pod, origin| {
                o.origin = origin;
                inv.pods.push(o)
            }),
            "Node" => self.typed(file, path, index, value, |inv, mut o: Node, origin| {
                o.origin = origin;
                inv.nodes.push(o)
            }),
            "Event" => self.typed(file, path, index, value, |inv, o: RawEvent, origin| {
                let mut event = o.into_event();
                event.origin = origin;
                inv.events.push(event)
            }),
            "PersistentVolumeClaim" => self.typed(
                file,
                path,
                index,
                value,
                |inv, mut o: PersistentVolumeClaim, origin| {
                    o.origin = origin;
                    inv.pvcs.push(o)
                },
            ),
            "VolumeAttachment" => self.typed(
                file,
                path,
                index,
                value,
                |inv, mut o: VolumeAttachment, origin| {
                    o.origin = origin;
                    inv.volume_attachments.push(o)
                },
            ),
            _ => false,
        }
    }

    fn typed<T: DeserializeOwned + HasMeta>(
        &mut self,
        file: FileId,
        path: &BundlePath,
        index: &LineIndex,
        value: serde_yaml::Value,
        push: impl FnOnce(&mut Inventory, T, Origin),
    ) -> bool {
        match serde_yaml::from_value::<T>(value) {
            Ok(object) => {
                let meta = object.meta();
                let key = if meta.uid.is_empty() {
                    format!("{}/{}", meta.namespace, meta.name)
                } else {
                    meta.uid.clone()
                };
                if !self.seen_objects.insert((std::any::type_name::<T>(), key)) {
                    return true;
                }
                let line = index.anchor(&meta.uid, &meta.name);
                let (start, end) = index
                    .spans()
                    .iter()
                    .copied()
                    .find(|(s, e)| (*s..=*e).contains(&line))
                    .unwrap_or((line, line));
                let origin = Origin {
                    file,
                    line,
                    start,
                    end,
                };
                for t in object.times() {
                    self.seen(Some(t));
                }
                push(&mut self.inv, object, origin);
                true
            }
            Err(e) => {
                self.warn_path(
                    path,
                    format!(
                        "an object could not be read: {}",
                        first_line(&e.to_string())
                    ),
                );
                false
            }
        }
    }
}

impl Visitor for Builder<'_> {
    fn visit(&mut self, path: &BundlePath, reader: &mut dyn Read) -> io::Result<()> {
        if let Some(place) = LogPlace::from_path(path) {
            return self.read_log(path, place, reader);
        }
        let mut bytes = Vec::new();
        let cap = self.limits.max_file_bytes;
        reader.take(cap + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > cap {
            self.add_file(path, FileKind::Unrecognised, None);
            self.warn_path(
                path,
                format!("larger than {cap} bytes; not read (only logs may be that large)"),
            );
            // Drain so an archive stays in step; the bytes are not kept.
            io::copy(reader, &mut io::sink())?;
            return Ok(());
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            // Empty files are common (a `virsh dumpxml` that failed, a missing previous log).
            self.add_file(path, FileKind::NotUsed, None);
            return Ok(());
        }
        if bytes.contains(&0) {
            self.add_file(path, FileKind::Unrecognised, None);
            self.unrecognised.push(path.to_string());
            return Ok(());
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                self.warn_path(path, "not valid UTF-8; bad bytes shown as U+FFFD");
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        self.classify_text(path, text);
        Ok(())
    }

    fn warn(&mut self, warning: Warning) {
        self.inv.warnings.push(warning);
    }
}

/// Objects whose `metadata` and timestamps the builder needs without knowing their type.
trait HasMeta {
    fn meta(&self) -> &Meta;
    fn times(&self) -> Vec<Timestamp> {
        let m = self.meta();
        m.creation_timestamp
            .into_iter()
            .chain(m.deletion_timestamp)
            .collect()
    }
}

macro_rules! has_meta {
    ($($t:ty),*) => {$(
        impl HasMeta for $t {
            fn meta(&self) -> &Meta { &self.metadata }
        }
    )*};
}
has_meta!(
    VirtualMachineInstance,
    Migration,
    DataVolume,
    Pod,
    PersistentVolumeClaim,
    VolumeAttachment,
    NamedTemplate
);

impl HasMeta for VirtualMachine {
    fn meta(&self) -> &Meta {
        &self.metadata
    }
    fn times(&self) -> Vec<Timestamp> {
        let m = &self.metadata;
        let conditions = self
            .status
            .conditions
            .iter()
            .filter_map(|c| c.last_transition_time);
        m.creation_timestamp
            .into_iter()
            .chain(m.deletion_timestamp)
            .chain(conditions)
            .collect()
    }
}

impl HasMeta for Node {
    fn meta(&self) -> &Meta {
        &self.metadata
    }
    fn times(&self) -> Vec<Timestamp> {
        // Heartbeats are the freshest clock a node object carries.
        self.status
            .conditions
            .iter()
            .filter_map(|c| c.last_heartbeat_time)
            .collect()
    }
}

impl HasMeta for RawEvent {
    fn meta(&self) -> &Meta {
        &self.metadata
    }
    fn times(&self) -> Vec<Timestamp> {
        [
            self.last_timestamp,
            self.event_time,
            self.first_timestamp,
            self.deprecated_last_timestamp,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

/// kubevirt/must-gather's per-VM details (`namespaces/<ns>/vms/<vm>/<pod>.ip.txt`,
/// `.list.txt`, `.domblklist.txt`, ...) and node-gather output (`nodes/<node>/...`): known
/// files, not used by the diagnosis yet.
fn is_known_detail(path: &BundlePath) -> bool {
    let parts = path.parts();
    let n = parts.len();
    (n >= 5 && parts[n - 3] == "vms" && parts[n - 5] == "namespaces")
        || (n >= 3 && parts[n - 3] == "nodes")
}

fn is_document(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".md", ".html", ".htm", ".css", ".js", ".png", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// YAML or JSON that may hold Kubernetes objects: by extension, or by how kubectl starts them.
fn looks_like_objects(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json") {
        return true;
    }
    let t = text.trim_start_matches('\u{feff}').trim_start();
    ["apiVersion:", "kind:", "---", "items:", "{"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Text whose first lines are KubeVirt JSON log records or carry `--timestamps` prefixes.
fn looks_like_log(text: &str) -> bool {
    let first: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect();
    !first.is_empty()
        && first.iter().all(|l| {
            let (level, time) = super::log::line_fields(l);
            level.is_some() || time.is_some()
        })
}
