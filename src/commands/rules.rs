//! `vmstuck-analyze rules ...`: list, explain, test and write rules, and list the causes.

use vmstuck_analyze::report;
use vmstuck_analyze::rules;
use vmstuck_analyze::{Error, ErrorKind, ExitStatus};

use crate::{Cli, RulesCommand};

pub(crate) fn run(cmd: &RulesCommand, cli: &Cli) -> Result<ExitStatus, Error> {
    let set = crate::load_rules(cli)?;
    match cmd {
        RulesCommand::List => {
            let mut out = String::new();
            for r in set.rules() {
                out.push_str(&format!(
                    "{:<40} {:<28} {:<8} {}\n",
                    r.id(),
                    r.cause().id(),
                    r.severity().as_str(),
                    r.summary()
                ));
            }
            crate::emit(cli.output.as_deref(), &out)?;
            Ok(ExitStatus::Done)
        }
        RulesCommand::Explain { id } => {
            let rule = set.get(id).ok_or_else(|| {
                Error::new(
                    ErrorKind::Usage,
                    format!("no rule `{id}`; `vmstuck-analyze rules list` shows the ids"),
                )
            })?;
            crate::emit(cli.output.as_deref(), &report::explain(rule))?;
            Ok(ExitStatus::Done)
        }
        RulesCommand::Causes => {
            let mut out = format!(
                "{:<30} {:>5} {:>7}  {}\n",
                "cause", "rules", "signals", "title"
            );
            for cause in set.causes() {
                let rules: Vec<_> = set.rules().filter(|r| r.cause() == cause).collect();
                let signals: usize = rules.iter().map(|r| r.evidence_signals()).sum();
                out.push_str(&format!(
                    "{:<30} {:>5} {:>7}  {}\n",
                    cause.id(),
                    rules.len(),
                    signals,
                    cause.title()
                ));
            }
            let counts: Vec<String> = set
                .pattern_counts()
                .iter()
                .map(|(kind, n)| format!("{kind} {n}"))
                .collect();
            out.push_str(&format!(
                "\nlog patterns, one automaton per kind of log: {}\n",
                counts.join(", ")
            ));
            crate::emit(cli.output.as_deref(), &out)?;
            Ok(ExitStatus::Done)
        }
        RulesCommand::New { id, cause } => new_rule(&set, id, cause, cli),
        RulesCommand::Test { id } => {
            if let Some(id) = id
                && set.get(id).is_none()
            {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("no rule `{id}`; `vmstuck-analyze rules list` shows the ids"),
                ));
            }
            let outcomes: Vec<_> = rules::selftest::run(&set)
                .into_iter()
                .filter(|o| id.as_ref().is_none_or(|id| &o.rule == id))
                .collect();
            let failed: Vec<_> = outcomes.iter().filter(|o| !o.passed()).collect();
            for o in &failed {
                eprintln!("FAIL {} / {}: {}", o.rule, o.test, o.verdict);
            }
            println!(
                "rules: {} passed, {} failed",
                outcomes.len() - failed.len(),
                failed.len()
            );
            Ok(if failed.is_empty() {
                ExitStatus::Done
            } else {
                ExitStatus::Failed
            })
        }
    }
}

/// Writes a rule skeleton that passes its own tests as written: a signal to replace, the
/// docs to fill in, one fires and one quiet test.
fn new_rule(set: &rules::RuleSet, id: &str, cause: &str, cli: &Cli) -> Result<ExitStatus, Error> {
    let valid = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("rule id `{id}`: lower-case letters, digits and `-` only"),
        ));
    }
    if set.get(id).is_some() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("a rule `{id}` exists already"),
        ));
    }
    if !set.causes().iter().any(|c| c.id() == cause) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("no cause `{cause}`; `vmstuck-analyze rules causes` lists them"),
        ));
    }
    let dir = cli
        .rules
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let path = dir.join(format!("{id}.yaml"));
    if path.exists() {
        return Err(Error::new(ErrorKind::Output, "exists already; not overwritten").at(&path));
    }
    std::fs::write(&path, skeleton(id, cause)).map_err(|e| {
        Error::new(ErrorKind::Output, "cannot write the rule")
            .at(&path)
            .because(e)
    })?;
    println!(
        "wrote {}; edit it, then: vmstuck-analyze rules test {id} --rules {}",
        path.display(),
        dir.display()
    );
    Ok(ExitStatus::Done)
}

fn skeleton(id: &str, cause: &str) -> String {
    format!(
        r#"# A rule: docs/rules.md describes every field and signal kind.
id: {id}
cause: {cause}
severity: warning          # info, warning or critical
specificity: 0.7           # near 1 for a message only this cause produces
summary: One line on what was found
doc:
  what: >
    What the rule detects, in the words a reader of the report needs.
  why: >
    Why that keeps the VM stuck.
  next_steps: |
    kubectl describe pod {{{{ launcher_pod }}}} -n {{{{ namespace }}}}
match:
  any:
    - event:
        reason: ReplaceThisReason
        message: 'the constant part of the message'
        source: 'repository, file and function that format the message'
tests:
  - name: fires on the message
    expect: fires
    files:
      must-gather.local.1/mg/namespaces/vms/core/events.yaml: |
        apiVersion: v1
        items:
        - apiVersion: v1
          count: 3
          involvedObject:
            kind: Pod
            name: virt-launcher-testvm-abcde
            namespace: vms
          kind: Event
          lastTimestamp: "2024-05-01T09:58:00Z"
          message: 'a real line with the constant part of the message in it'
          metadata:
            name: virt-launcher-testvm-abcde.17c0d1
            namespace: vms
          reason: ReplaceThisReason
          type: Warning
        kind: EventList
  - name: quiet on the healthy base
    expect: quiet
    files: {{}}
"#
    )
}
