//! Runs the tests every rule carries: each test's files, laid over the shared test base, are
//! read like a bundle, and the rule must fire (or stay quiet) for the test's VM. Each outcome
//! is typed (fired, quiet, missing with why, noisy with what it cited); `rules test` prints
//! its `Display`.

use std::fmt;

use super::compile::{Rule, RuleSet};
use super::context::VmContext;
use super::eval;
use super::names::Names;
use super::schema::Expect;
use crate::inventory::{self, Inventory};
use crate::source::Limits;

/// The outcome of one rule test, or of a rule's check of the names its next steps use.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: String,
    pub test: String,
    pub verdict: Verdict,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        matches!(
            self.verdict,
            Verdict::Fired | Verdict::Quiet | Verdict::NamesKnown
        )
    }
}

/// What a rule test found.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Verdict {
    /// Expected to fire, and it fired.
    Fired,
    /// Expected to stay quiet, and it did.
    Quiet,
    /// Expected to fire, and it did not.
    Missing(WhyNot),
    /// Expected to stay quiet, and it fired, citing these lines (file, line).
    Noisy { cited: Vec<(String, u64)> },
    /// The test's VM (`namespace/name`) is not in its files.
    NoVm { vm: String },
    /// Every name the rule's next steps use is one the report fills in.
    NamesKnown,
    /// The next steps use names the report does not fill in (`known` are those it does).
    UnknownNames {
        unknown: Vec<String>,
        known: Vec<String>,
    },
    /// The next steps are not a valid template.
    BadTemplate { error: String },
}

/// Why a rule that should have fired did not: the signals that kept it from holding, and
/// what the VM offered them.
#[derive(Debug, Clone)]
pub struct WhyNot {
    pub signals: Vec<Blocking>,
    pub offered: Offered,
}

/// A signal (or group of the rule's `match`) that kept the rule from holding.
#[derive(Debug, Clone)]
pub enum Blocking {
    /// `all[index]`, a signal of `kind`, matched nothing.
    All { index: usize, kind: &'static str },
    /// None of `any`, signals of these kinds, matched.
    Any { kinds: Vec<&'static str> },
    /// `not[index]`, a signal of `kind`, matched, which rules the rule out.
    Not { index: usize, kind: &'static str },
}

/// What the test's VM had for the signals to match.
#[derive(Debug, Clone)]
pub struct Offered {
    pub events: usize,
    pub node_events: usize,
    pub launcher_pods: usize,
    pub vmi: bool,
    pub node_object: bool,
    /// Log lines kept by the prefilter, per kind of log.
    pub launcher_lines: usize,
    pub handler_lines: usize,
    pub qemu_lines: usize,
    pub node_lines: usize,
    pub text_lines: usize,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Fired => f.write_str("fired"),
            Verdict::Quiet => f.write_str("stayed quiet"),
            Verdict::NamesKnown => f.write_str("every name is filled in"),
            Verdict::Missing(why) => write!(f, "expected the rule to fire; it did not: {why}"),
            Verdict::Noisy { cited } => {
                let at: Vec<String> = cited
                    .iter()
                    .map(|(file, line)| format!("{file}:{line}"))
                    .collect();
                write!(f, "expected quiet; it fired on {}", at.join(", "))
            }
            Verdict::NoVm { vm } => write!(f, "no VM {vm} in the test files"),
            Verdict::UnknownNames { unknown, known } => write!(
                f,
                "next_steps uses {}, not among the names filled in ({})",
                unknown.join(", "),
                known.join(", ")
            ),
            Verdict::BadTemplate { error } => {
                write!(f, "next_steps is not a valid template: {error}")
            }
        }
    }
}

impl fmt::Display for WhyNot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.signals {
            match s {
                Blocking::All { index, kind } => {
                    write!(f, "all[{index}] ({kind}) matched nothing")?
                }
                Blocking::Any { kinds } => {
                    write!(f, "none of any[] ({}) matched", kinds.join(", "))?
                }
                Blocking::Not { index, kind } => {
                    write!(f, "not[{index}] ({kind}) matched, which rules it out")?
                }
            }
            f.write_str("; ")?;
        }
        let o = &self.offered;
        let a = |yes: bool| if yes { "a" } else { "no" };
        write!(
            f,
            "the VM had {} event(s), {} node event(s), {} launcher pod(s), {} VMI, {} node object; kept log lines: launcher {}, handler {}, QEMU {}, node {}, pasted text {}",
            o.events,
            o.node_events,
            o.launcher_pods,
            a(o.vmi),
            a(o.node_object),
            o.launcher_lines,
            o.handler_lines,
            o.qemu_lines,
            o.node_lines,
            o.text_lines,
        )
    }
}

/// Runs every test of every rule, and checks the names each rule's next steps use.
pub fn run(set: &RuleSet) -> Vec<Outcome> {
    set.rules
        .iter()
        .flat_map(|r| run_rule(set, r).into_iter().chain([template_names(r)]))
        .collect()
}

