//! An unpacked bundle on disk, walked in name order without following links.

use std::fs::{self, File};
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::{BundlePath, Limits, Visitor, WalkStats, describe_io, input_error, limits};
use crate::diagnostics::{Warning, WarningCode};
use crate::error::Error;

/// Deeper trees than this are not must-gathers; the cap also stops directory loops.
const MAX_DEPTH: usize = 48;

pub(super) fn walk(
    root: &Path,
    limits: &Limits,
    used: &Arc<AtomicU64>,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let mut stats = WalkStats::default();
    let mut walker = DirWalker {
        limits,
        used,
        visitor,
        stats: &mut stats,
        stopped: false,
    };
    // The top directory must open; deeper ones that do not become warnings.
    let top = fs::read_dir(root).map_err(|e| input_error(root, describe_io(&e)))?;
    walker.walk_entries(top, &mut Vec::new());
    Ok(stats)
}

struct DirWalker<'a> {
    limits: &'a Limits,
    used: &'a Arc<AtomicU64>,
    visitor: &'a mut dyn Visitor,
    stats: &'a mut WalkStats,
    stopped: bool,
}

impl DirWalker<'_> {
    fn walk_dir(&mut self, dir: &Path, parts: &mut Vec<String>) {
        let shown = || parts.join("/");
        if parts.len() > MAX_DEPTH {
            self.visitor.warn(Warning::new(
                WarningCode::Limit,
                shown(),
                "directory nesting too deep; not read",
            ));
            return;
        }
        match fs::read_dir(dir) {
            Ok(entries) => self.walk_entries(entries, parts),
            Err(e) => self.visitor.warn(Warning::new(
                WarningCode::Unreadable,
                shown(),
                format!("directory not readable: {}", describe_io(&e)),
            )),
        }
    }

    /// Visits a directory's children in name order.
    fn walk_entries(&mut self, entries: fs::ReadDir, parts: &mut Vec<String>) {
        let mut children: Vec<_> = entries.filter_map(Result::ok).collect();
        children.sort_by_key(|c| c.file_name());
        for child in children {
            if self.stopped {
                return;
            }
            let name = child.file_name().to_string_lossy().into_owned();
            parts.push(name);
            self.visit_child(&child.path(), parts);
            parts.pop();
        }
    }

    fn visit_child(&mut self, path: &Path, parts: &mut Vec<String>) {
        let shown = parts.join("/");
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                self.visitor.warn(Warning::new(
                    WarningCode::Unreadable,
                    shown,
                    format!("not readable: {}", describe_io(&e)),
                ));
                return;
            }
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            self.visitor.warn(Warning::new(
                WarningCode::NotAFile,
                shown,
                "symbolic link skipped (links are never followed)",
            ));
        } else if kind.is_dir() {
            self.walk_dir(path, parts);
        } else if !kind.is_file() {
            self.visitor.warn(Warning::new(
                WarningCode::NotAFile,
                shown,
                "device, socket or pipe skipped",
            ));
        } else {
            self.visit_file(path, parts, &shown);
        }
    }

    fn visit_file(&mut self, path: &Path, parts: &[String], shown: &str) {
        if self.stats.files >= self.limits.max_entries {
            self.visitor.warn(Warning::new(
                WarningCode::Limit,
                shown,
                format!(
                    "stopped after {} files (entry limit); the rest was not read",
                    self.limits.max_entries
                ),
            ));
            self.stopped = true;
            return;
        }
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) => {
                self.visitor.warn(Warning::new(
                    WarningCode::Unreadable,
                    shown,
                    format!("not readable: {}", describe_io(&e)),
                ));
                return;
            }
        };
        self.stats.files += 1;
        let mut reader = limits::Budgeted::new(
            BufReader::with_capacity(256 << 10, file),
            self.limits.max_total_bytes,
            self.used.clone(),
        );
        let member = BundlePath::from_parts(parts.to_vec());
        if let Err(e) = self.visitor.visit(&member, &mut reader) {
            if limits::is_total_limit(&e) {
                self.visitor.warn(Warning::new(WarningCode::Limit,
                    shown,
                    format!(
                        "stopped reading: more than {} bytes in all (raise --max-bytes if the bundle is genuine)",
                        self.limits.max_total_bytes
                    ),
                ));
                self.stopped = true;
            } else {
                self.visitor.warn(Warning::new(
                    WarningCode::Unreadable,
                    shown,
                    format!("read failed: {}", describe_io(&e)),
                ));
            }
        }
        self.stats.bytes = self.used.load(std::sync::atomic::Ordering::Relaxed);
    }
}
