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
    Html,
    Json,
}

const MARKDOWN: &str = include_str!("../../templates/report.md.j2");
const HTML: &str = include_str!("../../templates/report.html.j2");
const EXPLAIN: &str = include_str!("../../templates/explain.md.j2");

fn environment() -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    // A typo in a template must fail loudly, not print an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(|e| format!("template syntax: {e}"))?;
    env.set_syntax(syntax);
    // `path | cited(bundle.cited_under)`: a citation without the prefix stated at the top.
    env.add_filter("cited", |path: String, under: String| -> String {
        path.strip_prefix(&under)
            .map(str::to_string)
            .unwrap_or(path)
    });
    env.add_template("report.md", MARKDOWN)
        .map_err(|e| format!("template error: {e}"))?;
    // The `.html` name turns on HTML escaping of every value: bundle text is hostile input.
    env.add_template("report.html", HTML)
        .map_err(|e| format!("template error: {e}"))?;
    env.add_template("explain.md", EXPLAIN)
        .map_err(|e| format!("template error: {e}"))?;
    Ok(env)
}

/// `rules explain ID`: the rule's documentation and, verbatim, its signals with their sources.
pub fn explain(rule: &crate::rules::Rule) -> String {
    let raw: serde_yaml::Value = serde_yaml::from_str(&rule.text).unwrap_or_default();
    let signals = serde_yaml::to_string(&raw["match"]).unwrap_or_default();
    let tests: Vec<String> = rule
        .def
        .tests
        .iter()
        .map(|t| format!("{:?}: {}", t.expect, t.name).to_lowercase())
        .collect();
    let ctx = minijinja::context! {
        id => &rule.def.id,
        cause => rule.cause.id(),
        cause_title => rule.cause.title(),
        severity => rule.def.severity.as_str(),
        specificity => rule.def.specificity,
        summary => &rule.def.summary,
        doc => Value::from(Serde(&rule.def.doc)),
        signals => signals,
        tests => tests,
        origin => &rule.origin,
    };
    environment()
        .and_then(|env| {
            env.get_template("explain.md")
                .and_then(|t| t.render(ctx))
                .map_err(|e| e.to_string())
        })
        .unwrap_or_else(|e| format!("cannot render: {e}\n"))
}

pub fn render(report: &Report, format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(report)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| format!("cannot write JSON: {e}")),
        Format::Md | Format::Html => {
            let env = environment()?;
            let name = if format == Format::Md {
                "report.md"
            } else {
                "report.html"
            };
            let template = env.get_template(name).map_err(|e| e.to_string())?;
            template
                .render(Value::from(Serde(report)))
                .map_err(|e| format!("cannot render the report: {e}"))
        }
    }
}
