//! YAML or JSON holding Kubernetes objects, as `kubectl get -o yaml|json`, must-gather and
//! `oc adm inspect` write them: single objects, `List`s and typed lists, several documents.
//! Only the kinds the diagnosis reads are typed; an object that does not fit its type is a
//! warning, and the others in the file are kept.

use serde::de::DeserializeOwned;

use super::{Claim, Content, Format, Found, Head, Object, ReadContext, Reading, TextFile};
use crate::inventory::locate::LineIndex;
use crate::inventory::kinds::{api_group, into_slot, object_kinds};
use crate::inventory::objects::*;
use crate::inventory::yaml::{self, RawObject};
use crate::timestamp::Timestamp;

pub(crate) struct Objects;

impl Format for Objects {
    fn name(&self) -> &'static str {
        "Kubernetes objects"
    }

    /// By extension, or by how kubectl starts them.
    fn claims(&self, file: &Head) -> Option<Claim> {
        claims_whole(file).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, ctx: &ReadContext, warnings: &mut Vec<String>) -> Reading {
        // The command a paste starts with is blanked, so line numbers stay those of the file.
        let text = file.text.trim_start_matches('\u{feff}');
        let preamble = preamble_lines(text);
        let text = if preamble > 0 {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            for l in lines.iter_mut().take(preamble) {
                *l = "\n";
            }
            std::borrow::Cow::Owned(lines.concat())
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        let mut notes = Vec::new();
        let objects = read_objects(file.id, &text, &mut notes);
        let broken = objects.is_empty() && !notes.is_empty();
        warnings.extend(notes);
        if broken {
            // Not YAML or JSON after all (log lines wrapped by a terminal, a brace-started
            // paste): its lines may still hold a rule's message.
            return super::read_log(file, ctx, &super::pasted_text::PastedText);
        }
        if objects.is_empty() {
            // A KubeVirt log record pretty-printed over several lines is a log line.
            if let Some(records) = yaml::json_log_records(&text) {
                let joined = records.join("\n");
                let compact = TextFile {
                    id: file.id,
                    path: file.path,
                    text: &joined,
                };
                return super::read_log(&compact, ctx, &super::log_kubevirt::KubevirtJson);
            }
            Reading::alone(Content::NotUsed)
        } else {
            Reading::quoted(Content::Objects(objects))
        }
    }
}

/// Whether the file is in this format: by extension, or by how its first line (after a
/// pasted command) starts.
fn claims_whole(file: &Head) -> bool {
    let lower = file.name().to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json") {
        return true;
    }
    let text = file.text.trim_start_matches('\u{feff}');
    let mut lines = text
        .lines()
        .skip(preamble_lines(text))
        .filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    const STARTS: [&str; 8] = [
        "apiVersion:",
        "kind:",
        "---",
        "items:",
        "{",
        "metadata:",
        "status:",
        "spec:",
    ];
    let starts = |l: &str| {
        STARTS.iter().any(|p| l.starts_with(p))
            // A member of a JSON object pasted without its braces: `"status": {`.
            || ["\"status\":", "\"metadata\":", "\"spec\":", "\"items\":", "\"kind\":"]
                .iter()
                .any(|p| l.starts_with(p))
    };
    let first = first.trim_start();
    // An item of a list pasted alone (`- apiVersion: v1`), or a paste that begins inside an
    // object and comes out to one of its top-level keys.
    let item_of_objects = first.starts_with("- ")
        && file
            .text
            .lines()
            .take(60)
            .any(|l| l.starts_with("  kind: ") || l.starts_with("  apiVersion: "));
    starts(first)
        || first.strip_prefix("- ").is_some_and(starts)
        // An item of a list whose keys come in another order (`- action: Binding`).
        || item_of_objects
        || (file.text.starts_with([' ', '\t'])
            && lines
                .take(40)
                .find(|l| !l.starts_with([' ', '\t']))
                .is_some_and(starts))
}

/// The `kind` of a YAML text that is a List (`kind: List`, `PodList`...), from its top-level
/// line; `None` for anything else (JSON included, parsed whole).
fn list_kind(text: &str) -> Option<&str> {
    if text.trim_start().starts_with(['{', '[']) {
        return None;
    }
    text.lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .map(|k| k.trim().trim_matches('"'))
        .find(|k| k.ends_with("List"))
}

