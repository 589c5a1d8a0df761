//! The first half of building an inventory: the walk of the bundle. The reading thread only
//! cuts and dispatches: logs go to workers in blocks, other files whole, to be parsed there
//! (`formats::parse`); what comes back is applied in file order (`assemble`). Problems
//! become warnings.
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::formats::pasted_text::PastedText;
use super::formats::{self, Claim, Format, HEAD_BYTES, Head, Parsed};
use super::layout;
use super::log::{LineFilter, LogComponent, LogDialect, LogFile, LogPlace};
use super::objects::*;
use super::scan::{self, BlockScan};
use super::{FileKind, Inventory, SourceFile, collections, whole};
use crate::diagnostics::{Warning, WarningCode};
use crate::progress::{Progress, Silent};
use crate::source::{BundlePath, Limits, Visitor};
use crate::timestamp::Timestamp;

/// How many unrecognised file names one summary warning lists.
pub(super) const UNRECOGNISED_SHOWN: usize = 5;

/// Blocks being scanned at once, per worker thread: bounds the memory held by blocks.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// Work coming back from the workers.
pub(super) enum Done {
    /// A scanned log block: index into `Inventory::logs`, block sequence, result.
    Block(usize, u32, BlockScan),
    File(Box<Parsed>),
}

pub(super) struct Builder<'a> {
    pub(super) limits: &'a Limits,
    pub(super) filter: Arc<dyn LineFilter>,
    pub(super) results_tx: Sender<Done>,
    pub(super) results_rx: Receiver<Done>,
    pub(super) in_flight: usize,
    /// Scanned blocks that came back before an earlier block of their log, by (log, block).
    pub(super) early: std::collections::BTreeMap<(usize, u32), BlockScan>,
    /// Per log: the next block to merge. Blocks are merged as soon as they are next, so only
    /// kept lines within the caps stay in memory.
    pub(super) next_block: Vec<u32>,
    pub(super) kept: scan::KeptBudget,
    /// Parsed files not yet applied.
    pub(super) files: Vec<Parsed>,
    pub(super) progress: &'a dyn Progress,
    pub(super) inv: Inventory,
    /// Top directories of the collections seen (`collections`); a file's collection is 0
    /// outside any, else 1 + its index here.
    pub(super) roots: Vec<String>,
    /// Per collection: the must-gather `timestamp` file's time, and the newest time seen.
    pub(super) timestamp_files: Vec<Option<Timestamp>>,
    pub(super) newest: Vec<Option<Timestamp>>,
    pub(super) unrecognised: Vec<String>,
    /// Objects already read, by kind and uid (or namespace/name): kubevirt/must-gather stores
    /// some twice (an inspect list and a `crs/` file), and the first copy is kept.
    pub(super) seen_objects: std::collections::HashSet<(&'static str, String)>,
    /// Objects and events read from describe text and tables, added after all YAML.
    pub(super) described: Vec<formats::Found>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(limits: &'a Limits, filter: Arc<dyn LineFilter>) -> Self {
        let (results_tx, results_rx) = channel();
        Builder {
            results_tx,
            results_rx,
            in_flight: 0,
            early: std::collections::BTreeMap::new(),
            next_block: Vec::new(),
            kept: scan::KeptBudget::default(),
            files: Vec::new(),
            progress: &Silent,
            limits,
            filter,
            inv: Inventory::default(),
            roots: Vec::new(),
            timestamp_files: vec![None],
            newest: vec![None],
            unrecognised: Vec::new(),
            seen_objects: Default::default(),
            described: Vec::new(),
        }
    }

    pub(super) fn with_progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = progress;
        self
    }

    pub(super) fn add_file(&mut self, path: &BundlePath, kind: FileKind) -> FileId {
        let id = FileId(self.inv.files.len() as u32);
        self.progress.file(&path.to_string());
        let collection = match collections::root_of(path) {
            None => 0,
            Some(root) => match self.roots.iter().position(|r| *r == root) {
                Some(i) => i + 1,
                None => {
                    self.roots.push(root);
                    self.timestamp_files.push(None);
                    self.newest.push(None);
                    self.roots.len()
                }
            },
        };
        self.inv.files.push(SourceFile {
            path: path.to_string(),
            kind,
            collection,
            text: None,
            line_starts: Vec::new(),
        });
        id
    }

    /// A time seen in `file`: the newest of its collection, when it has no timestamp file.
    pub(super) fn seen(&mut self, file: FileId, t: Option<Timestamp>) {
        let c = self.inv.files[file.0 as usize].collection;
        if t > self.newest[c] {
            self.newest[c] = t;
        }
    }

    /// Streams a log into blocks and hands each to a rayon worker; the reading thread goes on
    /// decompressing while earlier blocks are scanned.
    fn read_log(
        &mut self,
        path: &BundlePath,
        place: LogPlace,
        dialect: &'static dyn LogDialect,
        head: &str,
        reader: &mut dyn Read,
    ) -> io::Result<()> {
        let id = self.add_file(path, FileKind::Read(dialect.name()));
        let slot = self.inv.logs.len();
        let log = LogFile::new(id, place, dialect, head);
        let component = log.component;
        self.inv.logs.push(log);
        self.next_block.push(0);
        let max_line = self.limits.max_line_bytes;
        let mut blocks = scan::Blocks::new(reader, max_line);
        let mut seq = 0u32;
        while let Some(block) = blocks.next_block()? {
            self.make_room();
            let filter = Arc::clone(&self.filter);
            let tx = self.results_tx.clone();
            self.in_flight += 1;
            rayon::spawn(move || {
                let scanned = scan::scan_block(&block, component, dialect, &*filter, max_line);
                // The receiver lives until every block is merged.
                let _ = tx.send(Done::Block(slot, seq, scanned));
            });
            seq += 1;
        }
        Ok(())
    }

    pub(super) fn receive_one(&mut self) {
        match self.results_rx.recv() {
            Ok(Done::Block(slot, seq, scanned)) => {
                self.early.insert((slot, seq), scanned);
                while let Some(next) = self.early.remove(&(slot, self.next_block[slot])) {
                    scan::merge(&mut self.inv.logs[slot], next, &mut self.kept);
                    self.next_block[slot] += 1;
                }
            }
            Ok(Done::File(parsed)) => self.files.push(*parsed),
            // Every sender is a clone of ours, which lives as long as the builder.
            Err(_) => {}
        }
        self.in_flight -= 1;
    }

    /// Waits for every job still running; applies parsed files in file order and merges log
    /// blocks in line order; then reports log lines that were cut or not UTF-8.
    pub(super) fn merge_scans(&mut self) {
        while self.in_flight > 0 {
            self.receive_one();
        }
        let mut files = std::mem::take(&mut self.files);
        files.sort_by_key(|p| p.id);
        for parsed in files {
            self.apply(parsed);
        }
        // Every block has come back, and each was merged once the blocks before it were.
        debug_assert!(self.early.is_empty());
        for slot in 0..self.inv.logs.len() {
            scan::trim_tail(&mut self.inv.logs[slot], &mut self.kept);
            let log = &self.inv.logs[slot];
            let (newest, invalid, cut) = (log.newest, log.invalid_utf8_lines, log.cut_lines);
            let dropped = log.dropped_lines;
            let path = self.inv.files[log.file.0 as usize].path.clone();
            // An empty log (a `previous.log` with no previous run) is there but says nothing;
            // pasted text in which nothing was of use was not recognised.
            if log.total_lines == 0 {
                self.inv.files[log.file.0 as usize].kind = FileKind::NotUsed;
            } else if log.lines.is_empty() && log.component == LogComponent::Text {
                self.inv.files[log.file.0 as usize].kind = FileKind::Unrecognised;
                self.unrecognised.push(path.clone());
            }
            if invalid > 0 {
                self.inv.warnings.push(Warning::new(
                    WarningCode::ReadProblem,
                    &path,
                    format!("{invalid} line(s) not valid UTF-8; bad bytes shown as U+FFFD"),
                ));
            }
            if cut > 0 {
                self.inv.warnings.push(Warning::new(
                    WarningCode::Cut,
                    &path,
                    format!(
                        "{cut} line(s) longer than {} bytes were cut short",
                        self.limits.max_line_bytes
                    ),
                ));
            }
            if dropped > 0 {
                self.inv.warnings.push(Warning::new(
                    WarningCode::Cut,
                    &path,
                    format!(
                        "{dropped} matching line(s) between the first and the last kept were \
                         counted, not kept (at most {} and {} lines, {} MiB each, per log)",
                        scan::HEAD_LINES,
                        scan::TAIL_LINES,
                        scan::TAIL_TEXT >> 20
                    ),
                ));
            }
            self.seen(log.file, newest);
        }
    }

    pub(super) fn warn_path(
        &mut self,
        code: WarningCode,
        path: &BundlePath,
        message: impl Into<String>,
    ) {
        self.inv
            .warnings
            .push(Warning::new(code, path.to_string(), message));
    }

    /// Waits until fewer than the in-flight limit of worker jobs are running.
    pub(super) fn make_room(&mut self) {
        let limit = IN_FLIGHT_PER_THREAD * rayon::current_num_threads().max(1);
        while self.in_flight >= limit {
            self.receive_one();
        }
    }
}

