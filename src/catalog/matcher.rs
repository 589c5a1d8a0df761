//! Finds the cause entries a text matches, at the cost of one literal search: each entry's
//! longest literal run goes into one Aho-Corasick automaton, and only the entries whose
//! literal is found have their regex tried. A longer form of a cause entry's message, benign
//! or of another cause, is the more specific reading: where it matches, the cause entry does
//! not (`longer_forms`).

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::entry::{Class, Entry, literals};

/// The automaton over the cause entries of a catalog. Regexes are compiled the first time a
/// literal calls for them: a run meets a handful of the catalog's messages, and compiling
/// all of them up front cost half a second and tens of megabytes on every run. That they all
/// compile is the catalog's own unit test (`Matcher::check`).
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    /// Per literal of the automaton: the entries (indexes into the catalog) that hold it.
    by_literal: Vec<Vec<usize>>,
    /// Per entry: its regex source, for cause and benign entries with a matcher.
    patterns: Vec<Option<String>>,
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// Per cause entry: the cause and benign entries that are a longer form of its message
    /// (`longer_forms`): where one of them matches, it is the reading that counts.
    longer: Vec<Vec<usize>>,
    /// Per cause entry: the literal it is found by.
    keys: Vec<Option<String>>,
    /// Per cause entry whose format carries an inner text (`%s`, `%v`, `%w`, `%q`) in which
    /// another message may sit: that format.
    envelopes: Vec<Option<String>>,
}

/// Why a matcher could not be built.
#[derive(Debug, Clone)]
pub(crate) struct MatcherError {
    /// The entry whose regex does not compile, or empty for the automaton.
    pub(crate) id: String,
    pub(crate) message: String,
}

/// The most bytes of a literal the automaton holds: the regex confirms every candidate, and
/// the automaton's size grows with the bytes of all its literals (a DFA over full literals
/// took 18 MB).
const KEY_BYTES: usize = 20;

/// The literal a cause entry is found by: the longest run of its format between verbs, cut
/// at the characters JSON escapes, so that it is found in a raw JSON log line as well as in
/// what the line says.
fn key_of(format: &str) -> Option<String> {
    literals(format)
        .iter()
        .flat_map(|l| l.split(['"', '\\', '\n', '\t']))
        .max_by_key(|piece| piece.len())
        .map(str::to_string)
        .filter(|piece| !piece.trim().is_empty())
}

/// What of a key the automaton searches for: its first `KEY_BYTES` bytes.
fn searched(key: &str) -> &str {
    let mut end = key.len().min(KEY_BYTES);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    &key[..end]
}

