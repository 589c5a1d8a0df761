//! Rule files in, checked rules out: strict parsing, the checks every rule must pass (docs,
//! sources, tests, a known cause), and one prefilter over all log patterns so each log line is
//! tested once for every rule.

use std::sync::Arc;

use super::error::{RuleError, RuleErrorKind};
use super::files::RuleText;
use super::schema::{Expect, RuleFile, Severity};
use super::signals::Signal;
use super::signals::log::LogSource;
use crate::cause::Cause;
use crate::inventory::{LineFilter, LogComponent};

/// A rule, checked and compiled.
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) cause: Cause,
    /// The causes of `def.alternatives`, in the same order.
    pub(crate) alternatives: Vec<Cause>,
    /// Where the rule was read from, for messages.
    pub(crate) origin: String,
    pub(crate) def: RuleFile,
    /// The rule file as written, for `rules explain`.
    pub(crate) text: String,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.def.id
    }

    pub fn cause(&self) -> Cause {
        self.cause
    }

    pub fn severity(&self) -> Severity {
        self.def.severity
    }

    pub fn summary(&self) -> &str {
        &self.def.summary
    }

    /// How many signals can make the rule hold: those under `all` and `any`, groups counted
    /// by what is inside them (a rule's `not` guards count for nothing).
    pub fn evidence_signals(&self) -> usize {
        let m = &self.def.matcher;
        m.all
            .iter()
            .chain(&m.any)
            .flat_map(Signal::flatten)
            .filter(|s| s.kind().children().is_empty())
            .count()
    }

    /// Whether the rule reads the message catalog: what a line says, wherever it is, rather
    /// than a state or a structure of the bundle.
    pub(crate) fn reads_catalog(&self) -> bool {
        self.signals().any(|s| s.kind().catalog_cause().is_some())
    }

    /// Every signal of the rule, those inside groups included.
    pub(crate) fn signals(&self) -> impl Iterator<Item = &Signal> {
        let m = &self.def.matcher;
        m.all
            .iter()
            .chain(&m.any)
            .chain(&m.not)
            .chain(self.def.alternatives.iter().flat_map(|a| &a.unless))
            .flat_map(Signal::flatten)
    }
}

/// Every rule, and what reading a bundle needs from them.
#[derive(Debug)]
pub struct RuleSet {
    /// Sorted by id. Shared, so findings can hold their rule.
    pub(crate) rules: Vec<Arc<Rule>>,
    /// Files of the shared test base (`_testbase.yaml`), path -> content.
    pub(crate) test_base: Vec<(String, String)>,
    /// The log patterns of every rule as one alternation per kind of log.
    prefilter: Prefilter,
    /// Causes the rules directory declared (`causes.yaml`).
    custom: Vec<Cause>,
}

/// Keeps a log line when some rule's log pattern matches it. Patterns are grouped by the log
/// they are for (virt-launcher, virt-handler, virt-controller, QEMU, node) into one alternation each, searched
/// over a whole block; a log whose writer is unknown gets the alternation of all of them.
/// After a hit the search resumes at the next line, so every line in which some pattern
/// starts a match is kept.
#[derive(Debug, Clone, Default)]
struct Prefilter {
    launcher: Option<regex::bytes::Regex>,
    handler: Option<regex::bytes::Regex>,
    controller: Option<regex::bytes::Regex>,
    qemu: Option<regex::bytes::Regex>,
    node: Option<regex::bytes::Regex>,
    any: Option<regex::bytes::Regex>,
    /// How many patterns each automaton joins, in the order of `PATTERN_KINDS`.
    counts: [usize; 6],
    /// The causes whose catalog messages some rule reads (`catalog` signals): lines that hold
    /// one are kept too, found by the catalog's own literal automaton in every kind of log.
    catalog_causes: Vec<Cause>,
}

/// The kinds of log the prefilter has one automaton for.
const PATTERN_KINDS: [&str; 6] = [
    "virt-launcher",
    "virt-handler",
    "virt-controller",
    "qemu",
    "node",
    "pasted text",
];

