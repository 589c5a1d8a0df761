//! The shape of the code, checked: the module graph read from `use` lines and `crate::` paths
//! has no cycle, no arrow runs from a lower layer to a higher one, and no file or function
//! grows past what a reader can hold. A change that breaks the layering fails here, with the
//! arrow named, rather than in a review months later.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, lowest layer first. A module may use its own layer and
/// those below it, never one above. Modules on one line share a layer.
const LAYERS: &[&[&str]] = &[
    &["error", "diagnostics", "timestamp", "progress", "cause"],
    &["source"],
    &["inventory"],
    &["catalog"],
    &["evidence"],
    &["stuck"],
    &["rules"],
    &["engine"],
    &["rank"],
    &["timeline"],
    &["diagnosis"],
    &["analysis"],
    &["report"],
    &["baseline", "listing", "batch", "expect"],
    &["fuzzing", "commands"],
];

/// Whole files and single functions past these sizes are split.
const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A file's module path: `inventory/links` for `src/inventory/links.rs`, `stuck` for
/// `src/stuck/mod.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let rel = rel.to_string_lossy().replace('\\', "/");
    rel.strip_suffix("/mod").unwrap_or(&rel).to_string()
}

/// The text without `#[cfg(test)]` modules at the end of a file and without comments: tests
/// may reach anywhere, and a comment naming a module is no arrow.
fn code_of(text: &str) -> String {
    let body = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    body.lines()
        .map(|l| match l.find("//") {
            Some(at) if !l[..at].contains('"') => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` (of module `me`) refers to: `crate::a::b` paths, `use crate::{a, b}`
/// groups and `super::` paths, each resolved to the longest known module prefix.
fn references(me: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("/"))
            .find(|m| known.contains(m))
    };
    let mut out = BTreeSet::new();
    let paths = |prefix: &str| -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            if rest.starts_with('{') {
                let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                found.extend(group.split(',').map(|p| p.trim().to_string()));
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                found.push(rest[..end].to_string());
            }
        }
        found
    };
    for p in paths("crate::") {
        out.extend(resolve(&p));
    }
    // `super::` in a file module is its parent directory's module; in a `mod.rs`, the
    // directory's parent.
    let parent = me.rsplit_once('/').map_or("", |(p, _)| p);
    for p in paths("super::") {
        let full = if parent.is_empty() {
            p
        } else {
            format!("{}::{p}", parent.replace('/', "::"))
        };
        out.extend(resolve(&full));
    }
    out.remove(me);
    // A module's own children and its ancestors' facades are part of it.
    out.retain(|t| !me.starts_with(&format!("{t}/")) && !t.starts_with(&format!("{me}/")));
    out
}

/// Modules declared only for tests (`#[cfg(test)] mod x;`): like the `tests` modules inside
/// files, they may reach anywhere.
fn test_only(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (m, text) in files {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] == "#[cfg(test)]"
                && let Some(name) = pair[1]
                    .strip_prefix("mod ")
                    .and_then(|r| r.strip_suffix(';'))
            {
                out.insert(if m == "lib" {
                    name.to_string()
                } else {
                    format!("{m}/{name}")
                });
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let all: Vec<(String, String)> = rust_files(&src)
        .into_iter()
        .map(|f| (module_of(&src, &f), std::fs::read_to_string(&f).unwrap()))
        .collect();
    let tests_only = test_only(&all);
    let files: Vec<(String, String)> = all
        .into_iter()
        .filter(|(m, _)| m != "lib" && m != "main" && !tests_only.contains(m))
        .collect();
    let known: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    files
        .iter()
        .map(|(m, text)| (m.clone(), references(m, &code_of(text), &known)))
        .collect()
}

fn layer(module: &str) -> Option<usize> {
    let top = module.split('/').next().unwrap_or(module);
    LAYERS.iter().position(|l| l.contains(&top))
}

#[test]
fn every_top_level_module_has_a_layer() {
    let missing: BTreeSet<String> = graph()
        .keys()
        .filter(|m| layer(m).is_none())
        .map(|m| m.split('/').next().unwrap().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules missing from LAYERS: {missing:?}"
    );
}

#[test]
fn no_arrow_runs_up_a_layer() {
    let mut up = Vec::new();
    for (from, targets) in graph() {
        for to in targets {
            if let (Some(a), Some(b)) = (layer(&from), layer(&to))
                && b > a
            {
                up.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        up.is_empty(),
        "arrows from a lower layer up:\n{}",
        up.join("\n")
    );
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = graph();
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            cycles.push(format!("{} -> {m}", path[at..].join(" -> ")));
            return;
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// Files and functions of `src/` and `tests/` over the limits, with their sizes.
#[test]
fn no_file_or_function_is_too_long() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for file in rust_files(&root.join("src"))
        .into_iter()
        .chain(rust_files(&root.join("tests")))
    {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = file.strip_prefix(root).unwrap().display().to_string();
        if lines.len() > MAX_FILE_LINES {
            long.push(format!("{name}: {} lines", lines.len()));
        }
        for (i, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            let indent = &line[..line.len() - code.len()];
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| code.starts_with(p));
            if !is_fn || code.ends_with(';') {
                continue;
            }
            // rustfmt closes a function at its own indent.
            let end = lines[i + 1..]
                .iter()
                .position(|l| {
                    l.len() == indent.len() + 1 && l.starts_with(indent) && l.ends_with('}')
                })
                .map_or(0, |n| n + 1);
            if end + 1 > MAX_FN_LINES {
                long.push(format!("{name}:{}: fn of {} lines", i + 1, end + 1));
            }
        }
    }
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}
