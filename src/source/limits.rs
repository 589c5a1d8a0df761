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

/// The total-bytes budget ran out. Carried inside the `io::Error` a budgeted reader returns,
/// so a walk can tell it from a broken archive by type.
#[derive(Debug)]
pub(crate) struct BudgetExceeded;

impl std::fmt::Display for BudgetExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompressed size limit reached")
    }
}

impl std::error::Error for BudgetExceeded {}

/// A reader that fails once more than `budget` bytes have passed through it.
#[derive(Debug)]
pub(crate) struct Budgeted<R> {
    inner: R,
    used: Arc<AtomicU64>,
    budget: u64,
}

impl<R: Read> Budgeted<R> {
    pub(crate) fn new(inner: R, budget: u64, used: Arc<AtomicU64>) -> Self {
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
            return Err(io::Error::other(BudgetExceeded));
        }
        Ok(n)
    }
}

pub(crate) fn is_total_limit(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|e| e.is::<BudgetExceeded>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_error_is_told_by_type_not_by_text() {
        let used = Arc::new(AtomicU64::new(0));
        let mut r = Budgeted::new(&b"0123456789"[..], 4, used);
        let err = r.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(is_total_limit(&err));
        let lookalike = io::Error::other("decompressed size limit reached");
        assert!(!is_total_limit(&lookalike));
    }
}