impl Prefilter {
    fn build(rules: &[Arc<Rule>]) -> Result<Prefilter, RuleError> {
        let patterns = |want: Option<LogSource>| -> Vec<&str> {
            let logs = rules
                .iter()
                .flat_map(|r| r.signals())
                .flat_map(|s| s.kind().log_patterns())
                .filter(|(component, _)| want.is_none_or(|w| w == *component))
                .map(|(_, pattern)| pattern);
            // Text of unknown form keeps what any signal could recognise in it.
            let text = rules
                .iter()
                .flat_map(|r| r.signals())
                .flat_map(|s| s.kind().text_patterns())
                .filter(|_| want.is_none());
            logs.chain(text).collect()
        };
        let sets = [
            patterns(Some(LogSource::VirtLauncher)),
            patterns(Some(LogSource::VirtHandler)),
            patterns(Some(LogSource::VirtController)),
            patterns(Some(LogSource::Qemu)),
            patterns(Some(LogSource::Node)),
            patterns(None),
        ];
        Ok(Prefilter {
            launcher: alternation(&sets[0])?,
            handler: alternation(&sets[1])?,
            controller: alternation(&sets[2])?,
            qemu: alternation(&sets[3])?,
            node: alternation(&sets[4])?,
            any: alternation(&sets[5])?,
            counts: sets.map(|s| s.len()),
            catalog_causes: {
                let mut causes: Vec<Cause> = rules
                    .iter()
                    .flat_map(|r| r.signals())
                    .filter_map(|s| s.kind().catalog_cause())
                    .collect();
                causes.sort();
                causes.dedup();
                causes
            },
        })
    }
}

/// A pattern as the prefilter runs it, which only needs to know whether a line may match
/// (each rule's own pattern decides afterwards): groups do not capture, and word boundaries
/// are ASCII. Either would otherwise push the automaton off its lazy DFA onto the PikeVM,
/// whose state for hundreds of joined patterns is hundreds of megabytes: a Unicode `\b`
/// cannot be run by the lazy DFA on a line with a non-ASCII character. An ASCII boundary
/// holds wherever a Unicode one does next to the ASCII words these patterns are made of, so
/// no line is lost.
fn for_prefilter(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if !in_class => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A `]` or `^]` right after the opening bracket is part of the class.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '(' if !in_class && chars.peek() != Some(&'?') => out.push_str("(?:"),
            other => out.push(other),
        }
    }
    out
}

/// One regex for many patterns; `(?m)` so `^` and `$` keep meaning line start and end inside
/// a block.
fn alternation(patterns: &[&str]) -> Result<Option<regex::bytes::Regex>, RuleError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{})", for_prefilter(p)))
        .collect::<Vec<_>>()
        .join("|");
    regex::bytes::RegexBuilder::new(&format!("(?m){joined}"))
        .size_limit(64 << 20)
        // A roomy lazy-DFA cache: an alternation of many patterns has many states, and a
        // cache that keeps being cleared halves the scan speed.
        .dfa_size_limit(256 << 20)
        .build()
        .map(Some)
        .map_err(RuleError::of_set)
}

