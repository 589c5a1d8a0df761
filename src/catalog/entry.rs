//! One catalog entry as `catalog/*.yaml` writes it (the format is in catalog/README.md), and
//! its classification as a type.

use serde::Deserialize;

use crate::cause::Cause;

/// Where a message shows up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MessageKind {
    /// A recorder event's message.
    Event,
    /// A log line at error or warning level (or critical).
    Log,
    /// A returned error string: it reaches the user inside another message.
    Error,
    /// A condition's reason or message.
    Condition,
}

/// What a message proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// The message shows this cause.
    Cause(Cause),
    /// It restates a failure caused elsewhere (of this cause, when known).
    Consequence(Option<Cause>),
    /// It carries an inner error, matched in turn.
    Wrapper,
    /// Normal operation, or noise on healthy runs.
    Benign,
}

/// An entry as written in the data file.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawEntry {
    pub(crate) id: String,
    pub(crate) kind: MessageKind,
    pub(crate) class: String,
    #[serde(default)]
    pub(crate) of: Option<String>,
    pub(crate) format: String,
    pub(crate) matcher: Option<String>,
    /// `file:line` at the newest release that has the message.
    pub(crate) at: String,
    /// The releases whose source holds it.
    #[serde(default)]
    pub(crate) refs: Vec<String>,
}

/// An entry, classified, with the source it was extracted from.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) kind: MessageKind,
    pub(crate) class: Class,
    pub(crate) format: String,
    /// The data file it was read from (`kubevirt.yaml`): the rules that read the catalog
    /// must name it (a unit test of the catalog signal).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) file: &'static str,
    /// The upstream repository (`kubevirt/kubevirt`) and `file:line`.
    pub(crate) repo: &'static str,
    pub(crate) at: String,
    pub(crate) refs: Vec<String>,
    /// The Rust regex derived from `format`; `None` when the message is too generic to
    /// match alone (then it is a wrapper or benign).
    pub(crate) matcher: Option<String>,
}

/// Why an entry's classification could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClassError {
    /// Left for a person to classify: the catalog may not ship with one.
    Unclassified,
    UnknownCause(String),
    /// Only consequences name the cause they follow from.
    OfWithoutConsequence,
}

impl MessageKind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            MessageKind::Event => "event",
            MessageKind::Log => "log",
            MessageKind::Error => "error",
            MessageKind::Condition => "condition",
        }
    }
}

impl Entry {
    /// Where the message comes from, for a citation: `kubevirt/kubevirt error at
    /// pkg/virt-handler/vm.go:123 (v1.0.0 .. main)`.
    pub(crate) fn written_by(&self) -> String {
        let releases = match (self.refs.first(), self.refs.last()) {
            (Some(a), Some(b)) if a != b => format!(" ({a} .. {b})"),
            (Some(a), _) => format!(" ({a})"),
            _ => String::new(),
        };
        format!(
            "{} {} at {}{releases}",
            self.repo,
            self.kind.noun(),
            self.at
        )
    }
}

impl Class {
    pub(crate) fn parse(class: &str, of: Option<&str>) -> Result<Class, ClassError> {
        let of_cause = of
            .map(|c| Cause::from_id(c).ok_or_else(|| ClassError::UnknownCause(c.to_string())))
            .transpose()?;
        let class = match class {
            "unclassified" => return Err(ClassError::Unclassified),
            "consequence" => return Ok(Class::Consequence(of_cause)),
            "wrapper" => Class::Wrapper,
            "benign" => Class::Benign,
            id => Class::Cause(
                Cause::from_id(id).ok_or_else(|| ClassError::UnknownCause(id.to_string()))?,
            ),
        };
        if of_cause.is_some() {
            return Err(ClassError::OfWithoutConsequence);
        }
        Ok(class)
    }
}

/// The literal runs of a Go format string: the text between its verbs (`%v`, `%d`, `%q`,
/// `%+v`, ...), with `%%` as `%`.
pub(crate) fn literals(format: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let push = |out: &mut Vec<String>, c: char| {
        if let Some(s) = out.last_mut() {
            s.push(c);
        }
    };
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            push(&mut out, c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            push(&mut out, '%');
            continue;
        }
        // Flags, width and precision, then the verb letter.
        while chars
            .peek()
            .is_some_and(|c| matches!(c, '+' | '-' | '#' | ' ' | '0'..='9' | '.' | '*'))
        {
            chars.next();
        }
        chars.next();
        out.push(String::new());
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_the_text_between_verbs() {
        assert_eq!(
            literals("failed to sync vmi %s/%s: %v"),
            ["failed to sync vmi ", "/", ": "]
        );
        assert_eq!(literals("100%% done, %+v left"), ["100% done, ", " left"]);
        assert_eq!(literals("%v"), Vec::<String>::new());
    }

    #[test]
    fn classes_read_and_refuse() {
        assert_eq!(
            Class::parse("pvc_mount_failure", None),
            Ok(Class::Cause(Cause::PvcMountFailure))
        );
        assert_eq!(
            Class::parse("consequence", Some("migration_failure")),
            Ok(Class::Consequence(Some(Cause::MigrationFailure)))
        );
        assert_eq!(
            Class::parse("unclassified", None),
            Err(ClassError::Unclassified)
        );
        assert!(matches!(
            Class::parse("no_such_cause", None),
            Err(ClassError::UnknownCause(_))
        ));
        assert_eq!(
            Class::parse("benign", Some("pvc_mount_failure")),
            Err(ClassError::OfWithoutConsequence)
        );
    }
}
