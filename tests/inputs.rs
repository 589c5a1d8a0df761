//! The command line on inputs that are not one good must-gather: nothing at all, nothing the
//! tool reads, pasted files with no VM object, and several must-gathers in one directory.
//! None of them may end in a false "No VM is stuck".

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn run_on(path: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec![path.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

/// Exit 2, one line on stderr naming the input, nothing on stdout.
fn assert_nothing_read(path: &Path, why: &str) {
    let (code, out, err) = run_on(path, &[]);
    assert_eq!(code, Some(2), "{why}: {err}");
    assert!(out.is_empty(), "{why}: printed a report");
    assert_eq!(err.lines().count(), 1, "{why}: {err}");
    assert!(
        err.starts_with(&format!("error: {}", path.display())),
        "{why}: {err}"
    );
    assert!(err.contains("nothing to analyse"), "{why}: {err}");
}

#[test]
fn an_empty_directory_or_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_nothing_read(&empty, "empty directory");
    let (_, _, err) = run_on(&empty, &[]);
    assert!(err.contains("holds no files"), "{err}");
    assert_nothing_read(&write(dir.path(), "empty.txt", b""), "empty file");
    assert_nothing_read(
        &write(dir.path(), "blank.log", b"\n\n   \n"),
        "whitespace only",
    );
}

#[test]
fn input_in_no_form_the_tool_reads_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let readme = write(
        dir.path(),
        "README.md",
        b"# Our cluster\n\nThis repository holds the manifests of our lab.\n",
    );
    assert_nothing_read(&readme, "a README");
    // Bytes from a fixed pseudo-random sequence: the same every run.
    let mut x: u32 = 0x9e37_79b9;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    assert_nothing_read(&write(dir.path(), "noise.bin", &noise), "random bytes");
    let tar = tar(&[Member::File("notes/todo.txt", b"buy milk\n")]);
    assert_nothing_read(
        &write(dir.path(), "notes.tar.gz", &gzip(&tar)),
        "an archive of unrelated files",
    );
}

#[test]
fn fail_on_trips_when_nothing_can_be_diagnosed() {
    // A nodes table is read, but names no VM and shows no node cause.
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.txt",
        b"NAME     STATUS   ROLES           AGE   VERSION\nnode01   Ready    control-plane   10d   v1.30.1\n",
    );
    let (code, out, err) = run_on(&nodes, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["verdict"], "nothing_diagnosable");
    let (code, _, err) = run_on(&nodes, &["--fail-on", "critical"]);
    assert_eq!(code, Some(1), "{err}");
    let (_, md, _) = run_on(&nodes, &[]);
    assert!(!md.contains("No VM is stuck"), "{md}");
}

#[test]
fn pasted_files_without_a_vm_object_still_name_the_vm() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir(&case).unwrap();
    write(
        &case,
        "vmi.txt",
        b"NAME     AGE   PHASE        IP    NODENAME\ntestvm   6s    Scheduling         \n",
    );
    let (code, out, err) = run_on(&case, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["verdict"], "unproven", "{out}");
    let vm = &report["vms"][0];
    assert_eq!(vm["name"], "testvm");
    assert_eq!(vm["stuck_proven"], false);
    let (_, md, _) = run_on(&case, &[]);
    assert!(
        md.contains("stuck state not proven: no VirtualMachine object"),
        "{md}"
    );
}

