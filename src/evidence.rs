//! A line of the bundle that supports a finding: where it is and what it says.

use serde::Serialize;

use crate::inventory::{Inventory, Origin};
use crate::timestamp::Timestamp;

/// Longest excerpt kept; log lines can be kilobytes of JSON.
const EXCERPT_MAX: usize = 400;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// Path inside the bundle.
    pub file: String,
    /// 1-based line number in that file.
    pub line: u32,
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
        line: u32,
        excerpt: &str,
        what: String,
    ) -> Evidence {
        Evidence {
            file: inv.path(file).to_string(),
            line,
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
    fn clips_long_lines_on_char_boundaries() {
        let long = "é".repeat(500);
        let c = clip(&long);
        assert!(c.len() <= EXCERPT_MAX + "…".len());
        assert!(c.ends_with('…'));
    }
}
