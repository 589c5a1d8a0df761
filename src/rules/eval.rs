//! Whether a rule holds for one VM: its `match` (all / any / not) over the signals, the
//! alternative readings its `unless` signals rule out, and the evidence cut to a readable
//! listing. Kept apart from `context`, which the signals receive, so that they only point down.

use super::compile::Rule;
use super::context::VmContext;
use super::schema::Match;
use crate::cause::Cause;
use crate::evidence::Evidence;

/// Evidence lines listed per file for one rule; the rest are counted, not listed.
const MAX_PER_FILE: usize = 3;

/// A rule that holds for a VM, with its evidence.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) evidence: Vec<Evidence>,
    /// Matching lines beyond those listed.
    pub(crate) more: usize,
    /// The rule's alternative readings that an `unless` signal rules out for this VM.
    pub(crate) ruled_out: Vec<Cause>,
}

/// Whether `rule` holds for the VM of `ctx`, with the evidence if it does.
pub(crate) fn evaluate(ctx: &VmContext, rule: &Rule) -> Option<Hit> {
    let evidence = matched(ctx, &rule.def.matcher)?;
    let (evidence, more) = shorten(evidence);
    Some(Hit {
        evidence,
        more,
        ruled_out: ruled_out(ctx, rule),
    })
}

/// Every line the signals of `m` cite when all of `all`, one of `any` (when given) and none
/// of `not` hold; `None` otherwise.
fn matched(ctx: &VmContext, m: &Match) -> Option<Vec<Evidence>> {
    let mut evidence = Vec::new();
    for s in &m.all {
        let found = s.evaluate(ctx);
        if found.is_empty() {
            return None;
        }
        evidence.extend(found);
    }
    if !m.any.is_empty() {
        let mut any = false;
        // Every `any` signal is evaluated, not only the first that holds: each one's lines
        // are evidence.
        for s in &m.any {
            let found = s.evaluate(ctx);
            any |= !found.is_empty();
            evidence.extend(found);
        }
        if !any {
            return None;
        }
    }
    if m.not.iter().any(|s| !s.evaluate(ctx).is_empty()) {
        return None;
    }
    Some(evidence)
}

/// The evidence sorted, each line once, at most `MAX_PER_FILE` lines of a file listed, and
/// how many were left out.
fn shorten(mut evidence: Vec<Evidence>) -> (Vec<Evidence>, usize) {
    evidence.sort();
    evidence.dedup_by(|a, b| a.file == b.file && a.line == b.line);
    let total = evidence.len();
    // Keep the listing short, but keep one line of every file that matched.
    let mut shown: Vec<Evidence> = Vec::new();
    for e in evidence {
        let per_file = shown.iter().filter(|s| s.file == e.file).count();
        if per_file < MAX_PER_FILE {
            shown.push(e);
        }
    }
    let more = total - shown.len();
    (shown, more)
}

/// The causes of the rule's alternative readings that one of their `unless` signals rules
/// out for this VM.
fn ruled_out(ctx: &VmContext, rule: &Rule) -> Vec<Cause> {
    rule.def
        .alternatives
        .iter()
        .zip(&rule.alternatives)
        .filter(|(a, _)| a.unless.iter().any(|s| !s.evaluate(ctx).is_empty()))
        .map(|(_, &cause)| cause)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::shorten;
    use crate::evidence::Evidence;

    fn line(file: &str, line: u64) -> Evidence {
        Evidence {
            file: file.into(),
            line,
            excerpt: String::new(),
            what: String::new(),
            time: None,
        }
    }

    #[test]
    fn the_listing_keeps_three_lines_a_file_and_counts_the_rest() {
        let mut all: Vec<Evidence> = (1..=5).rev().map(|n| line("a.log", n)).collect();
        all.push(line("b.log", 9));
        all.push(line("a.log", 2));
        let (shown, more) = shorten(all);
        let at: Vec<(&str, u64)> = shown.iter().map(|e| (e.file.as_str(), e.line)).collect();
        assert_eq!(at, [("a.log", 1), ("a.log", 2), ("a.log", 3), ("b.log", 9)]);
        assert_eq!(more, 2);
    }
}
