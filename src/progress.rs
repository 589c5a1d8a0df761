//! Progress of a long run, behind a trait so the pipeline does not know where it is shown.
//! `Terminal` draws one line on standard error, only when standard error is a terminal: long
//! reads of big bundles show they are moving; logs and pipes stay clean.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Told about the run as it goes. Shared by reference, so methods take `&self`.
pub trait Progress: Send + Sync {
    /// One more bundle file read.
    fn file(&self, path: &str);
    /// A step after reading (`ranking causes`).
    fn step(&self, what: &str);
    /// The run is over; the report comes next.
    fn done(&self);
}

/// Shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn file(&self, _: &str) {}
    fn step(&self, _: &str) {}
    fn done(&self) {}
}

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

/// A one-line display on standard error.
#[derive(Debug)]
pub struct Terminal {
    enabled: bool,
    started: Instant,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    last: Instant,
    files: u64,
}

impl Terminal {
    /// Shows progress when standard error is a terminal.
    pub fn stderr() -> Terminal {
        Terminal::new(std::io::stderr().is_terminal())
    }

    pub fn new(enabled: bool) -> Terminal {
        let now = Instant::now();
        Terminal {
            enabled,
            started: now,
            state: Mutex::new(State {
                last: now,
                files: 0,
            }),
        }
    }

    fn draw(&self, line: std::fmt::Arguments) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    fn files(&self) -> u64 {
        self.state.lock().map(|s| s.files).unwrap_or(0)
    }
}

impl Progress for Terminal {
    fn file(&self, path: &str) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.files += 1;
        if !self.enabled || state.last.elapsed() < EVERY {
            return;
        }
        state.last = Instant::now();
        // Keep the line short enough for a narrow terminal: the tail of the path tells most.
        // A member name is bundle text: no control character may reach the terminal.
        let tail: String = {
            let chars: Vec<char> = path.chars().filter(|c| !c.is_control()).collect();
            let start = chars.len().saturating_sub(60);
            chars[start..].iter().collect()
        };
        let files = state.files;
        drop(state);
        self.draw(format_args!(
            "reading: {files} files, {:.0?} … {tail}",
            self.started.elapsed()
        ));
    }

    fn step(&self, what: &str) {
        if self.enabled {
            self.draw(format_args!(
                "{what} ({} files read, {:.1?})",
                self.files(),
                self.started.elapsed()
            ));
        }
    }

    fn done(&self) {
        if self.enabled {
            self.draw(format_args!(""));
        }
    }
}