impl LineFilter for Prefilter {
    fn select(
        &self,
        component: LogComponent,
        block: &[u8],
        keep: &mut Vec<std::ops::Range<usize>>,
    ) {
        let re = match component {
            LogComponent::VirtLauncher => &self.launcher,
            LogComponent::VirtHandler => &self.handler,
            LogComponent::VirtController => &self.controller,
            LogComponent::Qemu => &self.qemu,
            LogComponent::Node => &self.node,
            LogComponent::Text | LogComponent::Other => &self.any,
        };
        let first = keep.len();
        if let Some(re) = re {
            let mut at = 0;
            while at < block.len() {
                let Some(m) = re.find_at(block, at) else {
                    break;
                };
                let line = crate::inventory::log::line_around(block, m.start());
                at = line.end + 1;
                keep.push(line);
            }
        }
        if self.catalog_causes.is_empty() {
            return;
        }
        let Ok(catalog) = crate::catalog::embedded() else {
            return;
        };
        let before = keep.len();
        catalog.lines_of(block, &self.catalog_causes, keep);
        if keep.len() > before && before > first {
            // Both passes push in order; one ordered list, each line once.
            keep[first..].sort_unstable_by_key(|r| r.start);
            let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
            for r in keep.drain(first..) {
                if merged.last().is_none_or(|l| l.start != r.start) {
                    merged.push(r);
                }
            }
            keep.extend(merged);
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TestBase {
    files: std::collections::BTreeMap<String, String>,
}

impl RuleSet {
    pub(crate) fn compile(texts: &[RuleText], custom: &[Cause]) -> Result<RuleSet, Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        let mut test_base = Vec::new();
        for t in texts {
            if t.name.starts_with('_') {
                if t.name == "_testbase.yaml" {
                    match serde_yaml::from_str::<TestBase>(&t.text) {
                        Ok(base) => test_base = base.files.into_iter().collect(),
                        Err(e) => errors.push(RuleError::new(&t.origin, None, e)),
                    }
                }
                continue;
            }
            match compile_one(t, custom) {
                Ok(rule) => rules.push(Arc::new(rule)),
                Err(mut e) => errors.append(&mut e),
            }
        }
        rules.sort_by(|a, b| a.def.id.cmp(&b.def.id));
        for pair in rules.windows(2) {
            if pair[0].def.id == pair[1].def.id {
                errors.push(RuleError::new(
                    &pair[1].origin,
                    Some("id"),
                    RuleErrorKind::IdUsedTwice {
                        id: pair[1].def.id.clone(),
                    },
                ));
            }
        }
        let prefilter = Prefilter::build(&rules).unwrap_or_else(|e| {
            errors.push(e);
            Prefilter::default()
        });
        if errors.is_empty() {
            Ok(RuleSet {
                rules,
                test_base,
                prefilter,
                custom: custom.to_vec(),
            })
        } else {
            Err(errors)
        }
    }

    /// The line filter for reading logs: only lines some rule could use are kept.
    pub(crate) fn line_filter(&self) -> Arc<dyn LineFilter> {
        Arc::new(self.prefilter.clone())
    }

    /// How many patterns each kind of log is searched for, each kind with one automaton.
    pub fn pattern_counts(&self) -> Vec<(&'static str, usize)> {
        PATTERN_KINDS
            .iter()
            .copied()
            .zip(self.prefilter.counts)
            .collect()
    }

    /// The same rules without those named (`--ignore-rule`); an id no rule has is an error.
    pub fn without(&self, ids: &[String]) -> Result<RuleSet, RuleError> {
        if let Some(unknown) = ids.iter().find(|id| self.get(id).is_none()) {
            return Err(RuleError::of_set(RuleErrorKind::UnknownRule {
                id: unknown.clone(),
            }));
        }
        let rules: Vec<Arc<Rule>> = self
            .rules
            .iter()
            .filter(|r| !ids.contains(&r.def.id))
            .cloned()
            .collect();
        Ok(RuleSet {
            prefilter: Prefilter::build(&rules)?,
            rules,
            test_base: self.test_base.clone(),
            custom: self.custom.clone(),
        })
    }

    /// Every cause rules may name: the runbook's, then the rules directory's own.
    pub fn causes(&self) -> Vec<Cause> {
        Cause::ALL
            .iter()
            .copied()
            .chain(self.custom.iter().copied())
            .collect()
    }

    /// Every rule, by id.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().map(|r| &**r)
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules().find(|r| r.def.id == id)
    }
}

fn compile_one(t: &RuleText, custom: &[Cause]) -> Result<Rule, Vec<RuleError>> {
    let cause_of =
        |id: &str| Cause::from_id(id).or_else(|| custom.iter().copied().find(|c| c.id() == id));
    let at = |field: &str, kind: RuleErrorKind| RuleError::new(&t.origin, Some(field), kind);
    let def: RuleFile =
        serde_yaml::from_str(&t.text).map_err(|e| vec![RuleError::new(&t.origin, None, e)])?;
    let mut errors = Vec::new();
    let stem = t.name.trim_end_matches(".yaml").trim_end_matches(".yml");
    if def.id != stem {
        errors.push(at(
            "id",
            RuleErrorKind::IdNotFileName {
                id: def.id.clone(),
                stem: stem.to_string(),
            },
        ));
    }
    for id in &def.explains {
        if cause_of(id).is_none() {
            errors.push(at(
                "explains",
                RuleErrorKind::UnknownCause { cause: id.clone() },
            ));
        }
    }
    for (i, alt) in def.alternatives.iter().enumerate() {
        let field = format!("alternatives[{i}]");
        if cause_of(&alt.cause).is_none() {
            let cause = alt.cause.clone();
            errors.push(at(&field, RuleErrorKind::UnknownCause { cause }));
        }
        if alt.cause == def.cause {
            errors.push(at(&field, RuleErrorKind::OwnCause));
        }
        if def.alternatives[..i].iter().any(|a| a.cause == alt.cause) {
            let cause = alt.cause.clone();
            errors.push(at(&field, RuleErrorKind::CauseListedTwice { cause }));
        }
        if alt.when.trim().is_empty() || alt.check.trim().is_empty() {
            errors.push(at(&field, RuleErrorKind::NoWhenOrCheck));
        }
        if let Err(e) = minijinja::Environment::new().template_from_str(&alt.check) {
            errors.push(at(&format!("{field}.check"), e.into()));
        }
    }
    let cause = cause_of(&def.cause);
    if cause.is_none() {
        let cause = def.cause.clone();
        errors.push(at("cause", RuleErrorKind::UnknownCause { cause }));
    }
    if !(0.0..=1.0).contains(&def.specificity) {
        let value = def.specificity;
        errors.push(at(
            "specificity",
            RuleErrorKind::SpecificityOutOfRange { value },
        ));
    }
    for (field, text) in [
        ("summary", &def.summary),
        ("doc.what", &def.doc.what),
        ("doc.why", &def.doc.why),
        ("doc.next_steps", &def.doc.next_steps),
    ] {
        if text.trim().is_empty() {
            errors.push(at(field, RuleErrorKind::Empty));
        }
    }
    if let Err(e) = minijinja::Environment::new().template_from_str(&def.doc.next_steps) {
        errors.push(at("doc.next_steps", e.into()));
    }
    let m = &def.matcher;
    if m.all.is_empty() && m.any.is_empty() {
        errors.push(at("match", RuleErrorKind::NoSignal));
    }
    let rule = Rule {
        cause: cause.unwrap_or(Cause::NodeNotReady),
        alternatives: def
            .alternatives
            .iter()
            .filter_map(|a| cause_of(&a.cause))
            .collect(),
        origin: t.origin.clone(),
        def,
        text: t.text.clone(),
    };
    for (i, s) in rule.signals().enumerate() {
        if s.kind().children().is_empty() && s.kind().source().trim().is_empty() {
            errors.push(at(&format!("signals[{i}]"), RuleErrorKind::NoSource));
        }
        if let Err(e) = s.kind().check() {
            errors.push(at(&format!("signals[{i}]"), RuleErrorKind::Signal(e)));
        }
    }
    let has = |e: Expect| rule.def.tests.iter().any(|t| t.expect == e);
    if !has(Expect::Fires) || !has(Expect::Quiet) {
        errors.push(at("tests", RuleErrorKind::NoTests));
    }
    if errors.is_empty() {
        Ok(rule)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::for_prefilter;

    #[test]
    fn prefilter_patterns_capture_nothing_and_have_ascii_word_boundaries() {
        assert_eq!(
            for_prefilter(r"failed to generate (container \S+ )?spec"),
            r"failed to generate (?:container \S+ )?spec"
        );
        assert_eq!(for_prefilter(r"\bOOM\b"), r"(?-u:\b)OOM(?-u:\b)");
        // Escapes, classes and groups that already say what they are stay as they are.
        for kept in [
            r"\(x\)",
            r"[(\b]",
            r"(?i:abc)",
            r"(?P<n>x)",
            r"[]()]",
            r"\\b",
        ] {
            assert_eq!(for_prefilter(kept), kept);
        }
    }

    #[test]
    fn a_line_with_non_ascii_text_is_still_kept() {
        let re = super::alternation(&[r"\bOut of memory\b", r"(device|volume) not found"])
            .unwrap()
            .unwrap();
        assert!(re.is_match("Out of memory … killed process".as_bytes()));
        assert!(re.is_match("\u{fffd} volume not found".as_bytes()));
    }
}
