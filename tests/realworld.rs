//! The real-world corpus: artifacts copied verbatim from public issue threads, each case in
//! `tests/realworld/<case>/` with the thread's URL and the cause the thread established
//! (`case.yaml`). Every case is analysed twice: as pasted (the loose files alone) and inside
//! a neutral must-gather (`common::skeleton`). The test prints the table and the top-1 and
//! top-3 figures of both forms, and fails below the floors, which go up as accuracy does.
//! Healthy cases (`cause: none`) must give no cause at all.
//!
//! Adding a case is adding a directory. A case added as held out records the tool's answer
//! at first contact (`first_contact`, before any change made for it): those cases are shown
//! apart, with their first-contact rate (our accuracy on input we had not seen) beside
//! today's, and join the floors once the work they showed is done. None of them may fall
//! below its own first contact.

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
    /// For a case added as held out: where the tool ranked its cause when it first saw it,
    /// before any change made for it (`top1`, `top3` or `missed`), and with which commit.
    first_contact: Option<String>,
    first_contact_tool: Option<String>,
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

/// Where a case's cause ranks in each form (as pasted, inside a must-gather), 1-based, 0 for
/// not found; and the table cells that show it.
fn rank_case(name: &str, dir: &Path, case: &Case) -> ([usize; 2], [String; 2]) {
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
        name: name.to_string(),
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
    if std::env::var("VMSTUCK_CASE").is_ok_and(|c| c == name) {
        for (form, report) in [("as pasted", &pasted), ("inside a must-gather", &in_mg)] {
            let md = report.as_ref().map_or("(nothing read)".to_string(), |r| {
                vmstuck_analyze::report::render(r, vmstuck_analyze::report::Format::Md).unwrap()
            });
            println!("===== {name} {form}\n{md}");
        }
    }
    let mut ranks = [0; 2];
    let mut cells: [String; 2] = Default::default();
    for (form, report) in [pasted, in_mg].iter().enumerate() {
        let ranking = report
            .as_ref()
            .map(|r| ranking(r, case.vm.as_deref()))
            .unwrap_or_default();
        // Nothing read is a miss for a cause, and quiet for a healthy case.
        ranks[form] = if report.is_some() || case.cause == "none" {
            rank_of(&case.cause, &ranking)
        } else {
            0
        };
        let shown: Vec<&str> = ranking.iter().take(3).map(String::as_str).collect();
        let mark = match ranks[form] {
            1 => "✓".to_string(),
            0 => "✗".to_string(),
            n => format!("#{n}"),
        };
        cells[form] = format!("{mark} {}", shown.join(", "));
    }
    (ranks, cells)
}

/// Top-1 and top-3 counts per form.
#[derive(Debug, Default)]
struct Tally {
    cases: usize,
    top1: [usize; 2],
    top3: [usize; 2],
}

impl Tally {
    fn add(&mut self, ranks: [usize; 2]) {
        self.cases += 1;
        for (form, rank) in ranks.into_iter().enumerate() {
            self.top1[form] += usize::from(rank == 1);
            self.top3[form] += usize::from((1..=3).contains(&rank));
        }
    }

    fn pct(&self, k: usize) -> f64 {
        100.0 * k as f64 / self.cases.max(1) as f64
    }

    fn line(&self) -> String {
        format!(
            "as pasted top-1 {:.0}% ({}), top-3 {:.0}% ({}); inside a must-gather top-1 {:.0}% ({}), top-3 {:.0}% ({})",
            self.pct(self.top1[0]),
            self.top1[0],
            self.pct(self.top3[0]),
            self.top3[0],
            self.pct(self.top1[1]),
            self.top1[1],
            self.pct(self.top3[1]),
            self.top3[1]
        )
    }
}

/// The rank a first-contact result stands for: 1, 3 (within the first three) or 0.
fn first_contact_rank(name: &str, result: &str) -> usize {
    match result {
        "top1" => 1,
        "top3" => 3,
        "missed" => 0,
        other => panic!("{name}: first_contact {other:?}: top1, top3 or missed"),
    }
}

#[test]
fn the_real_world_corpus() {
    let cases = cases();
    let (held_out, corpus): (Vec<_>, Vec<_>) =
        cases.iter().partition(|c| c.2.first_contact.is_some());
    let scored_cases: Vec<&Case> = corpus
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
    let not_scored = corpus.iter().filter(|c| c.2.not_scored.is_some()).count();
    assert!(
        not_scored <= MAX_NOT_SCORED,
        "{not_scored} cases not scored, at most {MAX_NOT_SCORED}"
    );
    let mut tally = Tally::default();
    println!("| case | expected | as pasted | inside a must-gather |");
    println!("|---|---|---|---|");
    for (name, dir, case) in &corpus {
        let (ranks, cells) = rank_case(name, dir, case);
        let expected = match &case.not_scored {
            Some(why) => {
                assert!(
                    !why.trim().is_empty(),
                    "{name}: not_scored needs its reason"
                );
                format!("{} (not scored: {})", case.cause, why.trim())
            }
            None => {
                tally.add(ranks);
                case.cause.clone()
            }
        };
        println!("| {name} | {expected} | {} | {} |", cells[0], cells[1]);
    }
    println!();
    println!(
        "{} cases, {} scored: {}",
        corpus.len(),
        tally.cases,
        tally.line()
    );
    let n = tally.cases as f64;
    for form in 0..2 {
        assert!(
            tally.top1[form] as f64 / n >= FLOOR_TOP1 && tally.top3[form] as f64 / n >= FLOOR_TOP3,
            "below the floor (top-1 {FLOOR_TOP1}, top-3 {FLOOR_TOP3})"
        );
    }
    held_out_cases(&held_out);
}

/// The held-out cases: their first contact, and today's answer, which may not be worse.
fn held_out_cases(held_out: &[&(String, PathBuf, Case)]) {
    let (mut first, mut now) = (Tally::default(), Tally::default());
    let mut worse = Vec::new();
    println!();
    println!(
        "| held-out case | expected | first contact | as pasted now | inside a must-gather now |"
    );
    println!("|---|---|---|---|---|");
    for (name, dir, case) in held_out {
        let result = case.first_contact.as_deref().unwrap_or_default();
        assert!(
            case.first_contact_tool
                .as_deref()
                .is_some_and(|t| !t.is_empty()),
            "{name}: first_contact_tool names the commit measured"
        );
        let was = first_contact_rank(name, result);
        let (ranks, cells) = rank_case(name, dir, case);
        first.add([was, was]);
        now.add(ranks);
        let rank_of_now = ranks[0];
        if (was == 1 && rank_of_now != 1) || (was == 3 && rank_of_now == 0) {
            worse.push(format!(
                "{name}: {result} at first contact, rank {rank_of_now} now"
            ));
        }
        println!(
            "| {name} | {} | {result} | {} | {} |",
            case.cause, cells[0], cells[1]
        );
    }
    println!();
    println!(
        "{} held-out cases: at first contact top-1 {:.0}% ({}), top-3 {:.0}% ({}); now {}",
        now.cases,
        first.pct(first.top1[0]),
        first.top1[0],
        first.pct(first.top3[0]),
        first.top3[0],
        now.line()
    );
    assert!(
        worse.is_empty(),
        "held-out cases worse than at first contact:\n{}",
        worse.join("\n")
    );
}
