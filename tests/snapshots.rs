//! Snapshots of what users see: the Markdown and JSON reports of every fixture bundle.
//! Review changes with `cargo insta review`; CI compares and never writes (INSTA_UPDATE=no).

mod common;

use std::path::Path;

use vmstuck_analyze::report::{self, Format, Report};

/// A fixture bundle is a directory with its `expect.yaml`; adding one adds its snapshots,
/// nothing here lists them.
#[test]
fn reports_of_every_fixture() {
    insta::glob!("../fixtures/bundles", "*/expect.yaml", |expect| {
        let dir = expect.parent().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut report = common::report_of(dir);
        // Named as the README runs it, from the repository's top, whatever the machine.
        report.bundle.inputs = vec![format!("fixtures/bundles/{name}")];
        let md = report::render(&report, Format::Md).unwrap();
        let json = report::render(&report, Format::Json).unwrap();
        // Snapshots are named after the bundle (`<bundle>.md`), without the `@<input file>`
        // glob! would add: one name per bundle, and the files keep the names they had.
        let mut settings = insta::Settings::clone_current();
        settings.remove_snapshot_suffix();
        settings.bind(|| {
            insta::assert_snapshot!(format!("{name}.md"), md);
            insta::assert_snapshot!(format!("{name}.json"), json);
        });
    });
}

/// The layouts beyond the default, on the three-VM bundle: a comment-sized summary, the
/// runbook once for all VMs, and next steps for OpenShift's `oc`.
#[test]
fn report_layouts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/bundles/multi-vm-one-node");
    let analysis = common::analysis_of(&dir);
    let render = |cli: report::Cli, summary: bool, runbook: bool| {
        let mut report = Report::for_cli(&analysis, cli);
        report.bundle.inputs = vec!["fixtures/bundles/multi-vm-one-node".into()];
        let layout = report::Options {
            cli,
            summary,
            runbook,
        };
        report::render_with(&report, Format::Md, &layout).unwrap()
    };
    let summary = render(report::Cli::Kubectl, true, false);
    assert!(summary.lines().count() < 30, "{summary}");
    insta::assert_snapshot!("multi-vm-one-node.summary.md", summary);
    let oc = render(report::Cli::Oc, false, true);
    assert!(!oc.lines().any(|l| l.starts_with("kubectl ")), "{oc}");
    insta::assert_snapshot!("multi-vm-one-node.oc-runbook.md", oc);
}