#[test]
fn an_events_table_pasted_without_its_object_belongs_to_the_only_vm() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir(&case).unwrap();
    // The VM is known only from virt-handler's lines; the events row names no object.
    write(
        &case,
        "virt-handler.log",
        br#"{"component":"virt-handler","kind":"","level":"info","msg":"VMI is in phase: Running\n","name":"vm2","namespace":"default","pos":"vm.go:1556","timestamp":"2021-07-27T00:46:38.090779Z","uid":"22e0184e-c6c2-4b25-9b4f-3e1fd24994d1"}
"#,
    );
    write(
        &case,
        "events.txt",
        b"  Warning  SyncFailed        1s (x16 over 5m2s)  virt-handler               unknown error encountered sending command SyncVMI: rpc error: code = DeadlineExceeded desc = context deadline exceeded\n",
    );
    let (code, out, err) = run_on(&case, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let vm = &report["vms"][0];
    assert_eq!(vm["name"], "vm2", "{out}");
    let cause = &vm["causes"][0];
    assert_eq!(cause["id"], "storage_backend_unreachable", "{out}");
    let evidence = &cause["findings"][0]["evidence"][0];
    assert_eq!(evidence["file"], "events.txt");
    assert_eq!(
        evidence["what"],
        "event SyncFailed (x16), pasted without its object"
    );
    // With two VMs known, a nameless row is nobody's.
    write(
        &case,
        "virt-handler-2.log",
        br#"{"component":"virt-handler","kind":"","level":"info","msg":"VMI is in phase: Running\n","name":"vm3","namespace":"default","pos":"vm.go:1556","timestamp":"2021-07-27T00:46:39.090779Z","uid":"22e0184e-c6c2-4b25-9b4f-3e1fd24994d2"}
"#,
    );
    let (_, out, _) = run_on(&case, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    for vm in report["vms"].as_array().unwrap() {
        assert!(
            vm["causes"].as_array().unwrap().is_empty(),
            "{}: {out}",
            vm["name"]
        );
    }
}

#[test]
fn several_must_gathers_are_analysed_apart_each_with_its_own_time() {
    // Two collections of the same cluster a year apart, in one directory, as a support
    // case accumulates them.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("case-01234");
    for (name, stamp) in [
        ("must-gather.local.1", TIMESTAMP),
        (
            "must-gather.local.2",
            "2025-05-01 10:00:00.000000000 +0000 UTC m=+0.05\n",
        ),
    ] {
        for (path, bytes) in good_members() {
            let path = path.replacen("must-gather.local.1", name, 1);
            let bytes = if path.ends_with("/timestamp") {
                stamp.as_bytes().to_vec()
            } else {
                bytes
            };
            let full = root.join(&path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, bytes).unwrap();
        }
    }
    let (code, out, err) = run_on(&root, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let collections = report["bundle"]["collections"].as_array().unwrap();
    assert_eq!(collections.len(), 2, "{out}");
    let vms = report["vms"].as_array().unwrap();
    assert_eq!(vms.len(), 2, "one stuck VM per collection");
    let mut durations: Vec<&str> = vms
        .iter()
        .map(|v| v["stuck_for"].as_str().unwrap_or(""))
        .collect();
    durations.sort();
    // Each measured from its own collection time: 30 minutes, and a year and 30 minutes;
    // merged, both would be measured from the later one.
    assert_eq!(durations, ["30m 0s", "365d 0h"], "{out}");
}

#[test]
fn a_bundle_compressed_twice_is_read() {
    // `gzip bundle.tar.gz` by mistake: the inner stream is told by content too.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bundle.tar.gz.gz", &gzip(&gzip(&good_tar())));
    let (code, out, err) = run_on(&path, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["vms"][0]["name"], "fedora", "{out}");
    assert_eq!(report["vms"][0]["stuck_proven"], true);
}

/// A line whose message the catalog knows, in a bundle of several VMs that it names none of,
/// is still reported: under the lines no VM or node took, cited by file and line.
#[test]
fn a_known_message_that_names_no_reported_vm_is_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    copy_dir(Path::new("fixtures/bundles/multi-vm-one-node"), &case);
    // kubevirt/kubevirt cmd/virt-handler/virt-handler.go (catalog: virt_handler_failure).
    write(
        &case,
        "handler-pasted.txt",
        br#"{"component":"virt-handler","level":"error","msg":"Error searching for namespace: the server has asked for the client to provide credentials","pos":"virt-handler.go:246","timestamp":"2024-05-01T09:40:00Z"}
"#,
    );
    let (code, out, err) = run_on(&case, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(report["vms"].as_array().unwrap().len() > 1, "{out}");
    let unplaced: Vec<&serde_json::Value> = report["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["scope"] == "unplaced")
        .collect();
    assert_eq!(unplaced.len(), 1, "{out}");
    let cause = &unplaced[0]["causes"][0];
    assert_eq!(cause["id"], "virt_handler_failure", "{out}");
    assert!(out.contains("handler-pasted.txt"), "{out}");
    // Without the line, nothing is unplaced: the section is not noise on every bundle.
    std::fs::remove_file(case.join("handler-pasted.txt")).unwrap();
    let (_, out, _) = run_on(&case, &["--format", "json"]);
    assert!(!out.contains("\"unplaced\""), "{out}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Events about a pod named as a VM's launcher belong to that VM even when the pod object
/// is not in the paste, in its namespace or with none given; a pod of another VM whose name
/// merely starts alike does not.
#[test]
fn events_about_a_launcher_pod_the_paste_lacks_belong_to_its_vm() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir(&case).unwrap();
    write(
        &case,
        "vm.yaml",
        b"apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: testvm, namespace: default}\nstatus: {printableStatus: Starting}\n",
    );
    write(
        &case,
        "events.txt",
        b"38s         Warning   FailedScheduling          pod/virt-launcher-testvm-dr6gs   0/1 nodes are available: 1 Insufficient devices.kubevirt.io/kvm.\n",
    );
    let (code, out, err) = run_on(&case, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report["vms"][0]["causes"][0]["id"], "kvm_unavailable",
        "{out}"
    );
    write(
        &case,
        "events.txt",
        b"38s         Warning   FailedScheduling          pod/virt-launcher-testvm-big-dr6gs   0/1 nodes are available: 1 Insufficient devices.kubevirt.io/kvm.\n",
    );
    let (_, out, _) = run_on(&case, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let causes = report["vms"][0]["causes"].as_array().unwrap();
    assert!(causes.iter().all(|c| c["id"] != "kvm_unavailable"), "{out}");
}
