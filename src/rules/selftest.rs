//! Runs the tests every rule carries: each test's files, laid over the shared test base, are
//! read like a bundle, and the rule must fire (or stay quiet) for the test's VM.

use super::compile::{Rule, RuleSet};
use super::context::VmContext;
use super::eval;
use super::names::Names;
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
    let detail = match env.template_from_str(&rule.def.doc.next_steps) {
        Ok(template) => {
            let mut unknown: Vec<String> = template
                .undeclared_variables(false)
                .into_iter()
                .filter(|v| !known.contains(v))
                .collect();
            unknown.sort();
            if unknown.is_empty() {
                String::new()
            } else {
                format!(
                    "next_steps uses {}, not among the names filled in ({})",
                    unknown.join(", "),
                    known.join(", ")
                )
            }
        }
        Err(e) => format!("next_steps is not a valid template: {e}"),
    };
    Outcome {
        rule: rule.def.id.clone(),
        test: "next_steps names".into(),
        passed: detail.is_empty(),
        detail,
    }
}

/// Which of a rule's signals kept it from firing, and what the VM offered them.
fn why_not(ctx: &VmContext, rule: &Rule) -> String {
    let m = &rule.def.matcher;
    let mut parts = Vec::new();
    for (i, s) in m.all.iter().enumerate() {
        if s.evaluate(ctx).is_empty() {
            parts.push(format!("all[{i}] ({}) matched nothing", s.name()));
        }
    }
    if !m.any.is_empty() && m.any.iter().all(|s| s.evaluate(ctx).is_empty()) {
        let kinds: Vec<&str> = m.any.iter().map(|s| s.name()).collect();
        parts.push(format!("none of any[] ({}) matched", kinds.join(", ")));
    }
    for (i, s) in m.not.iter().enumerate() {
        if !s.evaluate(ctx).is_empty() {
            parts.push(format!(
                "not[{i}] ({}) matched, which rules it out",
                s.name()
            ));
        }
    }
    let l = ctx.links;
    let lines =
        |logs: &[usize]| -> usize { logs.iter().map(|&i| ctx.inv.logs[i].lines.len()).sum() };
    parts.push(format!(
        "the VM had {} event(s), {} node event(s), {} launcher pod(s), {} VMI, {} node object; kept log lines: launcher {}, handler {}, QEMU {}, node {}, pasted text {}",
        l.events.len(),
        l.node_events.len(),
        l.launcher_pods.len(),
        if l.vmi.is_some() { "a" } else { "no" },
        if l.node_object.is_some() { "a" } else { "no" },
        lines(&l.launcher_logs),
        lines(&l.handler_logs),
        lines(&l.qemu_logs),
        lines(&l.node_logs),
        lines(&l.text_logs),
    ));
    parts.join("; ")
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
            let outcome = |passed: bool, detail: String| Outcome {
                rule: rule.def.id.clone(),
                test: t.name.clone(),
                passed,
                detail,
            };
            let Some(links) = inv.links.vms.iter().find(|l| {
                l.vm.is_some_and(|i| {
                    let m = &inv.vms[i].metadata;
                    format!("{}/{}", m.namespace, m.name) == target
                })
            }) else {
                return outcome(false, format!("no VM {target} in the test files"));
            };
            let hit = eval::evaluate(&VmContext::new(&inv, links), rule);
            match (t.expect, hit) {
                (Expect::Fires, Some(h)) if !h.evidence.is_empty() => outcome(true, String::new()),
                (Expect::Fires, _) => outcome(
                    false,
                    format!(
                        "expected the rule to fire; it did not: {}",
                        why_not(&VmContext::new(&inv, links), rule)
                    ),
                ),
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
