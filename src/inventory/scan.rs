//! Log scanning in blocks: a log is cut into blocks of whole lines as it streams out of the
//! bundle, and each block is scanned (line filter, KubeVirt fields) on a rayon worker while
//! the next one is being decompressed. Only kept lines stay in memory; a line longer than the
//! limit keeps its head and is counted as cut, however long it is.

use std::io::{self, Read};

use super::log::json::JsonMessage;
use super::log::{LineFilter, LineTime, LogComponent, LogDialect, LogFile, LogLine};
use crate::timestamp::Timestamp;

/// Bytes per block: large enough to amortise task overhead, small enough to bound memory.
pub(crate) const BLOCK_BYTES: usize = 1 << 20;

/// A run of whole lines of one log.
#[derive(Debug)]
pub(crate) struct Block {
    pub(crate) bytes: Vec<u8>,
    /// The block's last line is the head of a line longer than a block; the rest was dropped.
    pub(crate) last_cut: bool,
}

/// Cuts a stream into blocks at line ends.
pub(crate) struct Blocks<'r> {
    reader: &'r mut dyn Read,
    carry: Vec<u8>,
    /// Inside an over-long line whose head was already emitted: drop up to the next newline.
    skipping: bool,
    max_line: usize,
    eof: bool,
}

impl<'r> Blocks<'r> {
    pub(crate) fn new(reader: &'r mut dyn Read, max_line: usize) -> Self {
        Blocks {
            reader,
            carry: Vec::new(),
            skipping: false,
            max_line: max_line.min(BLOCK_BYTES),
            eof: false,
        }
    }

    /// Reads until `buf` holds a block or the log ends. `read_to_end` on a `take` grows the
    /// buffer as data comes, so a small log never costs a whole zeroed block.
    fn fill(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        if buf.len() < BLOCK_BYTES && !self.eof {
            let want = (BLOCK_BYTES - buf.len()) as u64;
            let got = (&mut self.reader).take(want).read_to_end(buf)?;
            if (got as u64) < want {
                self.eof = true;
            }
        }
        Ok(())
    }

    /// The next block, or `None` at the end of the log.
    pub(crate) fn next_block(&mut self) -> io::Result<Option<Block>> {
        loop {
            let mut buf = std::mem::take(&mut self.carry);
            self.fill(&mut buf)?;
            if self.skipping {
                match memchr::memchr(b'\n', &buf) {
                    Some(i) => {
                        buf.drain(..=i);
                        self.skipping = false;
                    }
                    None if self.eof => return Ok(None),
                    None => continue,
                }
            }
            if buf.is_empty() && self.eof {
                return Ok(None);
            }
            let (bytes, last_cut) = match memchr::memrchr(b'\n', &buf) {
                Some(i) => {
                    self.carry = buf.split_off(i + 1);
                    (buf, false)
                }
                None if self.eof => (buf, false),
                None => {
                    // One line fills the whole block: keep its head, drop the rest.
                    buf.truncate(self.max_line);
                    self.skipping = true;
                    (buf, true)
                }
            };
            // Lines are counted by the scanner, off this (decompressing) thread.
            return Ok(Some(Block { bytes, last_cut }));
        }
    }
}

/// What scanning one block found.
#[derive(Debug, Default)]
pub(crate) struct BlockScan {
    pub(crate) lines: Vec<LogLine>,
    pub(crate) total: u64,
    pub(crate) cut: u64,
    pub(crate) invalid_utf8: u64,
    pub(crate) newest: Option<Timestamp>,
}

