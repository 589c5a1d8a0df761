//! One self-contained HTML page, rendered from `templates/report.html.j2` with every value
//! HTML-escaped (the template's `.html` name turns escaping on).

use super::{Report, templates};
use crate::error::Error;

pub(super) fn render(report: &Report, options: &super::Options) -> Result<String, Error> {
    templates::render_page("report.html", report, options).map(|t| templates::strip_controls(&t))
}
