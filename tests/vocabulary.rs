//! The upstream vocabulary (`vocabulary/*.yaml`): every message string the rules were written
//! from, with where it is formatted. Checked for shape, and for the promise the rules make
//! about it: messages KubeVirt and the node print on every healthy start (`cause: noise`)
//! make no rule fire.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Entry {
    cause: String,
    text: String,
    #[serde(rename = "match")]
    pattern: String,
    appears_in: String,
    source: Source,
    example: Option<String>,
    notes: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Source {
    repo: String,
    file: String,
}

fn vocabulary() -> Vec<(String, Entry)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("vocabulary");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    files.sort_by_key(|f| f.path());
    for f in files {
        let name = f.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".yaml") {
            continue;
        }
        let text = std::fs::read_to_string(f.path()).unwrap();
        let entries: Vec<Entry> =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.extend(entries.into_iter().map(|e| (name.clone(), e)));
    }
    out
}

fn cause_ids() -> Vec<String> {
    vmstuck_analyze::cause::Cause::ALL
        .iter()
        .map(|c| c.id().to_string())
        .collect()
}

#[test]
fn every_entry_names_its_cause_and_source_and_its_pattern_matches_its_example() {
    let entries = vocabulary();
    assert!(entries.len() > 500, "{} entries", entries.len());
    let causes = cause_ids();
    let mut per_cause: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, e) in &entries {
        let at = format!("{file}: {:?}", e.text);
        assert!(
            e.cause == "noise" || causes.contains(&e.cause),
            "{at}: cause {}",
            e.cause
        );
        assert!(
            !e.source.repo.is_empty() && !e.source.file.is_empty(),
            "{at}: source"
        );
        assert!(!e.appears_in.is_empty(), "{at}: appears_in");
        let re = Regex::new(&e.pattern).unwrap_or_else(|err| panic!("{at}: {err}"));
        if let Some(example) = &e.example {
            assert!(
                re.is_match(example),
                "{at}: pattern does not match its example"
            );
        }
        *per_cause.entry(e.cause.as_str()).or_default() += 1;
    }
    for cause in &causes {
        assert!(
            per_cause.contains_key(cause.as_str()),
            "no vocabulary for {cause}"
        );
    }
}

/// The rule tests' base bundle with one more file.
fn base_with(path: &str, text: &str) -> Vec<(String, String)> {
    #[derive(Deserialize)]
    struct Base {
        files: BTreeMap<String, String>,
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base: Base =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("rules/_testbase.yaml")).unwrap())
            .unwrap();
    let mut files: Vec<(String, String)> = base.files.into_iter().collect();
    files.push((path.to_string(), text.to_string()));
    files
}

#[test]
fn healthy_noise_makes_no_rule_fire() {
    let mut checked = 0;
    let mut fired = Vec::new();
    for (file, e) in vocabulary() {
        // Entries marked CONFLICT share their text with a real failure: noise only in a
        // context (after a stop, a deletion, a finished migration) the text alone lacks.
        if e.cause != "noise" || e.notes.as_deref().is_some_and(|n| n.contains("CONFLICT")) {
            continue;
        }
        let Some(example) = e.example.as_deref() else {
            continue;
        };
        let example = example
            .split(" [constructed")
            .next()
            .unwrap_or(example)
            .trim();
        // Pasted beside the stuck VM's bundle, where every rule's patterns are looked for.
        let files = base_with(
            "must-gather.local.1/mg/attachments/pasted.txt",
            &format!("{example}\n"),
        );
        let report = common::report_of_files(&files);
        checked += 1;
        let causes: Vec<&str> = report
            .vms
            .iter()
            .flat_map(|v| &v.causes)
            .chain(report.nodes.iter().flat_map(|n| &n.causes))
            .map(|c| c.id.id())
            .collect();
        if !causes.is_empty() {
            fired.push(format!("{file}: {example:?} -> {causes:?}"));
        }
    }
    assert!(checked > 60, "{checked} noise examples checked");
    assert!(
        fired.is_empty(),
        "noise made rules fire:\n{}",
        fired.join("\n")
    );
}
