// Embeds every rule file of rules/ and every data file of catalog/ in the binary: adding a
// rule or a catalog source is adding a file. The catalog goes in as JSON, converted here once:
// its YAML is written for people and diffs, and parsing it on every run was slow.
use std::fmt::Write;
use std::path::Path;

fn main() {
    embed("rules", "embedded_rules.rs", |_, path| path.to_path_buf());
    embed_catalog();
}

/// Whether a run can match the entry (see `embed_catalog`); an entry this cannot tell about
/// is kept, for the loader to judge.
fn matched_in_a_run(e: &serde_json::Value) -> bool {
    let class = e.get("class").and_then(|c| c.as_str()).unwrap_or("");
    let matcher = e.get("matcher").is_some_and(|m| m.is_string());
    !matches!(class, "wrapper" | "consequence") && (matcher || class != "benign")
}

/// The fields of a catalog entry the tool reads (catalog/README.md has them all).
const ENTRY_FIELDS: &[&str] = &[
    "id", "kind", "class", "of", "format", "matcher", "at", "refs",
];

/// Writes `&[(name, include_str!(json)), ...]` for every `catalog/*.yaml`, each converted to
/// `{"header": <its leading # lines>, "entries": [...]}` with the fields the tool reads, and
/// only the entries a run matches: those with a matcher, of a cause or benign (a benign one
/// can be the longer form of a cause's message). Wrappers and consequences are never matched
/// alone; the catalog's unit tests read every entry from the YAML files themselves.
fn embed_catalog() {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    embed("catalog", "embedded_catalog.rs", |name, path| {
        let text = std::fs::read_to_string(path).unwrap();
        let target = out_dir.join(format!("catalog-{name}.json"));
        std::fs::write(&target, catalog_json(&text)).unwrap();
        target
    });
}

/// One catalog file as JSON: its header lines and the entries a run matches.
fn catalog_json(text: &str) -> String {
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    // A file that does not parse is embedded as it is: the catalog's loader reports it,
    // with its name, where a build script could only panic.
    match serde_yaml::from_str::<Vec<serde_json::Value>>(text) {
        Ok(entries) => {
            let entries: Vec<serde_json::Value> = entries
                .into_iter()
                .filter(matched_in_a_run)
                .map(|mut e| {
                    if let Some(map) = e.as_object_mut() {
                        map.retain(|k, _| ENTRY_FIELDS.contains(&k.as_str()));
                    }
                    e
                })
                .collect();
            serde_json::json!({"header": header, "entries": entries}).to_string()
        }
        Err(e) => serde_json::json!({"header": header, "error": e.to_string()}).to_string(),
    }
}

/// Writes `&[(name, include_str!(file)), ...]` for every `*.yaml` of `dir` into
/// `OUT_DIR/out_name`, in name order; `file` is what `embedded` makes of the data file (its
/// own path, or a file derived from it).
fn embed(dir: &str, out_name: &str, embedded: impl Fn(&str, &Path) -> std::path::PathBuf) {
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
        let file = embedded(name, &path);
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    out.push_str("]\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    std::fs::write(target, out).unwrap();
}
