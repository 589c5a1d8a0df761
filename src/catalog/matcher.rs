//! Finds the cause entries a text matches, at the cost of one literal search: each entry's
//! longest literal run goes into one Aho-Corasick automaton, and only the entries whose
//! literal is found have their regex tried. A benign message that is a longer form of a cause
//! entry's message ("failed to cancel migration - vmi is not migrating" against "failed to
//! cancel migration") is the more specific reading: where it matches, the cause entry does not.

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::entry::{Class, Entry, literals};

/// The automaton over the cause entries of a catalog.
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    /// Per literal of the automaton: the entries (indexes into the catalog) that hold it.
    by_literal: Vec<Vec<usize>>,
    /// Per entry: its compiled regex, for cause entries with a matcher.
    regexes: Vec<Option<Regex>>,
    /// Per entry: the literal that stands for it in a line filter.
    keys: Vec<Option<String>>,
    /// Per cause entry: the benign entries whose message holds its literal, compiled.
    refinements: Vec<Vec<Regex>>,
}

/// Why a matcher could not be built.
#[derive(Debug, Clone)]
pub(crate) struct MatcherError {
    /// The entry whose regex does not compile, or empty for the automaton.
    pub(crate) id: String,
    pub(crate) message: String,
}

impl Matcher {
    pub(crate) fn build(entries: &[Entry]) -> Result<Matcher, MatcherError> {
        let mut literal_of: Vec<String> = Vec::new();
        let mut by_literal: Vec<Vec<usize>> = Vec::new();
        let mut regexes = Vec::with_capacity(entries.len());
        let mut keys = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let (Class::Cause(_), Some(pattern)) = (e.class, &e.matcher) else {
                regexes.push(None);
                keys.push(None);
                continue;
            };
            let regex = Regex::new(pattern).map_err(|err| MatcherError {
                id: e.id.clone(),
                message: err.to_string(),
            })?;
            // Cut at the characters JSON escapes, so that the key is found in a raw JSON log
            // line as well as in what it says.
            let literal = literals(&e.format)
                .iter()
                .flat_map(|l| l.split(['"', '\\', '\n', '\t']))
                .max_by_key(|piece| piece.len())
                .map(str::to_string)
                .filter(|piece| !piece.trim().is_empty());
            let Some(literal) = literal else {
                return Err(MatcherError {
                    id: e.id.clone(),
                    message: "a cause entry needs literal text to be found by".into(),
                });
            };
            match literal_of.iter().position(|l| *l == literal) {
                Some(at) => by_literal[at].push(i),
                None => {
                    literal_of.push(literal.clone());
                    by_literal.push(vec![i]);
                }
            }
            regexes.push(Some(regex));
            keys.push(Some(literal));
        }
        let refinements = refinements(entries, &keys);
        let automaton = AhoCorasick::new(&literal_of).map_err(|err| MatcherError {
            id: String::new(),
            message: err.to_string(),
        })?;
        Ok(Matcher {
            automaton,
            by_literal,
            regexes,
            keys,
            refinements,
        })
    }

    /// The indexes of the cause entries `text` matches, in catalog order.
    pub(crate) fn matches(&self, text: &str) -> Vec<usize> {
        let mut candidates: Vec<usize> = self
            .automaton
            .find_overlapping_iter(text)
            .flat_map(|m| self.by_literal[m.pattern().as_usize()].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&i| {
            self.regexes[i].as_ref().is_some_and(|r| r.is_match(text))
                && !self.refinements[i].iter().any(|r| r.is_match(text))
        });
        candidates
    }

    /// The literal a line filter keeps the lines of entry `i` by.
    pub(crate) fn key(&self, i: usize) -> Option<&str> {
        self.keys.get(i)?.as_deref()
    }
}

/// For each cause entry, the benign entries whose format holds its literal (a longer, benign
/// form of the same message); their matchers that do not compile are left out, as benign
/// entries are not otherwise matched.
fn refinements(entries: &[Entry], keys: &[Option<String>]) -> Vec<Vec<Regex>> {
    let benign: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.class == Class::Benign && e.matcher.is_some())
        .collect();
    keys.iter()
        .zip(entries)
        .map(|(key, e)| match key {
            None => Vec::new(),
            Some(key) => benign
                .iter()
                .filter(|b| b.format.len() > e.format.len() && b.format.contains(key.as_str()))
                .filter_map(|b| Regex::new(b.matcher.as_deref()?).ok())
                .collect(),
        })
        .collect()
}
