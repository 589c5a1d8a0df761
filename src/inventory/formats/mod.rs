//! The input formats a bundle file can be in, and the order in which they are tried. This is
//! the one place that order is written down.
//!
//! A file whose *path* says it is a log (`LogPlace::from_path`: must-gather's
//! `pods/<pod>/<container>/<container>/logs/*.log`, QEMU's `vms/<vm>/<ns>_<vm>.log`,
//! node-gather's `nodes/<node>/dmesg` and kubelet journal, or any `*.log`) is streamed in
//! blocks and never read whole; every other file is read whole (up to the file limit) and
//! handed to the formats below on a worker thread, after three checks: whitespace-only files
//! are "not used", files with NUL bytes are "unrecognised", and invalid UTF-8 is replaced and
//! warned about. Then the first format in `FORMATS` that claims the file reads it; a file no
//! format claims is counted as unrecognised.
//!
//! The order matters where formats overlap: describe text and logs can both be mistaken for
//! YAML (`Name: x` is a YAML mapping), so `objects` comes after them; domain XML is told by its
//! root element before anything else looks at the text.
//!
//! Adding a format: one file in this directory implementing `Format`, and one line in the
//! `formats!` list below, where in the order it must be tried.

use super::log::{LineFilter, LogFile};
use super::objects::*;
use crate::source::BundlePath;
use crate::timestamp::Timestamp;
use describe::{NodeDescribe, PodDescribe};
use domain_xml::DomainXml;

macro_rules! formats {
    ($($module:ident::$format:ident,)*) => {
        $(pub(crate) mod $module;)*

        /// The formats, in the order they are tried.
        pub(crate) static FORMATS: &[&dyn Format] = &[$(&$module::$format,)*];
    };
}

formats! {
    collection_time::CollectionTime,
    domain_xml::DomainXmlFormat,
    describe::Describe,
    log_text::LogText,
    objects::Objects,
    documents::Documents,
}

/// One way a bundle file can be written.
pub(crate) trait Format: Sync {
    /// What the format is, in a few words, for summaries of what was read.
    fn name(&self) -> &'static str;
    /// Whether this format reads `file`: cheap checks on the name and the first lines.
    fn claims(&self, file: &TextFile) -> bool;
    /// Reads the whole file; problems it can live with go to `warnings`.
    fn read(&self, file: &TextFile, ctx: &ReadContext, warnings: &mut Vec<String>) -> Reading;
}

/// What a format read, and whether evidence may quote the file (its text is then kept).
pub(crate) struct Reading {
    pub(crate) content: Content,
    pub(crate) keep_text: bool,
}

impl Reading {
    /// Content whose evidence cites lines of the file.
    pub(crate) fn quoted(content: Content) -> Reading {
        Reading {
            content,
            keep_text: true,
        }
    }

    /// Content that carries its own lines (logs) or needs no citation.
    pub(crate) fn alone(content: Content) -> Reading {
        Reading {
            content,
            keep_text: false,
        }
    }
}

/// A bundle file as text, ready for the formats.
pub(crate) struct TextFile<'a> {
    pub(crate) id: FileId,
    pub(crate) path: &'a BundlePath,
    pub(crate) text: &'a str,
}

impl TextFile<'_> {
    pub(crate) fn name(&self) -> &str {
        self.path.file_name()
    }
}

/// What reading needs besides the file: the log line filter and the line length limit.
pub(crate) struct ReadContext<'a> {
    pub(crate) filter: &'a dyn LineFilter,
    pub(crate) max_line: usize,
}

/// One object the diagnosis reads, typed, with where it was read.
#[derive(Debug)]
pub(crate) enum Object {
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

/// A typed object with its dedup key (kind, uid or namespace/name) and the timestamps it
/// carries (for the newest-seen collection time).
pub(crate) type Found = (Object, (&'static str, String), Vec<Timestamp>);

/// What a file turned out to hold.
#[derive(Debug)]
pub(crate) enum Content {
    /// must-gather's `timestamp` file.
    CollectionTime(Timestamp),
    Domain(DomainXml),
    PodDescribe(PodDescribe),
    NodeDescribe(NodeDescribe),
    /// Events read out of text (a `kubectl describe pvc`).
    Events(Vec<Event>),
    /// Text that reads like a log though its path did not say so.
    Log(LogFile),
    /// Kubernetes objects the diagnosis reads.
    Objects(Vec<Found>),
    /// Readable, but nothing the diagnosis uses (other kinds, READMEs, empty files).
    NotUsed,
    /// Neither: counted in the summary warning.
    Unrecognised,
}

/// What a worker found in one file.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) id: FileId,
    /// The format that read the file, if one did.
    pub(crate) format: Option<&'static str>,
    pub(crate) content: Content,
    /// The text, kept when evidence may quote the file.
    pub(crate) text: Option<String>,
    pub(crate) warnings: Vec<String>,
}

/// Works out what `bytes` (the whole file at `path`) holds.
pub(crate) fn parse(
    id: FileId,
    path: &BundlePath,
    bytes: Vec<u8>,
    filter: &dyn LineFilter,
    max_line: usize,
) -> Parsed {
    let mut out = Parsed {
        id,
        format: None,
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
    let file = TextFile {
        id,
        path,
        text: &text,
    };
    let ctx = ReadContext { filter, max_line };
    match FORMATS.iter().find(|f| f.claims(&file)) {
        Some(format) => {
            out.format = Some(format.name());
            let reading = format.read(&file, &ctx, &mut out.warnings);
            out.content = reading.content;
            if reading.keep_text {
                out.text = Some(text);
            }
        }
        None => out.content = Content::Unrecognised,
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::log::KeepAll;

    fn format_of(name: &str, text: &str) -> Option<&'static str> {
        let path = BundlePath::parse(name).unwrap();
        parse(FileId(0), &path, text.as_bytes().to_vec(), &KeepAll, 4096).format
    }

    #[test]
    fn each_format_claims_its_own_text_in_the_declared_order() {
        assert_eq!(
            format_of("mg/timestamp", "2024-05-01 10:00:00.0 +0000 UTC m=+0.1\n"),
            Some("must-gather timestamp")
        );
        assert_eq!(
            format_of("x.xml", "<domain type='kvm'><name>a_b</name></domain>"),
            Some("libvirt domain XML")
        );
        // Describe text is valid YAML too; the describe reader must win.
        assert_eq!(
            format_of(
                "d.txt",
                "Name:         virt-launcher-a-x\nNamespace:    vms\nContainers:\n  compute:\n"
            ),
            Some("kubectl describe")
        );
        assert_eq!(
            format_of(
                "x.txt",
                "{\"component\":\"virt-handler\",\"level\":\"info\",\"msg\":\"m\"}\n"
            ),
            Some("container log")
        );
        assert_eq!(
            format_of("x.txt", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"),
            Some("Kubernetes objects")
        );
        assert_eq!(format_of("README.md", "# notes\n"), Some("document"));
        assert_eq!(format_of("notes.txt", "hello there\n"), None);
    }
}
