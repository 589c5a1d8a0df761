//! Every field the JSON report writes is documented in docs/report-schema.md.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use vmstuck_analyze::report::{self, Format};

fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_json_field_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/report-schema.md")).unwrap();
    let mut seen = BTreeSet::new();
    for dir in std::fs::read_dir(root.join("fixtures/bundles"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let report = common::report_of(&dir.path());
        let json = report::render(&report, Format::Json).unwrap();
        keys(&serde_json::from_str(&json).unwrap(), &mut seen);
    }
    let undocumented: Vec<&String> = seen
        .iter()
        .filter(|k| {
            !doc.contains(&format!("`{k}`"))
                && !doc.contains(&format!("`{k}."))
                && !doc.contains(&format!(".{k}`"))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "fields missing from docs/report-schema.md: {undocumented:?}"
    );
}
