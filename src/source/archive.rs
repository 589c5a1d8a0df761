//! Tar and gzip-compressed tar members, streamed one after another straight from the archive.

use std::io::{self, Read};
use std::path::Path;

use super::{BundlePath, Limits, Visitor, WalkStats, describe_io, input_error, limits};
use crate::diagnostics::Warning;
use crate::error::Error;

/// POSIX and GNU tar headers both carry `ustar` at byte 257.
pub(super) fn is_tar_header(head: &[u8]) -> bool {
    head.len() >= 262 && &head[257..262] == b"ustar"
}

/// A gzip stream: a tar inside is walked member by member, anything else is one file.
pub(super) fn walk_gz<R: Read>(
    path: &Path,
    mut reader: R,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let mut head = Vec::with_capacity(512);
    if let Err(e) = (&mut reader).take(512).read_to_end(&mut head) {
        return Err(input_error(
            path,
            format!("cannot decompress: {}", describe_io(&e)),
        ));
    }
    let joined = io::Cursor::new(head.clone()).chain(reader);
    if is_tar_header(&head) {
        return walk_tar(path, joined, limits, visitor);
    }
    // A compressed single file: name it after the archive without its `.gz`.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".gz").to_string())
        .unwrap_or_else(|| "input".into());
    let mut joined = joined;
    visitor
        .visit(&BundlePath::from_parts(vec![name]), &mut joined)
        .map_err(|e| input_error(path, format!("cannot decompress: {}", describe_io(&e))))?;
    Ok(WalkStats { files: 1, bytes: 0 })
}

/// Walks tar members. A read error part-way keeps what was read before it and reports the rest
/// as a warning; only an archive that yields nothing at all is an error.
pub(super) fn walk_tar<R: Read>(
    path: &Path,
    reader: R,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let archive_name = path.display().to_string();
    let mut archive = tar::Archive::new(reader);
    let mut stats = WalkStats::default();
    let mut seen = std::collections::HashSet::new();
    let entries = archive.entries().map_err(|e| {
        input_error(
            path,
            format!("not a readable tar archive: {}", describe_io(&e)),
        )
    })?;
    let mut visited_any = false;
    for (index, entry) in entries.enumerate() {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let message = stop_message(&e, stats.files, limits);
                if !visited_any {
                    return Err(input_error(path, message));
                }
                visitor.warn(Warning::new(&archive_name, message));
                break;
            }
        };
        visited_any = true;
        if index as u64 >= limits.max_entries {
            visitor.warn(Warning::new(
                &archive_name,
                format!(
                    "stopped after {} members (entry limit); the rest was not read",
                    limits.max_entries
                ),
            ));
            break;
        }
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let entry_type = entry.header().entry_type();
        if entry_type.is_dir() {
            continue;
        }
        if !(entry_type.is_file() || entry_type == tar::EntryType::Continuous) {
            if let Some(what) = skipped_kind(entry_type) {
                visitor.warn(Warning::new(&raw_name, format!("{what} skipped")));
            }
            continue;
        }
        let member = match BundlePath::parse(&raw_name) {
            Ok(member) => member,
            Err(why) => {
                visitor.warn(Warning::new(
                    &raw_name,
                    format!("unsafe member name skipped ({why})"),
                ));
                continue;
            }
        };
        if !seen.insert(member.clone()) {
            visitor.warn(Warning::new(
                member.to_string(),
                "duplicate member skipped; the first copy was used",
            ));
            continue;
        }
        stats.files += 1;
        stats.bytes += entry.size();
        if let Err(e) = visitor.visit(&member, &mut entry) {
            visitor.warn(Warning::new(
                &archive_name,
                format!(
                    "{} (inside {member})",
                    stop_message(&e, stats.files - 1, limits)
                ),
            ));
            break;
        }
    }
    Ok(stats)
}

/// Tar members that are not regular files: never followed, never created.
fn skipped_kind(entry_type: tar::EntryType) -> Option<&'static str> {
    use tar::EntryType::*;
    match entry_type {
        Symlink => Some("symbolic link"),
        Link => Some("hard link"),
        Char | Block => Some("device file"),
        Fifo => Some("named pipe"),
        // Extension headers are consumed by the tar reader itself.
        XGlobalHeader | XHeader | GNULongName | GNULongLink | GNUSparse => None,
        _ => Some("unsupported member type"),
    }
}

fn stop_message(err: &io::Error, files_before: u64, limits: &Limits) -> String {
    if limits::is_total_limit(err) {
        format!(
            "stopped reading: more than {} bytes after decompression (raise --max-bytes if the bundle is genuine); analysed the {files_before} files before this point",
            limits.max_total_bytes
        )
    } else {
        format!(
            "archive unreadable from here: {}; analysed the {files_before} files before this point",
            describe_io(err)
        )
    }
}
