//! A one-line progress display on standard error, only when standard error is a terminal:
//! long reads of big bundles show they are moving; logs and pipes stay clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

pub struct Progress {
    enabled: bool,
    started: Instant,
    last: Instant,
    files: u64,
}

impl Progress {
    /// Shows progress when standard error is a terminal and `quiet` is not set.
    pub fn to_terminal() -> Progress {
        Progress::new(std::io::stderr().is_terminal())
    }

    pub fn new(enabled: bool) -> Progress {
        let now = Instant::now();
        Progress {
            enabled,
            started: now,
            last: now,
            files: 0,
        }
    }

    /// One more file read.
    pub fn file(&mut self, path: &str) {
        self.files += 1;
        if !self.enabled || self.last.elapsed() < EVERY {
            return;
        }
        self.last = Instant::now();
        // Keep the line short enough for a narrow terminal: the tail of the path tells most.
        let tail: String = {
            let chars: Vec<char> = path.chars().collect();
            let start = chars.len().saturating_sub(60);
            chars[start..].iter().collect()
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2Kreading: {} files, {:.0?} … {tail}",
            self.files,
            self.started.elapsed()
        );
        let _ = err.flush();
    }

    /// A step after reading (`ranking causes`).
    pub fn step(&mut self, what: &str) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[2K{what} ({} files read, {:.1?})",
                self.files,
                self.started.elapsed()
            );
            let _ = err.flush();
        }
    }

    /// Clears the line before the report is written.
    pub fn done(&mut self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
