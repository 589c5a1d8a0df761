//! Errors that stop the tool: typed by what failed, with the path they concern and the chain
//! of causes behind them. `ExitStatus` is the one place where outcomes become exit codes.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of thing failed. Callers match on this, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A command-line value the tool cannot use: `--vm` without a slash, an unknown VM or rule.
    Usage,
    /// A bundle could not be opened or read at all.
    Input,
    /// The inputs were read, but no file in them is of a format the tool reads.
    NothingRead,
    /// The rule files do not load or do not check.
    Rules,
    /// The report could not be rendered (a template fault: a bug worth reporting).
    Render,
    /// The report could not be written.
    Output,
}

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A failure that ends the run, shown as one line: `path: message: cause: cause ...`.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    message: String,
    source: Option<Source>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            path: None,
            message: message.into(),
            source: None,
        }
    }

    /// The file or directory the error is about.
    pub fn at(mut self, path: impl AsRef<Path>) -> Error {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The lower-level error that caused this one.
    pub fn because(mut self, source: impl Into<Source>) -> Error {
        self.source = Some(source.into());
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        f.write_str(&self.message)?;
        let mut cause: Option<&(dyn std::error::Error + 'static)> =
            self.source.as_deref().map(|s| s as _);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as _)
    }
}

/// How a run ended, as the process reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The report was written.
    Done,
    /// The report was written and `--fail-on` tripped (or a rule test failed).
    Failed,
    /// The tool could not do its job; a one-line error says why.
    CannotRun,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Done => 0,
            ExitStatus::Failed => 1,
            ExitStatus::CannotRun => 2,
        }
    }
}

impl From<&Error> for ExitStatus {
    fn from(e: &Error) -> ExitStatus {
        match e.kind {
            ErrorKind::Usage
            | ErrorKind::Input
            | ErrorKind::NothingRead
            | ErrorKind::Rules
            | ErrorKind::Render
            | ErrorKind::Output => ExitStatus::CannotRun,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_path_message_and_cause_chain_on_one_line() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::new(ErrorKind::Output, "cannot write the report")
            .at("/tmp/r.md")
            .because(io);
        assert_eq!(e.to_string(), "/tmp/r.md: cannot write the report: denied");
        assert_eq!(e.kind(), ErrorKind::Output);
        assert_eq!(ExitStatus::from(&e).code(), 2);
    }
}
