//! Rules: data files (`rules/*.yaml`) that say which observable facts point at which cause.
//! They are embedded in the binary at build time and can be extended with `--rules DIR`;
//! every rule carries its documentation, the sources of its patterns and its own tests.

mod compile;
pub(crate) mod context;
pub(crate) mod pattern;
mod schema;
pub mod selftest;
pub(crate) mod signals;

use std::path::Path;

pub use compile::{Rule, RuleSet};
pub use schema::Severity;

use crate::error::{Error, ErrorKind};

/// Rule files built into the binary: (file name, text). Names starting with `_` are shared
/// data (the test base), not rules.
pub(crate) const EMBEDDED: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rule file's name and text, wherever it came from.
#[derive(Debug, Clone)]
pub(crate) struct RuleText {
    /// Shown in errors: `rules/x.yaml` or the path given with `--rules`.
    pub(crate) origin: String,
    pub(crate) name: String,
    pub(crate) text: String,
}

/// The embedded rule files, then those of `extra` (a file of the same name replaces the
/// embedded one).
fn texts(extra: Option<&Path>) -> Result<Vec<RuleText>, Error> {
    let mut out: Vec<RuleText> = EMBEDDED
        .iter()
        .map(|(name, text)| RuleText {
            origin: format!("rules/{name}"),
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect();
    if let Some(dir) = extra {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::new(ErrorKind::Rules, "cannot read the rules directory")
                .at(dir)
                .because(e)
        })?;
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        names.sort();
        for path in names {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::new(ErrorKind::Rules, "cannot read")
                    .at(&path)
                    .because(e)
            })?;
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

/// Loads and compiles every rule; all problems are reported together, one per line.
pub fn load(extra: Option<&Path>) -> Result<RuleSet, Error> {
    let texts = texts(extra)?;
    RuleSet::compile(&texts).map_err(|errors| Error::new(ErrorKind::Rules, errors.join("\n")))
}