/// Keeps the lines of `block` that `filter` selects, with their level and time (and where a
/// JSON record says what it says, so nothing parses it again). The block is
/// passed over a few times with fast searches (newlines, UTF-8, the filter's patterns); only
/// kept lines are turned into text.
pub(crate) fn scan_block(
    block: &Block,
    component: LogComponent,
    dialect: &dyn LogDialect,
    filter: &dyn LineFilter,
    max_line: usize,
) -> BlockScan {
    let mut out = BlockScan::default();
    let body = block.bytes.strip_suffix(b"\n").unwrap_or(&block.bytes);
    if body.is_empty() && block.bytes.is_empty() {
        return out;
    }
    // Line count and over-long lines, from the newline positions alone.
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', body) {
        out.total += 1;
        if nl - start > max_line {
            out.cut += 1;
        }
        start = nl + 1;
    }
    out.total += 1;
    if body.len() - start > max_line || block.last_cut {
        out.cut += 1;
    }
    let valid_utf8 = std::str::from_utf8(body).is_ok();
    if !valid_utf8 {
        out.invalid_utf8 = body
            .split(|b| *b == b'\n')
            .filter(|line| std::str::from_utf8(line).is_err())
            .count() as u64;
    }
    let mut keep = Vec::new();
    filter.select(component, body, &mut keep);
    // Line numbers: count newlines from one kept line to the next, so the whole block is
    // counted once however many lines are kept.
    // Numbers are relative to the block (its first line is 1); `merge` adds the lines of the
    // blocks before it.
    let (mut counted_to, mut line_no) = (0usize, 1u64);
    for range in keep {
        line_no += memchr::memchr_iter(b'\n', &body[counted_to..range.start]).count() as u64;
        counted_to = range.start;
        let mut raw = &body[range];
        raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        raw = &raw[..raw.len().min(max_line)];
        let text = String::from_utf8_lossy(raw).into_owned();
        let fields = dialect.read_line(&text);
        let (timestamp, yearless) = match fields.time {
            LineTime::At(t) => (Some(t), None),
            LineTime::Yearless(y) => (None, Some(y)),
            LineTime::Unknown => (None, None),
        };
        if timestamp > out.newest {
            out.newest = timestamp;
        }
        out.lines.push(LogLine {
            number: line_no,
            text,
            level: fields.level,
            timestamp,
            yearless,
            json: fields.json.map(Box::new),
        });
    }
    out
}

/// Lines a filter keeps are few in a real log (only lines some rule could match), but a log
/// made of nothing else must not cost its size in memory. Each log keeps its first lines and
/// its last lines; those in between are counted. The caps are in lines and in bytes of text.
pub(crate) const HEAD_LINES: usize = 2000;
pub(crate) const HEAD_TEXT: usize = 4 << 20;
pub(crate) const TAIL_LINES: usize = 2000;
pub(crate) const TAIL_TEXT: usize = 4 << 20;
/// Bytes of kept lines across all logs of a bundle, text and bookkeeping: past it, later
/// matching lines are counted, not kept.
pub(crate) const KEPT_TOTAL: u64 = 96 << 20;

/// What is left of the bundle's budget for kept lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeptBudget {
    pub(crate) left: u64,
    /// Lines counted and not kept because the budget ran out.
    pub(crate) refused: u64,
}

impl Default for KeptBudget {
    fn default() -> Self {
        KeptBudget {
            left: KEPT_TOTAL,
            refused: 0,
        }
    }
}

/// What one kept line costs against the budget: its text, its slot, and where a JSON
/// record's message is.
fn cost(line: &LogLine) -> u64 {
    let json = line.json.as_ref().map_or(0, |_| size_of::<JsonMessage>());
    (line.text.len() + size_of::<LogLine>() + json) as u64
}

/// Adds a block's findings to its log; blocks must come in order. Lines past the caps are
/// counted in `dropped_lines`.
pub(crate) fn merge(log: &mut LogFile, scan: BlockScan, budget: &mut KeptBudget) {
    let offset = log.total_lines;
    for mut line in scan.lines {
        line.number += offset;
        let c = cost(&line);
        if c > budget.left {
            budget.refused += 1;
            log.dropped_lines += 1;
            continue;
        }
        budget.left -= c;
        let k = &mut log.keeping;
        let n = line.text.len();
        if !k.head_closed && k.head < HEAD_LINES && k.head_text + n <= HEAD_TEXT {
            k.head += 1;
            k.head_text += n;
        } else {
            k.head_closed = true;
            k.tail_text += n;
        }
        log.lines.push(line);
        // Trimmed when twice over, so each line is moved a bounded number of times.
        let k = log.keeping;
        if log.lines.len() - k.head > 2 * TAIL_LINES || k.tail_text > 2 * TAIL_TEXT {
            trim_tail(log, budget);
        }
    }
    log.total_lines += scan.total;
    log.cut_lines += scan.cut;
    log.invalid_utf8_lines += scan.invalid_utf8;
    if scan.newest > log.newest {
        log.newest = scan.newest;
    }
}

