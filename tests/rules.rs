//! Every rule's embedded tests, run as part of `cargo test` (the same runner as
//! `vmstuck-analyze rules test`), and the rule set's coverage of the cause vocabulary.

use vmstuck_analyze::cause::Cause;
use vmstuck_analyze::rules;

#[test]
fn every_rule_passes_its_own_tests() {
    let set = rules::load(None).unwrap_or_else(|e| panic!("rules do not load:\n{e}"));
    let outcomes = rules::selftest::run(&set);
    assert!(!outcomes.is_empty());
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .map(|o| format!("{} / {}: {}", o.rule, o.test, o.verdict))
        .collect();
    assert!(
        failed.is_empty(),
        "failing rule tests:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_cause_has_a_rule() {
    let set = rules::load(None).unwrap();
    let missing: Vec<&str> = Cause::ALL
        .iter()
        .filter(|c| !set.rules().any(|r| r.cause() == **c))
        .map(|c| c.id())
        .collect();
    assert!(missing.is_empty(), "causes without a rule: {missing:?}");
}

#[test]
fn every_cause_has_at_least_six_signals_and_rules_causes_lists_them() {
    let set = rules::load(None).unwrap();
    for cause in Cause::ALL {
        let signals: usize = set
            .rules()
            .filter(|r| r.cause() == *cause)
            .map(|r| r.evidence_signals())
            .sum();
        assert!(signals >= 6, "{}: {signals} signals", cause.id());
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .args(["rules", "causes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), Cause::ALL.len() + 3, "{text}");
    assert!(text.contains("log patterns, one automaton per kind of log: virt-launcher "));
    assert!(
        text.lines()
            .any(|l| l.starts_with("pvc_mount_failure") && l.contains("PVC mount failures")),
        "{text}"
    );
}

#[test]
fn broken_rules_are_refused_with_the_file_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.yaml"),
        "id: other\ncause: no_such_cause\nseverity: warning\nspecificity: 2\nsummary: x\ndoc: {what: x, why: x, next_steps: x}\nmatch:\n  any:\n  - log: {component: virt-launcher, pattern: '(', source: x}\ntests: []\n",
    )
    .unwrap();
    let err = rules::load(Some(dir.path())).unwrap_err().to_string();
    assert!(err.contains("bad.yaml"), "{err}");
    assert!(err.contains("invalid regular expression"), "{err}");
    std::fs::write(
        dir.path().join("bad.yaml"),
        "id: other\ncause: no_such_cause\nseverity: warning\nspecificity: 2\nsummary: x\ndoc: {what: x, why: '', next_steps: x}\nmatch:\n  any:\n  - log: {component: virt-launcher, pattern: 'x', source: ''}\ntests: []\n",
    )
    .unwrap();
    let err = rules::load(Some(dir.path())).unwrap_err().to_string();
    for expected in [
        "id `other` must equal the file name `bad`",
        "cause `no_such_cause` is not in rules/_causes.yaml",
        "specificity 2 is outside 0..=1",
        "doc.why is empty",
        "has no `source`",
        "needs at least one `fires` and one `quiet` test",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
}

/// A signal that parses but cannot work is refused by its kind's own check, typed.
#[test]
fn a_catalog_signal_for_a_cause_the_catalog_does_not_know_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad-catalog.yaml"),
        "id: bad-catalog\ncause: pvc_mount_failure\nseverity: warning\nspecificity: 0.5\nsummary: x\ndoc: {what: x, why: x, next_steps: x}\nmatch:\n  any:\n  - catalog: {cause: pvc_mount_failures, source: x}\ntests: [{name: a, expect: fires, files: {}}, {name: b, expect: quiet, files: {}}]\n",
    )
    .unwrap();
    let err = rules::load(Some(dir.path())).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("bad-catalog.yaml"), "{text}");
    assert!(
        text.contains("signals[0]: catalog: `pvc_mount_failures` is not a cause the catalog classifies messages as"),
        "{text}"
    );
}

