//! Why a rule, or the rule set, cannot be used: typed by what is wrong, with the rule file and
//! the place in it. Shown to users one per line, in the words they have always read.

use std::fmt;

/// One problem with a rule file or the rule set.
#[derive(Debug)]
pub struct RuleError {
    /// The rule file (`rules/x.yaml`, or the path given with `--rules`); `None` for the rule
    /// set as a whole.
    origin: Option<String>,
    /// Where in the rule: `id`, `cause`, `explains`, `specificity`, `summary`, `doc.why`,
    /// `doc.next_steps`, `match`, `signals[2]` (counted over every signal, those in groups
    /// included), `tests`, `alternatives[1]`, `alternatives[1].check`. `None` for the whole
    /// file.
    field: Option<String>,
    kind: RuleErrorKind,
}

/// What is wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The file is not YAML of the rule format. A signal whose fields do not read (a pattern
    /// that is no regular expression, a `within` that is no duration) fails here too: the
    /// signals are parsed with the rule.
    Yaml(serde_yaml::Error),
    /// A template (`doc.next_steps`, an alternative's `check`) does not compile.
    Template(minijinja::Error),
    /// The log patterns of all rules do not compile as one automaton.
    Patterns(regex::Error),
    /// The rule's id is not its file name.
    IdNotFileName { id: String, stem: String },
    /// Two rules have the same id.
    IdUsedTwice { id: String },
    /// A cause id (the rule's, one it explains, an alternative's) in no vocabulary.
    UnknownCause { cause: String },
    /// An alternative reading names the rule's own cause.
    OwnCause,
    /// Two alternative readings name the same cause.
    CauseListedTwice { cause: String },
    /// An alternative reading without its `when` or its `check`.
    NoWhenOrCheck,
    /// `specificity` outside 0..=1.
    SpecificityOutOfRange { value: f64 },
    /// A documentation field is empty.
    Empty,
    /// `match` has no signal under `all` nor `any`.
    NoSignal,
    /// A signal does not say where its message or field comes from.
    NoSource,
    /// A signal parses but cannot work: its kind's own check failed.
    Signal(crate::rules::signals::SignalError),
    /// The rule lacks a `fires` or a `quiet` test.
    NoTests,
    /// `--ignore-rule` names a rule there is not.
    UnknownRule { id: String },
}

impl RuleError {
    /// A problem of the rule read from `origin`, in its `field` (`None`: the file as a whole).
    pub(crate) fn new(origin: &str, field: Option<&str>, kind: impl Into<RuleErrorKind>) -> Self {
        RuleError {
            origin: Some(origin.to_string()),
            field: field.map(str::to_string),
            kind: kind.into(),
        }
    }

    /// A problem of the rule set as a whole.
    pub(crate) fn of_set(kind: impl Into<RuleErrorKind>) -> Self {
        RuleError {
            origin: None,
            field: None,
            kind: kind.into(),
        }
    }

    /// The rule file; `None` for the rule set as a whole.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// Where in the rule; `None` for the whole file.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    pub fn kind(&self) -> &RuleErrorKind {
        &self.kind
    }

    /// The field's alternative reading (`alternatives[1]`) and what in it (`check`), when the
    /// problem is in one: those messages start with the alternative.
    fn alternative(&self) -> Option<(&str, Option<&str>)> {
        let field = self.field.as_deref()?;
        if !field.starts_with("alternatives[") {
            return None;
        }
        Some(match field.split_once('.') {
            Some((alt, part)) => (alt, Some(part)),
            None => (field, None),
        })
    }
}

/// Said of a cause id no vocabulary has.
const NOT_A_CAUSE: &str = "is not in rules/_causes.yaml nor in the rules directory's causes.yaml";

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = &self.origin {
            write!(f, "{origin}: ")?;
        }
        let alternative = self.alternative();
        if let Some((alt, _)) = alternative {
            write!(f, "{alt}: ")?;
        }
        let field = self.field.as_deref().unwrap_or("");
        match &self.kind {
            RuleErrorKind::Yaml(e) => write!(f, "{e}"),
            RuleErrorKind::Template(e) => {
                let what = alternative.and_then(|(_, part)| part).unwrap_or(field);
                write!(f, "{what} is not a valid template: {e}")
            }
            RuleErrorKind::Patterns(e) => {
                write!(f, "rules: the log patterns do not compile together: {e}")
            }
            RuleErrorKind::IdNotFileName { id, stem } => {
                write!(f, "id `{id}` must equal the file name `{stem}`")
            }
            RuleErrorKind::IdUsedTwice { id } => write!(f, "rule id `{id}` is used twice"),
            RuleErrorKind::Signal(e) => write!(f, "{field}: {e}"),
            RuleErrorKind::UnknownCause { cause } if field == "explains" => {
                write!(f, "explains `{cause}`, which {NOT_A_CAUSE}")
            }
            RuleErrorKind::UnknownCause { cause } if alternative.is_some() => {
                write!(f, "cause `{cause}` {NOT_A_CAUSE}")
            }
            RuleErrorKind::UnknownCause { cause } => write!(
                f,
                "cause `{cause}` {NOT_A_CAUSE} (`vmstuck-analyze rules causes` lists the ids)"
            ),
            RuleErrorKind::OwnCause => f.write_str("is the rule's own cause"),
            RuleErrorKind::CauseListedTwice { cause } => {
                write!(f, "cause `{cause}` is listed twice")
            }
            RuleErrorKind::NoWhenOrCheck => {
                f.write_str("`when` and `check` say when this reading holds and how to tell")
            }
            RuleErrorKind::SpecificityOutOfRange { value } => {
                write!(f, "specificity {value} is outside 0..=1")
            }
            RuleErrorKind::Empty => {
                write!(f, "{field} is empty: every rule documents itself")
            }
            RuleErrorKind::NoSignal => {
                f.write_str("match needs at least one signal under `all` or `any`")
            }
            RuleErrorKind::NoSource => write!(
                f,
                "signal {} has no `source`: say where its message or field comes from",
                signal_number(field)
            ),
            RuleErrorKind::NoTests => {
                f.write_str("needs at least one `fires` and one `quiet` test")
            }
            RuleErrorKind::UnknownRule { id } => write!(
                f,
                "no rule `{id}`; `vmstuck-analyze rules list` shows the ids"
            ),
        }
    }
}

