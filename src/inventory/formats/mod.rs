//! The input formats a bundle file can be in, and the order in which they are tried. This is
//! the one place that order is written down.
//!
//! Each file's first bytes (up to `HEAD_BYTES`, cut at a line end) are shown to the formats
//! in the order of the `formats!` list below; the first that claims the file reads it. Before
//! that: a whitespace-only file is "not used", one with NUL bytes "unrecognised", and invalid
//! UTF-8 is replaced and warned about. A format claims a file either whole (read on a worker
//! thread, up to the file size limit) or as a log in its dialect (streamed in blocks, never
//! held whole, only the lines some rule can use kept). A file whose path says it is a log
//! (`layout`) but that no log dialect claims is streamed as a plain log; a file no format
//! claims is counted as unrecognised.
//!
//! Text no other format claims is read as `pasted_text`, last: each line in whichever log
//! dialect it is in, every rule's patterns looked for in it.
//!
//! The order matters where formats overlap: `kubectl describe` and `get` tables read as YAML
//! (`Name: x` is a mapping), so they come before `objects`; a JSON log line is a JSON object,
//! so the log dialects come before `objects` too; domain XML is told by its root element
//! before anything else looks at the text; `documents` claims by name only and comes last.
//!
//! Adding a format: one file in this directory implementing `Format`, and one line in the
//! `formats!` list below, where in the order it must be tried. A log dialect implements
//! `LogDialect` instead and is listed `as log`: the one adapter `LogFormat` makes every
//! dialect a format the same way.

pub(crate) use super::kinds::Object;
use super::log::{LineFilter, LogDialect, LogFile, LogPlace};
use super::objects::*;
use super::scan;
use crate::source::BundlePath;
use crate::timestamp::Timestamp;
use domain_xml::DomainXml;

// Helpers the formats share; not formats themselves.
mod table;

macro_rules! formats {
    ($($module:ident::$item:ident $(as $log:ident)?,)*) => {
        $(pub(crate) mod $module;)*

        /// The formats, in the order they are tried.
        pub(crate) static FORMATS: &[&dyn Format] = &[$(format_entry!($module::$item $(as $log)?),)*];
    };
}

/// One entry of the `formats!` list: a `Format`, or a `LogDialect` made one (`as log`).
macro_rules! format_entry {
    ($module:ident::$format:ident) => {
        &$module::$format
    };
    ($module:ident::$dialect:ident as log) => {
        &LogFormat(&$module::$dialect)
    };
}

formats! {
    collection_time::CollectionTime,
    domain_xml::DomainXmlFormat,
    describe::Describe,
    get_table::GetTable,
    log_kubevirt::KubevirtJson as log,
    log_journal::Journal as log,
    log_dmesg::Dmesg as log,
    log_audit::Audit as log,
    log_libvirt::LibvirtLog as log,
    log_qemu::QemuLog as log,
    log_klog::Klog as log,
    log_logfmt::Logfmt as log,
    objects::Objects,
    documents::Documents,
    pasted_text::PastedText as log,
}

/// How much of a file the formats see when they decide whether to claim it.
pub(crate) const HEAD_BYTES: usize = 64 << 10;

/// One way a bundle file can be written.
pub(crate) trait Format: Sync {
    /// What the format is, in a few words, for summaries of what was read.
    fn name(&self) -> &'static str;
    /// Whether this format reads the file, judged from its path and first bytes.
    fn claims(&self, head: &Head) -> Option<Claim>;
    /// Reads a whole file this format claimed with `Claim::Whole`; problems it can live with
    /// go to `warnings`.
    fn read(&self, file: &TextFile, ctx: &ReadContext, warnings: &mut Vec<String>) -> Reading;
}