#[test]
fn the_rules_subcommands_list_explain_and_test() {
    let bin = env!("CARGO_BIN_EXE_vmstuck-analyze");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, list, _) = run(&["rules", "list"]);
    assert_eq!(code, Some(0));
    let set = rules::load(None).unwrap();
    assert_eq!(list.lines().count(), set.len());
    assert!(
        list.lines()
            .any(|l| l.starts_with("pvc-mount-failed") && l.contains("pvc_mount_failure"))
    );

    let (code, explain, _) = run(&["rules", "explain", "pvc-mount-failed"]);
    assert_eq!(code, Some(0));
    for part in [
        "# pvc-mount-failed",
        "## Why it keeps the VM stuck",
        "source:",
        "fires:",
        "quiet:",
    ] {
        assert!(explain.contains(part), "missing {part:?} in\n{explain}");
    }
    // A rule's other readings, with the signals that rule them out.
    let (code, explain, _) = run(&["rules", "explain", "kvm-device-unavailable"]);
    assert_eq!(code, Some(0));
    for part in [
        "## Other readings of the same evidence",
        "`nested_virtualization` when the node is itself a virtual machine",
        "systemd-detect-virt",
        "Not offered when one of these holds for the VM:",
        "cpu-feature",
    ] {
        assert!(explain.contains(part), "missing {part:?} in\n{explain}");
    }
    let (code, _, err) = run(&["rules", "explain", "no-such-rule"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no rule `no-such-rule`"), "{err}");

    let (code, tested, _) = run(&["rules", "test"]);
    assert_eq!(code, Some(0));
    assert!(tested.trim().ends_with(" 0 failed"), "{tested}");
}

#[test]
fn a_misspelt_name_in_next_steps_fails_the_rule_tests() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rule = std::fs::read_to_string(root.join("rules/qemu-crashed.yaml")).unwrap();
    assert!(rule.contains("{{ launcher_pod }}"));
    std::fs::write(
        dir.path().join("qemu-crashed.yaml"),
        rule.replace("{{ launcher_pod }}", "{{ launcher_pdo }}"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .args(["rules", "test", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("FAIL qemu-crashed / next_steps names: next_steps uses launcher_pdo"),
        "{err}"
    );
}

#[test]
fn rule_authoring_new_skeleton_one_rules_tests_yml_and_custom_causes() {
    let bin = env!("CARGO_BIN_EXE_vmstuck-analyze");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    // A skeleton passes its own tests as written.
    let (code, out, err) = run(&[
        "rules",
        "new",
        "my-storage-rule",
        "--cause",
        "pvc_mount_failure",
        "--rules",
        d,
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("my-storage-rule.yaml"));
    let (code, out, err) = run(&["rules", "test", "my-storage-rule", "--rules", d]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.trim(),
        "rules: 3 passed, 0 failed",
        "two tests and the names check"
    );
    let (code, _, err) = run(&[
        "rules",
        "new",
        "my-storage-rule",
        "--cause",
        "pvc_mount_failure",
        "--rules",
        d,
    ]);
    assert_eq!(code, Some(2), "exists already: {err}");
    // A test that does not fire says which signal failed, and on what.
    let path = dir.path().join("my-storage-rule.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "'the constant part of the message'",
            "'words the event does not hold'",
        ),
    )
    .unwrap();
    let (code, _, err) = run(&["rules", "test", "my-storage-rule", "--rules", d]);
    assert_eq!(code, Some(1));
    assert!(err.contains("none of any[] (event) matched"), "{err}");
    assert!(
        err.contains("the VM had") && err.contains("event(s)"),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    // `.yml` files and a causes file of the directory's own.
    std::fs::write(
        dir.path().join("causes.yaml"),
        "causes:\n  - id: array_firmware\n    title: Storage array firmware defect\n    category: image_storage\n",
    )
    .unwrap();
    let rule = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/qemu-crashed.yaml"),
    )
    .unwrap()
    .replace("id: qemu-crashed", "id: firmware-crash")
    .replace("cause: qemu_process_failure", "cause: array_firmware")
    .replace("explains:", "# explains:");
    std::fs::write(dir.path().join("firmware-crash.yml"), rule).unwrap();
    let (code, out, err) = run(&["rules", "causes", "--rules", d]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.lines().any(|l| l.starts_with("array_firmware") && l.contains("Storage array firmware defect")), "{out}");
    let (code, out, err) = run(&["rules", "test", "firmware-crash", "--rules", d]);
    assert_eq!(code, Some(0), "{err}{out}");
    let (code, _, err) = run(&["rules", "causes", "--rules", d]);
    assert_eq!(code, Some(0), "{err}");
    std::fs::write(
        dir.path().join("causes.yaml"),
        "causes:\n  - id: pvc_mount_failure\n    title: x\n    category: node\n",
    )
    .unwrap();
    let (code, _, err) = run(&["rules", "causes", "--rules", d]);
    assert_eq!(code, Some(2));
    assert!(err.contains("declared already"), "{err}");
}

#[test]
fn a_rule_s_alternative_readings_are_checked_when_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alt.yaml"),
        "id: alt\ncause: kvm_unavailable\nseverity: warning\nspecificity: 0.5\nsummary: x\ndoc: {what: x, why: x, next_steps: x}\nalternatives:\n- {cause: kvm_unavailable, when: x, check: x}\n- {cause: no_such_cause, when: '', check: '{{ x'}\n- {cause: nested_virtualization, when: x, check: x, unless: [{node: {has_label: x, source: ''}}]}\n- {cause: nested_virtualization, when: x, check: x}\nmatch:\n  any:\n  - log: {component: virt-launcher, pattern: 'x', source: x}\ntests: []\n",
    )
    .unwrap();
    let err = rules::load(Some(dir.path())).unwrap_err().to_string();
    for expected in [
        "alternatives[0]: is the rule's own cause",
        "alternatives[1]: cause `no_such_cause` is not in rules/_causes.yaml",
        "alternatives[1]: `when` and `check` say when this reading holds and how to tell",
        "alternatives[1]: check is not a valid template",
        "alternatives[3]: cause `nested_virtualization` is listed twice",
        "has no `source`",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
}
