//! Names of files inside a bundle, checked before anything is read: no absolute paths, no `..`.

use std::fmt;

/// A relative, `/`-separated path inside a bundle whose parts are all plain names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct BundlePath {
    parts: Vec<String>,
}

/// Why an archive member name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnsafeName {
    Absolute,
    ParentDir,
    Empty,
}

impl fmt::Display for UnsafeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsafeName::Absolute => "absolute path",
            UnsafeName::ParentDir => "path climbs out of the bundle with `..`",
            UnsafeName::Empty => "empty name",
        })
    }
}

impl BundlePath {
    /// Checks a member name as an archive or directory walk reports it. Backslashes count as
    /// separators too, so a name made on Windows cannot smuggle a `..` past the check.
    pub(crate) fn parse(raw: &str) -> Result<BundlePath, UnsafeName> {
        if raw.starts_with('/') || raw.starts_with('\\') || has_drive_prefix(raw) {
            return Err(UnsafeName::Absolute);
        }
        let mut parts = Vec::new();
        for part in raw.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => return Err(UnsafeName::ParentDir),
                name => parts.push(name.to_string()),
            }
        }
        if parts.is_empty() {
            return Err(UnsafeName::Empty);
        }
        Ok(BundlePath { parts })
    }

    pub(crate) fn from_parts(parts: Vec<String>) -> BundlePath {
        BundlePath { parts }
    }

    pub(crate) fn parts(&self) -> &[String] {
        &self.parts
    }

    pub(crate) fn file_name(&self) -> &str {
        self.parts.last().map(String::as_str).unwrap_or("")
    }

    /// The same path under a prefix (several bundles in one inventory, the members of a
    /// tar inside a bundle).
    pub(crate) fn prefixed(&self, prefix: &str) -> BundlePath {
        let mut parts: Vec<String> = prefix
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        parts.extend(self.parts.iter().cloned());
        BundlePath { parts }
    }

    /// The same directory, another file name.
    pub(crate) fn with_file_name(&self, name: &str) -> BundlePath {
        let mut parts = self.parts.clone();
        match parts.last_mut() {
            Some(last) => *last = name.to_string(),
            None => parts.push(name.to_string()),
        }
        BundlePath { parts }
    }
}

fn has_drive_prefix(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

impl fmt::Display for BundlePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.parts.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_relative_names() {
        let p = BundlePath::parse("./must-gather.local.1/ns/a.yaml").unwrap();
        assert_eq!(p.to_string(), "must-gather.local.1/ns/a.yaml");
        assert_eq!(p.file_name(), "a.yaml");
    }

    #[test]
    fn refuses_escapes() {
        assert_eq!(BundlePath::parse("/etc/passwd"), Err(UnsafeName::Absolute));
        assert_eq!(BundlePath::parse("a/../../x"), Err(UnsafeName::ParentDir));
        assert_eq!(BundlePath::parse("a\\..\\x"), Err(UnsafeName::ParentDir));
        assert_eq!(BundlePath::parse("C:\\x"), Err(UnsafeName::Absolute));
        assert_eq!(BundlePath::parse("./"), Err(UnsafeName::Empty));
    }
}