/// Each item of a List parsed on its own, from its span of lines, and handed to `each` at
/// once, so no more than one item's value tree is alive. Spans are in order; the lines are
/// walked once.
fn items_one_by_one(
    text: &str,
    spans: &[(u32, u32)],
    inherited: Option<&str>,
    each: &mut dyn FnMut(RawObject),
) -> Vec<String> {
    let mut notes = Vec::new();
    let (mut lines, mut at) = (text.lines(), 1u32);
    let mut body = String::new();
    for &(start, end) in spans {
        // Up to the item's first line; spans never overlap.
        while at < start && lines.next().is_some() {
            at += 1;
        }
        body.clear();
        let mut indent = None;
        while at <= end {
            let Some(line) = lines.next() else { break };
            at += 1;
            let indent = *indent.get_or_insert(line.len() - line.trim_start().len());
            let line = line.get(indent..).unwrap_or("");
            match line.strip_prefix("- ") {
                Some(rest) if at - 1 == start => {
                    body.push_str("  ");
                    body.push_str(rest);
                }
                _ => body.push_str(line),
            }
            body.push('\n');
        }
        if body.is_empty() {
            continue;
        }
        let (found, more) = yaml::parse_item(&body, inherited);
        found.into_iter().for_each(&mut *each);
        notes.extend(more);
    }
    notes
}

/// Lines at the top that are the command the paste came from (`$ kubectl get vmi x -o
/// yaml`, `[root@host ~]# oc get pod ...`), not the object.
fn preamble_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| {
            let t = l.trim_start();
            t.is_empty()
                || ((t.starts_with('$') || t.starts_with('#') || t.starts_with('['))
                    && (t.contains("kubectl ") || t.contains("oc ") || t.contains("virtctl ")))
        })
        .count()
}

/// Items of a List at which it is parsed one item at a time.
const ITEMS_ONE_BY_ONE: usize = 64;

fn read_objects(file: FileId, text: &str, warnings: &mut Vec<String>) -> Vec<Found> {
    let index = LineIndex::build(text);
    // A long List is parsed one item at a time: a whole document's value tree costs some
    // thirty times its text, an item's next to nothing.
    let long_list = list_kind(text)
        .filter(|_| index.spans().len() >= ITEMS_ONE_BY_ONE)
        .map(|kind| kind.strip_suffix("List").filter(|k| !k.is_empty()));
    // An object is cited from the line of its own `uid:` (or `name:`), within its span.
    let origin_of = |meta: &Meta| {
        let line = index.anchor(&meta.uid, &meta.name);
        // Spans are in order: the last that starts at or before the line.
        let spans = index.spans();
        let at = spans.partition_point(|(s, _)| *s <= line);
        let (start, end) = at
            .checked_sub(1)
            .map(|i| spans[i])
            .filter(|(s, e)| (*s..=*e).contains(&line))
            .unwrap_or((line, line));
        Origin {
            file,
            line,
            start,
            end,
        }
    };
    let mut found = Vec::new();
    match long_list {
        Some(inherited) => {
            let mut typed = Vec::new();
            let notes = items_one_by_one(text, index.spans(), inherited, &mut |o| {
                found.extend(typed_object(o, &origin_of, Some(text), &mut typed));
            });
            warnings.extend(notes);
            warnings.extend(typed);
        }
        None => {
            let (raw, notes) = yaml::parse_objects(text);
            warnings.extend(notes);
            found.extend(
                raw.into_iter()
                    .filter_map(|o| typed_object(o, &origin_of, Some(text), warnings)),
            );
        }
    }
    found
}

