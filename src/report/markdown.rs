//! Markdown, rendered from `templates/report.md.j2`.

use super::{Report, templates};
use crate::error::Error;

pub(super) fn render(report: &Report, options: &super::Options) -> Result<String, Error> {
    templates::render_page("report.md", report, options).map(|t| templates::strip_controls(&t))
}
