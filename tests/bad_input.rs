//! Bad and hostile input: each case ends in a warning or a one-line error naming the path,
//! never a panic, and whatever was readable is still analysed.

mod common;

use std::process::Command;

use common::*;
use vmstuck_analyze::diagnostics::WarningCode;
use vmstuck_analyze::report::Report;
use vmstuck_analyze::source::Limits;

fn load(path: &std::path::Path) -> Report {
    report_of(path)
}

fn warnings(report: &Report) -> String {
    report.warnings.iter().map(|w| format!("{w}\n")).collect()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
}

#[test]
fn a_good_archive_is_read_in_every_container_format() {
    let dir = tempfile::tempdir().unwrap();
    let tar = write(dir.path(), "b.tar", &good_tar());
    let tgz = write(dir.path(), "b.bin", &gzip(&good_tar()));
    for path in [tar, tgz] {
        let report = load(&path);
        assert_eq!(report.bundle.vms_seen, 1, "{}", path.display());
        assert_eq!(report.vms.len(), 1, "stuck");
        // The launcher's log was read and linked to the VM.
        assert!(
            !report.vms[0].missing.iter().any(|m| m.contains("log")),
            "{:?}",
            report.vms[0].missing
        );
        assert!(report.warnings.is_empty(), "{}", warnings(&report));
    }
}

#[test]
fn a_truncated_archive_keeps_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let full = gzip(&good_tar());
    // Cut the compressed stream short, well inside the last members.
    let cut = write(dir.path(), "cut.tar.gz", &full[..full.len() * 3 / 4]);
    let report = load(&cut);
    let text = warnings(&report);
    assert!(text.contains("cut.tar.gz"), "{text}");
    assert!(text.contains("analysed the"), "{text}");
    assert!(report.bundle.files > 0);
    // Its code says what kind of problem it is, in the JSON as well.
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::Damaged),
        "{text}"
    );
    let json =
        vmstuck_analyze::report::render(&report, vmstuck_analyze::report::Format::Json).unwrap();
    assert!(json.contains("\"code\": \"damaged\""), "{json}");
}

#[test]
fn an_archive_that_yields_nothing_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut junk = vec![0x1f, 0x8b, 0x08, 0x00];
    junk.extend_from_slice(b"this is not deflate data at all");
    let path = write(dir.path(), "junk.tar.gz", &junk);
    let out = bin().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("junk.tar.gz"), "{err}");
}

#[test]
fn a_missing_bundle_is_a_one_line_error_with_the_path() {
    let out = bin().arg("/nonexistent/bundle.tar.gz").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim(),
        "error: /nonexistent/bundle.tar.gz: no such file or directory"
    );
}

#[test]
fn invalid_yaml_is_a_warning_and_other_files_are_still_read() {
    let mut members = good_members();
    members.push((
        format!("{ROOT}/namespaces/vms/core/events.yaml"),
        b"kind: EventList\nitems: [\n  {reason: x\n".to_vec(),
    ));
    let bytes = tar_of(&members);
    let dir = tempfile::tempdir().unwrap();
    let report = load(&write(dir.path(), "b.tar", &bytes));
    let text = warnings(&report);
    assert!(text.contains("events.yaml: invalid YAML at line"), "{text}");
    assert_eq!(report.bundle.vms_seen, 1);
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let mut members = good_members();
    let mut vm = VM
        .replace("name: fedora", "name: fedora2")
        .replace("1111-111111111111", "1111-999999999999")
        .into_bytes();
    vm.extend_from_slice(b"# comment with bad bytes \xff\xfe\n");
    members.push((
        format!("{ROOT}/namespaces/vms/kubevirt.io/virtualmachines/custom/fedora2.yaml"),
        vm,
    ));
    let mut log = LOG.as_bytes().to_vec();
    log.extend_from_slice(b"\xc3\x28 broken\n");
    members.push((
        format!("{ROOT}/namespaces/vms/pods/p/c/c/logs/current.log"),
        log,
    ));
    let dir = tempfile::tempdir().unwrap();
    let report = load(&write(dir.path(), "b.tar", &tar_of(&members)));
    let text = warnings(&report);
    assert!(text.contains("fedora2.yaml: not valid UTF-8"), "{text}");
    assert!(
        text.contains("current.log: 1 line(s) not valid UTF-8"),
        "{text}"
    );
    assert_eq!(report.bundle.vms_seen, 2);
}

