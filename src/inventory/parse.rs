//! What one non-log file of a bundle holds, worked out from its bytes alone, so it can run on
//! a worker thread while the next member is being decompressed. The builder applies the
//! results in file order, which keeps the inventory the same however the work was scheduled.

use serde::de::DeserializeOwned;

use super::describe::{self, DescribeKind, NodeDescribe, PodDescribe};
use super::domain::{self, DomainXml};
use super::locate::LineIndex;
use super::log::{LineFilter, LogFile, LogPlace, line_fields};
use super::objects::*;
use super::scan;
use super::yaml::{self, RawObject};
use crate::source::BundlePath;
use crate::timestamp::Timestamp;

/// One object the diagnosis reads, typed, with where it was read.
#[derive(Debug)]
pub enum Object {
    Vm(VirtualMachine),
    Vmi(VirtualMachineInstance),
    Migration(Migration),
    /// A `KubeVirt` custom resource: its namespace is where virt-handler runs.
    KubeVirt(String),
    DataVolume(DataVolume),
    Pod(Pod),
    Node(Node),
    Event(Event),
    Pvc(PersistentVolumeClaim),
    VolumeAttachment(VolumeAttachment),
}

/// What a file turned out to hold.
#[derive(Debug)]
pub enum Content {
    /// must-gather's `timestamp` file.
    CollectionTime(Timestamp),
    Domain(DomainXml),
    PodDescribe(PodDescribe),
    NodeDescribe(NodeDescribe),
    PvcEvents(Vec<Event>),
    /// Text that reads like a log though its path did not say so.
    Log(LogFile),
    /// Kubernetes objects the diagnosis reads, each with its dedup key and timestamps.
    Objects(Vec<(Object, (&'static str, String), Vec<Timestamp>)>),
    /// Readable, but nothing the diagnosis uses (other kinds, READMEs, empty files).
    NotUsed,
    /// Neither: counted in the summary warning.
    Unrecognised,
}

#[derive(Debug)]
pub struct Parsed {
    pub id: FileId,
    pub content: Content,
    /// The text, kept when evidence may quote the file.
    pub text: Option<String>,
    pub warnings: Vec<String>,
}

/// Works out what `bytes` (the whole file at `path`) holds.
pub fn parse(
    id: FileId,
    path: &BundlePath,
    bytes: Vec<u8>,
    filter: &dyn LineFilter,
    max_line: usize,
) -> Parsed {
    let mut out = Parsed {
        id,
        content: Content::NotUsed,
        text: None,
        warnings: Vec::new(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // Empty files are common (a `virsh dumpxml` that failed, a missing previous log).
        return out;
    }
    if bytes.contains(&0) {
        out.content = Content::Unrecognised;
        return out;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            out.warnings
                .push("not valid UTF-8; bad bytes shown as U+FFFD".into());
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let name = path.file_name();
    if name == "timestamp" {
        // must-gather writes the start time, and the end time on a second line when done.
        if let Some(t) = text.lines().filter_map(Timestamp::parse).max() {
            out.content = Content::CollectionTime(t);
            return out;
        }
    }
    if domain::sniff(&text) {
        match domain::parse(id, &text) {
            Ok(d) => {
                out.content = Content::Domain(d);
                out.text = Some(text);
            }
            Err(e) => {
                out.content = Content::Unrecognised;
                out.warnings.push(e);
            }
        }
        return out;
    }
    if let Some(kind) = describe::sniff(&text) {
        out.content = match kind {
            DescribeKind::Pod => Content::PodDescribe(describe::parse_pod(id, &text)),
            DescribeKind::Node => Content::NodeDescribe(describe::parse_node(id, &text)),
            DescribeKind::Pvc => Content::PvcEvents(describe::parse_pvc_events(id, &text)),
        };
        out.text = Some(text);
        return out;
    }
    if looks_like_log(&text) {
        let place = LogPlace {
            pod: Some(name.split('.').next().unwrap_or("").to_string()),
            ..LogPlace::default()
        };
        let mut bytes = text.as_bytes();
        // Reading from memory cannot fail.
        if let Ok(log) = scan::read_log_here(LogFile::new(id, place), &mut bytes, filter, max_line)
        {
            out.content = Content::Log(log);
        }
        return out;
    }
    if looks_like_objects(name, &text) {
        let objects = read_objects(id, &text, &mut out.warnings);
        if !objects.is_empty() {
            out.content = Content::Objects(objects);
            out.text = Some(text);
        }
        return out;
    }
    if !(is_document(name) || is_known_detail(path)) {
        out.content = Content::Unrecognised;
    }
    out
}

type Found = (Object, (&'static str, String), Vec<Timestamp>);

fn read_objects(file: FileId, text: &str, warnings: &mut Vec<String>) -> Vec<Found> {
    let (raw, error) = yaml::parse_objects(text);
    if let Some(e) = error {
        let at = e
            .location()
            .map(|l| format!(" at line {}", l.line()))
            .unwrap_or_default();
        warnings.push(format!(
            "invalid YAML{at}: {}; objects before it were kept",
            first_line(&e.to_string())
        ));
    }
    let index = LineIndex::build(text);
    raw.into_iter()
        .filter_map(|o| typed_object(file, &index, o, warnings))
        .collect()
}

/// The typed form of one object, if it is a kind the diagnosis reads.
fn typed_object(
    file: FileId,
    index: &LineIndex,
    raw: RawObject,
    warnings: &mut Vec<String>,
) -> Option<Found> {
    let RawObject {
        kind,
        api_version,
        value,
    } = raw;
    let kubevirt = api_version.is_empty() || api_version.starts_with("kubevirt.io/");
    let cdi = api_version.is_empty() || api_version.starts_with("cdi.kubevirt.io/");
    let r = &mut Reader {
        file,
        index,
        warnings,
    };
    match kind.as_str() {
        "VirtualMachine" if kubevirt => r.read(value, "vm", |mut o: VirtualMachine, origin| {
            o.origin = origin;
            Object::Vm(o)
        }),
        "VirtualMachineInstance" if kubevirt => {
            r.read(value, "vmi", |mut o: VirtualMachineInstance, origin| {
                o.origin = origin;
                Object::Vmi(o)
            })
        }
        "VirtualMachineInstanceMigration" if kubevirt => {
            r.read(value, "migration", |mut o: Migration, origin| {
                o.origin = origin;
                Object::Migration(o)
            })
        }
        "KubeVirt" if kubevirt => r.read(value, "kubevirt", |o: NamedTemplate, _| {
            Object::KubeVirt(o.metadata.namespace)
        }),
        "DataVolume" if cdi => r.read(value, "dv", |mut o: DataVolume, origin| {
            o.origin = origin;
            Object::DataVolume(o)
        }),
        "Pod" => r.read(value, "pod", |mut o: Pod, origin| {
            o.origin = origin;
            Object::Pod(o)
        }),
        "Node" => r.read(value, "node", |mut o: Node, origin| {
            o.origin = origin;
            Object::Node(o)
        }),
        "Event" => r.read(value, "event", |o: RawEvent, origin| {
            let mut event = o.into_event();
            event.origin = origin;
            Object::Event(event)
        }),
        "PersistentVolumeClaim" => r.read(value, "pvc", |mut o: PersistentVolumeClaim, origin| {
            o.origin = origin;
            Object::Pvc(o)
        }),
        "VolumeAttachment" => r.read(value, "va", |mut o: VolumeAttachment, origin| {
            o.origin = origin;
            Object::VolumeAttachment(o)
        }),
        _ => None,
    }
}

struct Reader<'a> {
    file: FileId,
    index: &'a LineIndex,
    warnings: &'a mut Vec<String>,
}

impl Reader<'_> {
    fn read<T: DeserializeOwned + HasMeta>(
        &mut self,
        value: serde_yaml::Value,
        kind: &'static str,
        wrap: impl FnOnce(T, Origin) -> Object,
    ) -> Option<Found> {
        match serde_yaml::from_value::<T>(value) {
            Ok(object) => {
                let meta = object.meta();
                let key = if meta.uid.is_empty() {
                    format!("{}/{}", meta.namespace, meta.name)
                } else {
                    meta.uid.clone()
                };
                let line = self.index.anchor(&meta.uid, &meta.name);
                let (start, end) = self
                    .index
                    .spans()
                    .iter()
                    .copied()
                    .find(|(s, e)| (*s..=*e).contains(&line))
                    .unwrap_or((line, line));
                let origin = Origin {
                    file: self.file,
                    line,
                    start,
                    end,
                };
                let times = object.times();
                Some((wrap(object, origin), (kind, key), times))
            }
            Err(e) => {
                self.warnings.push(format!(
                    "an object could not be read: {}",
                    first_line(&e.to_string())
                ));
                None
            }
        }
    }
}

/// Objects whose `metadata` and timestamps are needed without knowing their type.
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

/// must-gather's event-filter.html, READMEs: for people, not for the diagnosis.
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
            let (level, time) = line_fields(l);
            level.is_some() || time.is_some()
        })
}
