//! Every input form the tool reads, tested on real samples copied from public threads and
//! repositories (`tests/samples/<form>/`, sources in `tests/samples/SOURCES.md`): each file
//! alone is read by the expected format and yields what that form holds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vmstuck_analyze::listing::{self, FileListing};
use vmstuck_analyze::source::{Input, Limits};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples")
}

/// What a form's samples must be read as, and what each must yield.
struct Form {
    dir: &'static str,
    format: &'static str,
    yields: &'static str,
    check: fn(&FileListing) -> bool,
}

fn has_object(f: &FileListing, kind: &str) -> bool {
    f.objects.iter().any(|o| o.split(' ').next() == Some(kind))
}

fn log_of(f: &FileListing) -> (&str, u64, u64) {
    f.log
        .as_ref()
        .map_or(("", 0, 0), |l| (l.component.as_str(), l.lines, l.timed))
}

/// A journal: most lines timed, and the host named.
fn journal(f: &FileListing) -> bool {
    let (_, lines, timed) = log_of(f);
    timed * 2 >= lines && lines > 0 && f.log.as_ref().is_some_and(|l| l.subject.is_some())
}

const FORMS: &[Form] = &[
    Form {
        dir: "describe-vmi",
        format: "kubectl describe",
        yields: "a VMI or its events",
        check: |f| has_object(f, "VirtualMachineInstance") || !f.events.is_empty(),
    },
    Form {
        dir: "describe-vm",
        format: "kubectl describe",
        yields: "a VirtualMachine",
        check: |f| has_object(f, "VirtualMachine"),
    },
    Form {
        dir: "describe-pod",
        format: "kubectl describe",
        yields: "a Pod or its events",
        check: |f| has_object(f, "Pod") || !f.events.is_empty(),
    },
    Form {
        dir: "describe-node",
        format: "kubectl describe",
        yields: "a Node",
        check: |f| has_object(f, "Node"),
    },
    Form {
        dir: "describe-pvc",
        format: "kubectl describe",
        yields: "a PVC",
        check: |f| has_object(f, "PersistentVolumeClaim"),
    },
    Form {
        dir: "describe-dv",
        format: "kubectl describe",
        yields: "a DataVolume",
        check: |f| has_object(f, "DataVolume"),
    },
    Form {
        dir: "describe-volumeattachment",
        format: "kubectl describe",
        yields: "a VolumeAttachment",
        check: |f| has_object(f, "VolumeAttachment"),
    },
    Form {
        dir: "describe-migration",
        format: "kubectl describe",
        yields: "a migration",
        check: |f| has_object(f, "VirtualMachineInstanceMigration"),
    },
    Form {
        dir: "get-pods",
        format: "kubectl get table",
        yields: "Pods",
        check: |f| has_object(f, "Pod"),
    },
    Form {
        dir: "get-vmi",
        format: "kubectl get table",
        yields: "VMIs",
        check: |f| has_object(f, "VirtualMachineInstance"),
    },
    Form {
        dir: "get-vm",
        format: "kubectl get table",
        yields: "VMs",
        check: |f| has_object(f, "VirtualMachine"),
    },
    Form {
        dir: "get-events",
        format: "kubectl get table",
        yields: "events",
        check: |f| !f.events.is_empty(),
    },
    Form {
        dir: "get-nodes",
        format: "kubectl get table",
        yields: "Nodes",
        check: |f| has_object(f, "Node"),
    },
    Form {
        dir: "get-pvc",
        format: "kubectl get table",
        yields: "PVCs",
        check: |f| has_object(f, "PersistentVolumeClaim"),
    },
    Form {
        dir: "get-dv",
        format: "kubectl get table",
        yields: "DataVolumes",
        check: |f| has_object(f, "DataVolume"),
    },
    Form {
        dir: "events-yaml",
        format: "Kubernetes objects",
        yields: "events",
        check: |f| !f.events.is_empty(),
    },
    Form {
        dir: "object-fragment",
        format: "Kubernetes objects",
        yields: "an object",
        check: |f| !f.objects.is_empty(),
    },
    Form {
        dir: "log-virt-launcher",
        format: "KubeVirt JSON log",
        yields: "virt-launcher lines with times",
        check: |f| matches!(log_of(f), ("virt-launcher", _, t) if t > 0),
    },
    Form {
        dir: "log-virt-handler",
        format: "KubeVirt JSON log",
        yields: "virt-handler lines with times",
        check: |f| matches!(log_of(f), ("virt-handler", _, t) if t > 0),
    },
    Form {
        dir: "log-virt-controller",
        format: "KubeVirt JSON log",
        yields: "virt-controller lines with times",
        check: |f| matches!(log_of(f), ("virt-controller", _, t) if t > 0),
    },
    Form {
        // virt-api is cluster-wide like virt-controller, and linked the same way.
        dir: "log-virt-api",
        format: "KubeVirt JSON log",
        yields: "virt-api lines with times",
        check: |f| matches!(log_of(f), ("virt-controller", _, t) if t > 0),
    },
    Form {
        dir: "journal-kubelet",
        format: "journal or syslog",
        yields: "timed lines and the host",
        check: journal,
    },
    Form {
        dir: "journal-crio",
        format: "journal or syslog",
        yields: "timed lines and the host",
        check: journal,
    },
    Form {
        dir: "journal-containerd",
        format: "journal or syslog",
        yields: "timed lines and the host",
        check: journal,
    },
    Form {
        dir: "journal-kernel",
        format: "journal or syslog",
        yields: "timed lines and the host",
        check: journal,
    },
    Form {
        dir: "dmesg",
        format: "dmesg",
        yields: "kernel lines",
        check: |f| matches!(log_of(f), ("node", n, _) if n > 0),
    },
    Form {
        dir: "dmesg-T",
        format: "dmesg",
        yields: "kernel lines with wall-clock times",
        check: |f| matches!(log_of(f), ("node", _, t) if t > 0),
    },
    Form {
        dir: "audit-avc",
        format: "audit log",
        yields: "timed AVC records",
        check: |f| matches!(log_of(f), ("node", _, t) if t > 0),
    },
    Form {
        dir: "sosreport",
        format: "journal or syslog",
        yields: "timed lines and the host",
        check: journal,
    },
    Form {
        dir: "qemu-log",
        format: "QEMU domain log",
        yields: "QEMU lines",
        check: |f| matches!(log_of(f), ("qemu", n, _) if n > 0),
    },
    Form {
        dir: "libvirt-log",
        format: "libvirt daemon log",
        yields: "timed lines",
        check: |f| matches!(log_of(f), (_, _, t) if t > 0),
    },
];

