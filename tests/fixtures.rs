//! Regression over every fixture bundle: each `fixtures/bundles/<name>/` has a README.md
//! saying where its data came from and an `expect.yaml` naming the stuck VMs, their alert,
//! state, node and top cause. Adding a fixture is adding a directory; nothing lists them.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use vmstuck_analyze::inventory::{self, Inventory};
use vmstuck_analyze::rank::{self, Diagnosis};
use vmstuck_analyze::rules::{self, RuleSet};
use vmstuck_analyze::source::Limits;
use vmstuck_analyze::stuck::{self, StuckVm};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    stuck: Vec<ExpectedVm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedVm {
    vm: String,
    alert: String,
    state: String,
    node: Option<String>,
    /// A cause id, or `none` when no rule should hold; not checked when absent.
    top_cause: Option<String>,
}

fn bundles() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bundles");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/bundles exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn analyse(path: &Path, set: &RuleSet) -> (Inventory, Vec<StuckVm>, Vec<Diagnosis>) {
    let inv =
        inventory::load(&[path], &Limits::default(), set.line_filter()).expect("fixture loads");
    let stuck = stuck::find(&inv);
    let diagnoses = rank::diagnose(&inv, &stuck, set);
    (inv, stuck, diagnoses)
}

#[test]
fn every_fixture_gives_its_expected_stuck_vms_and_top_causes() {
    let set = rules::load(None).unwrap();
    let dirs = bundles();
    assert!(
        dirs.len() >= 6,
        "at least six fixture bundles, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(dir.join("README.md").is_file(), "{name}: README.md missing");
        let expect_text = std::fs::read_to_string(dir.join("expect.yaml"))
            .unwrap_or_else(|_| panic!("{name}: expect.yaml missing"));
        let expect: Expect = serde_yaml::from_str(&expect_text)
            .unwrap_or_else(|e| panic!("{name}: expect.yaml: {e}"));
        let (inv, stuck, diagnoses) = analyse(dir, &set);
        if !inv.warnings.is_empty() {
            failures.push(format!("{name}: unexpected warnings: {:?}", inv.warnings));
        }
        let got: Vec<String> = stuck
            .iter()
            .zip(&diagnoses)
            .zip(expect.stuck.iter().map(Some).chain(std::iter::repeat(None)))
            .map(|((s, d), e)| {
                let m = &inv.vms[s.vm].metadata;
                let top = d.causes.first().map(|c| c.cause.id()).unwrap_or("none");
                format!(
                    "{}/{} {:?} {} node={}{}",
                    m.namespace,
                    m.name,
                    s.alert,
                    s.state.as_str(),
                    inv.links.vms[s.vm].node.as_deref().unwrap_or("null"),
                    match e.and_then(|e| e.top_cause.as_ref()) {
                        Some(_) => format!(" top={top}"),
                        None => String::new(),
                    }
                )
            })
            .collect();
        let want: Vec<String> = expect
            .stuck
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} node={}{}",
                    e.vm,
                    e.alert,
                    e.state,
                    e.node.as_deref().unwrap_or("null"),
                    e.top_cause
                        .as_deref()
                        .map(|t| format!(" top={t}"))
                        .unwrap_or_default(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{name}:\n  expected {want:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_shipped_example_archive_matches_its_fixture_directory() {
    let set = rules::load(None).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (inv_a, stuck_a, diag_a) = analyse(&root.join("fixtures/example.tar.gz"), &set);
    let (inv_b, stuck_b, diag_b) = analyse(&root.join("fixtures/bundles/pvc-mount-failure"), &set);
    let summary = |inv: &Inventory, stuck: &[StuckVm], diag: &[Diagnosis]| -> Vec<String> {
        stuck
            .iter()
            .zip(diag)
            .map(|(s, d)| {
                let causes: Vec<String> = d
                    .causes
                    .iter()
                    .map(|c| {
                        let lines: Vec<String> = c
                            .findings
                            .iter()
                            .flat_map(|f| &f.evidence)
                            .map(|e| format!("{}:{}", e.file, e.line))
                            .collect();
                        format!("{} {} {lines:?}", c.cause.id(), c.score)
                    })
                    .collect();
                format!("{} {:?}", inv.vms[s.vm].metadata.name, causes)
            })
            .collect()
    };
    assert!(!stuck_a.is_empty());
    assert_eq!(
        summary(&inv_a, &stuck_a, &diag_a),
        summary(&inv_b, &stuck_b, &diag_b),
        "run scripts/make-example.sh"
    );
}
