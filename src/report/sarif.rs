//! SARIF 2.1.0 (OASIS), for code-scanning dashboards and CI: one result per cause found for a
//! VM or a node, located at its evidence lines inside the bundle; the rules that hold, with
//! their documentation, as the run's rules.

use serde_json::{Value, json};

use super::Report;
use super::model::{CauseReport, FindingReport};
use crate::error::{Error, ErrorKind};
use crate::rules::Severity;

pub(super) fn render(report: &Report, _: &super::Options) -> Result<String, Error> {
    let mut rules: Vec<&FindingReport> = Vec::new();
    let mut results = Vec::new();
    let subjects = report
        .vms
        .iter()
        .map(|vm| (format!("VM {}/{}", vm.namespace, vm.name), &vm.causes))
        .chain(report.nodes.iter().map(|n| {
            let subject = match &n.node {
                Some(node) => format!("node {node}"),
                None => "the input".to_string(),
            };
            (subject, &n.causes)
        }));
    for (subject, causes) in subjects {
        for cause in causes.iter().filter(|c| c.shared_on_node.is_none() || subject.starts_with("node")) {
            let Some(first) = cause.findings.first() else {
                continue;
            };
            let index = match rules.iter().position(|r| r.rule == first.rule) {
                Some(i) => i,
                None => {
                    rules.push(first);
                    rules.len() - 1
                }
            };
            results.push(result(&subject, cause, first, index));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "rules": rules.iter().map(|r| rule(r)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| Error::new(ErrorKind::Render, "cannot write SARIF").because(e))
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(f: &FindingReport) -> Value {
    json!({
        "id": f.rule,
        "name": f.rule,
        "shortDescription": { "text": f.summary },
        "fullDescription": { "text": f.what },
        "help": {
            "text": format!("{}\n\nNext steps:\n{}", f.why, f.next_steps),
            "markdown": format!("{}\n\n```sh\n{}\n```", f.why, f.next_steps),
        },
        "defaultConfiguration": { "level": level(f.severity) },
    })
}

fn result(subject: &str, cause: &CauseReport, first: &FindingReport, index: usize) -> Value {
    let locations: Vec<Value> = cause
        .findings
        .iter()
        .flat_map(|f| &f.evidence)
        .map(|e| {
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&e.file) },
                    "region": { "startLine": e.line.max(1), "snippet": { "text": e.excerpt } },
                },
                "message": { "text": e.what },
            })
        })
        .collect();
    json!({
        "ruleId": first.rule,
        "ruleIndex": index,
        "level": level(cause.severity),
        "message": {
            "text": format!(
                "{subject}: {} ({}), {} confidence, score {}",
                cause.title, cause.id.id(), serde_json::to_value(cause.confidence).unwrap_or_default().as_str().unwrap_or(""), cause.score
            )
        },
        "locations": locations,
        "properties": {
            "subject": subject,
            "cause": cause.id.id(),
            "score": cause.score,
            "rules": cause.findings.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
        },
    })
}

/// A bundle path as a relative URI reference: every byte outside the unreserved set and `/`
/// percent-encoded (RFC 3986).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_relative_uris() {
        assert_eq!(uri("must-gather.local.1/a b/x#1.yaml"), "must-gather.local.1/a%20b/x%231.yaml");
    }
}