/// `signals[2]` -> `3`: messages count signals from one.
fn signal_number(field: &str) -> String {
    field
        .strip_prefix("signals[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|n| n.parse::<usize>().ok())
        .map_or_else(|| field.to_string(), |n| (n + 1).to_string())
}

impl std::error::Error for RuleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            RuleErrorKind::Yaml(e) => Some(e),
            RuleErrorKind::Template(e) => Some(e),
            RuleErrorKind::Patterns(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_yaml::Error> for RuleErrorKind {
    fn from(e: serde_yaml::Error) -> Self {
        RuleErrorKind::Yaml(e)
    }
}

impl From<minijinja::Error> for RuleErrorKind {
    fn from(e: minijinja::Error) -> Self {
        RuleErrorKind::Template(e)
    }
}

impl From<crate::rules::signals::SignalError> for RuleErrorKind {
    fn from(e: crate::rules::signals::SignalError) -> Self {
        RuleErrorKind::Signal(e)
    }
}

impl From<regex::Error> for RuleErrorKind {
    fn from(e: regex::Error) -> Self {
        RuleErrorKind::Patterns(e)
    }
}

/// The rules do not load: every problem, shown one per line, as the one error of the run.
/// (Here and not in `error.rs`: the error type sits below the rules and knows nothing of them.)
pub(crate) fn into_error(errors: Vec<RuleError>) -> crate::error::Error {
    let message = errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    crate::error::Error::new(crate::error::ErrorKind::Rules, message)
}

/// One problem of the rules: a rule `--ignore-rule` names that there is not is a usage
/// error, anything else a rules error.
impl From<RuleError> for crate::error::Error {
    fn from(e: RuleError) -> crate::error::Error {
        let kind = match e.kind() {
            RuleErrorKind::UnknownRule { .. } => crate::error::ErrorKind::Usage,
            _ => crate::error::ErrorKind::Rules,
        };
        crate::error::Error::new(kind, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{RuleError, RuleErrorKind};

    #[test]
    fn messages_name_the_file_then_the_alternative_then_the_problem() {
        let e = RuleError::new(
            "rules/x.yaml",
            Some("alternatives[1]"),
            RuleErrorKind::UnknownCause {
                cause: "nope".into(),
            },
        );
        assert_eq!(
            e.to_string(),
            "rules/x.yaml: alternatives[1]: cause `nope` is not in rules/_causes.yaml nor in the rules directory's causes.yaml"
        );
        let e = RuleError::new("rules/x.yaml", Some("doc.why"), RuleErrorKind::Empty);
        assert_eq!(
            e.to_string(),
            "rules/x.yaml: doc.why is empty: every rule documents itself"
        );
        let e = RuleError::new("rules/x.yaml", Some("signals[0]"), RuleErrorKind::NoSource);
        assert!(
            e.to_string()
                .starts_with("rules/x.yaml: signal 1 has no `source`")
        );
        let e = RuleError::of_set(RuleErrorKind::UnknownRule { id: "y".into() });
        assert_eq!(
            e.to_string(),
            "no rule `y`; `vmstuck-analyze rules list` shows the ids"
        );
    }

    #[test]
    fn a_template_error_names_what_does_not_compile() {
        let bad = minijinja::Environment::new()
            .template_from_str("{{ x")
            .map(|_| ())
            .unwrap_err();
        let text = bad.to_string();
        let e = RuleError::new("r.yaml", Some("alternatives[0].check"), bad);
        assert_eq!(
            e.to_string(),
            format!("r.yaml: alternatives[0]: check is not a valid template: {text}")
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}
