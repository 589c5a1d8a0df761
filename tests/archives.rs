//! Every archive and compression format a bundle comes in, told by content and read as a
//! stream: tar, tar.gz, tar.xz, tar.zst, tar.bz2, zip; compressed members inside a bundle
//! (rotated logs, a must-gather tarball inside a zip); and what a corrupt stream does.

mod common;

use std::process::Command;

use common::*;

fn run(path: &std::path::Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .arg(path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The VMs stuck by the alert's definition, and the warnings, of a JSON report.
fn summary(json: &str) -> (Vec<String>, Vec<String>) {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    let vms = report["vms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["stuck_proven"] == true)
        .map(|v| {
            format!(
                "{}/{}",
                v["namespace"].as_str().unwrap(),
                v["name"].as_str().unwrap()
            )
        })
        .collect();
    let warnings = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}: {}",
                w["path"].as_str().unwrap(),
                w["message"].as_str().unwrap()
            )
        })
        .collect();
    (vms, warnings)
}

#[test]
fn each_compression_of_a_tar_is_told_by_content_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    for codec in ["gzip", "xz", "zstd", "bzip2"] {
        // A misleading name: the content decides.
        let path = write(
            dir.path(),
            &format!("bundle-{codec}.dat"),
            &compress(codec, &good_tar()),
        );
        let (code, out, err) = run(&path);
        assert_eq!(code, Some(0), "{codec}: {err}");
        let (vms, warnings) = summary(&out);
        assert_eq!(vms, vec!["vms/fedora"], "{codec}");
        assert!(warnings.is_empty(), "{codec}: {warnings:?}");
    }
}

#[test]
fn a_zip_is_read_member_by_member() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "case.zip", &zip_of(&good_members()));
    let (code, out, err) = run(&path);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(summary(&out).0, vec!["vms/fedora"]);
}

#[test]
fn a_compressed_tarball_inside_a_zip_and_rotated_logs_are_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let inner = gzip(&good_tar());
    let mut members = vec![("case-01234/must-gather.tar.gz".to_string(), inner)];
    // A rotated launcher log, compressed, beside the tarball.
    members.push((
        "case-01234/virt-launcher-other-x1y2z.log.1.gz".to_string(),
        gzip(LOG.as_bytes()),
    ));
    let path = write(dir.path(), "case.zip", &zip_of(&members));
    let (code, out, err) = run(&path);
    assert_eq!(code, Some(0), "{err}");
    let (vms, warnings) = summary(&out);
    assert_eq!(vms, vec!["vms/fedora"]);
    assert!(warnings.is_empty(), "{warnings:?}");
    // The rotated log was read: the VM it names is reported, its stuck state not proven.
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let other = report["vms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "other")
        .expect("the VM the rotated log names");
    assert_eq!(other["stuck_proven"], false);
    // Citations name the member inside the tarball inside the zip.
    let source = report["vms"][0]["source"].as_str().unwrap();
    assert!(
        source.starts_with("case-01234/must-gather.tar/must-gather.local.1/"),
        "{source}"
    );
}

#[test]
fn a_member_that_does_not_decompress_is_a_warning_and_the_rest_is_read() {
    let mut members = good_members();
    let log = gzip(&LOG.repeat(2000).into_bytes());
    members.push((
        format!("{ROOT}/namespaces/vms/pods/x/c/c/logs/rotated.log.gz"),
        log[..log.len() / 2].to_vec(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "b.zip", &zip_of(&members));
    let (code, out, _) = run(&path);
    assert_eq!(code, Some(0));
    let (vms, warnings) = summary(&out);
    assert_eq!(vms, vec!["vms/fedora"]);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("rotated.log.gz: gzip member could not be decompressed")),
        "{warnings:?}"
    );
}

#[test]
fn a_gzip_trailer_that_fails_its_check_is_a_warning() {
    let mut bytes = gzip(&good_tar());
    // The last 8 bytes are the CRC and the length; flip one bit of the CRC.
    let at = bytes.len() - 8;
    bytes[at] ^= 1;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "b.tar.gz", &bytes);
    let (code, out, _) = run(&path);
    assert_eq!(code, Some(0), "what came before the check is analysed");
    let (vms, warnings) = summary(&out);
    assert_eq!(vms, vec!["vms/fedora"]);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("fails its integrity check")),
        "{warnings:?}"
    );
}

#[test]
fn a_wrong_length_or_a_byte_flipped_mid_stream_is_caught_too() {
    let good = gzip(&good_tar());
    let dir = tempfile::tempdir().unwrap();
    // The trailer's length field (the last 4 bytes), and one byte in the middle of the
    // deflate data, which the CRC catches even when the stream still inflates.
    for (name, at) in [("length", good.len() - 1), ("middle", good.len() / 2)] {
        let mut bytes = good.clone();
        bytes[at] ^= 0x10;
        let path = write(dir.path(), &format!("{name}.tar.gz"), &bytes);
        let (code, out, err) = run(&path);
        match code {
            // Read to the end: the check failed, and the report says so.
            Some(0) => {
                let (_, warnings) = summary(&out);
                assert!(
                    warnings
                        .iter()
                        .any(|w| w.contains("integrity check") || w.contains("corrupt")),
                    "{name}: {warnings:?}"
                );
            }
            // The damage stopped the stream before any VM: a one-line error.
            Some(2) => assert_eq!(err.lines().count(), 1, "{name}: {err}"),
            other => panic!("{name}: exit {other:?}: {err}"),
        }
    }
}

/// Regression: a bundle gzipped twice, or cut before its first VM, gave "No VM is stuck" and
/// exit 0. The first is read through both layers; the second is an error or a warning, never
/// an all-clear.
#[test]
fn a_double_gzip_is_read_and_a_truncated_archive_is_no_all_clear() {
    let dir = tempfile::tempdir().unwrap();
    let twice = write(dir.path(), "twice.tar.gz.gz", &gzip(&gzip(&good_tar())));
    let (code, out, err) = run(&twice);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report["bundle"]["vms_seen"], 1,
        "read through both gzip layers"
    );

    // Cut inside the first member's header: nothing before the cut holds a VM.
    let tgz = gzip(&good_tar());
    let cut = write(dir.path(), "cut.tar.gz", &tgz[..tgz.len() / 8]);
    let (code, out, err) = run(&cut);
    match code {
        Some(2) => assert_eq!(err.lines().count(), 1, "{err}"),
        Some(0) => {
            let report: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_ne!(report["verdict"], "all_clear", "{out}");
            assert!(!report["warnings"].as_array().unwrap().is_empty());
        }
        other => panic!("exit {other:?}: {err}"),
    }
    let status = Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .arg(&cut)
        .args(["--fail-on", "critical"])
        .output()
        .unwrap()
        .status;
    assert_ne!(status.code(), Some(0), "--fail-on does not let it through");
}
