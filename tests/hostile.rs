//! Hostile input at full size: a decompression bomb through the command line, and proof that
//! nothing is written anywhere but the report. (A gigabyte on one line is a unit test of the
//! inventory builder, which it streams through.)

mod common;

use std::process::Command;

use common::*;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
}

#[test]
fn the_decompressed_size_limit_is_set_on_the_command_line() {
    let mut members = good_members();
    members.push((
        format!("{ROOT}/namespaces/vms/pods/big/c/c/logs/current.log"),
        vec![b'a'; 8 << 20],
    ));
    let members: Vec<Member> = members.iter().map(|(n, d)| Member::File(n, d)).collect();
    let dir = tempfile::tempdir().unwrap();
    let bomb = write(dir.path(), "bomb.tgz", &gzip(&tar(&members)));
    let out = bin()
        .arg(&bomb)
        .args(["--max-bytes", "1000000", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "the rest is still analysed");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warning = report["warnings"][0]["message"].as_str().unwrap();
    assert!(
        warning.starts_with("stopped reading: more than 1000000 bytes after decompression"),
        "{warning}"
    );
    assert_eq!(report["bundle"]["vms_seen"], 1);
}

/// Every path below `dir`, relative, sorted.
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn nothing_is_written_but_the_report() {
    let outer = tempfile::tempdir().unwrap();
    let work = outer.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let good = good_members();
    let mut members: Vec<Member> = good.iter().map(|(n, d)| Member::File(n, d)).collect();
    members.push(Member::File("../escape.yaml", VM.as_bytes()));
    members.push(Member::File("../../escape2.yaml", VM.as_bytes()));
    members.push(Member::File(
        "/tmp/vmstuck-absolute-escape.yaml",
        VM.as_bytes(),
    ));
    members.push(Member::Symlink("must-gather.local.1/link", "/etc/passwd"));
    members.push(Member::CharDevice("must-gather.local.1/dev-null"));
    let archive = write(&work, "hostile.tar.gz", &gzip(&tar(&members)));
    let before_outer = tree(outer.path());
    let out = bin()
        .current_dir(&work)
        .arg(&archive)
        .args(["-o", "report.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut expected = before_outer.clone();
    expected.push("work/report.md".into());
    expected.sort();
    assert_eq!(tree(outer.path()), expected);
    assert!(!std::path::Path::new("/tmp/vmstuck-absolute-escape.yaml").exists());
    let report = std::fs::read_to_string(work.join("report.md")).unwrap();
    for warned in [
        "../escape.yaml",
        "/tmp/vmstuck-absolute-escape.yaml",
        "link`: symbolic link skipped",
        "dev-null`: device file skipped",
    ] {
        assert!(
            report.contains(warned),
            "missing {warned} in the report's warnings"
        );
    }
}

/// Yields `head`, then `unit` repeated `times` times, then `tail`: a member generated as it
/// is archived, never held whole.
fn repeated(
    head: &str,
    unit: &str,
    times: usize,
    tail: &str,
) -> (Box<dyn std::io::Read + Send>, u64) {
    use std::io::Read;
    let len = (head.len() + unit.len() * times + tail.len()) as u64;
    let unit = unit.as_bytes().to_vec();
    let body = std::iter::repeat_n(unit, times).flatten();
    let reader = std::io::Cursor::new(head.as_bytes().to_vec())
        .chain(IterRead(Box::new(body)))
        .chain(std::io::Cursor::new(tail.as_bytes().to_vec()));
    (Box::new(reader), len)
}

struct IterRead(Box<dyn Iterator<Item = u8> + Send>);

impl std::io::Read for IterRead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        for slot in buf.iter_mut() {
            match self.0.next() {
                Some(b) => *slot = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }
}

/// The JSON report of the good bundle plus `member`, streamed into the tool's standard input
/// as a tar archive.
fn report_with(path: &str, member: (Box<dyn std::io::Read + Send>, u64)) -> serde_json::Value {
    use std::process::Stdio;
    let mut child = bin()
        .args(["-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let path = path.to_string();
    let writer = std::thread::spawn(move || {
        let mut tar = tar::Builder::new(stdin);
        for (name, data) in good_members() {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            tar.append_data(&mut header, name, data.as_slice()).unwrap();
        }
        let (reader, len) = member;
        let mut header = tar::Header::new_gnu();
        header.set_size(len);
        header.set_mode(0o644);
        tar.append_data(&mut header, path, reader).unwrap();
        tar.into_inner().unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn warnings(report: &serde_json::Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

/// Regression: every matching log line was kept, so a log of nothing else cost three times
/// its size.
#[test]
fn a_log_of_matching_lines_keeps_its_first_and_last_and_counts_the_rest() {
    let line = "2024-05-01T10:00:00.000000000Z {\"component\":\"virt-launcher\",\"level\":\"error\",\"msg\":\"internal error: process exited while connecting to monitor: Could not access KVM kernel module: No such file or directory\",\"timestamp\":\"2024-05-01T10:00:00.000000Z\"}\n";
    let report = report_with(
        &format!(
            "{ROOT}/namespaces/vms/pods/virt-launcher-fedora-abcde/compute/compute/logs/previous.log"
        ),
        repeated("", line, 20_000, ""),
    );
    let w = warnings(&report);
    assert!(
        w.iter().any(|w| w.starts_with(
            "16000 matching line(s) between the first and the last kept were counted"
        )),
        "{w:?}"
    );
    // The kept lines still count as evidence: a cause cites the flooded log, from its head.
    let cited: Vec<u64> = report["vms"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|vm| vm["causes"].as_array().unwrap())
        .flat_map(|c| c["findings"].as_array().unwrap())
        .flat_map(|f| f["evidence"].as_array().unwrap())
        .filter(|e| {
            e["file"]
                .as_str()
                .unwrap()
                .ends_with("compute/logs/previous.log")
        })
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert!(!cited.is_empty(), "{report}");
    assert!(cited.iter().all(|&l| l <= 2000 || l > 18_000), "{cited:?}");
}

/// Regression: a 100 MB name gave a 1 GB report.
#[test]
fn a_name_megabytes_long_is_cut_and_said() {
    let report = report_with(
        &format!("{ROOT}/namespaces/vms/kubevirt.io/virtualmachines/custom/long.yaml"),
        repeated(
            "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: ",
            "v",
            8 << 20,
            "\n  namespace: vms\n  uid: long-1\nstatus:\n  printableStatus: Starting\n",
        ),
    );
    let w = warnings(&report);
    assert!(
        w.iter().any(|w| w.contains("cut short before parsing")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.starts_with("`metadata.name` is ")),
        "{w:?}"
    );
    assert!(report.to_string().len() < 200_000, "the report stays small");
}

/// Regression: a describe file of empty lines cost 17 times its size.
#[test]
fn a_text_file_of_empty_lines_is_searched_as_text() {
    let report = report_with(
        &format!("{ROOT}/describe-vmi.txt"),
        repeated(
            "Name:         fedora\nNamespace:    vms\nKind:         VirtualMachineInstance\n",
            "\n",
            16 << 20,
            "",
        ),
    );
    let w = warnings(&report);
    assert!(
        w.iter().any(|w| w.starts_with("mostly empty lines")),
        "{w:?}"
    );
    assert_eq!(report["bundle"]["vms_seen"], 1, "the rest is analysed");
}