/// The typed form of one object, if it is a kind the diagnosis reads; `origin_of` says where
/// an object with this metadata was read.
pub(crate) fn typed_object(
    raw: RawObject,
    origin_of: &dyn Fn(&Meta) -> Origin,
    text: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<Found> {
    let RawObject {
        kind,
        api_version,
        value,
    } = raw;
    let r = &mut Reader {
        origin_of,
        text,
        kind: &kind,
        warnings,
    };
    // The kinds of the table (`kinds::object_kinds!`), then those read into something else.
    macro_rules! read_kinds {
        ($($variant:ident($ty:ident, $slot:ident) $kind:literal, $api:ident, $short:literal, $field:ident;)*) => {
            match kind.as_str() {
                $($kind if api_group!($api, api_version) => r.read(value, $short, |mut o: $ty, origin| {
                    o.origin = origin;
                    Object::$variant(into_slot!($slot, o))
                }),)*
                "KubeVirt" if api_group!(kubevirt, api_version) => r.read(value, "kubevirt", |o: KubeVirtCr, _| {
                    Object::KubeVirt(o.metadata.namespace, o.status.observed_kube_virt_version)
                }),
                "HyperConverged" => r.read(value, "hco", |o: HyperConverged, _| {
                    let version = o
                        .status
                        .versions
                        .into_iter()
                        .find(|v| v.name == "operator")
                        .map(|v| v.version);
                    Object::HyperConverged(version)
                }),
                "Event" => r.read(value, "event", |o: RawEvent, origin| {
                    let mut event = o.into_event();
                    event.origin = origin;
                    Object::Event(event)
                }),
                _ => None,
            }
        };
    }
    object_kinds!(read_kinds)
}

struct Reader<'a> {
    origin_of: &'a dyn Fn(&Meta) -> Origin,
    /// The file's text, to find the line of a field that could not be read.
    text: Option<&'a str>,
    /// The object's `kind`, as the warnings name it.
    kind: &'a str,
    warnings: &'a mut Vec<String>,
}

/// Fields of one object left out before it reads: a hostile or broken object has few.
const FIELDS_LEFT_OUT: usize = 16;

impl Reader<'_> {
    /// Reads `value` as a `T`. A field of the wrong type (a number where a list belongs) is
    /// left out and the rest read; the warning names the field and its line.
    fn read<T: DeserializeOwned + HasMeta>(
        &mut self,
        mut value: serde_yaml::Value,
        kind: &'static str,
        wrap: impl FnOnce(T, Origin) -> Object,
    ) -> Option<Found> {
        let mut left_out = Vec::new();
        let object = loop {
            match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(object) => break object,
                Err(e) => {
                    let path = e.path().to_string();
                    let why = first_line(&e.inner().to_string()).to_string();
                    if left_out.len() == FIELDS_LEFT_OUT || !remove_path(&mut value, e.path()) {
                        self.warnings
                            .push(format!("an object could not be read: {why} (at `{path}`)"));
                        return None;
                    }
                    left_out.push((path, why));
                }
            }
        };
        let meta = object.meta();
        let origin = (self.origin_of)(meta);
        for (path, why) in left_out {
            let line = self
                .text
                .and_then(|text| field_line(text, &origin, &path))
                .unwrap_or(origin.line);
            self.warnings.push(format!(
                "{} {}: field `{path}` at line {line} could not be read ({why}); the rest of the \
                 object was",
                self.kind,
                qualified(meta)
            ));
        }
        // A fragment with no name is its own object wherever else one is pasted.
        let key = if !meta.uid.is_empty() {
            meta.uid.clone()
        } else if meta.name.is_empty() {
            format!("unnamed@{}:{}", origin.file.0, origin.start)
        } else {
            format!("{}/{}", meta.namespace, meta.name)
        };
        let times = object.times();
        Some((wrap(object, origin), (kind, key), times))
    }
}

fn qualified(meta: &Meta) -> String {
    match (meta.namespace.as_str(), meta.name.as_str()) {
        (_, "") => "(unnamed)".into(),
        ("", name) => name.into(),
        (ns, name) => format!("{ns}/{name}"),
    }
}

/// Takes the value at `path` out of `value`; false when there is nothing to take (the
/// error is about the object as a whole).
fn remove_path(value: &mut serde_yaml::Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut at = value;
    for segment in parents {
        let next = match segment {
            Segment::Map { key } => at.get_mut(key.as_str()),
            Segment::Seq { index } => at.get_mut(*index),
            _ => None,
        };
        match next {
            Some(v) => at = v,
            None => return false,
        }
    }
    match (last, at) {
        (Segment::Map { key }, serde_yaml::Value::Mapping(map)) => {
            map.remove(key.as_str()).is_some()
        }
        (Segment::Seq { index }, serde_yaml::Value::Sequence(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// The line of the field at `path` (`status.phase`, `spec.volumes[2].name`): the first line
/// in the object's span whose key is the path's last key.
fn field_line(text: &str, origin: &Origin, path: &str) -> Option<u32> {
    let key = path.rsplit('.').next()?.split('[').next()?;
    let (start, end) = (origin.start.max(1), origin.end.max(origin.start));
    text.lines()
        .enumerate()
        .skip(start as usize - 1)
        .take((end - start + 1) as usize)
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|(i, _)| i as u32 + 1)
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
    KubeVirtCr,
    HyperConverged
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
