//! Ceilings on what one bundle may make the tool read, so a hostile archive cannot exhaust the machine.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Limits applied while a bundle is read. The defaults fit real must-gathers (a few GB at most).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes read from all members, after decompression (guards against gzip bombs).
    pub max_total_bytes: u64,
    /// Bytes of one non-log member read into memory (YAML, describe text, XML).
    pub max_file_bytes: u64,
    /// Number of members visited.
    pub max_entries: u64,
    /// Characters kept of one log line; the rest is dropped and the line marked as cut.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 32 << 30,
            max_file_bytes: 256 << 20,
            max_entries: 2_000_000,
            max_line_bytes: 64 << 10,
        }
    }
}

/// The error kind text used when the total-bytes budget runs out, so callers can tell it apart.
pub const TOTAL_LIMIT_MESSAGE: &str = "decompressed size limit reached";

/// A reader that fails once more than `budget` bytes have passed through it.
pub struct Budgeted<R> {
    inner: R,
    used: Arc<AtomicU64>,
    budget: u64,
}

impl<R: Read> Budgeted<R> {
    pub fn new(inner: R, budget: u64, used: Arc<AtomicU64>) -> Self {
        Budgeted {
            inner,
            used,
            budget,
        }
    }
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.used.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if total > self.budget {
            return Err(io::Error::other(TOTAL_LIMIT_MESSAGE));
        }
        Ok(n)
    }
}

pub fn is_total_limit(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::Other && err.to_string() == TOTAL_LIMIT_MESSAGE
}
