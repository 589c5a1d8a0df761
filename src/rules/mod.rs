//! Rules: data files (`rules/*.yaml`) that say which observable facts point at which cause.
//! They are embedded in the binary at build time and can be extended with `--rules DIR`;
//! every rule carries its documentation, the sources of its patterns and its own tests.

mod compile;
pub(crate) mod context;
pub(crate) mod error;
pub(crate) mod eval;
pub(crate) mod files;
pub(crate) mod names;
pub(crate) mod pattern;
mod schema;
pub mod selftest;
pub(crate) mod signals;

use std::path::Path;

pub use compile::{Rule, RuleSet};
pub use error::{RuleError, RuleErrorKind};
/// Read by `cause`'s test that the vocabulary and the rules' copy of it agree.
#[cfg(test)]
pub(crate) use files::EMBEDDED;
pub(crate) use schema::Alternative;
pub use schema::Severity;
pub use signals::SignalError;
pub use signals::catalog::CatalogSignalError;

use crate::error::Error;

/// Loads and compiles every rule; all problems are reported together, one per line.
pub fn load(extra: Option<&Path>) -> Result<RuleSet, Error> {
    let texts = files::texts(extra)?;
    let custom = match extra {
        Some(dir) => files::custom_causes(dir)?,
        None => Vec::new(),
    };
    RuleSet::compile(&texts, &custom).map_err(error::into_error)
}
