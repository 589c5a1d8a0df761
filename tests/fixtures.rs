//! Regression over every fixture bundle: each `fixtures/bundles/<name>/` has a README.md
//! saying where its data came from and an `expect.yaml` (the format `batch --expect` reads,
//! docs/expectations.md) naming its verdict, its stuck VMs with their alert, state, node and
//! top cause, its node-level causes and its running VMs with a stuck operation. The check is
//! the command itself: `vmstuck-analyze batch fixtures/bundles --expect`. Adding a fixture is
//! adding a directory; nothing lists them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::report_of;
use vmstuck_analyze::expect::{Expectation, TopCause};
use vmstuck_analyze::report::Report;

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

fn expectation(dir: &Path) -> Expectation {
    Expectation::read(&dir.join("expect.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

/// The top causes a fixture's expectations name, of its VMs and its nodes.
fn expected_tops(e: &Expectation) -> Vec<String> {
    let ranked = e
        .vms
        .iter()
        .flatten()
        .map(|v| &v.ranked)
        .chain(e.nodes.iter().flatten().map(|n| &n.ranked));
    ranked
        .flat_map(|r| match &r.top_cause {
            TopCause::One(one) => vec![one.clone()],
            TopCause::Any(any) => any.clone(),
        })
        .collect()
}

#[test]
fn every_fixture_gives_its_expected_answer_through_batch_expect() {
    let dirs = bundles();
    assert!(
        dirs.len() >= 6,
        "at least six fixture bundles, found {}",
        dirs.len()
    );
    let tmp = tempfile::tempdir().unwrap();
    let junit = tmp.path().join("fixtures.xml");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .arg("batch")
        .arg(root.join("fixtures/bundles"))
        .arg("--expect")
        .arg("--junit")
        .arg(&junit)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    print!("{text}");
    assert_eq!(out.status.code(), Some(0), "{text}\n{err}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        dirs.len() + 1,
        "a line per bundle and the totals"
    );
    for (line, dir) in lines.iter().zip(&dirs) {
        assert!(
            line.starts_with("pass ") && line.contains(&*dir.to_string_lossy()),
            "{line}"
        );
    }
    let totals = lines.last().unwrap();
    assert!(
        totals.starts_with(&format!(
            "{n} bundle(s): {n} pass, 0 changed, 0 new",
            n = dirs.len()
        )),
        "{totals}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is well-formed");
    let suites = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .count();
    assert_eq!(suites, dirs.len());
    assert!(!doc.descendants().any(|n| n.has_tag_name("failure")));
    // Each fixture reads without a warning, and holds where it came from.
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(dir.join("README.md").is_file(), "{name}: README.md missing");
        let report = report_of(dir);
        if !report.warnings.is_empty() {
            failures.push(format!(
                "{name}: unexpected warnings: {:?}",
                report.warnings
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A change of rules that moves one fixture's top cause makes `batch --expect` fail, naming
/// the bundle with the old and the new cause, in text and in JUnit; `--write-expect` then
/// records the new answer, and `--expect` passes again.
#[test]
fn a_rule_change_that_moves_a_top_cause_fails_batch_expect() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bundles");
    let tmp = tempfile::tempdir().unwrap();
    for name in ["volume-attach-timeout", "healthy"] {
        let to = tmp.path().join(name);
        std::fs::create_dir(&to).unwrap();
        for entry in std::fs::read_dir(root.join(name)).unwrap() {
            let entry = entry.unwrap();
            // Expectations are written beside the copy, from the answers of today's rules.
            if entry.file_name() != "expect.yaml" && entry.path().is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
            if entry.path().is_dir() {
                copy_dir(&entry.path(), &to.join(entry.file_name()));
            }
        }
    }
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
            .arg("batch")
            .arg(tmp.path())
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, text) = run(&["--expect"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("new      ") && text.contains("2 new"),
        "{text}"
    );
    let (code, _) = run(&["--write-expect"]);
    assert_eq!(code, Some(0));
    assert!(
        tmp.path()
            .join("volume-attach-timeout.expect.yaml")
            .is_file()
    );
    let (code, text) = run(&["--expect"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("2 bundle(s): 2 pass, 0 changed, 0 new"),
        "{text}"
    );
    let junit = tmp.path().join("out.xml");
    let junit_arg = junit.to_str().unwrap();
    let (code, text) = run(&[
        "--expect",
        "--ignore-rule",
        "volume-attach-failed",
        "--ignore-rule",
        "catalog-volume-attach-timeout",
        "--junit",
        junit_arg,
    ]);
    assert_eq!(code, Some(1), "{text}");
    let changed = text
        .lines()
        .find(|l| l.starts_with("changed "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        changed.contains("volume-attach-timeout")
            && changed.contains(
                "vm hr-apps/payroll-db-01: top cause volume_attach_timeout, now launcher_not_ready"
            ),
        "{changed}"
    );
    assert!(text.contains("1 pass, 1 changed"), "{text}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failed test case");
    let case = failure.parent().unwrap();
    assert!(
        case.attribute("classname")
            .unwrap()
            .ends_with("volume-attach-timeout")
    );
    assert_eq!(case.attribute("name"), Some("vm hr-apps/payroll-db-01"));
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("top cause volume_attach_timeout, now launcher_not_ready")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Bundles of pasted files only, no VirtualMachine object, one per category of cause.
#[test]
fn loose_files_bundles_cover_every_category_without_vm_objects() {
    use vmstuck_analyze::cause::{Category, Cause};
    let mut categories = std::collections::BTreeSet::new();
    for dir in bundles() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("loose-") {
            continue;
        }
        let report = report_of(&dir);
        assert_eq!(
            report.bundle.vms_seen, 0,
            "{name}: holds a VirtualMachine object"
        );
        assert!(report.vms.iter().all(|v| !v.stuck_proven), "{name}");
        for top in &expected_tops(&expectation(&dir)) {
            let cause = Cause::ALL.iter().find(|c| c.id() == top).unwrap();
            categories.insert(match cause.category() {
                Category::Node => "node",
                Category::QemuKvm | Category::Libvirt => "KVM/QEMU/libvirt",
                Category::ImageStorage => "storage",
                Category::Launcher if *cause == Cause::PodNetworkFailure => "network",
                Category::Launcher => "launcher",
                Category::Kubevirt => "handler",
            });
        }
    }
    let want = [
        "KVM/QEMU/libvirt",
        "handler",
        "launcher",
        "network",
        "node",
        "storage",
    ];
    assert_eq!(categories.into_iter().collect::<Vec<_>>(), want);
}

#[test]
fn every_cause_is_the_top_cause_of_some_fixture() {
    let mut tops = std::collections::BTreeSet::new();
    for dir in bundles() {
        tops.extend(expected_tops(&expectation(&dir)));
    }
    let missing: Vec<&str> = vmstuck_analyze::cause::Cause::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !tops.contains(*id))
        .collect();
    assert!(missing.is_empty(), "causes without a fixture: {missing:?}");
}

#[test]
fn the_shipped_example_archive_matches_its_fixture_directory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = report_of(&root.join("fixtures/example.tar.gz"));
    let b = report_of(&root.join("fixtures/bundles/attach-timeout-two-images"));
    let summary = |report: &Report| -> Vec<String> {
        report
            .vms
            .iter()
            .map(|vm| {
                let causes: Vec<String> = vm
                    .causes
                    .iter()
                    .map(|c| {
                        let lines: Vec<String> = c
                            .findings
                            .iter()
                            .flat_map(|f| &f.evidence)
                            .map(|e| format!("{}:{}", e.file, e.line))
                            .collect();
                        format!("{} {} {lines:?}", c.id.id(), c.score)
                    })
                    .collect();
                format!("{} {:?}", vm.name, causes)
            })
            .collect()
    };
    assert!(!a.vms.is_empty());
    assert_eq!(summary(&a), summary(&b), "run scripts/make-example.sh");
}

#[test]
fn several_stuck_vms_on_one_node_boost_the_node_cause_and_call_for_escalation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bundles/multi-vm-one-node");
    let report = report_of(&dir);
    assert_eq!(report.vms.len(), 3);
    for vm in &report.vms {
        let top = &vm.causes[0];
        assert_eq!(top.id.id(), "node_storage_insufficient");
        assert!(
            top.node_boost,
            "{}: node-level cause shared by 3 VMs",
            vm.name
        );
        assert!(
            vm.escalation
                .iter()
                .any(|e| e.starts_with("3 stuck VMs on node worker-1")),
            "{:?}",
            vm.escalation
        );
    }
    // A cause that is not node-level is never boosted.
    assert!(
        report
            .vms
            .iter()
            .flat_map(|v| &v.causes)
            .all(|c| c.node_boost == c.id.is_node_level())
    );
}

#[test]
fn the_analysis_is_deterministic() {
    let render = || {
        let mut out = String::new();
        for dir in bundles() {
            let report = report_of(&dir);
            out.push_str(
                &vmstuck_analyze::report::render(&report, vmstuck_analyze::report::Format::Json)
                    .unwrap(),
            );
        }
        out
    };
    assert_eq!(render(), render());
}