#[test]
fn unknown_files_are_summarised_in_one_warning() {
    let mut members = good_members();
    for i in 0..7 {
        members.push((
            format!("{ROOT}/misc/notes-{i}.txt"),
            b"just some words\n".to_vec(),
        ));
    }
    members.push((format!("{ROOT}/misc/blob.bin"), vec![0, 1, 2, 3]));
    let dir = tempfile::tempdir().unwrap();
    let report = load(&write(dir.path(), "b.tar", &tar_of(&members)));
    let text = warnings(&report);
    assert_eq!(report.warnings.len(), 1, "{text}");
    assert_eq!(report.warnings[0].code, WarningCode::Unrecognised);
    assert!(text.contains("8 file(s) not recognised"), "{text}");
    assert!(text.contains("and 3 more"), "{text}");
}

#[test]
fn unsafe_names_links_devices_and_duplicates_are_skipped_with_warnings() {
    let good = good_members();
    let mut members: Vec<Member> = good.iter().map(|(n, d)| Member::File(n, d)).collect();
    members.push(Member::File("/etc/passwd", b"root:x:0:0\n"));
    members.push(Member::File("../../escape.yaml", VM.as_bytes()));
    members.push(Member::File("a/..\\..\\win.yaml", VM.as_bytes()));
    members.push(Member::Symlink("must-gather.local.1/link", "/etc/shadow"));
    members.push(Member::CharDevice("must-gather.local.1/dev-null"));
    members.push(Member::File(
        "must-gather.local.1/timestamp",
        b"2030-01-01 00:00:00 +0000 UTC\n",
    ));
    let dir = tempfile::tempdir().unwrap();
    let report = load(&write(dir.path(), "b.tar", &tar(&members)));
    let text = warnings(&report);
    for expected in [
        "/etc/passwd: unsafe member name skipped (absolute path)",
        "../../escape.yaml: unsafe member name skipped (path climbs out of the bundle with `..`)",
        "a/..\\..\\win.yaml: unsafe member name skipped",
        "must-gather.local.1/link: symbolic link skipped",
        "must-gather.local.1/dev-null: device file skipped",
        "must-gather.local.1/timestamp: duplicate member skipped",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // The first timestamp was kept, the analysis went on.
    assert_eq!(
        report.bundle.collected_at.as_deref(),
        Some("2024-05-01T10:00:00Z")
    );
    assert_eq!(report.vms.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_directory_bundle_never_follows_links() {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in good_members() {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), VM).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("escape")).unwrap();
    let report = load(dir.path());
    let text = warnings(&report);
    assert!(text.contains("escape: symbolic link skipped"), "{text}");
    assert_eq!(report.bundle.vms_seen, 1);
}

#[test]
fn the_decompressed_size_limit_stops_a_bomb() {
    let mut members = good_members();
    members.push((
        format!("{ROOT}/namespaces/vms/pods/big/c/c/logs/current.log"),
        vec![b'a'; 4 << 20],
    ));
    let bytes = gzip(&tar_of(&members));
    assert!(bytes.len() < 64 << 10, "compresses well: {}", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bomb.tar.gz", &bytes);
    let limits = Limits {
        max_total_bytes: 1 << 20,
        ..Limits::default()
    };
    let mut opts = options(vec![vmstuck_analyze::source::Input::Path(path)]);
    opts.limits = limits;
    let report = Report::from(&vmstuck_analyze::analyse(&opts).unwrap());
    let text = warnings(&report);
    assert!(
        text.contains("more than 1048576 bytes after decompression"),
        "{text}"
    );
    assert_eq!(
        report.bundle.vms_seen, 1,
        "members before the bomb were kept"
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused_not_expanded() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\nkind: Pod\n";
    let mut members = good_members();
    members.push((format!("{ROOT}/bomb.yaml"), bomb.as_bytes().to_vec()));
    let dir = tempfile::tempdir().unwrap();
    let report = load(&write(dir.path(), "b.tar", &tar_of(&members)));
    let text = warnings(&report);
    assert!(text.contains("bomb.yaml: invalid YAML"), "{text}");
    assert_eq!(report.bundle.vms_seen, 1);
}

fn tar_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let members: Vec<Member> = members.iter().map(|(n, d)| Member::File(n, d)).collect();
    tar(&members)
}
