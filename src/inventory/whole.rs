//! Reading a file that is parsed whole (YAML, JSON, describe text, tables) within bounds.
//! Two shapes cost far more than their size once parsed, and are caught while reading:
//! a line megabytes long (a name or a message of a hostile object), which is cut short here,
//! and a file of mostly empty lines, which the caller searches as plain text instead.

use std::io::{self, Read};

/// Longest line kept of a text file that is not JSON (longer ones keep their head). Real
/// YAML lines stay far below: the longest are `last-applied-configuration` annotations.
pub(crate) const LONG_LINE: usize = 1 << 20;
/// Bytes read before the share of newlines is judged.
const JUDGE_AFTER: u64 = 8 << 20;
/// More than one newline per this many bytes is not a real document.
const BYTES_PER_LINE: u64 = 8;

#[derive(Debug, Default)]
pub(crate) struct Whole {
    pub(crate) bytes: Vec<u8>,
    /// Lines cut at `LONG_LINE`.
    pub(crate) cut_lines: u64,
    /// Reading stopped early: the file is mostly newlines; `bytes` is what was read so far.
    pub(crate) newline_heavy: bool,
}

/// Reads up to a little more than `cap` bytes (the caller tells a file over `cap` by its
/// length). JSON (a first non-blank `{` or `[`) is kept as it is: it may be one long line.
pub(crate) fn read(reader: &mut dyn Read, cap: u64) -> io::Result<Whole> {
    let mut out = Whole::default();
    let mut chunk = vec![0u8; 1 << 20];
    let mut json = None;
    // Where the current line starts in `out.bytes`, and, while the rest of a cut line is
    // being dropped, the quote that closes its value (if it opened one).
    let mut line_start = 0;
    let mut dropping: Option<Option<u8>> = None;
    let (mut seen, mut newlines) = (0u64, 0u64);
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let mut data = &chunk[..n];
        seen += n as u64;
        if json.is_none()
            && let Some(b) = data.iter().find(|b| !b.is_ascii_whitespace())
        {
            json = Some(matches!(b, b'{' | b'['));
        }
        let cut_long = json == Some(false);
        while !data.is_empty() {
            let nl = memchr::memchr(b'\n', data);
            let end = nl.map_or(data.len(), |i| i + 1);
            if nl.is_some() {
                newlines += 1;
            }
            match dropping {
                Some(quote) => {
                    if nl.is_some() {
                        out.bytes.extend(quote);
                        out.bytes.push(b'\n');
                        line_start = out.bytes.len();
                        dropping = None;
                    }
                }
                None => {
                    out.bytes.extend_from_slice(&data[..end]);
                    let len = out.bytes.len() - line_start - usize::from(nl.is_some());
                    if cut_long && len > LONG_LINE {
                        let quote = cut_line(&mut out.bytes, line_start);
                        out.cut_lines += 1;
                        if nl.is_some() {
                            out.bytes.extend(quote);
                            out.bytes.push(b'\n');
                        } else {
                            dropping = Some(quote);
                        }
                    }
                    if nl.is_some() {
                        line_start = out.bytes.len();
                    }
                }
            }
            data = &data[end..];
        }
        if out.bytes.len() as u64 > cap {
            return Ok(out);
        }
        if seen >= JUDGE_AFTER && newlines.saturating_mul(BYTES_PER_LINE) > seen {
            out.newline_heavy = true;
            return Ok(out);
        }
    }
    if let Some(quote) = dropping {
        out.bytes.extend(quote);
    }
    Ok(out)
}

/// Cuts the line starting at `start` to `LONG_LINE` bytes, on a character boundary. Returns
/// the quote to close its value with, when the kept part opened a quoted scalar
/// (`key: "...`) and did not close it, so the YAML around it still parses.
fn cut_line(bytes: &mut Vec<u8>, start: usize) -> Option<u8> {
    let mut end = start + LONG_LINE;
    // Not inside a UTF-8 sequence: continuation bytes are 0b10xxxxxx.
    while end > start && (bytes[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    bytes.truncate(end);
    let line = &bytes[start..];
    let content = line.trim_ascii_start();
    let content = content.strip_prefix(b"- ").unwrap_or(content);
    let value = match memchr::memmem::find(content, b": ") {
        Some(i) => content[i + 2..].trim_ascii_start(),
        None => content,
    };
    let (&quote, rest) = value.split_first()?;
    let open = match quote {
        // A backslash escapes the next byte; an unescaped `"` closes.
        b'"' => {
            let mut escaped = false;
            let mut open = true;
            for &b in rest {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => open = !open,
                    _ => {}
                }
            }
            open
        }
        // `''` is a quote inside the value, so an odd count closes.
        b'\'' => rest.iter().filter(|&&b| b == b'\'').count() % 2 == 0,
        _ => false,
    };
    open.then_some(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `head`, then `byte` `len` times, then `tail`, read in pieces as an archive gives them.
    fn stream<'a>(head: &'a str, byte: u8, len: usize, tail: &'a str) -> Box<dyn Read + 'a> {
        Box::new(
            head.as_bytes()
                .chain(io::repeat(byte).take(len as u64))
                .chain(tail.as_bytes()),
        )
    }

    #[test]
    fn a_long_yaml_value_is_cut_and_its_quote_closed() {
        let mut r = stream(
            "kind: Pod\nmetadata:\n  name: \"",
            b'n',
            3 * LONG_LINE,
            "\"\nx: 1\n",
        );
        let w = read(&mut *r, u64::MAX).unwrap();
        assert_eq!(w.cut_lines, 1);
        let text = String::from_utf8(w.bytes).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(value["x"], serde_yaml::Value::from(1));
        let name = value["metadata"]["name"].as_str().unwrap();
        assert!(name.len() < LONG_LINE && name.len() > LONG_LINE - 100);

        let mut r = stream("message: ", b'm', 2 * LONG_LINE, "\nreason: Failed\n");
        let w = read(&mut *r, u64::MAX).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_slice(&w.bytes).unwrap();
        assert_eq!(value["reason"].as_str(), Some("Failed"));
    }

    #[test]
    fn json_on_one_line_is_kept_whole() {
        let mut r = stream("{\"a\": \"", b'j', 2 * LONG_LINE, "\"}");
        let w = read(&mut *r, u64::MAX).unwrap();
        assert_eq!((w.cut_lines, w.bytes.len()), (0, 2 * LONG_LINE + 9));
    }

    #[test]
    fn a_file_of_empty_lines_stops_early() {
        let mut r = stream("Name: x\n", b'\n', 64 << 20, "");
        let w = read(&mut *r, u64::MAX).unwrap();
        assert!(w.newline_heavy);
        assert!(w.bytes.len() < 10 << 20);
        // Real text, lines of a few dozen bytes, is read to its end.
        let line = "  Normal  Scheduled  5m  default-scheduler  Successfully assigned\n";
        let text = line.repeat((16 << 20) / line.len());
        let w = read(&mut text.as_bytes(), u64::MAX).unwrap();
        assert!(!w.newline_heavy && w.bytes.len() == text.len());
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let long = "é".repeat(LONG_LINE);
        let mut r = stream("k: ", 0, 0, &long);
        let w = read(&mut *r, u64::MAX).unwrap();
        assert!(String::from_utf8(w.bytes).is_ok());
    }
}
