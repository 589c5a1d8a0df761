//! Problems met while reading a bundle: kept, counted and shown, never fatal on their own.

use serde::Serialize;

macro_rules! warning_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// What kind of problem a warning is: a stable code, the same from release to release,
        /// that a JSON consumer can filter on (`warnings[].code`). The list is documented in
        /// docs/report-schema.md; a code is added, never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum WarningCode {
            $($(#[$doc])* $variant,)*
        }

        impl WarningCode {
            /// Every code, in the order of the list.
            pub const ALL: &'static [WarningCode] = &[$(WarningCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(WarningCode::$variant => $code,)*
                }
            }
        }
    };
}

warning_codes! {
    /// A member or file skipped for its name: absolute, `..`, not valid, too long.
    UnsafeName = "unsafe_name",
    /// A symbolic link, device, socket or pipe: never followed or read.
    NotAFile = "not_a_file",
    /// A second member of the same name: the first copy was used.
    Duplicate = "duplicate",
    /// The entry or byte limit stopped the reading; the rest was not read.
    Limit = "limit",
    /// A file, member or directory that could not be read (I/O, a damaged or encrypted entry).
    Unreadable = "unreadable",
    /// A compressed stream or archive that fails its checks or ends early; what came before
    /// was kept.
    Damaged = "damaged",
    /// A file read with a problem: invalid UTF-8, a field of the wrong type, an object cut.
    ReadProblem = "read_problem",
    /// Lines or fields cut short, or counted and not kept, to bound memory.
    Cut = "cut",
    /// Files the tool does not recognise, listed once for the bundle.
    Unrecognised = "unrecognised",
    /// A file searched as plain text rather than parsed (mostly empty lines).
    ReadAsText = "read_as_text",
}

impl Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One thing the tool could not read or chose to skip, with the bundle path it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// Path inside the bundle (or the bundle itself) the warning is about.
    pub path: String,
    /// What happened and, where known, what to do about it.
    pub message: String,
    /// What kind of problem it is (`WarningCode`).
    pub code: WarningCode,
}

impl Warning {
    pub fn new(code: WarningCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            path: path.into(),
            message: message.into(),
            code,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}