/// A log dialect as an input format: it claims a file whose first lines it says are its
/// own, which is then streamed as a log in it. The one `Format` impl of every dialect.
#[derive(Debug)]
pub(crate) struct LogFormat(pub(crate) &'static dyn LogDialect);

impl Format for LogFormat {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn claims(&self, head: &Head) -> Option<Claim> {
        self.0.claims(head.text).then_some(Claim::Log(self.0))
    }

    /// Logs are streamed instead; read whole (fuzzing, tests), a file the dialect claims
    /// gives the log.
    fn read(&self, file: &TextFile, ctx: &ReadContext, _: &mut Vec<String>) -> Reading {
        match self.claims(&Head {
            path: file.path,
            text: file.text,
        }) {
            Some(Claim::Log(dialect)) => read_log(file, ctx, dialect),
            _ => Reading::alone(Content::NotUsed),
        }
    }
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

/// How a format takes a file it claims.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Claim {
    /// Read whole by `Format::read`.
    Whole,
    /// Streamed as a log in this dialect.
    Log(&'static dyn LogDialect),
}

/// The first bytes of a file (up to `HEAD_BYTES`, at line ends), as text.
pub(crate) struct Head<'a> {
    pub(crate) path: &'a BundlePath,
    pub(crate) text: &'a str,
}

impl Head<'_> {
    pub(crate) fn name(&self) -> &str {
        self.path.file_name()
    }
}

/// The first format that claims a file, and how.
pub(crate) fn claim(head: &Head) -> Option<(&'static dyn Format, Claim)> {
    FORMATS.iter().find_map(|f| f.claims(head).map(|c| (*f, c)))
}

/// A log read from memory, on the calling thread.
fn read_log(file: &TextFile, ctx: &ReadContext, dialect: &'static dyn LogDialect) -> Reading {
    let place = LogPlace {
        pod: Some(file.name().split('.').next().unwrap_or("").to_string()),
        ..LogPlace::default()
    };
    let log = LogFile::new(file.id, place, dialect, file.text);
    let mut bytes = file.text.as_bytes();
    // Reading from memory cannot fail.
    match scan::read_log_here(log, &mut bytes, ctx.filter, ctx.max_line) {
        Ok(log) => Reading::alone(Content::Log(Box::new(log))),
        Err(_) => Reading::alone(Content::NotUsed),
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

/// A typed object with its dedup key (kind, uid or namespace/name) and the timestamps it
/// carries (for the newest-seen collection time).
pub(crate) type Found = (Object, (&'static str, String), Vec<Timestamp>);

/// What a file turned out to hold.
#[derive(Debug)]
pub(crate) enum Content {
    /// must-gather's `timestamp` file.
    CollectionTime(Timestamp),
    Domain(DomainXml),
    /// Objects and events read out of text (`kubectl describe`, `kubectl get` tables): the
    /// objects count only where no YAML of the same object was read.
    Described(Vec<Found>),
    /// Text that reads like a log though its path did not say so.
    Log(Box<LogFile>),
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

/// Reads a whole file with `format`, which claimed it; `None` finds the format here (files
/// read from memory).
pub(crate) fn parse(
    id: FileId,
    path: &BundlePath,
    bytes: Vec<u8>,
    format: Option<&'static dyn Format>,
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
    let format = format.or_else(|| {
        claim(&Head {
            path,
            text: head_of(&text),
        })
        .map(|(f, _)| f)
    });
    let Some(format) = format else {
        out.content = Content::Unrecognised;
        return out;
    };
    let file = TextFile {
        id,
        path,
        text: &text,
    };
    let ctx = ReadContext { filter, max_line };
    out.format = Some(format.name());
    let reading = format.read(&file, &ctx, &mut out.warnings);
    out.content = reading.content;
    if reading.keep_text {
        out.text = Some(text);
    }
    out
}

/// The start of `text` the formats judge it by: at most `HEAD_BYTES`, ending at a line end.
pub(crate) fn head_of(text: &str) -> &str {
    if text.len() <= HEAD_BYTES {
        return text;
    }
    let mut end = HEAD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(nl) => &text[..nl + 1],
        None => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::log::KeepAll;

    fn format_of(name: &str, text: &str) -> Option<&'static str> {
        let path = BundlePath::parse(name).unwrap();
        parse(
            FileId(0),
            &path,
            text.as_bytes().to_vec(),
            None,
            &KeepAll,
            4096,
        )
        .format
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
            Some("KubeVirt JSON log")
        );
        assert_eq!(
            format_of("x.txt", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"),
            Some("Kubernetes objects")
        );
        assert_eq!(format_of("README.md", "# notes\n"), Some("document"));
        // Anything else is pasted text, searched line by line.
        assert_eq!(format_of("notes.txt", "hello there\n"), Some("pasted text"));
    }
}
