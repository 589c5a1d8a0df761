//! Problems met while reading a bundle: kept, counted and shown, never fatal on their own.

use serde::Serialize;

/// One thing the tool could not read or chose to skip, with the bundle path it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// Path inside the bundle (or the bundle itself) the warning is about.
    pub path: String,
    /// What happened and, where known, what to do about it.
    pub message: String,
}

impl Warning {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}
