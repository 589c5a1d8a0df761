// Embeds every rule file of rules/ and every data file of catalog/ in the binary: adding a
// rule or a catalog source is adding a file.
use std::fmt::Write;
use std::path::Path;

fn main() {
    embed("rules", "embedded_rules.rs");
    embed("catalog", "embedded_catalog.rs");
}

/// Writes `&[(name, include_str!(path)), ...]` for every `*.yaml` of `dir` into `OUT_DIR/out`.
fn embed(dir: &str, out_name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("]\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    std::fs::write(target, out).unwrap();
}
