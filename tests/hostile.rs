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