impl Matcher {
    pub(crate) fn build(entries: &[Entry]) -> Result<Matcher, MatcherError> {
        let mut literal_of: Vec<String> = Vec::new();
        let mut by_literal: Vec<Vec<usize>> = Vec::new();
        let mut keys = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let (Class::Cause(_), Some(_)) = (e.class, &e.matcher) else {
                keys.push(None);
                continue;
            };
            let Some(literal) = key_of(&e.format) else {
                return Err(MatcherError {
                    id: e.id.clone(),
                    message: "a cause entry needs literal text to be found by".into(),
                });
            };
            let head = searched(&literal);
            match literal_of.iter().position(|l| l == head) {
                Some(at) => by_literal[at].push(i),
                None => {
                    literal_of.push(head.to_string());
                    by_literal.push(vec![i]);
                }
            }
            keys.push(Some(literal));
        }
        let longer = longer_forms(entries, &keys);
        let envelopes = entries
            .iter()
            .map(|e| {
                ["%s", "%v", "%w", "%q"]
                    .iter()
                    .any(|v| e.format.contains(v))
                    .then(|| e.format.clone())
            })
            .collect();
        let patterns: Vec<Option<String>> = entries
            .iter()
            .map(|e| match e.class {
                Class::Cause(_) | Class::Benign => e.matcher.clone(),
                _ => None,
            })
            .collect();
        // A DFA: the fastest search, for a few megabytes; it runs over every log byte.
        let automaton = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&literal_of)
            .map_err(|err| MatcherError {
                id: String::new(),
                message: err.to_string(),
            })?;
        Ok(Matcher {
            automaton,
            by_literal,
            regexes: patterns.iter().map(|_| OnceLock::new()).collect(),
            patterns,
            longer,
            keys,
            envelopes,
        })
    }

    /// Compiles every regex: the catalog's unit test, so that the lazy compiling of a run
    /// never meets one that does not compile.
    #[cfg(test)]
    pub(crate) fn check(&self, entries: &[Entry]) -> Result<(), MatcherError> {
        for (i, pattern) in self.patterns.iter().enumerate() {
            let Some(pattern) = pattern else { continue };
            Regex::new(pattern).map_err(|e| MatcherError {
                id: entries[i].id.clone(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }

    fn regex(&self, i: usize) -> Option<&Regex> {
        self.regexes[i]
            .get_or_init(|| Regex::new(self.patterns[i].as_deref()?).ok())
            .as_ref()
    }

    /// The indexes of the cause entries `text` matches, in catalog order. A text with
    /// escaped quotes (`err="...\"x\"..."` in a klog line, a quoted string in YAML) is read
    /// unescaped too: the formats hold the quotes as written.
    pub(crate) fn matches(&self, text: &str) -> Vec<usize> {
        let mut found = self.matches_as_is(text);
        if text.contains("\\\"") {
            found.extend(self.matches_as_is(&text.replace("\\\"", "\"")));
            found.sort_unstable();
            found.dedup();
        }
        found
    }

    fn matches_as_is(&self, text: &str) -> Vec<usize> {
        let mut candidates: Vec<usize> = self
            .automaton
            .find_overlapping_iter(text)
            .flat_map(|m| self.by_literal[m.pattern().as_usize()].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let is_match = |i: usize| self.regex(i).is_some_and(|r| r.is_match(text));
        candidates.retain(|&i| is_match(i) && !self.longer[i].iter().any(|&j| is_match(j)));
        self.inner_first(text, &mut candidates);
        candidates
    }

    /// Of two cause entries matched in one text, where one carries an inner text and the
    /// other's message is not part of its own wording, the other is that inner text: the
    /// error it wraps, the more specific reading ("Process exited prior to exec: %s" around
    /// "cannot limit locked memory of process %d ..."; "failed to pull and unpack image %q:
    /// %w" around "failed to extract layer %s"). The envelope does not count.
    fn inner_first(&self, text: &str, candidates: &mut Vec<usize>) {
        if candidates.len() < 2 {
            return;
        }
        let at = |i: usize| {
            let key = self.keys[i].as_deref()?;
            text.find(key).map(|p| (p, p + key.len()))
        };
        // `a` wraps `b` when b's message starts after a's own words and is not part of them.
        let wraps = |a: usize, b: usize| {
            let (Some(format), Some(key)) = (self.envelopes[a].as_deref(), self.keys[b].as_deref())
            else {
                return false;
            };
            a != b
                && !format.contains(key)
                && matches!((at(a), at(b)), (Some((_, a_end)), Some((b_start, _))) if b_start >= a_end)
        };
        let all = candidates.clone();
        candidates.retain(|&a| !all.iter().any(|&b| wraps(a, b)));
    }

    /// The byte ranges of the lines of `block` that hold a message of an entry `wanted`
    /// accepts, in order: each line searched for a literal once, unless it is a KubeVirt
    /// info line (most of a log's bytes, passed over without a search), and each line that
    /// holds a literal checked once, whole.
    pub(crate) fn lines(
        &self,
        block: &[u8],
        wanted: &dyn Fn(usize) -> bool,
        keep: &mut Vec<std::ops::Range<usize>>,
    ) {
        let mut start = 0;
        while start < block.len() {
            let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
            let line = &block[start..end];
            if !is_info_without_reason(line)
                && self.automaton.is_match(line)
                && self.line_holds(line, wanted)
            {
                keep.push(start..end);
            }
            start = end + 1;
        }
    }

    /// Whether a line that holds a literal holds a wanted entry's message, in its text or,
    /// for a JSON log line whose strings are escaped, in what it says.
    fn line_holds(&self, line: &[u8], wanted: &dyn Fn(usize) -> bool) -> bool {
        let line = String::from_utf8_lossy(line);
        if self.matches(&line).into_iter().any(wanted) {
            return true;
        }
        line.contains('\\')
            && crate::inventory::log::json::JsonMessage::of(&line)
                .is_some_and(|m| self.matches(&m.render(&line)).into_iter().any(wanted))
    }
}

/// A KubeVirt JSON log line at info level with no `reason`: it cannot hold a catalog message,
/// whose log entries are error- and warning-level and whose returned errors reach an info
/// line only as its reason. Such lines are most of a log's bytes, and are passed over
/// before the literal search. The level sits in the first bytes of the record.
fn is_info_without_reason(line: &[u8]) -> bool {
    static INFO: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    static REASON: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let head = &line[..line.len().min(160)];
    INFO.get_or_init(|| memchr::memmem::Finder::new(b"\"level\":\"info\""))
        .find(head)
        .is_some()
        && REASON
            .get_or_init(|| memchr::memmem::Finder::new(b"\"reason\":"))
            .find(line)
            .is_none()
}

/// For each cause entry, the cause and benign entries with a matcher whose format is longer
/// and holds its literal: a longer form of the same message, the more specific reading (a
/// benign "failed to cancel migration - vmi is not migrating" over "failed to cancel
/// migration"; "Unable to trigger hotplug population, claim %s not found" over "claim %s not
/// found").
fn longer_forms(entries: &[Entry], keys: &[Option<String>]) -> Vec<Vec<usize>> {
    let mut longer = vec![Vec::new(); entries.len()];
    // One automaton over the distinct keys, run once over each candidate longer form: the
    // catalog holds thousands of entries, and comparing every pair cost most of a second.
    let mut distinct: Vec<&str> = keys.iter().flatten().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let Ok(automaton) = AhoCorasick::new(&distinct) else {
        return longer;
    };
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); distinct.len()];
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key
            && let Ok(k) = distinct.binary_search(&key.as_str())
        {
            holders[k].push(i);
        }
    }
    for (j, form) in entries.iter().enumerate() {
        if form.matcher.is_none() || !matches!(form.class, Class::Cause(_) | Class::Benign) {
            continue;
        }
        let mut found: Vec<usize> = automaton
            .find_overlapping_iter(form.format.as_str())
            .map(|m| m.pattern().as_usize())
            .collect();
        found.sort_unstable();
        found.dedup();
        for k in found {
            for &i in &holders[k] {
                if form.format.len() > entries[i].format.len() {
                    longer[i].push(j);
                }
            }
        }
    }
    longer
}