/// Samples read otherwise than their form, and why. The format they are read as instead is
/// checked, so a change in how they are read shows.
const OTHERWISE: &[(&str, &str, &str)] = &[
    (
        "describe-dv/cdi-3160-condition-fragment-scratch-space-required.txt",
        "pasted text",
        "two lines of a condition, no object around them: searched as text",
    ),
    (
        "describe-pod/kubevirt-15134-guest-console-log-terminated-elided.txt",
        "pasted text",
        "a container section without the pod's name: searched as text",
    ),
    (
        "get-vmi/kubevirt-1894-v0.11-created-at.txt",
        "pasted text",
        "`NAME  CREATED AT` is how kubectl before 1.11 printed any custom resource: the kind cannot be told",
    ),
    (
        "journal-containerd/containerd-6704-raw-stderr-logrus-text.txt",
        "logfmt log",
        "containerd's own terminal output (`INFO[...]`), not the journal",
    ),
    (
        "journal-kernel/systemd-32000-short-monotonic-hung-task.txt",
        "dmesg",
        "journalctl -o short-monotonic prints the kernel's own `[seconds]` stamp",
    ),
    (
        "journal-kubelet/azure-docs-13669-hint-no-entries.txt",
        "pasted text",
        "journalctl said `-- No entries --`: prompts and a hint only",
    ),
    (
        "log-virt-controller/kubevirt-9734-terminal-wrapped-indented-glued.txt",
        "pasted text",
        "JSON lines wrapped and glued by a terminal no longer parse: searched as text",
    ),
    (
        "log-virt-launcher/kubevirt-1310-old-logfmt-panic-goroutine.txt",
        "pasted text",
        "KubeVirt's logfmt lines (2018) mixed with a Go panic: each line in its own dialect",
    ),
    (
        "log-virt-launcher/kubevirt-1399-old-logfmt-with-shell-trace.txt",
        "pasted text",
        "KubeVirt's logfmt lines (2018) mixed with a shell trace: each line in its own dialect",
    ),
    (
        "libvirt-log/libvirt-exporter-41-journal-wrapped-libvirtd.txt",
        "journal or syslog",
        "libvirtd's lines as the journal holds them",
    ),
    (
        "libvirt-log/shakenfist-2241-journal-libvirtd-eof-monitor-with-elision.txt",
        "journal or syslog",
        "libvirtd's lines as the journal holds them",
    ),
];

fn sample_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(samples_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let rel = path
                .strip_prefix(samples_dir())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
    out.sort();
    out
}

fn list_one(path: &Path) -> FileListing {
    let files = listing::list(&[Input::Path(path.to_path_buf())], &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(files.len(), 1, "{}", path.display());
    files.into_iter().next().unwrap()
}

#[test]
fn every_sample_is_read_as_its_form() {
    let mut failures = Vec::new();
    for (rel, path) in sample_files() {
        let dir = rel.split('/').next().unwrap();
        let got = list_one(&path);
        let format = got.format.unwrap_or(got.status);
        if let Some((_, expected, why)) = OTHERWISE.iter().find(|(f, ..)| *f == rel) {
            if format != *expected {
                failures.push(format!(
                    "{rel}: read as {format}, expected {expected} ({why})"
                ));
            }
            continue;
        }
        let form = FORMS
            .iter()
            .find(|f| f.dir == dir)
            .unwrap_or_else(|| panic!("{rel}: no form `{dir}` in FORMS"));
        if format != form.format {
            failures.push(format!("{rel}: read as {format}, expected {}", form.format));
        } else if !(form.check)(&got) {
            failures.push(format!(
                "{rel}: read as {format} but yields not {}: {got:?}",
                form.yields
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_form_has_a_sample_and_every_sample_its_source() {
    let files = sample_files();
    for form in FORMS {
        assert!(
            files
                .iter()
                .any(|(rel, _)| rel.starts_with(&format!("{}/", form.dir))),
            "no sample of {}",
            form.dir
        );
    }
    let sources = std::fs::read_to_string(samples_dir().join("SOURCES.md")).unwrap();
    let listed: BTreeSet<&str> = sources
        .lines()
        .filter_map(|l| l.strip_prefix("- `")?.split('`').next())
        .collect();
    let present: BTreeSet<&str> = files
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| *rel != "SOURCES.md")
        .collect();
    assert_eq!(
        listed.symmetric_difference(&present).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "SOURCES.md and the sample files differ"
    );
    for line in sources.lines().filter(|l| l.starts_with("- `")) {
        assert!(
            line.contains("https://github.com/")
                || line.contains("repo ")
                || line.contains("same "),
            "no source named: {line}"
        );
    }
}
