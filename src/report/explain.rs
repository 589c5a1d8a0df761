//! `rules explain ID`: a rule's documentation and, verbatim, its signals with their sources.

use minijinja::value::{Serde, Value};

use super::templates;
use crate::rules::Rule;

pub fn explain(rule: &Rule) -> String {
    let raw: serde_yaml::Value = serde_yaml::from_str(&rule.text).unwrap_or_default();
    let signals = serde_yaml::to_string(&raw["match"]).unwrap_or_default();
    let tests: Vec<String> = rule
        .def
        .tests
        .iter()
        .map(|t| format!("{:?}: {}", t.expect, t.name).to_lowercase())
        .collect();
    // Each reading with its ruling-out signals as written, sources included.
    let alternatives: Vec<Value> = rule
        .def
        .alternatives
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let unless = &raw["alternatives"][i]["unless"];
            minijinja::context! {
                cause => &a.cause,
                when => &a.when,
                check => &a.check,
                unless => (!unless.is_null()).then(|| serde_yaml::to_string(unless).unwrap_or_default()),
            }
        })
        .collect();
    let ctx = minijinja::context! {
        id => &rule.def.id,
        cause => rule.cause.id(),
        cause_title => rule.cause.title(),
        severity => rule.def.severity.as_str(),
        specificity => rule.def.specificity,
        summary => &rule.def.summary,
        doc => Value::from(Serde(&rule.def.doc)),
        signals => signals,
        alternatives => alternatives,
        tests => tests,
        origin => &rule.origin,
    };
    templates::render("explain.md", &ctx).unwrap_or_else(|e| format!("cannot render: {e}\n"))
}
