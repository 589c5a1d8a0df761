//! Finds lines in YAML or JSON files so evidence can cite file:line. serde_yaml gives no
//! positions, so objects are found by their own `uid:` line (unique per object; the least
//! indented occurrence is the object's own, owner references sit deeper), and a field by
//! searching the lines of the object's span: its `List` item or its YAML document.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub(super) struct LineIndex {
    uids: HashMap<String, (u32, usize)>,
    names: HashMap<String, (u32, usize)>,
    /// 1-based inclusive line ranges of the objects of the file, in order.
    spans: Vec<(u32, u32)>,
}

impl LineIndex {
    pub(super) fn build(text: &str) -> LineIndex {
        let mut index = LineIndex::default();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let Some((key, value)) = key_value(body) else {
                continue;
            };
            let table = match key {
                "uid" => &mut index.uids,
                "name" => &mut index.names,
                _ => continue,
            };
            let slot = table
                .entry(value.to_string())
                .or_insert((n as u32 + 1, indent));
            if indent < slot.1 {
                *slot = (n as u32 + 1, indent);
            }
        }
        index.spans = spans(&lines);
        index
    }

    /// 1-based line of the object's `uid:` (else `name:`); 1 when neither is found.
    pub(super) fn anchor(&self, uid: &str, name: &str) -> u32 {
        let hit = (!uid.is_empty())
            .then(|| self.uids.get(uid))
            .flatten()
            .or_else(|| self.names.get(name));
        hit.map(|(line, _)| *line).unwrap_or(1)
    }

    pub(super) fn spans(&self) -> &[(u32, u32)] {
        &self.spans
    }
}

/// The object spans of a file: YAML documents split at `---`, and inside a document with a
/// top-level `items:` sequence, one span per item.
fn spans(lines: &[&str]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let total = lines.len();
    let flush = |from: usize, to: usize, out: &mut Vec<(u32, u32)>| {
        if from < to {
            item_spans(lines, from, to, out);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if *line == "---" || line.starts_with("--- ") {
            flush(start, i, &mut out);
            start = i + 1;
        }
    }
    flush(start, total, &mut out);
    out
}

/// Lines `from..to` (0-based, exclusive) of one document.
fn item_spans(lines: &[&str], from: usize, to: usize, out: &mut Vec<(u32, u32)>) {
    let items = (from..to).find(|&i| lines[i].trim_end() == "items:");
    let Some(items) = items else {
        out.push((from as u32 + 1, to as u32));
        return;
    };
    // The indentation of the sequence under `items:`, from its first entry.
    let first = (items + 1..to).find(|&i| lines[i].trim_start().starts_with('-'));
    let Some(first) = first else {
        out.push((from as u32 + 1, to as u32));
        return;
    };
    let indent = lines[first].len() - lines[first].trim_start().len();
    // Bytes, not `str` slices: a line may have a multi-byte character where the indent ends.
    let is_item = |l: &str| {
        let b = l.as_bytes();
        b.len() > indent && b[..indent].iter().all(|c| *c == b' ') && b[indent] == b'-'
    };
    let starts: Vec<usize> = (first..to).filter(|&i| is_item(lines[i])).collect();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(to);
        out.push((s as u32 + 1, end as u32));
    }
}

/// `key: value`, `"key": "value",` → (key, value) with quotes and the trailing comma removed.
fn key_value(body: &str) -> Option<(&str, &str)> {
    let (key, value) = body.split_once(':')?;
    let key = key.trim().trim_matches('"');
    let value = value
        .trim()
        .trim_end_matches(',')
        .trim()
        .trim_matches(['"', '\'']);
    (!value.is_empty()).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    ownerReferences:\n    - kind: VirtualMachineInstance\n      uid: aaa\n    uid: bbb\n- apiVersion: kubevirt.io/v1\n  kind: VirtualMachineInstance\n  metadata:\n    name: vm\n    uid: aaa\nkind: List\n";

    #[test]
    fn prefers_the_objects_own_uid_over_owner_references() {
        let index = LineIndex::build(LIST);
        assert_eq!(index.anchor("bbb", "p"), 10);
        assert_eq!(index.anchor("aaa", "vm"), 15);
        assert_eq!(index.anchor("", "vm"), 14);
    }

    #[test]
    fn splits_lists_and_documents_into_spans() {
        assert_eq!(LineIndex::build(LIST).spans(), &[(3, 10), (11, 16)]);
        let docs = "kind: Node\nmetadata: {}\n---\nkind: Pod\n";
        assert_eq!(LineIndex::build(docs).spans(), &[(1, 2), (4, 4)]);
    }

    #[test]
    fn survives_multi_byte_characters_where_the_indent_ends() {
        // Found by the yaml_objects fuzz target: the sequence is indented by 2, and a later
        // line has a 2-byte character at byte 1.
        let text = "items:\n  - a: 1\n \u{20ac}x: 2\n  - b: 2\n";
        assert_eq!(LineIndex::build(text).spans(), &[(2, 3), (4, 4)]);
    }

    #[test]
    fn reads_json_too() {
        let text = "{\n  \"metadata\": {\n    \"name\": \"n1\",\n    \"uid\": \"u1\"\n  }\n}\n";
        assert_eq!(LineIndex::build(text).anchor("u1", "n1"), 4);
    }
}
