//! Markdown, rendered from `templates/report.md.j2`.

use super::{Report, templates};
use crate::error::Error;

pub(super) fn render(report: &Report) -> Result<String, Error> {
    templates::render("report.md", report)
}
