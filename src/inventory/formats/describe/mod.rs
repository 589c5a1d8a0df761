//! `kubectl describe` text (kubernetes/kubectl `pkg/describe/describe.go`) of the objects a
//! diagnosis reads, several to a file when `describe` was run without a name:
//!
//! - pods (`PodDescriber`): header fields, container states, conditions, events;
//! - nodes (`NodeDescriber`): taints, cordon, conditions, labels, allocatable, events;
//! - PVCs (`PersistentVolumeClaimDescriber`): status, volume, events;
//! - everything else, KubeVirt's and CDI's resources and VolumeAttachments included, through
//!   the generic describer (`GenericDescriber`, `printUnstructuredContent`): nested
//!   `Metadata:`, `Spec:` and `Status:` blocks whose keys are the fields' names split into
//!   words (`Node Name` for `nodeName`), lists of maps printed one item after another.
//!
//! Each object becomes the typed object its YAML would, citing lines of its own section;
//! each row of its `Events:` table an event, whose message may wrap onto further lines and
//! whose age may carry a count (`2m (x5 over 10m)`). Objects read from describe text count
//! only when the bundle has no YAML of the same object.
//!
//! Here: the format (what it claims, the sections a file is cut into) and which reader a
//! section goes to. The parts: `section` (looking things up in a section), `events` (the
//! Events table), `conditions` (condition tables), and one reader per describer: `pod`,
//! `node`, `pvc`, and `generic` for VMs, VMIs, DataVolumes, VolumeAttachments and
//! migrations, which kubectl prints alike.

mod conditions;
mod events;
mod generic;
mod node;
mod pod;
mod pvc;
mod section;

use super::pasted_text::PastedText;
use super::{Claim, Content, Format, Found, Head, Object, ReadContext, Reading, TextFile};
use crate::inventory::objects::*;
use events::{event_row, is_events_header};

pub(super) use events::row_event;

pub(crate) struct Describe;

/// Header fields kubectl prints at the top of every describe.
const HEADERS: [&str; 6] = [
    "Namespace:",
    "Labels:",
    "Annotations:",
    "Kind:",
    "Roles:",
    "StorageClass:",
];

impl Format for Describe {
    fn name(&self) -> &'static str {
        "kubectl describe"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        // A paste may start with a few lines that are not describe output: the command that
        // made it, kubectl's own klog warnings, an elision (`...`).
        let lines: Vec<&str> = file
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(40)
            .collect();
        if lines.iter().take(12).any(|l| l.starts_with("Name:")) {
            let known = file
                .text
                .lines()
                .take(60)
                .filter(|l| HEADERS.iter().any(|h| l.starts_with(h)))
                .count();
            return (known >= 1).then_some(Claim::Whole);
        }
        // Often only the Events table is pasted: with its heading, with its header row
        // alone, or just some of its rows.
        let events = lines
            .iter()
            .any(|l| l.trim_end() == "Events:" || is_events_header(l));
        let first = lines.iter().take(10);
        let rows = first.clone().filter(|l| event_row(l).is_some()).count();
        let first_is_row = lines.first().is_some_and(|l| event_row(l).is_some());
        (events || first_is_row || rows * 2 > first.count()).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, ctx: &ReadContext, warnings: &mut Vec<String>) -> Reading {
        let lines: Vec<&str> = file.text.lines().collect();
        let mut found = Vec::new();
        for (start, end) in sections(&lines) {
            let section = Section {
                file: file.id,
                lines: &lines[start..end],
                first: start as u32 + 1,
            };
            section.read(&mut found, warnings);
        }
        // A fragment with no name and no event row (a container's state pasted alone), or
        // whose lines before its Events table are more than a heading (a condition's
        // message and reason): its lines can still hold a rule's message.
        let nameless = !lines.iter().any(|l| l.starts_with("Name:"));
        let before_events = lines
            .iter()
            .take_while(|l| l.trim_end() != "Events:" && !is_events_header(l) && event_row(l).is_none())
            .filter(|l| !l.trim().is_empty())
            .count();
        if found.is_empty() || (nameless && before_events >= 2) {
            return super::read_log(file, ctx, &PastedText);
        }
        Reading::quoted(Content::Described(found))
    }
}

/// Where each object's text starts and ends: a `Name:` line at column 0 starts one; a
/// pasted `Events:` table alone is one section.
fn sections(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("Name:"))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty()
        && let Some(at) = lines.iter().position(|l| {
            l.trim_end() == "Events:" || is_events_header(l) || event_row(l).is_some()
        })
    {
        starts.push(at);
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(lines.len())))
        .collect()
}

/// One object's describe text.
struct Section<'a> {
    file: FileId,
    lines: &'a [&'a str],
    /// The file's line number of `lines[0]`.
    first: u32,
}

impl Section<'_> {
    /// Reads the object the section describes, by what kubectl printed for it, and its events.
    fn read(&self, found: &mut Vec<Found>, warnings: &mut Vec<String>) {
        let kind = self.header("Kind");
        let object = if !kind.is_empty() {
            self.generic(&kind, warnings)
        } else if self.has("Containers") {
            Some(self.pod())
        } else if self.has("StorageClass") && self.has("Access Modes") {
            Some(self.pvc())
        } else if self.has("Conditions") && (self.has("Roles") || self.has("Taints")) {
            Some(self.node())
        } else {
            None
        };
        let involved = match &object {
            Some((Object::Pod(p), ..)) => Some(("Pod", &p.metadata)),
            Some((Object::Node(n), ..)) => Some(("Node", &n.metadata)),
            Some((Object::Pvc(p), ..)) => Some(("PersistentVolumeClaim", &p.metadata)),
            Some((Object::Vm(o), ..)) => Some(("VirtualMachine", &o.metadata)),
            Some((Object::Vmi(o), ..)) => Some(("VirtualMachineInstance", &o.metadata)),
            Some((Object::DataVolume(o), ..)) => Some(("DataVolume", &o.metadata)),
            Some((Object::Migration(o), ..)) => {
                Some(("VirtualMachineInstanceMigration", &o.metadata))
            }
            Some((Object::VolumeAttachment(o), ..)) => Some(("VolumeAttachment", &o.metadata)),
            _ => None,
        }
        .map(|(kind, m)| ObjectRef {
            kind: kind.to_string(),
            name: m.name.clone(),
            namespace: m.namespace.clone(),
            uid: m.uid.clone(),
        })
        .or_else(|| {
            self.header("Name")
                .is_empty()
                .then(|| self.scheduled_pod())
                .flatten()
        })
        .unwrap_or_else(|| ObjectRef {
            kind: kind.clone(),
            name: self.header("Name"),
            namespace: self.meta().namespace,
            uid: String::new(),
        });
        let events = self.events(&involved);
        found.extend(object);
        found.extend(events.into_iter().map(|e| {
            let key = format!("{}:{}", self.file.0, e.origin.line);
            (Object::Event(e), ("describe-event", key), Vec::new())
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The objects and events `Describe` reads from `text`, which it must claim.
    pub(super) fn read(text: &str) -> Vec<Found> {
        let path = crate::source::BundlePath::parse("describe.txt").unwrap();
        let file = TextFile {
            id: FileId(3),
            path: &path,
            text,
        };
        let ctx = ReadContext {
            filter: &crate::inventory::log::KeepAll,
            max_line: 4096,
        };
        let head = Head { path: &path, text };
        assert!(matches!(Describe.claims(&head), Some(Claim::Whole)));
        match Describe.read(&file, &ctx, &mut Vec::new()).content {
            Content::Described(found) => found,
            other => panic!("{other:?}"),
        }
    }
}
