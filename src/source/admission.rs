//! Which members of an archive are read: within the entry limit, regular files only, under a
//! safe name, once each. The tar and the zip walks both ask here, so the two cannot drift
//! apart.

use std::collections::HashSet;

use super::{BundlePath, Limits, Visitor};
use crate::diagnostics::{Warning, WarningCode};

/// What an archive says a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MemberKind {
    Directory,
    File,
    /// Anything else (links, devices, pipes): never followed, never created. Skipping it is
    /// warned about under this name; `None` for what the archive reader consumes itself.
    Other(Option<&'static str>),
}

/// The admission check of one archive walk: it remembers the names already read.
#[derive(Debug)]
pub(super) struct Admission<'a> {
    /// The archive, as warnings name it.
    archive: &'a str,
    limits: &'a Limits,
    seen: HashSet<BundlePath>,
}

impl<'a> Admission<'a> {
    pub(super) fn new(archive: &'a str, limits: &'a Limits) -> Self {
        Admission {
            archive,
            limits,
            seen: HashSet::new(),
        }
    }

    /// Whether the member at `index` (0-based) is past the entry limit: the walk stops
    /// there, and this says so.
    pub(super) fn past_limit(&self, index: usize, visitor: &mut dyn Visitor) -> bool {
        if (index as u64) < self.limits.max_entries {
            return false;
        }
        visitor.warn(Warning::new(
            WarningCode::Limit,
            self.archive,
            format!(
                "stopped after {} members (entry limit); the rest was not read",
                self.limits.max_entries
            ),
        ));
        true
    }

    /// The member's checked name when it is to be read. A member that is not is warned
    /// about (directories and extension headers silently) and the walk goes on.
    pub(super) fn admit(
        &mut self,
        raw_name: &str,
        kind: MemberKind,
        visitor: &mut dyn Visitor,
    ) -> Option<BundlePath> {
        match kind {
            MemberKind::File => {}
            MemberKind::Directory | MemberKind::Other(None) => return None,
            MemberKind::Other(Some(what)) => {
                visitor.warn(Warning::new(
                    WarningCode::NotAFile,
                    raw_name,
                    format!("{what} skipped"),
                ));
                return None;
            }
        }
        let member = match BundlePath::parse(raw_name) {
            Ok(member) => member,
            Err(why) => {
                visitor.warn(Warning::new(
                    WarningCode::UnsafeName,
                    raw_name,
                    format!("unsafe member name skipped ({why})"),
                ));
                return None;
            }
        };
        if !self.seen.insert(member.clone()) {
            visitor.warn(Warning::new(
                WarningCode::Duplicate,
                member.to_string(),
                "duplicate member skipped; the first copy was used",
            ));
            return None;
        }
        Some(member)
    }
}