/// Charges a log read on its own (text inside a file read whole) to the bundle's budget:
/// the lines past what is left are counted, not kept.
pub(crate) fn charge(log: &mut LogFile, budget: &mut KeptBudget) {
    let (mut spent, mut fits) = (0u64, 0);
    for line in &log.lines {
        let c = cost(line);
        if spent + c > budget.left {
            break;
        }
        spent += c;
        fits += 1;
    }
    let refused = (log.lines.len() - fits) as u64;
    if refused > 0 {
        log.lines.truncate(fits);
        let k = &mut log.keeping;
        k.head = k.head.min(fits);
        k.tail_text = log.lines[k.head..].iter().map(|l| l.text.len()).sum();
    }
    budget.left -= spent;
    budget.refused += refused;
    log.dropped_lines += refused;
}

/// Brings a log's tail within its caps, dropping its oldest lines. Called as lines come and
/// once when the log is complete.
pub(crate) fn trim_tail(log: &mut LogFile, budget: &mut KeptBudget) {
    let head = log.keeping.head;
    let mut tail_len = log.lines.len() - head;
    let mut drop = 0;
    for line in &log.lines[head..] {
        if tail_len - drop <= TAIL_LINES && log.keeping.tail_text <= TAIL_TEXT {
            break;
        }
        log.keeping.tail_text -= line.text.len();
        budget.left += cost(line);
        drop += 1;
    }
    if drop > 0 {
        log.lines.drain(head..head + drop);
        log.dropped_lines += drop as u64;
        tail_len -= drop;
    }
    debug_assert!(tail_len <= 2 * TAIL_LINES);
}

