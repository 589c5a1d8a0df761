//! Builders for test bundles: tar and tar.gz archives made in memory, including members a
//! well-behaved `tar` would refuse to write (absolute and `..` names, links, devices).
#![allow(dead_code)]

pub(crate) mod skeleton;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use flate2::Compression;
use flate2::write::GzEncoder;
use vmstuck_analyze::report::Report;
use vmstuck_analyze::rules::RuleSet;
use vmstuck_analyze::source::Input;
use vmstuck_analyze::{Analysis, Options};

/// What a tar member is.
pub(crate) enum Member<'a> {
    File(&'a str, &'a [u8]),
    Symlink(&'a str, &'a str),
    CharDevice(&'a str),
}

/// A tar archive of `members`. Names are written into the header bytes directly, so unsafe
/// names reach the archive exactly as given.
pub(crate) fn tar(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    for member in members {
        let mut header = tar::Header::new_ustar();
        let (name, data): (&str, &[u8]) = match member {
            Member::File(name, data) => {
                header.set_entry_type(tar::EntryType::Regular);
                (name, data)
            }
            Member::Symlink(name, target) => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_link_name(target).unwrap();
                (name, &[])
            }
            Member::CharDevice(name) => {
                header.set_entry_type(tar::EntryType::Char);
                (name, &[])
            }
        };
        // ustar splits long names into a prefix (155 bytes) and a name (100 bytes) at a `/`.
        let (prefix, rest) = match name.len() {
            0..=100 => ("", name),
            _ => {
                let cut = name[..name.len() - 100].len()
                    + name[name.len() - 100..]
                        .find('/')
                        .expect("a `/` in the last 100 bytes");
                (&name[..cut], &name[cut + 1..])
            }
        };
        let ustar = header.as_ustar_mut().unwrap();
        ustar.name.fill(0);
        ustar.name[..rest.len()].copy_from_slice(rest.as_bytes());
        ustar.prefix.fill(0);
        ustar.prefix[..prefix.len()].copy_from_slice(prefix.as_bytes());
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(1_714_557_600);
        header.set_cksum();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A small consistent bundle: a VM Starting for 30 minutes with its VMI and launcher pod on
/// node01, and the launcher's compute log.
pub(crate) const TIMESTAMP: &str = "2024-05-01 10:00:00.000000000 +0000 UTC m=+0.05\n";

pub(crate) const VM: &str = "apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: fedora
  namespace: vms
  uid: 11111111-1111-1111-1111-111111111111
  creationTimestamp: \"2024-05-01T09:00:00Z\"
spec:
  runStrategy: Always
status:
  printableStatus: Starting
  conditions:
  - type: Ready
    status: \"False\"
    lastTransitionTime: \"2024-05-01T09:30:00Z\"
";

pub(crate) const VMI: &str = "apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: fedora
  namespace: vms
  uid: 22222222-2222-2222-2222-222222222222
  creationTimestamp: \"2024-05-01T09:30:00Z\"
status:
  phase: Scheduled
  nodeName: node01
";

pub(crate) const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: virt-launcher-fedora-abcde
  namespace: vms
  uid: 33333333-3333-3333-3333-333333333333
  labels:
    kubevirt.io: virt-launcher
    kubevirt.io/created-by: 22222222-2222-2222-2222-222222222222
spec:
  nodeName: node01
status:
  phase: Running
";

pub(crate) const LOG: &str = "2024-05-01T09:31:00.000000000Z {\"component\":\"virt-launcher\",\"level\":\"info\",\"msg\":\"Connecting to libvirt daemon: qemu+unix:///session?socket=/var/run/libvirt/virtqemud-sock\",\"pos\":\"libvirt.go:524\",\"timestamp\":\"2024-05-01T09:31:00.000000Z\"}\n";

pub(crate) const ROOT: &str = "must-gather.local.1/quay-io-kubevirt-must-gather";

pub(crate) fn good_members() -> Vec<(String, Vec<u8>)> {
    vec![
        ("must-gather.local.1/timestamp".into(), TIMESTAMP.into()),
        (
            format!("{ROOT}/namespaces/vms/kubevirt.io/virtualmachines/custom/fedora.yaml"),
            VM.into(),
        ),
        (
            format!("{ROOT}/namespaces/vms/crs/virtualmachineinstances.kubevirt.io/fedora.yaml"),
            VMI.into(),
        ),
        (
            format!(
                "{ROOT}/namespaces/vms/pods/virt-launcher-fedora-abcde/virt-launcher-fedora-abcde.yaml"
            ),
            POD.into(),
        ),
        (
            format!(
                "{ROOT}/namespaces/vms/pods/virt-launcher-fedora-abcde/compute/compute/logs/current.log"
            ),
            LOG.into(),
        ),
    ]
}

pub(crate) fn good_tar() -> Vec<u8> {
    let members = good_members();
    let members: Vec<Member> = members
        .iter()
        .map(|(n, d)| Member::File(n.as_str(), d.as_slice()))
        .collect();
    tar(&members)
}

/// The built-in rules, loaded once for the whole test binary.
pub(crate) fn rules() -> Arc<RuleSet> {
    static RULES: OnceLock<Arc<RuleSet>> = OnceLock::new();
    Arc::clone(RULES.get_or_init(|| {
        // Rule authors try rules out before they land: VMSTUCK_EXTRA_RULES=DIR adds them.
        let extra = std::env::var_os("VMSTUCK_EXTRA_RULES").map(PathBuf::from);
        Arc::new(
            vmstuck_analyze::rules::load(extra.as_deref())
                .unwrap_or_else(|e| panic!("the rules load: {e}")),
        )
    }))
}

/// Options for `inputs` with the built-in rules.
pub(crate) fn options(inputs: Vec<Input>) -> Options {
    let mut opts = Options::new(inputs);
    opts.rules = Some(rules());
    opts
}

/// The analysis of one bundle on disk.
pub(crate) fn analysis_of(path: &Path) -> Analysis {
    vmstuck_analyze::analyse(&options(vec![Input::Path(path.to_path_buf())]))
        .unwrap_or_else(|e| panic!("{} should load: {e}", path.display()))
}

/// The report of one bundle on disk.
pub(crate) fn report_of(path: &Path) -> Report {
    Report::from(&analysis_of(path))
}

/// The analysis of in-memory files, each read like a bundle member.
pub(crate) fn analysis_of_files(name: &str, files: &[(String, String)]) -> Analysis {
    let input = Input::Files {
        name: name.to_string(),
        files: files.to_vec(),
    };
    vmstuck_analyze::analyse(&options(vec![input])).expect("in-memory files load")
}

/// The report of in-memory files.
pub(crate) fn report_of_files(files: &[(String, String)]) -> Report {
    Report::from(&analysis_of_files("files", files))
}

/// A VM (and optionally its VMI) in `status` since `since`, collected at 10:00.
pub(crate) fn vm_files(
    status: &str,
    since: &str,
    with_vmi: bool,
    deleting: bool,
) -> Vec<(String, String)> {
    let mut vm = VM.replace(
        "printableStatus: Starting",
        &format!("printableStatus: {status}"),
    );
    vm = vm.replace("2024-05-01T09:30:00Z", since);
    if deleting {
        vm = vm.replace(
            "  creationTimestamp:",
            &format!("  deletionTimestamp: \"{since}\"\n  creationTimestamp:"),
        );
    }
    let mut files = vec![
        ("mg/timestamp".to_string(), TIMESTAMP.to_string()),
        ("mg/vm.yaml".to_string(), vm),
    ];
    if with_vmi {
        files.push(("mg/vmi.yaml".to_string(), VMI.to_string()));
    }
    files
}

/// `bytes` compressed as xz, zstd or bzip2.
pub(crate) fn compress(codec: &str, bytes: &[u8]) -> Vec<u8> {
    match codec {
        "gzip" => gzip(bytes),
        "xz" => {
            let mut enc =
                lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1))
                    .unwrap();
            enc.write_all(bytes).unwrap();
            enc.finish().unwrap()
        }
        "zstd" => {
            ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
        }
        "bzip2" => {
            let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            enc.write_all(bytes).unwrap();
            enc.finish().unwrap()
        }
        other => panic!("no codec {other}"),
    }
}

/// A zip archive of `members`, stored without compression.
pub(crate) fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in members {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}
