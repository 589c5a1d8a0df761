//! The one minijinja environment of the report: strict about undefined values (a typo in a
//! template fails loudly instead of printing nothing), with the report's filters and
//! templates. The text formats render through it, and the next steps (`steps.rs`) add the
//! runbook's and the rules' templates to a copy of it.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, ErrorKind};

const MARKDOWN: &str = include_str!("../../templates/report.md.j2");
const HTML: &str = include_str!("../../templates/report.html.j2");
const EXPLAIN: &str = include_str!("../../templates/explain.md.j2");

/// The environment, built once: the same for every report and every step.
pub(crate) fn environment() -> Result<&'static Environment<'static>, Error> {
    // A template that does not compile is a bug of this build: kept as its message, since
    // the error itself cannot be handed out twice.
    static ENV: std::sync::OnceLock<Result<Environment<'static>, minijinja::Error>> =
        std::sync::OnceLock::new();
    ENV.get_or_init(build)
        .as_ref()
        .map_err(|e| Error::new(ErrorKind::Render, format!("template error: {e}")))
}

fn build() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()?;
    env.set_syntax(syntax);
    // `path | cited(bundle.cited_under)`: a citation without the prefix stated at the top.
    env.add_filter("cited", |path: String, under: String| -> String {
        path.strip_prefix(&under)
            .map(str::to_string)
            .unwrap_or(path)
    });
    // Bundle text in Markdown: inert in every context (see `markdown` below).
    env.add_filter("md", markdown::text);
    env.add_filter("code", markdown::code);
    env.add_filter("fence", markdown::fence);
    env.add_template("report.md", MARKDOWN)?;
    // The `.html` name turns on HTML escaping of every value: bundle text is hostile input.
    env.add_template("report.html", HTML)?;
    env.add_template("explain.md", EXPLAIN)?;
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

/// Text from a bundle made inert in Markdown (CommonMark), whatever it holds.
pub(crate) mod markdown {
    use super::strip_controls;

    /// The characters that can start Markdown syntax inside a line (emphasis, code, links,
    /// images, raw HTML, entities, table cells, strikethrough, headings).
    const SYNTAX: &str = "\\`*_[]<>|&!~#";

    /// Running text, a table cell or a heading: the characters that can start syntax
    /// escaped with a backslash (CommonMark allows it for any ASCII punctuation), a leading
    /// list or block marker too, line breaks as spaces.
    pub(crate) fn text(value: String) -> String {
        let mut out = String::with_capacity(value.len() + 8);
        for (i, c) in strip_controls(&value).chars().enumerate() {
            match c {
                '\n' | '\r' => out.push(' '),
                c if SYNTAX.contains(c) || (i == 0 && "-+=".contains(c)) => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        out
    }

    /// An inline code span: fenced by one more backtick than the longest run inside, padded
    /// when the text starts or ends with a backtick; line breaks as spaces.
    pub(crate) fn code(value: String) -> String {
        let one_line: String = strip_controls(&value)
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let fence = "`".repeat(longest_run(&one_line, '`') + 1);
        let pad = if one_line.starts_with('`') || one_line.ends_with('`') || one_line.is_empty() {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{one_line}{pad}{fence}")
    }

    /// A fenced code block in `lang`, its fence longer than any backtick run inside.
    pub(crate) fn fence(value: String, lang: String) -> String {
        let body = strip_controls(&value);
        let fence = "`".repeat((longest_run(&body, '`') + 1).max(3));
        format!("{fence}{lang}\n{}\n{fence}", body.trim_end_matches('\n'))
    }

    fn longest_run(text: &str, c: char) -> usize {
        let (mut best, mut run) = (0, 0);
        for ch in text.chars() {
            if ch == c {
                run += 1;
                best = best.max(run);
            } else {
                run = 0;
            }
        }
        best
    }
}

/// Text without control characters but line feeds and tabs: escape sequences from a bundle
/// must not reach a terminal.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}
