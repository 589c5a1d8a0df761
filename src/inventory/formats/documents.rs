//! Files for people, and known collection files the diagnosis does not use yet: READMEs,
//! must-gather's `event-filter.html`, kubevirt/must-gather's per-VM details
//! (`namespaces/<ns>/vms/<vm>/<pod>.ip.txt`, `.list.txt`, ...) and node-gather output
//! (`nodes/<node>/...`). Claimed so they are not counted as unrecognised.

use super::{Claim, Content, Format, Head, ReadContext, Reading, TextFile};

pub(crate) struct Documents;

impl Format for Documents {
    fn name(&self) -> &'static str {
        "document"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        let lower = file.name().to_ascii_lowercase();
        let is_document = [".md", ".html", ".htm", ".css", ".js", ".png", ".svg"]
            .iter()
            .any(|ext| lower.ends_with(ext));
        let parts = file.path.parts();
        let n = parts.len();
        let is_known_detail = (n >= 5 && parts[n - 3] == "vms" && parts[n - 5] == "namespaces")
            || (n >= 3 && parts[n - 3] == "nodes");
        (is_document || is_known_detail).then_some(Claim::Whole)
    }

    fn read(&self, _: &TextFile, _: &ReadContext, _: &mut Vec<String>) -> Reading {
        Reading::alone(Content::NotUsed)
    }
}