/// The head of a file as text for the formats: cut at its last line end unless it is the
/// whole file, so no format sees half a line.
fn head_text(head: &[u8], complete: bool) -> String {
    let upto = if complete {
        head.len()
    } else {
        memchr::memrchr(b'\n', head).map_or(head.len(), |i| i + 1)
    };
    String::from_utf8_lossy(&head[..upto]).into_owned()
}

/// A pasted log that its path does not place: the pod is the file name up to its first dot
/// (`virt-launcher-x-abcde.txt`), matched against known pods when linking.
fn place_from_name(path: &BundlePath) -> LogPlace {
    LogPlace {
        pod: Some(path.file_name().split('.').next().unwrap_or("").to_string()),
        ..LogPlace::default()
    }
}

impl Builder<'_> {
    /// Reads a file whole (up to the file limit) and parses it on a worker with `format`, or
    /// with whichever format claims it.
    fn read_whole(
        &mut self,
        path: &BundlePath,
        format: Option<&'static dyn Format>,
        reader: &mut dyn Read,
    ) -> io::Result<()> {
        let cap = self.limits.max_file_bytes;
        let whole = whole::read(reader, cap)?;
        if whole.newline_heavy {
            // Mostly empty lines: what a text parser would index line by line costs many
            // times the file. Such a file is streamed as plain text instead.
            self.warn_path(
                WarningCode::ReadAsText,
                path,
                "mostly empty lines: searched line by line as plain text, not parsed",
            );
            let head = head_text(&whole.bytes[..whole.bytes.len().min(HEAD_BYTES)], false);
            let mut rest = io::Cursor::new(whole.bytes).chain(reader);
            return self.read_log(path, place_from_name(path), &PastedText, &head, &mut rest);
        }
        if whole.cut_lines > 0 {
            self.warn_path(
                WarningCode::Cut,
                path,
                format!(
                    "{} line(s) longer than {} KiB were cut short before parsing",
                    whole.cut_lines,
                    whole::LONG_LINE >> 10
                ),
            );
        }
        let bytes = whole.bytes;
        if bytes.len() as u64 > cap {
            self.add_file(path, FileKind::Unrecognised);
            self.warn_path(
                WarningCode::Limit,
                path,
                format!("larger than {cap} bytes; not read (only logs may be that large)"),
            );
            // Drain so an archive stays in step; the bytes are not kept.
            io::copy(reader, &mut io::sink())?;
            return Ok(());
        }
        // Parsing happens on a worker; this thread goes back to decompressing.
        let id = self.add_file(path, FileKind::NotUsed);
        self.make_room();
        let (filter, tx, max_line, path) = (
            Arc::clone(&self.filter),
            self.results_tx.clone(),
            self.limits.max_line_bytes,
            path.clone(),
        );
        self.in_flight += 1;
        rayon::spawn(move || {
            let parsed = formats::parse(id, &path, bytes, format, &*filter, max_line);
            let _ = tx.send(Done::File(Box::new(parsed)));
        });
        Ok(())
    }
}

