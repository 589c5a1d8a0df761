//! The two kinds of text match a rule can ask for, compiled when the rule is read.

use regex::Regex;
use serde::{Deserialize, Deserializer};

/// A regular expression found anywhere in the text (messages, log lines).
#[derive(Debug, Clone)]
pub(crate) struct Pattern(pub(crate) Regex);

/// A regular expression that must match the whole value (reasons, phases, types), so
/// `reason: Failed` does not match `FailedMount`; alternatives work: `FailedMount|FailedMapVolume`.
#[derive(Debug, Clone)]
pub(crate) struct Exact(pub(crate) Regex);

impl Pattern {
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
    pub(crate) fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Exact {
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// Compiled regexes are capped in size: a rule cannot make the tool slow or hungry.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

fn compile<'de, D: Deserializer<'de>>(d: D, anchored: bool) -> Result<Regex, D::Error> {
    let text = String::deserialize(d)?;
    let source = if anchored {
        format!("^(?:{text})$")
    } else {
        text
    };
    regex::RegexBuilder::new(&source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| serde::de::Error::custom(format!("invalid regular expression: {e}")))
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        compile(d, false).map(Pattern)
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        compile(d, true).map(Exact)
    }
}
