//! The parts of one object's describe text the readers look up: column-0 header fields,
//! the indented block under a heading, `key=value` pairs, tables, and where it all is.

use std::collections::BTreeMap;

use super::Section;
use crate::inventory::formats::table::Columns;
use crate::inventory::formats::{Found, Object};
use crate::inventory::objects::*;

impl Section<'_> {
    /// Where the section is: the object read from it cites all its lines.
    pub(super) fn origin(&self) -> Origin {
        Origin {
            file: self.file,
            line: self.first,
            start: self.first,
            end: self.first + self.lines.len().saturating_sub(1) as u32,
        }
    }

    /// The file's line number of the section's line `index`.
    pub(super) fn line_no(&self, index: usize) -> u32 {
        self.first + index as u32
    }

    /// `Key:   value` at column 0.
    pub(super) fn header(&self, key: &str) -> String {
        self.lines
            .iter()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (!l.starts_with([' ', '\t']) && k == key).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    }

    /// Whether a column-0 `key:` is there, with or without a value.
    pub(super) fn has(&self, key: &str) -> bool {
        self.lines
            .iter()
            .any(|l| l.split_once(':').is_some_and(|(k, _)| k == key) && !l.starts_with(' '))
    }

    /// The indented lines under a column-0 heading (`Labels:`, `Conditions:`), the heading's
    /// own value first.
    pub(super) fn block(&self, heading: &str) -> Option<(usize, Vec<&str>)> {
        let at = self.lines.iter().position(|l| {
            l.split_once(':').is_some_and(|(k, _)| k == heading) && !l.starts_with([' ', '\t'])
        })?;
        let own = self.lines[at].split_once(':').map_or("", |(_, v)| v);
        let mut out = vec![own];
        for l in &self.lines[at + 1..] {
            // A wrapped line of a table may start at column 0; the next heading ends it.
            if is_heading(l) {
                break;
            }
            out.push(l);
        }
        Some((at, out))
    }

    /// `key=value` pairs of a `Labels:`-style block.
    fn pairs(&self, heading: &str) -> BTreeMap<String, String> {
        self.block(heading)
            .map(|(_, lines)| {
                lines
                    .iter()
                    .filter_map(|l| {
                        let (k, v) = l.trim().split_once('=')?;
                        Some((k.to_string(), v.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Name, namespace and labels, as every describer prints them at the top.
    pub(super) fn meta(&self) -> Meta {
        let none = |v: String| if v == "<none>" { String::new() } else { v };
        Meta {
            name: self.header("Name"),
            namespace: none(self.header("Namespace")),
            labels: self.pairs("Labels"),
            ..Meta::default()
        }
    }

    /// `object` with its dedup key: its UID, else its namespace and name.
    pub(super) fn found(&self, object: Object, kind: &'static str, meta: &Meta) -> Found {
        let key = if meta.uid.is_empty() {
            format!("{}/{}", meta.namespace, meta.name)
        } else {
            meta.uid.clone()
        };
        (object, (kind, key), Vec::new())
    }

    /// The rows of a table under a column-0 `heading`, with their index in the section.
    pub(super) fn table(&self, heading: &str) -> Vec<(usize, Vec<String>)> {
        let Some((at, lines)) = self.block(heading) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        let mut columns: Option<Columns> = None;
        for (k, line) in lines.iter().enumerate().skip(1) {
            if line.trim().is_empty() {
                break;
            }
            if line.trim_start().starts_with("----") {
                continue;
            }
            match &columns {
                None => columns = Some(Columns::from_header(line)),
                Some(cols) => rows.push((at + k, cols.cut(line))),
            }
        }
        rows
    }
}

/// A column-0 `Heading:` line (`Events:`, `Node Name:  x`), as opposed to a table row that
/// wrapped onto a new line.
fn is_heading(line: &str) -> bool {
    if line.starts_with([' ', '\t']) {
        return false;
    }
    line.split_once(':').is_some_and(|(k, v)| {
        k.starts_with(|c: char| c.is_ascii_uppercase())
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
            && (v.is_empty() || v.starts_with([' ', '\t']))
    })
}
