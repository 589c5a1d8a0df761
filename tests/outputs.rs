//! Outputs for CI and the ecosystem: SARIF validated against the published schema, JUnit
//! parsed back, the format told by the output's extension, a bundle on standard input,
//! baselines, and the batch mode over every fixture.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn example() -> String {
    root().join("fixtures/example.tar.gz").display().to_string()
}

#[test]
fn sarif_is_valid_against_the_published_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for bundle in [
        "fixtures/bundles/multi-vm-one-node",
        "fixtures/bundles/loose-storage",
        "fixtures/example.tar.gz",
    ] {
        let (code, out, err) = run(&[root().join(bundle).to_str().unwrap(), "--format", "sarif"]);
        assert_eq!(code, Some(0), "{err}");
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{bundle}: {errors:#?}");
        let run = &log["runs"][0];
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{bundle}: one result per cause");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            let loc = &r["locations"][0]["physicalLocation"];
            assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
            assert!(!loc["artifactLocation"]["uri"].as_str().unwrap().is_empty());
        }
        assert!(rules.iter().all(|r| {
            r["fullDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        }));
    }
}

#[test]
fn junit_parses_back_one_case_per_vm() {
    let (code, out, err) = run(&[&example(), "--format", "junit"]);
    assert_eq!(code, Some(0), "{err}");
    let doc = roxmltree::Document::parse(&out).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(names, ["finance/erp-app-01", "finance/erp-web-01"]);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|k| k.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(
        failed,
        ["finance/erp-app-01"],
        "the stuck VM fails, the healthy one passes"
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
}

#[test]
fn the_format_follows_the_output_extension_and_stdin_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("r.json", "{"),
        ("r.html", "<!DOCTYPE html>"),
        ("r.sarif", "{"),
        ("r.xml", "<?xml"),
        ("r.md", "# VM stuck report"),
    ] {
        let out = dir.path().join(name);
        let (code, _, err) = run(&[&example(), "-o", out.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{err}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with(starts),
            "{name}: {}",
            &text[..40.min(text.len())]
        );
    }
    let sarif = std::fs::read_to_string(dir.path().join("r.sarif")).unwrap();
    assert!(sarif.contains("\"version\": \"2.1.0\""));
    // `--format` wins over the extension.
    let out = dir.path().join("r2.json");
    run(&[&example(), "-o", out.to_str().unwrap(), "--format", "md"]);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# VM stuck report")
    );
    // A bundle piped in.
    let mut child = bin()
        .args(["-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(example()).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["vms"][0]["name"], "erp-app-01");
    assert_eq!(report["schema_version"], 4);
}

#[test]
fn a_baseline_round_trip_fails_only_on_new_causes() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let (code, _, err) = run(&[
        &example(),
        "--fail-on",
        "warning",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(err.lines().count(), 1, "one line says why: {err}");
    assert!(
        err.starts_with("--fail-on warning: finance/erp-app-01: volume_attach_timeout (critical)"),
        "{err}"
    );
    // The same findings again: known, so CI passes.
    let (code, _, err) = run(&[
        &example(),
        "--fail-on",
        "warning",
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    // A baseline that lacks one cause: that one trips it.
    let mut b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    b["known"]
        .as_array_mut()
        .unwrap()
        .retain(|k| k["cause"] != "volume_attach_timeout");
    std::fs::write(&baseline, b.to_string()).unwrap();
    let (code, _, err) = run(&[
        &example(),
        "--fail-on",
        "warning",
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("volume_attach_timeout") && !err.contains("launcher_not_ready"),
        "{err}"
    );
}

#[test]
fn an_ignored_rule_is_left_out() {
    let (_, out, _) = run(&[
        &example(),
        "--format",
        "json",
        "--ignore-rule",
        "volume-attach-failed",
    ]);
    assert!(!out.contains("\"rule\": \"volume-attach-failed\""));
    let (code, _, err) = run(&[&example(), "--ignore-rule", "no-such-rule"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no rule `no-such-rule`"), "{err}");
}

#[test]
fn batch_gives_a_line_per_bundle_and_per_vm_of_every_fixture() {
    let fixtures = root().join("fixtures/bundles");
    let (code, out, err) = run(&["batch", fixtures.to_str().unwrap(), "--jobs", "2"]);
    assert_eq!(code, Some(0), "{err}");
    let bundles = std::fs::read_dir(&fixtures).unwrap().count();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().all(|l| l["schema_version"] == 2));
    // Every bundle has its own line with its verdict, the healthy one included.
    let heads: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["subject"] == "bundle").collect();
    assert_eq!(heads.len(), bundles);
    let healthy = heads
        .iter()
        .find(|l| l["bundle"].as_str().unwrap().ends_with("/healthy"))
        .unwrap();
    assert_eq!(healthy["verdict"], "all_clear");
    // Each VM line agrees with the fixture's own expectation.
    let line = lines
        .iter()
        .find(|l| {
            l["subject"] == "vm"
                && l["bundle"]
                    .as_str()
                    .unwrap()
                    .ends_with("attach-timeout-two-images")
        })
        .unwrap();
    assert_eq!(line["top_cause"], "volume_attach_timeout");
    assert_eq!(line["name"], "erp-app-01");
    assert!(err.contains(&format!("{bundles} bundle(s)")), "{err}");
}

/// A bundle that cannot be analysed, or holds nothing the tool reads, still has its line.
#[test]
fn batch_keeps_a_line_for_a_bundle_it_cannot_analyse() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.tar.gz"), b"\x1f\x8b\x08\x00garbage").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing to see\n").unwrap();
    let (code, out, err) = run(&["batch", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    for l in &lines {
        assert_eq!(l["subject"], "bundle");
        assert!(l["error"].as_str().is_some_and(|e| !e.is_empty()), "{l}");
    }
    let verdicts: Vec<&str> = lines
        .iter()
        .map(|l| l["verdict"].as_str().unwrap())
        .collect();
    assert!(
        verdicts
            .iter()
            .all(|v| ["error", "nothing_diagnosable"].contains(v)),
        "{verdicts:?}"
    );
    // A bad expectations file stops the run with its path, before any analysis.
    std::fs::write(
        dir.path().join("notes.txt.expect.yaml"),
        "schema_version: one\n",
    )
    .unwrap();
    let (code, _, err) = run(&["batch", dir.path().to_str().unwrap(), "--expect"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("notes.txt.expect.yaml") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_line() {
    let (code, out, _) = run(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("vmstuck-analyze") && out.contains("--fail-on"));
    let (code, out, _) = run(&["man"]);
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with(".ie") || out.contains(".TH"),
        "roff: {}",
        &out[..80.min(out.len())]
    );
    assert!(out.contains("fail\\-on"));
}
