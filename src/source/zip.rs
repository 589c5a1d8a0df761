//! Zip archives. Unlike tar, a zip is read through its central directory at the end, so the
//! file is seeked, not streamed; each member is still decompressed as a stream and never
//! written out.

use std::io::{Read, Seek};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::admission::{Admission, MemberKind};
use super::{Limits, Visitor, WalkStats, describe_io, input_error, limits};
use crate::diagnostics::{Warning, WarningCode};
use crate::error::Error;

/// A local file header, or the end record of an empty archive.
pub(super) fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

pub(super) fn walk<R: Read + Seek>(
    path: &Path,
    reader: R,
    limits: &Limits,
    used: &Arc<AtomicU64>,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let shown = path.display().to_string();
    let mut archive = ::zip::ZipArchive::new(reader)
        .map_err(|e| input_error(path, format!("not a readable zip archive: {e}")))?;
    let mut stats = WalkStats::default();
    let mut admission = Admission::new(&shown, limits);
    for index in 0..archive.len() {
        if admission.past_limit(index, visitor) {
            break;
        }
        let entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                visitor.warn(Warning::new(
                    WarningCode::Unreadable,
                    &shown,
                    format!("member {index} unreadable: {e}"),
                ));
                continue;
            }
        };
        let raw_name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(e) => {
                visitor.warn(Warning::new(
                    WarningCode::UnsafeName,
                    &shown,
                    format!("member {index} has no usable name: {e}"),
                ));
                continue;
            }
        };
        let kind = if entry.is_dir() {
            MemberKind::Directory
        } else if entry.is_symlink() {
            MemberKind::Other(Some("symbolic link"))
        } else {
            MemberKind::File
        };
        let Some(member) = admission.admit(&raw_name, kind, visitor) else {
            continue;
        };
        stats.files += 1;
        stats.bytes += entry.size();
        let mut reader = limits::Budgeted::new(entry, limits.max_total_bytes, Arc::clone(used));
        if let Err(e) = visitor.visit(&member, &mut reader) {
            if limits::is_total_limit(&e) {
                visitor.warn(Warning::new(WarningCode::Limit,
                    &shown,
                    format!(
                        "stopped reading: more than {} bytes after decompression (raise --max-bytes if the bundle is genuine); analysed the {} files before this point",
                        limits.max_total_bytes,
                        stats.files - 1
                    ),
                ));
                break;
            }
            // One broken member (a bad CRC, a truncated stream) does not end a zip: the
            // central directory says where the next one starts.
            visitor.warn(Warning::new(
                WarningCode::Unreadable,
                member.to_string(),
                format!("member unreadable: {}", describe_io(&e)),
            ));
        }
    }
    Ok(stats)
}