/// Reads and scans a whole log on the calling thread (small logs, tests).
pub(crate) fn read_log_here(
    mut log: LogFile,
    reader: &mut dyn Read,
    filter: &dyn LineFilter,
    max_line: usize,
) -> io::Result<LogFile> {
    let mut blocks = Blocks::new(reader, max_line);
    let mut budget = KeptBudget::default();
    while let Some(block) = blocks.next_block()? {
        let (component, dialect) = (log.component, log.dialect);
        merge(
            &mut log,
            scan_block(&block, component, dialect, filter, max_line),
            &mut budget,
        );
    }
    trim_tail(&mut log, &mut budget);
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::formats::log_kubevirt::KubevirtJson;
    use crate::inventory::log::{KeepAll, Level, LogComponent, LogPlace};
    use crate::inventory::objects::FileId;

    fn read(bytes: &[u8], max_line: usize) -> LogFile {
        let mut r = bytes;
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
        read_log_here(
            LogFile::new(FileId(0), LogPlace::default(), &KubevirtJson, &head),
            &mut r,
            &KeepAll,
            max_line,
        )
        .unwrap()
    }

    #[test]
    fn reads_lines_with_fields_and_caps_long_ones() {
        let mut bytes = b"2024-05-01T10:00:01.5Z {\"component\":\"virt-launcher\",\"level\":\"error\",\"msg\":\"x\",\"timestamp\":\"2024-05-01T10:00:00Z\"}\nplain\r\n\xc3\xbf\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'a', 5000));
        bytes.push(b'\n');
        bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
        bytes.extend_from_slice(b"no newline at the end");
        let log = read(&bytes, 200);
        assert_eq!(log.total_lines, 6);
        assert_eq!(log.component, LogComponent::VirtLauncher);
        assert_eq!(log.lines[0].level, Some(Level::Error));
        assert_eq!(
            log.lines[0].timestamp,
            Timestamp::parse("2024-05-01T10:00:00Z")
        );
        assert_eq!(log.lines[1].text, "plain");
        assert_eq!(log.cut_lines, 1);
        assert_eq!(log.lines[3].text.len(), 200);
        assert_eq!(log.invalid_utf8_lines, 1);
        assert_eq!(
            (log.lines[5].number, log.lines[5].text.as_str()),
            (6, "no newline at the end")
        );
    }

    #[test]
    fn a_line_longer_than_a_block_keeps_its_head_and_numbering_goes_on() {
        let mut bytes = b"first\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 3 * BLOCK_BYTES + 17));
        bytes.extend_from_slice(b"\nafter\n");
        let log = read(&bytes, 100);
        let got: Vec<(u64, usize)> = log.lines.iter().map(|l| (l.number, l.text.len())).collect();
        assert_eq!(got, vec![(1, 5), (2, 100), (3, 5)]);
        assert_eq!((log.total_lines, log.cut_lines), (3, 1));
    }

    #[test]
    fn line_numbers_run_across_blocks() {
        let line = format!("{}\n", "y".repeat(999));
        let bytes = line.repeat(3 * BLOCK_BYTES / 1000);
        let log = read(bytes.as_bytes(), 64 << 10);
        assert_eq!(log.total_lines as usize, 3 * BLOCK_BYTES / 1000);
        assert!(
            log.lines
                .iter()
                .enumerate()
                .all(|(i, l)| l.number as usize == i + 1)
        );
    }

    #[test]
    fn a_log_of_matching_lines_keeps_its_first_and_last_lines_and_counts_the_rest() {
        let lines = 5 * (HEAD_LINES + TAIL_LINES);
        let bytes: String = (1..=lines).map(|i| format!("line {i}\n")).collect();
        let log = read(bytes.as_bytes(), 1024);
        assert_eq!(log.total_lines as usize, lines);
        assert_eq!(log.lines.len(), HEAD_LINES + TAIL_LINES);
        assert_eq!(log.dropped_lines as usize, lines - HEAD_LINES - TAIL_LINES);
        let numbers: Vec<u64> = log.lines.iter().map(|l| l.number).collect();
        let expected: Vec<u64> = (1..=HEAD_LINES as u64)
            .chain((lines - TAIL_LINES + 1) as u64..=lines as u64)
            .collect();
        assert_eq!(numbers, expected);
        assert!(
            log.lines
                .iter()
                .all(|l| l.text == format!("line {}", l.number))
        );
    }

    #[test]
    fn long_matching_lines_are_capped_by_bytes_too() {
        let line = format!("{}\n", "z".repeat(60_000));
        let log = read(line.repeat(1000).as_bytes(), 64 << 10);
        let text: usize = log.lines.iter().map(|l| l.text.len()).sum();
        assert!(text <= HEAD_TEXT + TAIL_TEXT, "{text}");
        assert_eq!(log.dropped_lines as usize + log.lines.len(), 1000);
        assert_eq!(log.lines.last().unwrap().number, 1000);
    }

    #[test]
    fn past_the_bundle_budget_lines_are_counted_not_kept() {
        let mut log = LogFile::new(FileId(0), LogPlace::default(), &KubevirtJson, "");
        let mut budget = KeptBudget {
            left: 3 * (size_of::<LogLine>() as u64 + 8),
            refused: 0,
        };
        let block = Block {
            bytes: b"line 01\nline 02\nline 03\nline 04\nline 05\n".to_vec(),
            last_cut: false,
        };
        let dialect = &KubevirtJson;
        merge(
            &mut log,
            scan_block(&block, LogComponent::Other, dialect, &KeepAll, 100),
            &mut budget,
        );
        assert_eq!(
            (log.lines.len(), log.dropped_lines, budget.refused),
            (3, 2, 2)
        );
        assert_eq!(log.total_lines, 5);
    }

    /// Regression: line numbers were 32-bit and wrapped past 4,294,967,295 lines.
    #[test]
    fn line_numbers_go_past_four_billion() {
        let mut log = LogFile::new(FileId(0), LogPlace::default(), &KubevirtJson, "");
        log.total_lines = u64::from(u32::MAX) + 10;
        let block = Block {
            bytes: b"a\nb\n".to_vec(),
            last_cut: false,
        };
        let scan = scan_block(&block, LogComponent::Other, &KubevirtJson, &KeepAll, 100);
        merge(&mut log, scan, &mut KeptBudget::default());
        let numbers: Vec<u64> = log.lines.iter().map(|l| l.number).collect();
        assert_eq!(
            numbers,
            [u64::from(u32::MAX) + 11, u64::from(u32::MAX) + 12]
        );
        assert_eq!(log.total_lines, u64::from(u32::MAX) + 12);
    }

    #[test]
    fn a_log_read_apart_is_charged_to_the_bundle_budget() {
        let bytes: String = (1..=10).map(|i| format!("line {i:02}\n")).collect();
        let mut log = read(bytes.as_bytes(), 100);
        let mut budget = KeptBudget {
            left: 4 * (size_of::<LogLine>() as u64 + 7) + 3,
            refused: 0,
        };
        charge(&mut log, &mut budget);
        assert_eq!((log.lines.len(), log.dropped_lines), (4, 6));
        assert_eq!((budget.left, budget.refused), (3, 6));
        assert_eq!(log.lines[3].text, "line 04");
    }
}
