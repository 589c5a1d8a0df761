//! Runs the tests every rule carries: each test's files, laid over the shared test base, are
//! read like a bundle, and the rule must fire (or stay quiet) for the test's VM.

use super::compile::{Rule, RuleSet};
use super::eval::VmContext;
use super::schema::Expect;
use crate::inventory::{self, Inventory};
use crate::source::Limits;

/// The outcome of one rule test.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: String,
    pub test: String,
    pub passed: bool,
    pub detail: String,
}

/// Runs every test of every rule.
pub fn run(set: &RuleSet) -> Vec<Outcome> {
    set.rules.iter().flat_map(|r| run_rule(set, r)).collect()
}

pub fn run_rule(set: &RuleSet, rule: &Rule) -> Vec<Outcome> {
    rule.def
        .tests
        .iter()
        .map(|t| {
            let mut files: Vec<(String, String)> = if t.base {
                set.test_base.clone()
            } else {
                Vec::new()
            };
            for (path, text) in &t.files {
                files.retain(|(p, _)| p != path);
                files.push((path.clone(), text.clone()));
            }
            let inv = build(&files, set);
            let target = t.vm.as_deref().unwrap_or("vms/testvm");
            let outcome = |passed: bool, detail: String| Outcome {
                rule: rule.def.id.clone(),
                test: t.name.clone(),
                passed,
                detail,
            };
            let Some(links) = inv.links.vms.iter().find(|l| {
                let m = &inv.vms[l.vm].metadata;
                format!("{}/{}", m.namespace, m.name) == target
            }) else {
                return outcome(false, format!("no VM {target} in the test files"));
            };
            let hit = VmContext::new(&inv, links).evaluate(rule);
            match (t.expect, hit) {
                (Expect::Fires, Some(h)) if !h.evidence.is_empty() => outcome(true, String::new()),
                (Expect::Fires, _) => {
                    outcome(false, "expected the rule to fire; it did not".into())
                }
                (Expect::Quiet, None) => outcome(true, String::new()),
                (Expect::Quiet, Some(h)) => outcome(
                    false,
                    format!(
                        "expected quiet; it fired on {}",
                        h.evidence
                            .iter()
                            .map(|e| format!("{}:{}", e.file, e.line))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        })
        .collect()
}

/// An inventory from in-memory files, read through the same path as a real bundle, with the
/// rule set's own line filter.
pub fn build(files: &[(String, String)], set: &RuleSet) -> Inventory {
    inventory::from_files(files, &Limits::default(), set.line_filter())
}
