//! Rules: data files (`rules/*.yaml`) that say which observable facts point at which cause.
//! They are embedded in the binary at build time and can be extended with `--rules DIR`;
//! every rule carries its documentation, the sources of its patterns and its own tests.

pub mod compile;
pub mod eval;
pub mod schema;
pub mod selftest;

use std::path::Path;

pub use compile::{Rule, RuleSet};
pub use schema::{RuleFile, Severity};

/// Rule files built into the binary: (file name, text). Names starting with `_` are shared
/// data (the test base), not rules.
pub const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rule file's name and text, wherever it came from.
#[derive(Debug, Clone)]
pub struct RuleText {
    /// Shown in errors: `rules/x.yaml` or the path given with `--rules`.
    pub origin: String,
    pub name: String,
    pub text: String,
}

/// The embedded rule files, then those of `extra` (a file of the same name replaces the
/// embedded one).
pub fn texts(extra: Option<&Path>) -> Result<Vec<RuleText>, String> {
    let mut out: Vec<RuleText> = EMBEDDED
        .iter()
        .map(|(name, text)| RuleText {
            origin: format!("rules/{name}"),
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect();
    if let Some(dir) = extra {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read the rules directory: {e}", dir.display()))?;
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        names.sort();
        for path in names {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.retain(|r| r.name != name);
            out.push(RuleText {
                origin: path.display().to_string(),
                name,
                text,
            });
        }
    }
    Ok(out)
}

/// Loads and compiles every rule; all problems are reported together.
pub fn load(extra: Option<&Path>) -> Result<RuleSet, String> {
    let texts = texts(extra)?;
    RuleSet::compile(&texts).map_err(|errors| errors.join("\n"))
}
