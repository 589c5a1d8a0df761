//! Finds the line where an object starts in a YAML or JSON file, so evidence can cite file:line.
//! serde_yaml gives no positions, so we look for the object's own `uid:` line: unique per
//! object, and the least indented occurrence is the object's own (owner references sit deeper).

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct LineIndex {
    uids: HashMap<String, (u32, usize)>,
    names: HashMap<String, (u32, usize)>,
}

impl LineIndex {
    pub fn build(text: &str) -> LineIndex {
        let mut index = LineIndex::default();
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let (key, value) = match key_value(body) {
                Some(kv) => kv,
                None => continue,
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
        index
    }

    /// 1-based line of the object's `uid:` (else `name:`); 1 when neither is found.
    pub fn anchor(&self, uid: &str, name: &str) -> u32 {
        let hit = (!uid.is_empty())
            .then(|| self.uids.get(uid))
            .flatten()
            .or_else(|| self.names.get(name));
        hit.map(|(line, _)| *line).unwrap_or(1)
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

    #[test]
    fn prefers_the_objects_own_uid_over_owner_references() {
        let text = "items:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    ownerReferences:\n    - kind: VirtualMachineInstance\n      uid: aaa\n    uid: bbb\n- apiVersion: kubevirt.io/v1\n  kind: VirtualMachineInstance\n  metadata:\n    name: vm\n    uid: aaa\n";
        let index = LineIndex::build(text);
        assert_eq!(index.anchor("bbb", "p"), 9);
        assert_eq!(index.anchor("aaa", "vm"), 14);
        assert_eq!(index.anchor("", "vm"), 13);
    }

    #[test]
    fn reads_json_too() {
        let text = "{\n  \"metadata\": {\n    \"name\": \"n1\",\n    \"uid\": \"u1\"\n  }\n}\n";
        assert_eq!(LineIndex::build(text).anchor("u1", "n1"), 4);
    }
}
