//! Snapshots of what users see: the Markdown and JSON reports of every fixture bundle.
//! Review changes with `cargo insta review`; CI compares and never writes (INSTA_UPDATE=no).

mod common;

use std::path::Path;

use vmstuck_analyze::report::{self, Format};

#[test]
fn reports_of_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("fixtures/bundles"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut report = common::report_of(&dir);
        // Named as the README runs it, from the repository's top, whatever the machine.
        report.bundle.inputs = vec![format!("fixtures/bundles/{name}")];
        let md = report::render(&report, Format::Md).unwrap();
        let json = report::render(&report, Format::Json).unwrap();
        insta::assert_snapshot!(format!("{name}.md"), md);
        insta::assert_snapshot!(format!("{name}.json"), json);
    }
}