impl Visitor for Builder<'_> {
    fn visit(&mut self, path: &BundlePath, reader: &mut dyn Read) -> io::Result<()> {
        // The formats judge a file by its first bytes; a log is streamed from there on, any
        // other file read whole.
        let mut head = Vec::new();
        (&mut *reader)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)?;
        let complete = head.len() < HEAD_BYTES;
        let text = head_text(&head, complete);
        let claim = if head.contains(&0) {
            None
        } else {
            formats::claim(&Head { path, text: &text })
        };
        let place = layout::place(path);
        let mut rest = io::Cursor::new(head).chain(reader);
        match (claim, place) {
            (Some((_, Claim::Log(dialect))), place) => {
                let place = place.unwrap_or_else(|| place_from_name(path));
                self.read_log(path, place, dialect, &text, &mut rest)
            }
            (None, Some(place)) => self.read_log(path, place, &PastedText, &text, &mut rest),
            (Some((format, Claim::Whole)), _) => self.read_whole(path, Some(format), &mut rest),
            (None, None) => self.read_whole(path, None, &mut rest),
        }
    }

    fn warn(&mut self, warning: Warning) {
        self.inv.warnings.push(warning);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::sync::Arc;

    use crate::inventory::log::KeepAll;
    use crate::source::{BundlePath, Limits};

    /// Yields `len` bytes of `a` with no newline, then a short second line.
    struct OneHugeLine {
        left: u64,
        tail: &'static [u8],
    }

    impl Read for OneHugeLine {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left > 0 {
                let n = (buf.len() as u64).min(self.left) as usize;
                buf[..n].fill(b'a');
                self.left -= n as u64;
                return Ok(n);
            }
            let n = buf.len().min(self.tail.len());
            buf[..n].copy_from_slice(&self.tail[..n]);
            self.tail = &self.tail[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_one_gigabyte_line_keeps_its_head_and_the_next_line() {
        let limits = Limits::default();
        let inv = crate::inventory::from_visitor(&limits, Arc::new(KeepAll), |v| {
            let mut huge = OneHugeLine {
                left: 1 << 30,
                tail: b"\n2024-05-01T10:00:00Z {\"component\":\"virt-launcher\",\"level\":\"error\",\"msg\":\"after\"}\n",
            };
            let path = BundlePath::parse(
                "mg/namespaces/vms/pods/virt-launcher-x-abcde/compute/compute/logs/current.log",
            )
            .unwrap();
            v.visit(&path, &mut huge).unwrap();
        });
        let log = &inv.logs[0];
        assert_eq!(log.total_lines, 2);
        assert_eq!(log.cut_lines, 1);
        assert_eq!(
            log.lines[0].text.len(),
            limits.max_line_bytes,
            "only the head is kept"
        );
        assert_eq!(
            (
                log.lines[1].number,
                log.lines[1].text.ends_with("\"after\"}")
            ),
            (2, true)
        );
        let warnings: Vec<String> = inv.warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("1 line(s) longer than 65536 bytes were cut short")),
            "{warnings:?}"
        );
    }
}
