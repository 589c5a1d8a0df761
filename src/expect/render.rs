//! The comparison for people and for CI: one text line per bundle, a totals line, and JUnit
//! XML with one test suite per bundle and one test case per subject.

use super::{Outcome, Status, Totals};
use crate::report::xml;

/// At most this many differences are named on a bundle's text line; JUnit has them all.
const SHOWN: usize = 4;

/// One line for a bundle: `pass`, `changed` or `new`, its name, and what changed (or, for a
/// new bundle, what it gives now).
pub fn line(bundle: &str, outcome: &Outcome) -> String {
    let detail = match outcome.status {
        Status::Changed => {
            let all: Vec<String> = outcome
                .subjects
                .iter()
                .flat_map(|s| {
                    s.differences
                        .iter()
                        .map(move |d| format!("{}: {d}", s.subject))
                })
                .collect();
            let more = match all.len().saturating_sub(SHOWN) {
                0 => String::new(),
                n => format!("; and {n} more"),
            };
            format!("{}{more}", all[..all.len().min(SHOWN)].join("; "))
        }
        Status::Pass => format!(
            "{}; {} VM(s) or node(s) as expected",
            outcome.verdict,
            outcome.subjects.len().saturating_sub(1)
        ),
        Status::New => {
            let mut parts = vec![format!("no expectations; {}", outcome.verdict)];
            parts.extend(
                outcome
                    .subjects
                    .iter()
                    .take(SHOWN)
                    .map(|s| format!("{} {}", s.subject, s.got.join(", "))),
            );
            parts.join("; ")
        }
    };
    let error = outcome
        .error
        .as_deref()
        .map_or(String::new(), |e| format!(" ({e})"));
    format!("{:<8} {bundle}  {detail}{error}\n", outcome.status.as_str())
}

/// The closing line: bundles by status, and the ranking figures against expectation.
pub fn totals(t: &Totals) -> String {
    let pct = |k: usize| 100.0 * k as f64 / t.ranked.max(1) as f64;
    format!(
        "{} bundle(s): {} pass, {} changed, {} new; top-1 {} of {} ({:.0}%), top-3 {} of {} ({:.0}%) against expectation\n",
        t.bundles,
        t.pass,
        t.changed,
        t.new,
        t.top1,
        t.ranked,
        pct(t.top1),
        t.top3,
        t.ranked,
        pct(t.top3)
    )
}

/// JUnit XML: a test suite per bundle, a test case per subject (the bundle itself, each VM,
/// running VM and node), failed with the expected and the new answer when it changed; a new
/// bundle is one skipped test case.
pub fn junit(outcomes: &[(String, Outcome)]) -> String {
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    let mut suites = String::new();
    for (bundle, outcome) in outcomes {
        let name = xml(bundle);
        let mut cases = String::new();
        let (mut t, mut f, mut s) = (0, 0, 0);
        if outcome.status == Status::New {
            t += 1;
            s += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"bundle\">\n      <skipped message=\"no expectations file; verdict {}\"/>\n    </testcase>\n",
                xml(&outcome.verdict)
            ));
        }
        for subject in outcome
            .subjects
            .iter()
            .filter(|_| outcome.status != Status::New)
        {
            t += 1;
            let case = xml(&subject.subject);
            if subject.differences.is_empty() {
                cases.push_str(&format!(
                    "    <testcase classname=\"{name}\" name=\"{case}\"/>\n"
                ));
                continue;
            }
            f += 1;
            let detail = format!(
                "expected first: {}\nnow first three: {}",
                subject.expected.as_deref().unwrap_or("-"),
                if subject.got.is_empty() {
                    "-".to_string()
                } else {
                    subject.got.join(", ")
                }
            );
            cases.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"{case}\">\n      <failure type=\"changed\" message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&subject.differences.join("; ")),
                xml(&detail)
            ));
        }
        tests += t;
        failures += f;
        skipped += s;
        suites.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"{t}\" failures=\"{f}\" skipped=\"{s}\" errors=\"0\">\n{cases}  </testsuite>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vmstuck-analyze batch --expect\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}
