//! Every input format has a cargo-fuzz target (`fuzz/`): the declared list of formats
//! (`src/inventory/formats/mod.rs`) and the targets must not drift apart.

use std::path::Path;

#[test]
fn every_input_format_has_a_fuzz_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let formats = std::fs::read_to_string(root.join("src/inventory/formats/mod.rs")).unwrap();
    let list = formats
        .split("formats! {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("the formats! list");
    let modules: Vec<&str> = list
        .lines()
        .filter_map(|l| l.trim().split("::").next())
        .filter(|m| !m.is_empty())
        .collect();
    assert!(modules.len() >= 15, "{modules:?}");
    let cargo = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
    let targets: Vec<&str> = cargo
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    // Two targets are named for what they read rather than for their module.
    fn target_of(module: &str) -> &str {
        match module {
            "log_kubevirt" => "json_logs",
            "objects" => "yaml_objects",
            other => other,
        }
    }
    for module in modules {
        assert!(
            targets.contains(&target_of(module)),
            "the input format `{module}` has no fuzz target in fuzz/Cargo.toml"
        );
    }
    assert!(
        targets.contains(&"archive"),
        "the archive reader has a target"
    );
}
