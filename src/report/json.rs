//! JSON, as the model serialises; fields are documented in docs/report-schema.md.

use super::Report;
use crate::error::{Error, ErrorKind};

pub(super) fn render(report: &Report, _: &super::Options) -> Result<String, Error> {
    serde_json::to_string_pretty(report)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| Error::new(ErrorKind::Render, "cannot write JSON").because(e))
}
