//! Tar and gzip-compressed tar members, streamed one after another straight from the archive.

use std::io::{self, Read};
use std::path::Path;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::admission::{Admission, MemberKind};
use super::codec::Codec;
use super::{BundlePath, Limits, Visitor, WalkStats, describe_io, input_error, limits};
use crate::diagnostics::{Warning, WarningCode};
use crate::error::Error;

/// POSIX and GNU tar headers both carry `ustar` at byte 257.
pub(super) fn is_tar_header(head: &[u8]) -> bool {
    head.len() >= 262 && &head[257..262] == b"ustar"
}

/// The first `n` bytes of `reader` (fewer at its end), and a reader that yields them again
/// followed by the rest.
pub(super) fn peek<R: Read>(mut reader: R, n: u64) -> io::Result<(Vec<u8>, impl Read)> {
    let mut head = Vec::with_capacity(n as usize);
    (&mut reader).take(n).read_to_end(&mut head)?;
    Ok((head.clone(), io::Cursor::new(head).chain(reader)))
}

/// A byte stream that is a bundle: compressed or not, a tar archive or one file. A tar inside
/// a compressed stream is walked member by member; a compressed file alone is one member,
/// named after the input without its compression extension.
pub(super) fn walk_stream<R: Read>(
    path: &Path,
    name: &str,
    reader: R,
    limits: &Limits,
    used: &Arc<AtomicU64>,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let (head, raw) = peek(reader, 512).map_err(|e| input_error(path, describe_io(&e)))?;
    match Codec::sniff(&head) {
        Some(codec) => {
            let cannot = |e: &io::Error| {
                input_error(
                    path,
                    format!("cannot decompress ({}): {}", codec.name(), describe_io(e)),
                )
            };
            let decoded = budgeted(codec.decoder(raw).map_err(|e| cannot(&e))?, limits, used);
            let (head, mut joined) = peek(decoded, 512).map_err(|e| cannot(&e))?;
            if is_tar_header(&head) {
                let stats = walk_tar(path, &mut joined, limits, visitor)?;
                check_trailer(path, codec, &mut joined, visitor);
                return Ok(stats);
            }
            let member = BundlePath::from_parts(vec![codec.strip(name)]);
            visitor
                .visit(&member, &mut joined)
                .map_err(|e| cannot(&e))?;
            Ok(WalkStats { files: 1, bytes: 0 })
        }
        None if is_tar_header(&head) => {
            walk_tar(path, budgeted(raw, limits, used), limits, visitor)
        }
        None => {
            let member = BundlePath::from_parts(vec![name.to_string()]);
            let mut reader = budgeted(raw, limits, used);
            visitor
                .visit(&member, &mut reader)
                .map_err(|e| input_error(path, describe_io(&e)))?;
            Ok(WalkStats {
                files: 1,
                bytes: used.load(std::sync::atomic::Ordering::Relaxed),
            })
        }
    }
}

fn budgeted<R: Read>(reader: R, limits: &Limits, used: &Arc<AtomicU64>) -> limits::Budgeted<R> {
    limits::Budgeted::new(reader, limits.max_total_bytes, Arc::clone(used))
}

/// Reads a compressed stream to its end after the tar archive inside has ended, so that the
/// stream's own integrity checks (gzip CRC and length, xz and zstd checksums) run.
fn check_trailer(path: &Path, codec: Codec, rest: &mut dyn Read, visitor: &mut dyn Visitor) {
    match io::copy(rest, &mut io::sink()) {
        // The size limit was already reported where it stopped the archive.
        Err(e) if !limits::is_total_limit(&e) => visitor.warn(Warning::new(
            WarningCode::Damaged,
            path.display().to_string(),
            format!(
                "the {} stream fails its integrity check after the archive's last member: {}",
                codec.name(),
                describe_io(&e)
            ),
        )),
        _ => {}
    }
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
    let mut admission = Admission::new(&archive_name, limits);
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
                visitor.warn(Warning::new(stop_code(&e), &archive_name, message));
                break;
            }
        };
        visited_any = true;
        if admission.past_limit(index, visitor) {
            break;
        }
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let entry_type = entry.header().entry_type();
        let kind = if entry_type.is_dir() {
            MemberKind::Directory
        } else if entry_type.is_file() || entry_type == tar::EntryType::Continuous {
            MemberKind::File
        } else {
            MemberKind::Other(skipped_kind(entry_type))
        };
        let Some(member) = admission.admit(&raw_name, kind, visitor) else {
            continue;
        };
        stats.files += 1;
        stats.bytes += entry.size();
        if let Err(e) = visitor.visit(&member, &mut entry) {
            visitor.warn(Warning::new(
                stop_code(&e),
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

/// The code of a warning that stops an archive: the byte limit, or damage.
fn stop_code(err: &io::Error) -> WarningCode {
    if limits::is_total_limit(err) {
        WarningCode::Limit
    } else {
        WarningCode::Damaged
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