/// Every variable a rule's next steps use must be a name the report fills in (a misspelt
/// one would fail inside a report, not here).
fn template_names(rule: &Rule) -> Outcome {
    let known: Vec<String> = match serde_json::to_value(Names::generic()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let env = minijinja::Environment::new();
    let verdict = match env.template_from_str(&rule.def.doc.next_steps) {
        Ok(template) => {
            let mut unknown: Vec<String> = template
                .undeclared_variables(false)
                .into_iter()
                .filter(|v| !known.contains(v))
                .collect();
            unknown.sort();
            if unknown.is_empty() {
                Verdict::NamesKnown
            } else {
                Verdict::UnknownNames { unknown, known }
            }
        }
        Err(e) => Verdict::BadTemplate {
            error: e.to_string(),
        },
    };
    Outcome {
        rule: rule.def.id.clone(),
        test: "next_steps names".into(),
        verdict,
    }
}

/// Which of a rule's signals kept it from firing, and what the VM offered them.
fn why_not(ctx: &VmContext, rule: &Rule) -> WhyNot {
    let m = &rule.def.matcher;
    let mut signals = Vec::new();
    for (index, s) in m.all.iter().enumerate() {
        if s.evaluate(ctx).is_empty() {
            signals.push(Blocking::All {
                index,
                kind: s.name(),
            });
        }
    }
    if !m.any.is_empty() && m.any.iter().all(|s| s.evaluate(ctx).is_empty()) {
        let kinds = m.any.iter().map(|s| s.name()).collect();
        signals.push(Blocking::Any { kinds });
    }
    for (index, s) in m.not.iter().enumerate() {
        if !s.evaluate(ctx).is_empty() {
            signals.push(Blocking::Not {
                index,
                kind: s.name(),
            });
        }
    }
    let l = ctx.links;
    let lines =
        |logs: &[usize]| -> usize { logs.iter().map(|&i| ctx.inv.logs[i].lines.len()).sum() };
    let offered = Offered {
        events: l.events.len(),
        node_events: l.node_events.len(),
        launcher_pods: l.launcher_pods.len(),
        vmi: l.vmi.is_some(),
        node_object: l.node_object.is_some(),
        launcher_lines: lines(&l.launcher_logs),
        handler_lines: lines(&l.handler_logs),
        qemu_lines: lines(&l.qemu_logs),
        node_lines: lines(&l.node_logs),
        text_lines: lines(&l.text_logs),
    };
    WhyNot { signals, offered }
}

fn run_rule(set: &RuleSet, rule: &Rule) -> Vec<Outcome> {
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
            let outcome = |verdict: Verdict| Outcome {
                rule: rule.def.id.clone(),
                test: t.name.clone(),
                verdict,
            };
            let Some(links) = inv.links.vms.iter().find(|l| {
                l.vm.is_some_and(|i| {
                    let m = &inv.vms[i].metadata;
                    format!("{}/{}", m.namespace, m.name) == target
                })
            }) else {
                let vm = target.to_string();
                return outcome(Verdict::NoVm { vm });
            };
            let ctx = VmContext::new(&inv, links);
            outcome(match (t.expect, eval::evaluate(&ctx, rule)) {
                // A rule that holds without citing a line has proved nothing.
                (Expect::Fires, Some(h)) if !h.evidence.is_empty() => Verdict::Fired,
                (Expect::Fires, _) => Verdict::Missing(why_not(&ctx, rule)),
                (Expect::Quiet, None) => Verdict::Quiet,
                (Expect::Quiet, Some(h)) => Verdict::Noisy {
                    cited: h.evidence.into_iter().map(|e| (e.file, e.line)).collect(),
                },
            })
        })
        .collect()
}

/// An inventory from in-memory files, read through the same path as a real bundle, with the
/// rule set's own line filter.
fn build(files: &[(String, String)], set: &RuleSet) -> Inventory {
    inventory::from_files(files, &Limits::default(), set.line_filter())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::inventory::{self, log::KeepAll};
    use crate::rules::context::VmContext;

    /// The shared test base is a healthy launcher with the usual start-up noise (the
    /// info-level "Connecting to libvirt daemon failed" retry, then "Connected"); no rule may
    /// fire on it.
    #[test]
    fn no_rule_fires_on_the_healthy_base_and_its_start_up_noise() {
        let set = crate::rules::load(None).unwrap();
        // Read with every line kept, so the rules see the noise and must still stay quiet.
        let inv = inventory::from_files(&set.test_base, &Default::default(), Arc::new(KeepAll));
        let base_log = inv
            .logs
            .iter()
            .find(|l| l.pod.as_deref() == Some("virt-launcher-testvm-abcde"))
            .unwrap();
        assert!(
            base_log
                .lines
                .iter()
                .any(|l| l.text.contains("Connecting to libvirt daemon failed"))
        );
        let ctx = VmContext::new(&inv, &inv.links.vms[0]);
        let fired: Vec<&str> = set
            .rules()
            .filter(|r| crate::rules::eval::evaluate(&ctx, r).is_some())
            .map(|r| r.id())
            .collect();
        assert!(
            fired.is_empty(),
            "rules firing on a healthy base: {fired:?}"
        );
    }
}
