//! Snapshots of what users see: the Markdown and JSON reports of every fixture bundle.
//! Review changes with `cargo insta review`; CI compares and never writes (INSTA_UPDATE=no).

use std::path::Path;

use vmstuck_analyze::report::{self, Format};
use vmstuck_analyze::{inventory, rank, rules, stuck};

#[test]
fn reports_of_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = rules::load(None).unwrap();
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("fixtures/bundles"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let inv = inventory::load(&[&dir], &Default::default(), set.line_filter()).unwrap();
        let stuck = stuck::find(&inv);
        let diagnoses = rank::diagnose(&inv, &stuck, &set);
        let input = format!("fixtures/bundles/{name}");
        let report = report::build(&[input], &inv, &stuck, &diagnoses, &set);
        let md = report::render(&report, Format::Md).unwrap();
        let json = report::render(&report, Format::Json).unwrap();
        insta::assert_snapshot!(format!("{name}.md"), md);
        insta::assert_snapshot!(format!("{name}.json"), json);
    }
}
