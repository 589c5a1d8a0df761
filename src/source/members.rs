//! Compressed members inside a bundle: rotated logs (`kubelet.log.1.gz`), a must-gather
//! tarball inside a zip, a `.tar.xz` inside a directory. Each is decompressed as a stream on
//! its way to the inventory; a tar inside is walked member by member, its names under the
//! member's own. A member that fails to decompress is a warning; the bundle goes on.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::archive::{is_tar_header, peek, walk_tar};
use super::codec::Codec;
use super::{BundlePath, Limits, Prefixing, Visitor, describe_io, limits};
use crate::diagnostics::{Warning, WarningCode};

/// Archives inside archives are followed this deep, no deeper.
const MAX_NESTING: u32 = 3;

pub(super) struct Unpacking<'a> {
    inner: &'a mut dyn Visitor,
    limits: &'a Limits,
    used: Arc<AtomicU64>,
    depth: u32,
}

impl<'a> Unpacking<'a> {
    pub(super) fn new(
        inner: &'a mut dyn Visitor,
        limits: &'a Limits,
        used: Arc<AtomicU64>,
    ) -> Self {
        Unpacking {
            inner,
            limits,
            used,
            depth: 0,
        }
    }
}

/// Notes whether an error came from the member's own bytes (the bundle) rather than from
/// decompressing them.
struct Watched<R> {
    inner: R,
    failed: Rc<Cell<bool>>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|_| self.failed.set(true))
    }
}

impl Visitor for Unpacking<'_> {
    fn visit(&mut self, path: &BundlePath, reader: &mut dyn Read) -> io::Result<()> {
        let (head, raw) = peek(&mut *reader, 8)?;
        let codec = match Codec::sniff(&head) {
            Some(codec) if self.depth < MAX_NESTING => codec,
            _ => return self.inner.visit(path, &mut { raw }),
        };
        let failed = Rc::new(Cell::new(false));
        let mut watched = Watched {
            inner: raw,
            failed: Rc::clone(&failed),
        };
        let stripped = path.with_file_name(&codec.strip(path.file_name()));
        let outcome = (|| -> io::Result<()> {
            let decoded = limits::Budgeted::new(
                codec.decoder(&mut watched)?,
                self.limits.max_total_bytes,
                Arc::clone(&self.used),
            );
            let (head, mut joined) = peek(decoded, 512)?;
            if !is_tar_header(&head) {
                return self.inner.visit(&stripped, &mut joined);
            }
            // A tar inside: its members go on under the member's name, unpacked in turn.
            let prefix = stripped.to_string();
            let mut prefixed = Prefixing::new(Some(&prefix), &mut *self.inner);
            let mut nested = Unpacking {
                inner: &mut prefixed,
                limits: self.limits,
                used: Arc::clone(&self.used),
                depth: self.depth + 1,
            };
            if let Err(e) = walk_tar(
                std::path::Path::new(&path.to_string()),
                &mut joined,
                self.limits,
                &mut nested,
            ) {
                nested.warn(Warning::new(
                    WarningCode::Damaged,
                    path.to_string(),
                    e.message().to_string(),
                ));
            }
            io::copy(&mut joined, &mut io::sink()).map(|_| ())
        })();
        match outcome {
            Ok(()) => Ok(()),
            Err(e) if failed.get() || limits::is_total_limit(&e) => Err(e),
            Err(e) => {
                self.inner.warn(Warning::new(
                    WarningCode::Damaged,
                    path.to_string(),
                    format!(
                        "{} member could not be decompressed ({}); what came before was kept",
                        codec.name(),
                        describe_io(&e)
                    ),
                ));
                // Skip the rest of the member so an archive around it stays in step.
                io::copy(&mut watched, &mut io::sink()).map(|_| ())
            }
        }
    }

    fn warn(&mut self, warning: Warning) {
        self.inner.warn(warning)
    }
}
