//! The real-world corpus: artifacts copied verbatim from public issue threads, each case in
//! `tests/realworld/<case>/` with the thread's URL and the cause the thread established
//! (`case.yaml`). Every case is analysed twice: as pasted (the loose files alone) and inside
//! a neutral must-gather (`common::skeleton`). The test prints the table and the top-1 and
//! top-3 figures of both forms, and fails below the floors, which go up as accuracy does.
//! Healthy cases (`cause: none`) must give no cause at all.
//!
//! Adding a case is adding a directory.

mod common;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use vmstuck_analyze::report::Report;
use vmstuck_analyze::source::Input;

/// Lowest acceptable share of cases whose cause is ranked first, and within the first three,
/// in each form. Raised as accuracy improves; never lowered to make a change pass.
const FLOOR_TOP1: f64 = 0.90;
const FLOOR_TOP3: f64 = 1.0;

#[derive(Debug, Deserialize)]
struct Case {
    url: String,
    #[allow(dead_code)]
    title: String,
    /// A cause id, or `none` for a healthy case.
    cause: String,
    certainty: String,
    #[allow(dead_code)]
    established_by: String,
    /// `namespace/name` of the VM the thread is about, when it says.
    vm: Option<String>,
    #[allow(dead_code)]
    state: Option<String>,
    artifacts: Vec<Artifact>,
    /// Why the case is shown but left out of the figures: its thread says its artifacts do
    /// not show the cause, or it comes from a KubeVirt older than the releases the tool
    /// covers. Few may be (`MAX_NOT_SCORED`), and each says why.
    not_scored: Option<String>,
}

/// At most this many cases may be left out of the figures.
const MAX_NOT_SCORED: usize = 3;

#[derive(Debug, Deserialize)]
struct Artifact {
    file: String,
    #[allow(dead_code)]
    what: String,
}

fn cases() -> Vec<(String, PathBuf, Case)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/realworld exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(dir.join("case.yaml"))
                .unwrap_or_else(|e| panic!("{name}/case.yaml: {e}"));
            let case: Case =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}/case.yaml: {e}"));
            (name, dir, case)
        })
        .collect()
}

