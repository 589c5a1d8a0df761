//! The minijinja environment the text formats share: strict about undefined values (a typo
//! in a template fails loudly instead of printing nothing) and with the report's templates.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, ErrorKind};

const MARKDOWN: &str = include_str!("../../templates/report.md.j2");
const HTML: &str = include_str!("../../templates/report.html.j2");
const EXPLAIN: &str = include_str!("../../templates/explain.md.j2");

fn environment() -> Result<Environment<'static>, Error> {
    let bug = |e: minijinja::Error| Error::new(ErrorKind::Render, "template error").because(e);
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(bug)?;
    env.set_syntax(syntax);
    // `path | cited(bundle.cited_under)`: a citation without the prefix stated at the top.
    env.add_filter("cited", |path: String, under: String| -> String {
        path.strip_prefix(&under)
            .map(str::to_string)
            .unwrap_or(path)
    });
    env.add_template("report.md", MARKDOWN).map_err(bug)?;
    // The `.html` name turns on HTML escaping of every value: bundle text is hostile input.
    env.add_template("report.html", HTML).map_err(bug)?;
    env.add_template("explain.md", EXPLAIN).map_err(bug)?;
    Ok(env)
}

/// A report with how it is laid out, as the report templates see it.
#[derive(Serialize)]
struct Page<'a> {
    #[serde(flatten)]
    report: &'a super::Report,
    layout: &'a super::Options,
}

/// Renders the report template `name`.
pub(crate) fn render_page(
    name: &str,
    report: &super::Report,
    layout: &super::Options,
) -> Result<String, Error> {
    render(name, &Page { report, layout })
}

/// Renders the template `name` with `data`.
pub(crate) fn render(name: &str, data: &impl Serialize) -> Result<String, Error> {
    let env = environment()?;
    let template = env
        .get_template(name)
        .map_err(|e| Error::new(ErrorKind::Render, "template error").because(e))?;
    template
        .render(Value::from(Serde(data)))
        .map_err(|e| Error::new(ErrorKind::Render, "cannot render the report").because(e))
}
