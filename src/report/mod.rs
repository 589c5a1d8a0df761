//! The report: one serialisable model (`model`) and its renderers, one file per format.
//!
//! Adding a format: one file here with `fn render(&Report) -> Result<String, Error>`, and one
//! line in the `formats!` list below.

mod build;
mod explain;
pub mod model;
mod steps;
mod templates;

pub use explain::explain;
/// XML escaping, shared with the JUnit of `batch --expect`.
pub(crate) use junit::xml;
pub use model::Report;
pub use steps::Cli;
pub use templates::strip_controls;

/// How a report is written, beyond its format.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Options {
    /// The command the next steps use (`kubectl`, or `oc` on OpenShift).
    pub cli: Cli,
    /// A report the size of a comment: the summary table and each VM's top cause.
    pub summary: bool,
    /// Include the runbook's general diagnosis and mitigation steps (once per report).
    pub runbook: bool,
}

use crate::error::Error;

macro_rules! formats {
    ($($(#[$doc:meta])* $variant:ident => $module:ident, $name:literal;)*) => {
        $(mod $module;)*

        /// Output formats of the report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Format {
            $($(#[$doc])* $variant,)*
        }

        impl Format {
            /// Every format, in the order `--help` lists them.
            pub const ALL: &'static [Format] = &[$(Format::$variant,)*];

            /// The name used on the command line (`--format NAME`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Format::$variant => $name,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Format> {
                Format::ALL.iter().copied().find(|f| f.name() == name)
            }
        }

        /// The report in `format`, laid out by default.
        pub fn render(report: &Report, format: Format) -> Result<String, Error> {
            render_with(report, format, &Options::default())
        }

        /// The report in `format`, laid out as `options` say.
        pub fn render_with(report: &Report, format: Format, options: &Options) -> Result<String, Error> {
            match format {
                $(Format::$variant => $module::render(report, options),)*
            }
        }
    };
}

formats! {
    /// Markdown, for tickets and terminals (the default).
    Md => markdown, "md";
    /// One self-contained HTML page.
    Html => html, "html";
    /// JSON for scripts and CI, documented in docs/report-schema.md.
    Json => json, "json";
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif => sarif, "sarif";
    /// JUnit XML: one test case per VM, failed when it is stuck.
    Junit => junit, "junit";
}
