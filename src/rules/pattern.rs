//! The two kinds of text match a rule can ask for, compiled when the rule is read.

use regex::Regex;
use serde::{Deserialize, Deserializer};

/// A regular expression found anywhere in the text (messages, log lines).
#[derive(Debug, Clone)]
pub(crate) struct Pattern(pub(crate) Regex);

/// A regular expression that must match the whole value (reasons, phases, types), so
/// `reason: Failed` does not match `FailedMount`; alternatives work: `FailedMount|FailedMapVolume`.
#[derive(Debug, Clone)]
pub(crate) struct Exact {
    whole: Regex,
    /// The same words found as words in free text (`\b(?:FailedMount|FailedMapVolume)\b`),
    /// when the expression is only words and alternatives: how a reason shows in a paste.
    word: Option<Regex>,
}

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
        self.whole.is_match(text)
    }

    /// The expression as words in free text, when it is only words.
    pub(crate) fn word(&self) -> Option<&Regex> {
        self.word.as_ref()
    }
}

/// Compiled regexes are capped in size: a rule cannot make the tool slow or hungry.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

fn compile<'de, D: Deserializer<'de>>(d: D) -> Result<Regex, D::Error> {
    let text = String::deserialize(d)?;
    regex::RegexBuilder::new(&text)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| serde::de::Error::custom(format!("invalid regular expression: {e}")))
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        compile(d).map(Pattern)
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let build = |source: &str| {
            regex::RegexBuilder::new(source)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| serde::de::Error::custom(format!("invalid regular expression: {e}")))
        };
        let whole = build(&format!("^(?:{text})$"))?;
        let words = !text.is_empty()
            && text
                .split('|')
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
        let word = if words {
            Some(build(&format!(r"\b(?:{text})\b"))?)
        } else {
            None
        };
        Ok(Exact { whole, word })
    }
}