/// The causes of a report, most likely first: those of the case's VM when the report has it,
/// else of every VM and node it reports, by score.
fn ranking(report: &Report, vm: Option<&str>) -> Vec<String> {
    let named = vm.and_then(|want| {
        report
            .vms
            .iter()
            .find(|v| format!("{}/{}", v.namespace, v.name) == want)
    });
    let mut all: Vec<(f64, String)> = match named {
        Some(v) => v
            .causes
            .iter()
            .map(|c| (c.score, c.id.id().to_string()))
            .collect(),
        None => report
            .vms
            .iter()
            .flat_map(|v| &v.causes)
            .chain(report.nodes.iter().flat_map(|n| &n.causes))
            .map(|c| (c.score, c.id.id().to_string()))
            .collect(),
    };
    // Stable: equal scores keep the report's own order.
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = Vec::new();
    for (_, id) in all {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Where the expected cause ranks (1-based), or 0 when it is not found; for a healthy case,
/// 1 when nothing is found and 0 otherwise.
fn rank_of(expected: &str, ranking: &[String]) -> usize {
    if expected == "none" {
        return usize::from(ranking.is_empty());
    }
    ranking
        .iter()
        .position(|c| c == expected)
        .map_or(0, |i| i + 1)
}

/// The report, or `None` when the tool reads nothing in the input (an error it reports).
fn analyse(input: Input) -> Option<Report> {
    match vmstuck_analyze::analyse(&common::options(vec![input])) {
        Ok(analysis) => Some(Report::from(&analysis)),
        Err(e) if e.kind() == vmstuck_analyze::ErrorKind::NothingRead => None,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_real_world_corpus() {
    let cases = cases();
    let scored_cases: Vec<&Case> = cases
        .iter()
        .map(|c| &c.2)
        .filter(|c| c.not_scored.is_none())
        .collect();
    assert!(
        scored_cases.len() >= 40,
        "at least 40 scored cases, found {}",
        scored_cases.len()
    );
    let causes: std::collections::BTreeSet<&str> = scored_cases
        .iter()
        .map(|c| c.cause.as_str())
        .filter(|c| *c != "none")
        .collect();
    assert!(causes.len() >= 18, "at least 18 causes, found {causes:?}");
    let mut rows = Vec::new();
    let (mut top1, mut top3) = ([0usize; 2], [0usize; 2]);
    let not_scored = cases.iter().filter(|c| c.2.not_scored.is_some()).count();
    assert!(
        not_scored <= MAX_NOT_SCORED,
        "{not_scored} cases not scored, at most {MAX_NOT_SCORED}"
    );
    for (name, dir, case) in &cases {
        assert!(case.url.starts_with("https://"), "{name}: url");
        assert!(
            ["confirmed", "likely", "suspected"].contains(&case.certainty.as_str()),
            "{name}: certainty"
        );
        assert!(!case.artifacts.is_empty(), "{name}: no artifacts");
        let files: Vec<(String, Vec<u8>)> = case
            .artifacts
            .iter()
            .map(|a| {
                let bytes = std::fs::read(dir.join(&a.file))
                    .unwrap_or_else(|e| panic!("{name}/{}: {e}", a.file));
                (a.file.clone(), bytes)
            })
            .collect();
        let pasted = analyse(Input::Files {
            name: name.clone(),
            files: files
                .iter()
                .map(|(n, b)| (n.clone(), String::from_utf8_lossy(b).into_owned()))
                .collect(),
        });
        let skeleton = common::skeleton::must_gather(&files);
        let in_mg = analyse(Input::Bytes {
            name: format!("{name}.tar"),
            bytes: common::tar(
                &skeleton
                    .iter()
                    .map(|(n, b)| common::Member::File(n, b))
                    .collect::<Vec<_>>(),
            ),
        });
        // VMSTUCK_CASE=<case> prints that case's reports, to see why it ranks as it does.
        if std::env::var("VMSTUCK_CASE").is_ok_and(|c| &c == name) {
            for (form, report) in [("as pasted", &pasted), ("inside a must-gather", &in_mg)] {
                let md = report.as_ref().map_or("(nothing read)".to_string(), |r| {
                    vmstuck_analyze::report::render(r, vmstuck_analyze::report::Format::Md).unwrap()
                });
                println!("===== {name} {form}\n{md}");
            }
        }
        let mut cells = Vec::new();
        for (form, report) in [pasted, in_mg].iter().enumerate() {
            let ranking = report
                .as_ref()
                .map(|r| ranking(r, case.vm.as_deref()))
                .unwrap_or_default();
            // Nothing read is a miss for a cause, and quiet for a healthy case.
            let rank = if report.is_some() || case.cause == "none" {
                rank_of(&case.cause, &ranking)
            } else {
                0
            };
            if case.not_scored.is_none() {
                top1[form] += usize::from(rank == 1);
                top3[form] += usize::from((1..=3).contains(&rank));
            }
            let shown: Vec<&str> = ranking.iter().take(3).map(String::as_str).collect();
            let mark = match rank {
                1 => "✓".to_string(),
                0 => "✗".to_string(),
                n => format!("#{n}"),
            };
            cells.push(format!("{mark} {}", shown.join(", ")));
        }
        let expected = match &case.not_scored {
            Some(why) => {
                assert!(
                    !why.trim().is_empty(),
                    "{name}: not_scored needs its reason"
                );
                format!("{} (not scored: {})", case.cause, why.trim())
            }
            None => case.cause.clone(),
        };
        rows.push(format!(
            "| {name} | {expected} | {} | {} |",
            cells[0], cells[1]
        ));
    }
    let scored = cases.len() - not_scored;
    let n = scored as f64;
    let pct = |k: usize| 100.0 * k as f64 / n;
    println!("| case | expected | as pasted | inside a must-gather |");
    println!("|---|---|---|---|");
    for r in &rows {
        println!("{r}");
    }
    println!();
    println!(
        "{} cases, {scored} scored: as pasted top-1 {:.0}% ({}), top-3 {:.0}% ({}); inside a must-gather top-1 {:.0}% ({}), top-3 {:.0}% ({})",
        cases.len(),
        pct(top1[0]),
        top1[0],
        pct(top3[0]),
        top3[0],
        pct(top1[1]),
        top1[1],
        pct(top3[1]),
        top3[1]
    );
    for form in 0..2 {
        assert!(
            top1[form] as f64 / n >= FLOOR_TOP1 && top3[form] as f64 / n >= FLOOR_TOP3,
            "below the floor (top-1 {FLOOR_TOP1}, top-3 {FLOOR_TOP3})"
        );
    }
}
