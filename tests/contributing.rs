//! The lists CONTRIBUTING.md sends a newcomer to, kept in step with the code: each declared
//! list in the source (signal kinds, object kinds, report formats, catalog sources) against
//! the document that names its members, and every path CONTRIBUTING.md names exists.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of a macro invocation's body: what follows `open` up to the first line that is
/// only a closing brace.
fn list<'a>(text: &'a str, open: &str) -> &'a str {
    let body = text
        .split(open)
        .nth(1)
        .unwrap_or_else(|| panic!("{open} not found"));
    body.split("\n}").next().unwrap_or(body)
}

/// `VmiCondition` -> `vmi_condition`, as a rule writes a signal kind.
fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_signal_kind_has_its_section_in_the_rules_guide() {
    let mods = read("src/rules/signals/mod.rs");
    let kinds: Vec<String> = list(&mods, "signal_kinds! {")
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && l.contains('('))
        .map(|l| snake(l.split('(').next().unwrap()))
        .collect();
    assert!(kinds.len() >= 20, "{kinds:?}");
    let guide = read("docs/rules.md");
    let headings: Vec<&str> = guide.lines().filter(|l| l.starts_with("### ")).collect();
    for kind in kinds {
        let named = format!("`{kind}`");
        assert!(
            headings.iter().any(|h| h.contains(&named)),
            "signal kind {kind} has no `### ` section in docs/rules.md"
        );
    }
}

#[test]
fn the_object_kinds_in_contributing_are_those_of_the_table() {
    let kinds = read("src/inventory/kinds.rs");
    let table: BTreeSet<String> = list(&kinds, "$then! {")
        .lines()
        .filter_map(|l| l.split('"').nth(1))
        .map(str::to_string)
        .collect();
    assert!(table.len() >= 8, "{table:?}");
    let doc = read("CONTRIBUTING.md");
    let line = doc
        .lines()
        .skip_while(|l| !l.starts_with("The kinds of the table today:"))
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let listed: BTreeSet<String> = line
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert_eq!(listed, table, "CONTRIBUTING.md's list of object kinds");
}

#[test]
fn every_report_format_is_in_the_readme_options() {
    let report = read("src/report/mod.rs");
    let names: Vec<&str> = list(&report, "\nformats! {")
        .lines()
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(names.len() >= 5, "{names:?}");
    let readme = read("README.md");
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `--format "))
        .expect("the --format row of the README's options");
    for name in names {
        assert!(
            row.contains(&format!("{name}\\|")) || row.contains(&format!("{name}`")),
            "report format {name} is not in the README's --format row"
        );
    }
}

#[test]
fn catalog_files_sources_and_readme_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: BTreeSet<String> = std::fs::read_dir(root.join("catalog"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    let sources = read("scripts/catalog/sources.py");
    let readme = read("catalog/README.md");
    for source in &files {
        assert!(
            sources.contains(&format!("'{source}': {{")),
            "catalog/{source}.yaml has no entry in scripts/catalog/sources.py"
        );
        assert!(
            readme.contains(&format!("| `{source}.yaml` |")),
            "catalog/{source}.yaml has no row in catalog/README.md"
        );
        let data = read(&format!("catalog/{source}.yaml"));
        assert!(
            data.lines()
                .take_while(|l| l.starts_with('#'))
                .any(|l| l.starts_with("# Repository: https://github.com/")),
            "catalog/{source}.yaml has no `# Repository:` line in its header"
        );
    }
}

/// Every path CONTRIBUTING.md writes in backticks that looks like one of the repository's
/// (a known top directory, no placeholder) exists.
#[test]
fn every_path_contributing_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = read("CONTRIBUTING.md");
    let tops = [
        "src/",
        "tests/",
        "rules/",
        "docs/",
        "fuzz/",
        "scripts/",
        "catalog/",
        "templates/",
    ];
    let mut missing = Vec::new();
    let mut seen = 0;
    for span in doc.split('`').skip(1).step_by(2) {
        let path = span.split_whitespace().next().unwrap_or("");
        if !tops.iter().any(|t| path.starts_with(t)) || path.contains('<') || path.contains('*') {
            continue;
        }
        seen += 1;
        if !root.join(path).exists() {
            missing.push(path.to_string());
        }
    }
    assert!(seen >= 20, "only {seen} paths found");
    assert!(
        missing.is_empty(),
        "CONTRIBUTING.md names paths that do not exist: {missing:?}"
    );
}

/// Every warning code is documented for the JSON consumers who filter on it.
#[test]
fn every_warning_code_is_in_the_report_schema() {
    let schema = read("docs/report-schema.md");
    for code in vmstuck_analyze::diagnostics::WarningCode::ALL {
        assert!(
            schema.contains(&format!("| `{}` |", code.as_str())),
            "warning code {} is not in docs/report-schema.md",
            code.as_str()
        );
    }
}
