//! Where a KubeVirt JSON log line keeps what it says: found once when the line is kept
//! (`JsonMessage`, byte ranges into the line), so that quoting it later decodes nothing
//! again. The dialect that reads such logs is `formats::log_kubevirt`.

use super::container_prefix;

/// Where a line's JSON starts: after kubelet's or kubectl's timestamp, after the backticks
/// or quote marks a paste may have put around it, and after the pod or container name that
/// `kubectl logs --prefix` (`[pod/virt-handler-x/virt-handler] `) and stern
/// (`virt-handler-x virt-handler `) put first.
pub(crate) fn json_part(line: &str) -> &str {
    let (_, rest) = container_prefix(line);
    let rest = rest.trim_start().trim_start_matches(['`', '>', ' ']);
    if rest.starts_with('{') {
        return rest;
    }
    match rest.find(" {\"") {
        Some(at)
            if at <= 160
                && rest[..at].split(' ').count() <= 2
                && !rest[..at].contains(['{', '"']) =>
        {
            &rest[at + 1..]
        }
        _ => rest,
    }
}

/// The line's JSON, without what a paste may have put after it.
pub(crate) fn json_text(line: &str) -> &str {
    json_part(line).trim_end().trim_end_matches('`')
}

/// The JSON object of a line, when it is one.
pub(crate) fn object(line: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let rest = json_text(line);
    if !rest.starts_with('{') {
        return None;
    }
    match serde_json::from_str::<serde_json::Value>(rest).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

/// What a JSON log line says, as a person reads it: `error: <msg> (reason: <reason>)`,
/// strings unescaped; `None` for a line that is not one, or that says nothing (`msg` empty).
/// Lines kept from a log carry this already (`LogLine::said`); tests compare the two.
#[cfg(test)]
pub(crate) fn decoded(line: &str) -> Option<String> {
    JsonMessage::of(line).map(|m| m.render(line))
}

/// Where a KubeVirt JSON record keeps what it says: the `level`, `msg`, `reason`, `error` and
/// `err` strings, as byte ranges of the line between their quotes (escapes and all). Kept
/// with each log line at scan time instead of a decoded copy of its text; an absent, empty
/// or non-string field is an empty range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonMessage {
    level: Span,
    msg: Span,
    /// `reason`, `error`, `err`, in the order they are shown.
    details: [Span; 3],
}

/// The keys a message is made of, in `JsonMessage`'s order.
const MESSAGE_KEYS: [&str; 5] = ["level", "msg", "reason", "error", "err"];

/// Bytes `start..end` of a line. u32: kept lines are cut far below 4 GiB (`max_line`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The string the range holds, unescaped when it has escapes.
    fn text<'a>(&self, line: &'a str) -> std::borrow::Cow<'a, str> {
        let (start, end) = (self.start as usize, self.end as usize);
        let raw = line.get(start..end).unwrap_or("");
        if !raw.contains('\\') {
            return raw.into();
        }
        // The quotes around it make it a JSON string literal again; it parsed as one when
        // the line did.
        line.get(start - 1..end + 1)
            .and_then(|quoted| serde_json::from_str::<String>(quoted).ok())
            .map_or(raw.into(), Into::into)
    }

    fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl JsonMessage {
    /// What `line` says, when it is a KubeVirt JSON record with a `msg`.
    pub(crate) fn of(line: &str) -> Option<JsonMessage> {
        Self::from_object(line, &object(line)?)
    }

    /// The message of `line`, whose JSON object `map` was parsed already: the parse proved
    /// the object well formed, and what is left is to find where its strings are.
    pub(crate) fn from_object(
        line: &str,
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<Self> {
        let msg = map.get("msg").and_then(serde_json::Value::as_str);
        if msg.is_none_or(str::is_empty) {
            return None;
        }
        let json = json_text(line);
        let offset = line.len() - json_part(line).len();
        let spans = string_spans(json, MESSAGE_KEYS)?.map(|range| {
            let start = u32::try_from(offset + range.start).ok()?;
            let end = u32::try_from(offset + range.end).ok()?;
            Some(Span { start, end })
        });
        let [level, msg, reason, error, err] = spans;
        Some(JsonMessage {
            level: level?,
            msg: msg?,
            details: [reason?, error?, err?],
        })
    }

    /// The message as evidence shows it: `<level>: <msg>`, then ` (<key>: <value>)` for
    /// each of `reason`, `error` and `err` that is there.
    pub(crate) fn render(&self, line: &str) -> String {
        let msg = self.msg.text(line);
        let mut out = if self.level.is_empty() {
            msg.into_owned()
        } else {
            format!("{}: {msg}", self.level.text(line))
        };
        for (key, span) in MESSAGE_KEYS[2..].iter().zip(&self.details) {
            if !span.is_empty() {
                out.push_str(&format!(" ({key}: {})", span.text(line)));
            }
        }
        out
    }
}

/// For each of `keys`, the range of `object` between the quotes of its string value at the
/// top level (the last one, as a parse keeps the last of repeated keys); an empty range for
/// a key that is missing or whose value is not a string. `object` is one JSON object that
/// parsed; `None` only if it turns out not to be.
fn string_spans<const N: usize>(
    object: &str,
    keys: [&str; N],
) -> Option<[std::ops::Range<usize>; N]> {
    let b = object.as_bytes();
    let mut out: [std::ops::Range<usize>; N] = std::array::from_fn(|_| 0..0);
    let skip_ws = |mut i: usize| {
        while b
            .get(i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
        }
        i
    };
    // The index of the closing quote of the string whose opening quote is at `i`.
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        loop {
            match b.get(i)? {
                b'"' => return Some(i),
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
    };
    let mut i = skip_ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(i + 1);
    while b.get(i) == Some(&b'"') {
        let key_end = string_end(i)?;
        let raw_key = &object[i + 1..key_end];
        let key: std::borrow::Cow<str> = if raw_key.contains('\\') {
            serde_json::from_str::<String>(&object[i..=key_end])
                .ok()?
                .into()
        } else {
            raw_key.into()
        };
        i = skip_ws(key_end + 1);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(i + 1);
        let value = if b.get(i) == Some(&b'"') {
            let end = string_end(i)?;
            let range = i + 1..end;
            i = end + 1;
            range
        } else {
            i = value_end(b, i)?;
            0..0
        };
        if let Some(slot) = keys.iter().position(|k| *k == key) {
            out[slot] = value;
        }
        i = skip_ws(i);
        match b.get(i)? {
            b',' => i = skip_ws(i + 1),
            b'}' => return Some(out),
            _ => return None,
        }
    }
    (b.get(i) == Some(&b'}')).then_some(out)
}

/// Where a value that is not a string ends (a number, a literal, an array or object, whose
/// strings may hold any bracket): at the `,` or `}` that follows it at its own level.
fn value_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match b.get(i)? {
            b'"' => {
                i += 1;
                loop {
                    match b.get(i)? {
                        b'"' => break,
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(i),
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
}
