//! Renders the report model: Markdown through a minijinja template, JSON through serde.

pub mod model;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};

pub use model::{Report, build};

/// Output formats of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Json,
}

const MARKDOWN: &str = include_str!("../../templates/report.md.j2");

pub fn render(report: &Report, format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(report)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| format!("cannot write JSON: {e}")),
        Format::Md => {
            let mut env = Environment::new();
            // A typo in a template must fail loudly, not print an empty string.
            env.set_undefined_behavior(UndefinedBehavior::Strict);
            let syntax = SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .map_err(|e| format!("template syntax: {e}"))?;
            env.set_syntax(syntax);
            env.add_template("report.md", MARKDOWN)
                .map_err(|e| format!("template error: {e}"))?;
            let template = env.get_template("report.md").map_err(|e| e.to_string())?;
            template
                .render(Value::from(Serde(report)))
                .map_err(|e| format!("cannot render Markdown: {e}"))
        }
    }
}
