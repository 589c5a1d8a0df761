//! Any text in a VM's name, namespace, event message and launcher log line, through the
//! analysis into Markdown and HTML: the report must hold it as text only. Markdown is read
//! back with a CommonMark parser, HTML with an HTML parser.
#![no_main]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The element names the HTML template itself uses, from a report of plain fields.
fn template_elements() -> &'static BTreeSet<String> {
    static SET: OnceLock<BTreeSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let (_, html) = vmstuck_analyze::fuzzing::reports(["vm-1", "vms", "plain", "plain"])
            .expect("a plain report");
        elements(&html)
    })
}

fn elements(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    doc.select(&all).map(|e| e.value().name().to_string()).collect()
}

fn check_markdown(md: &str) {
    assert!(!md.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    let mut in_code = false;
    for event in Parser::new_ext(md, pulldown_cmark::Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the Markdown: {h:?}"),
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                if let CodeBlockKind::Fenced(lang) = kind {
                    assert!(lang.is_empty() || &*lang == "sh", "a fence opened by text: {lang:?}");
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
    }
    assert!(!in_code, "a fence left open to the end");
}

fn check_html(html: &str) {
    assert!(!html.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    let extra: Vec<String> = elements(html).difference(template_elements()).cloned().collect();
    assert!(extra.is_empty(), "elements the template does not use: {extra:?}");
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        assert!(
            !el.value().attrs().any(|(name, _)| name.starts_with("on")),
            "an event handler on {}",
            el.value().name()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Fields are separated by NUL, which no YAML scalar keeps anyway.
    let mut parts = text.split('\0');
    let mut field = || parts.next().unwrap_or("x").to_string();
    let fields = [field(), field(), field(), field()];
    let fields = [&*fields[0], &*fields[1], &*fields[2], &*fields[3]];
    if let Some((md, html)) = vmstuck_analyze::fuzzing::reports(fields) {
        check_markdown(&md);
        check_html(&html);
    }
});
