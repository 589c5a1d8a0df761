//! A line of the bundle that supports a finding: where it is and what it says.

use serde::Serialize;

use crate::inventory::{Inventory, Origin};
use crate::timestamp::Timestamp;

/// Longest excerpt kept; log lines can be kilobytes of JSON.
const EXCERPT_MAX: usize = 400;

/// How much of a long value is quoted around the words that matched.
const QUOTE_WINDOW: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// Path inside the bundle.
    pub file: String,
    /// 1-based line number in that file.
    pub line: u64,
    /// The line itself, trimmed and cut to a readable length.
    pub excerpt: String,
    /// What the line is, in a few words: `event FailedMount on Pod virt-launcher-x`.
    pub what: String,
    /// When it happened, if the line or its object says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
}

impl Evidence {
    pub(crate) fn new(
        inv: &Inventory,
        file: crate::inventory::FileId,
        line: impl Into<u64>,
        excerpt: &str,
        what: String,
    ) -> Evidence {
        Evidence {
            file: inv.path(file).to_string(),
            line: line.into(),
            excerpt: clip(excerpt.trim()),
            what,
            time: None,
        }
    }

    /// Cites the first line of an object's span that `want` accepts, else the object's own line.
    pub(crate) fn in_object(
        inv: &Inventory,
        origin: Origin,
        want: impl Fn(&str) -> bool,
        what: String,
    ) -> Evidence {
        let (line, text) = inv
            .find_line(origin, want)
            .or_else(|| {
                inv.line_text(origin.file, origin.line)
                    .map(|t| (origin.line, t))
            })
            .unwrap_or((origin.line, ""));
        Evidence::new(inv, origin.file, line, text, what)
    }

    pub(crate) fn at(mut self, time: Option<Timestamp>) -> Evidence {
        self.time = time;
        self
    }

    /// Quotes `value` (the whole parsed value: a folded message joined, a condition as one
    /// line) instead of the cited line, cut to about 300 characters around what `focus`
    /// matches in it. The citation stays at the value's first line.
    pub(crate) fn quoting(mut self, value: &str, focus: Option<&regex::Regex>) -> Evidence {
        let value = value.trim();
        if !value.is_empty() {
            self.excerpt = window(value, focus);
        }
        self
    }
}

/// `text` on one line, whole when short, else about `QUOTE_WINDOW` bytes around what `focus`
/// matches (the start when nothing does), with `…` where it was cut, on character boundaries.
pub(crate) fn window(text: &str, focus: Option<&regex::Regex>) -> String {
    // One line: a quote sits in a table cell or after a bullet.
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() <= QUOTE_WINDOW {
        return text;
    }
    let focus = focus.and_then(|re| re.find(&text)).map(|m| m.range());
    let (start, end) = match focus {
        Some(r) => {
            let len = (r.end - r.start).min(QUOTE_WINDOW);
            let before = (QUOTE_WINDOW - len) / 3;
            let start = r.start.saturating_sub(before);
            (start, (start + QUOTE_WINDOW).min(text.len()))
        }
        None => (0, QUOTE_WINDOW),
    };
    let (mut start, mut end) = (start, end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Cut between words where one is near.
    if start > 0
        && let Some(space) = text[start..].get(..24).and_then(|t| t.find(' '))
    {
        start += space + 1;
    }
    if end < text.len()
        && let Some(space) = text[..end]
            .rfind(' ')
            .filter(|s| end - s < 24 && *s > start)
    {
        end = space;
    }
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        &text[start..end],
        if end < text.len() { "…" } else { "" }
    )
}

fn clip(text: &str) -> String {
    if text.len() <= EXCERPT_MAX {
        return text.to_string();
    }
    let mut end = EXCERPT_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// A line that sets `key` in YAML (`key: value`) or JSON (`"key": value`), with the value
/// containing `value` when given.
pub(crate) fn sets(line: &str, key: &str, value: Option<&str>) -> bool {
    let t = line.trim_start().trim_start_matches("- ");
    let rest = t
        .strip_prefix(key)
        .and_then(|r| r.strip_prefix(':'))
        .or_else(|| {
            t.strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix("\":"))
        });
    match (rest, value) {
        (Some(r), Some(v)) => r.contains(v),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_yaml_and_json_keys() {
        assert!(sets("    reason: OOMKilled", "reason", Some("OOMKilled")));
        assert!(sets("  - type: Ready", "type", Some("Ready")));
        assert!(sets(
            "  \"reason\": \"OOMKilled\",",
            "reason",
            Some("OOMKilled")
        ));
        assert!(!sets("    message: reason: OOMKilled", "reason", None));
    }

    #[test]
    fn a_long_value_is_quoted_around_its_match() {
        let message = format!(
            "{} MountVolume.SetUp failed for volume \"pvc-1\" {}",
            "a ".repeat(200),
            "z ".repeat(200)
        );
        let re = regex::Regex::new(r"MountVolume\.SetUp failed").unwrap();
        let q = window(&message, Some(&re));
        assert!(q.contains("MountVolume.SetUp failed for volume"), "{q}");
        assert!(q.starts_with('…') && q.ends_with('…'), "{q}");
        assert!(q.len() <= QUOTE_WINDOW + 2 * "…".len());
        assert_eq!(window("short\n  folded", None), "short folded");
    }

    #[test]
    fn clips_long_lines_on_char_boundaries() {
        let long = "é".repeat(500);
        let c = clip(&long);
        assert!(c.len() <= EXCERPT_MAX + "…".len());
        assert!(c.ends_with('…'));
    }
}
