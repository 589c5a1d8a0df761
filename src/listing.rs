//! What each file of an input was read as: its format and what the diagnosis takes from it
//! (objects, events, log lines). `vmstuck-analyze read` prints it, so a user can check that
//! the files they were handed were understood before trusting a diagnosis of them; the
//! sample tests assert on it.

use std::sync::Arc;

use serde::Serialize;

use crate::error::Error;
use crate::inventory::log::{KeepAll, Level};
use crate::inventory::{self, FileKind, Inventory};
use crate::source::{Input, Limits};

/// One file of the input.
#[derive(Debug, Clone, Serialize)]
pub struct FileListing {
    pub path: String,
    /// The format that read it; `None` when it was not used or not recognised.
    pub format: Option<&'static str>,
    /// `read`, `not_used` or `unrecognised`.
    pub status: &'static str,
    /// `Kind namespace/name` of every object read from it.
    pub objects: Vec<String>,
    /// `reason` of every event read from it (a row of an Events table counts once).
    pub events: Vec<String>,
    pub log: Option<LogListing>,
    /// Domain names of libvirt domain XML read from it.
    pub domains: Vec<String>,
    pub warnings: Vec<String>,
}

/// What a log file holds, line by line.
#[derive(Debug, Clone, Serialize)]
pub struct LogListing {
    /// Who wrote it (`virt-launcher`, `node`, `text`, ...).
    pub component: String,
    /// The dialect its lines are read in.
    pub dialect: &'static str,
    pub lines: u64,
    /// Lines whose time the dialect read.
    pub timed: u64,
    /// Lines at warning level or worse.
    pub warnings_or_worse: u64,
    /// The VM (`namespace/name`) or node the log's own lines name.
    pub subject: Option<String>,
}

/// Reads the inputs and lists every file. Every log line is kept while the listing is made
/// (the analysis keeps only lines a rule can match), so memory grows with the logs' size.
pub fn list(inputs: &[Input], limits: &Limits) -> Result<Vec<FileListing>, Error> {
    let inventories = inventory::load(inputs, limits, Arc::new(KeepAll), &crate::progress::Silent)?;
    Ok(inventories.iter().flat_map(files_of).collect())
}

fn files_of(inv: &Inventory) -> Vec<FileListing> {
    let mut out: Vec<FileListing> = inv
        .files
        .iter()
        .map(|f| FileListing {
            path: f.path.clone(),
            format: match f.kind {
                FileKind::Read(name) => Some(name),
                _ => None,
            },
            status: match f.kind {
                FileKind::Read(_) => "read",
                FileKind::NotUsed => "not_used",
                FileKind::Unrecognised => "unrecognised",
            },
            objects: Vec::new(),
            events: Vec::new(),
            log: None,
            domains: Vec::new(),
            warnings: inv
                .warnings
                .iter()
                .filter(|w| w.path == f.path)
                .map(|w| w.message.clone())
                .collect(),
        })
        .collect();
    let mut object = |origin: inventory::Origin, kind: &str, meta: &inventory::Meta| {
        if let Some(f) = out.get_mut(origin.file.0 as usize) {
            f.objects
                .push(format!("{kind} {}/{}", meta.namespace, meta.name));
        }
    };
    for (kind, origin, meta) in inv.objects() {
        object(origin, kind, meta);
    }
    for e in &inv.events {
        if let Some(f) = out.get_mut(e.origin.file.0 as usize) {
            f.events.push(e.reason.clone());
        }
    }
    for d in &inv.domains {
        if let Some(f) = out.get_mut(d.file.0 as usize) {
            f.domains.push(d.name.clone());
        }
    }
    for log in &inv.logs {
        let Some(f) = out.get_mut(log.file.0 as usize) else {
            continue;
        };
        let subject = match (&log.subject.vm, &log.subject.node) {
            (Some((ns, name)), _) => Some(format!("{ns}/{name}")),
            (None, Some(node)) => Some(node.clone()),
            (None, None) => None,
        };
        f.log = Some(LogListing {
            component: serde_json::to_value(log.component)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            dialect: log.dialect.name(),
            lines: log.total_lines,
            timed: log
                .lines
                .iter()
                .filter(|l| l.timestamp.is_some() || l.yearless.is_some())
                .count() as u64,
            warnings_or_worse: log
                .lines
                .iter()
                .filter(|l| l.level >= Some(Level::Warning))
                .count() as u64,
            subject,
        });
    }
    out
}

/// The listing as a table for a terminal: one line per file, then what was taken from it.
pub fn render(files: &[FileListing]) -> String {
    let mut out = String::new();
    for f in files {
        let what = f.format.unwrap_or(f.status);
        out.push_str(&format!("{}\t{what}\n", f.path));
        for o in &f.objects {
            out.push_str(&format!("    object  {o}\n"));
        }
        if !f.events.is_empty() {
            out.push_str(&format!(
                "    events  {} ({})\n",
                f.events.len(),
                summarise(&f.events)
            ));
        }
        if let Some(log) = &f.log {
            out.push_str(&format!(
                "    log     {} in {}: {} lines, {} timed, {} at warning or worse{}\n",
                log.component,
                log.dialect,
                log.lines,
                log.timed,
                log.warnings_or_worse,
                log.subject
                    .as_ref()
                    .map(|s| format!(", about {s}"))
                    .unwrap_or_default()
            ));
        }
        for d in &f.domains {
            out.push_str(&format!("    domain  {d}\n"));
        }
        for w in &f.warnings {
            out.push_str(&format!("    warning {w}\n"));
        }
    }
    out
}

/// `reason xN` for each distinct reason, in the order first seen.
fn summarise(reasons: &[String]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in reasons {
        match counts.iter_mut().find(|(k, _)| k == r) {
            Some((_, n)) => *n += 1,
            None => counts.push((r, 1)),
        }
    }
    counts
        .iter()
        .map(|(r, n)| {
            if *n > 1 {
                format!("{r} x{n}")
            } else {
                (*r).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
