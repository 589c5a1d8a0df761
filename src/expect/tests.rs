use super::*;

fn subject(name: &str, kind: &str, causes: &[&str]) -> Subject {
    Subject {
        name: name.into(),
        kind: kind.into(),
        state: "Starting".into(),
        node: Some("worker-1".into()),
        causes: causes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.to_string(), 1.0 - i as f64 / 10.0))
            .collect(),
    }
}

fn answer(causes: &[&str]) -> Answer {
    Answer {
        verdict: "stuck".into(),
        error: None,
        vms: vec![subject("ns/vm-1", "VirtualMachineStuckOnNode", causes)],
        operations: Vec::new(),
        nodes: Vec::new(),
    }
}

#[test]
fn written_expectations_pass_and_read_back_the_same() {
    let a = answer(&["volume_attach_timeout", "launcher_not_ready"]);
    let e = Expectation::of(&a);
    let text = e.to_yaml();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.expect.yaml");
    std::fs::write(&path, &text).unwrap();
    let back = Expectation::read(&path).unwrap();
    assert_eq!(back, e);
    let out = check(&a, Some(&back));
    assert_eq!(out.status, Status::Pass, "{out:?}");
}

#[test]
fn a_moved_top_cause_is_a_change_naming_the_old_and_the_new_cause() {
    let before = Expectation::of(&answer(&["volume_attach_timeout", "launcher_not_ready"]));
    let now = answer(&["launcher_not_ready", "volume_attach_timeout"]);
    let out = check(&now, Some(&before));
    assert_eq!(out.status, Status::Changed);
    let text = line("cases/one.tar.gz", &out);
    assert!(text.starts_with("changed  cases/one.tar.gz"), "{text}");
    assert!(
        text.contains(
            "vm ns/vm-1: top cause volume_attach_timeout, now launcher_not_ready (ranked #2)"
        ),
        "{text}"
    );
    let mut t = Totals::default();
    t.add(&out);
    assert_eq!((t.changed, t.ranked, t.top1, t.top3), (1, 1, 0, 1));
}

#[test]
fn an_acceptable_set_and_a_top3_list_are_honoured() {
    let text = "schema_version: 1\nvms:\n  - vm: ns/vm-1\n    top_cause: [a, b]\n    top3: [c]\n";
    let e: Expectation = serde_yaml::from_str(text).unwrap();
    assert_eq!(
        check(&answer(&["b", "x", "c"]), Some(&e)).status,
        Status::Pass
    );
    let out = check(&answer(&["b", "x", "y", "c"]), Some(&e));
    assert_eq!(out.status, Status::Changed);
    assert!(line("b", &out).contains("not in the first three now: c"));
    // What a review accepted is kept by --write-expect while it holds.
    let kept = Expectation::updated(Some(&e), &answer(&["a", "c"]));
    assert_eq!(
        kept.vms.unwrap()[0].ranked,
        e.vms.as_ref().unwrap()[0].ranked
    );
}

#[test]
fn vms_appearing_or_going_away_are_changes() {
    let e = Expectation::of(&answer(&["a"]));
    let mut now = answer(&["a"]);
    now.vms.push(subject("ns/vm-2", "unproven", &[]));
    let out = check(&now, Some(&e));
    assert!(line("b", &out).contains("vm ns/vm-2: reported now, not expected (top cause none)"));
    let out = check(
        &Answer {
            vms: Vec::new(),
            ..answer(&[])
        },
        Some(&e),
    );
    assert!(line("b", &out).contains("vm ns/vm-1: not reported now (expected a)"));
}

#[test]
fn a_bundle_ranking_uses_its_vm_when_reported_else_every_cause() {
    let text = "schema_version: 1\nverdict: stuck\nbundle:\n  vm: ns/other\n  top_cause: n\n";
    let e: Expectation = serde_yaml::from_str(text).unwrap();
    let mut a = answer(&["a"]);
    a.nodes.push(Subject {
        kind: "input".into(),
        node: None,
        causes: vec![("n".into(), 2.0)],
        ..Subject::default()
    });
    assert_eq!(check(&a, Some(&e)).status, Status::Pass);
    let healthy: Expectation =
        serde_yaml::from_str("schema_version: 1\nbundle:\n  top_cause: none\n").unwrap();
    assert_eq!(check(&answer(&[]), Some(&healthy)).status, Status::Pass);
    assert_eq!(check(&a, Some(&healthy)).status, Status::Changed);
}

#[test]
fn bad_files_are_one_line_errors_naming_the_path_and_field() {
    let dir = tempfile::tempdir().unwrap();
    for (text, want) in [
        (
            "schema_version: 1\nvms:\n  - vm: a/b\n    top_cuase: x\n",
            "vms[0]",
        ),
        ("schema_version: 9\n", "schema_version 9"),
        ("vms: [", "not an expectations file"),
        ("\u{0}\u{1}", "not an expectations file"),
    ] {
        let path = dir.path().join("b.expect.yaml");
        std::fs::write(&path, text).unwrap();
        let e = Expectation::read(&path).unwrap_err().to_string();
        assert!(e.contains(want) && e.contains("b.expect.yaml"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn junit_is_well_formed_and_escapes_names() {
    let e = Expectation::of(&answer(&["a"]));
    let mut now = answer(&["b"]);
    now.vms[0].name = "ns/<vm & \"1\">".into();
    let outcomes = vec![
        ("cases/<one>&.tgz".to_string(), check(&now, Some(&e))),
        ("cases/two".to_string(), check(&answer(&["a"]), None)),
    ];
    let xml = junit(&outcomes);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites[0].attribute("name"), Some("cases/<one>&.tgz"));
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("not reported now (expected a)")
    );
    assert!(doc.descendants().any(|n| n.has_tag_name("skipped")));
}

#[test]
fn expectations_sit_inside_a_directory_bundle_or_beside_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("case.tar.gz");
    std::fs::write(&archive, b"").unwrap();
    assert_eq!(find(&archive), None);
    assert_eq!(target(&archive), dir.path().join("case.tar.gz.expect.yaml"));
    let folder = dir.path().join("mg");
    std::fs::create_dir(&folder).unwrap();
    assert_eq!(target(&folder), dir.path().join("mg.expect.yaml"));
    std::fs::write(folder.join("expect.yaml"), "schema_version: 1\n").unwrap();
    assert_eq!(find(&folder), Some(folder.join("expect.yaml")));
    assert!(is_expectations(&dir.path().join("mg.expect.yaml")));
    assert!(!is_expectations(&folder));
}
