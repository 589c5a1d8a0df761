//! The `Events:` table of a describe, with its heading, with only its header row, or as
//! rows pasted alone: each row an event about the described object.

use super::Section;
use crate::inventory::formats::table::Columns;
use crate::inventory::objects::*;

/// The header row of an Events table: `Type  Reason  Age  From  Message`, or before
/// Kubernetes 1.10 `FirstSeen  LastSeen  Count  From  SubObjectPath  Type  Reason  Message`.
pub(super) fn is_events_header(line: &str) -> bool {
    let cols = Columns::from_header(line);
    ["Reason", "Message"].iter().all(|c| cols.index(c).is_some())
        && (cols.index("Type").is_some() || cols.index("FirstSeen").is_some())
}

/// A row of an Events table pasted without its header, cut at runs of two or more blanks:
/// `Warning  SyncFailed  1s (x16 over 5m2s)  virt-handler  <message>` as (type, reason, age,
/// message).
pub(super) fn event_row(line: &str) -> Option<(&str, &str, &str, String)> {
    let cells = wide_cells(line);
    let [kind, reason, age, _from, message @ ..] = cells.as_slice() else {
        return None;
    };
    let age_like = age.starts_with(|c: char| c.is_ascii_digit())
        || age.starts_with("<unknown>")
        || age.starts_with("<invalid>");
    ((*kind == "Normal" || *kind == "Warning") && age_like && !message.is_empty())
        .then(|| (*kind, *reason, *age, message.join("  ")))
}

/// The event a `kubectl describe` event row shows (`Type  Reason  Age  From  Message`), about
/// `involved`. A row pasted beside something else (under a `kubectl get` table) names no
/// object: its `involved` is empty.
pub(in crate::inventory::formats) fn row_event(
    line: &str,
    involved: &ObjectRef,
    file: FileId,
    line_no: u32,
) -> Option<Event> {
    let (kind, reason, age, message) = event_row(line)?;
    Some(Event {
        namespace: involved.namespace.clone(),
        involved: involved.clone(),
        kind: kind.into(),
        reason: reason.into(),
        message,
        count: age_count(age),
        last_seen: None,
        first_seen: None,
        origin: Origin::line(file, line_no),
    })
}

/// A line's cells, split at tabs and at runs of two or more spaces.
fn wide_cells(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        let end = rest
            .char_indices()
            .find(|&(i, c)| c == '\t' || (c == ' ' && rest[i + 1..].starts_with([' ', '\t'])))
            .map_or(rest.len(), |(i, _)| i);
        cells.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    cells
}

/// `2m (x5 over 10m)` → 5; a plain age → 1.
fn age_count(age: &str) -> u32 {
    age.split_once("(x")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

impl Section<'_> {
    /// The pod an `Events:` table pasted alone is about, from kube-scheduler's `Scheduled`
    /// event (`Successfully assigned <namespace>/<pod> to <node>`, kubernetes
    /// `pkg/scheduler/schedule_one.go`).
    pub(super) fn scheduled_pod(&self) -> Option<ObjectRef> {
        self.lines.iter().find_map(|l| {
            let rest = l.split("Successfully assigned ").nth(1)?;
            let (target, _node) = rest.split_once(" to ")?;
            let (ns, pod) = target.split_once('/')?;
            Some(ObjectRef {
                kind: "Pod".into(),
                name: pod.trim().to_string(),
                namespace: ns.trim().to_string(),
                uid: String::new(),
            })
        })
    }

    /// The `Events:` table. A row starts with its type (`Normal`, `Warning`), or in tables
    /// older than event types with its first column filled; a line that does not is the
    /// wrapped tail of the row before it. A table pasted without its heading, or rows
    /// without their header, are read the same way.
    pub(super) fn events(&self, involved: &ObjectRef) -> Vec<Event> {
        let (at, lines) = match self.block("Events") {
            Some((at, lines)) => (at + 1, lines[1..].to_vec()),
            None => (0, self.lines.to_vec()),
        };
        let mut columns: Option<Columns> = None;
        let mut out: Vec<Event> = Vec::new();
        for (k, line) in lines.iter().enumerate() {
            let trimmed = line.trim();
            let line_no = self.line_no(at + k);
            if trimmed.is_empty() {
                if columns.is_some() {
                    break;
                }
                continue;
            }
            if trimmed.starts_with("----") {
                continue;
            }
            let event = |kind: String, reason: String, message: String, count: u32| Event {
                namespace: involved.namespace.clone(),
                involved: involved.clone(),
                kind,
                reason,
                message,
                count,
                last_seen: None,
                first_seen: None,
                origin: Origin::line(self.file, line_no),
            };
            let Some(cols) = &columns else {
                if is_events_header(line) {
                    columns = Some(Columns::from_header(line));
                } else if let Some(e) = row_event(line, involved, self.file, line_no) {
                    out.push(e);
                } else if let Some(last) = out.last_mut() {
                    last.message.push(' ');
                    last.message.push_str(trimmed);
                    last.origin.end = line_no;
                }
                continue;
            };
            let cells = cols.cut(line);
            let cell = |name: &str| {
                cols.index(name)
                    .and_then(|i| cells.get(i))
                    .cloned()
                    .unwrap_or_default()
            };
            let kind = cell("Type");
            let starts_row = match cols.index("Type") {
                Some(_) => kind == "Normal" || kind == "Warning",
                // Before event types: a row fills its first column, a wrapped tail does not.
                None => {
                    !line.starts_with([' ', '\t']) || cells.first().is_some_and(|c| !c.is_empty())
                }
            } && !cell("Reason").is_empty();
            if !starts_row {
                // The message went on past the line's end.
                if let Some(last) = out.last_mut() {
                    last.message.push(' ');
                    last.message.push_str(trimmed);
                    last.origin.end = line_no;
                }
                continue;
            }
            // Message is the last column; older kubectl printed `Count` on its own.
            let count = cell("Age");
            let count = if count.is_empty() {
                cell("Count").parse().unwrap_or(1)
            } else {
                age_count(&count)
            };
            out.push(event(kind, cell("Reason"), cell("Message"), count));
        }
        out
    }
}
