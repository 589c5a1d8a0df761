//! Kubernetes objects out of YAML or JSON text: multi-document files, `List`s and typed lists
//! (`PodList` items carry no `kind`), each object turned into its typed form by `kind`.

use serde::Deserialize;
use serde_yaml::Value;

/// One object found in a file: its kind (taken from the list type when the item has none),
/// its API version (may be empty) and the raw value.
pub(crate) struct RawObject {
    pub(crate) kind: String,
    pub(crate) api_version: String,
    pub(crate) value: Value,
}

/// Parses every document of `text`. Objects before a syntax error are kept; the error is
/// returned beside them so the caller can warn and go on.
pub(super) fn parse_objects(text: &str) -> (Vec<RawObject>, Option<serde_yaml::Error>) {
    let mut found = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        match Value::deserialize(document) {
            Ok(value) => flatten(value, None, &mut found),
            Err(e) => return (found, Some(e)),
        }
    }
    (found, None)
}

fn flatten(value: Value, inherited_kind: Option<&str>, out: &mut Vec<RawObject>) {
    let Value::Mapping(map) = value else { return };
    let text_of = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    let kind = text_of("kind").or_else(|| inherited_kind.map(str::to_string));
    let api_version = text_of("apiVersion").unwrap_or_default();
    let Some(kind) = kind else { return };
    if let Some(item_kind) = kind.strip_suffix("List")
        && let Some(Value::Sequence(items)) = map.get("items")
    {
        // A plain `List` mixes kinds, each item names its own; `PodList` names them for all.
        let item_kind = (!item_kind.is_empty()).then_some(item_kind);
        for item in items.clone() {
            flatten(item, item_kind, out);
        }
        return;
    }
    out.push(RawObject {
        kind,
        api_version,
        value: Value::Mapping(map),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_lists_and_documents() {
        let text = "kind: PodList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n---\napiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: {name: n}\n";
        let (objects, err) = parse_objects(text);
        assert!(err.is_none());
        let kinds: Vec<_> = objects.iter().map(|o| o.kind.as_str()).collect();
        assert_eq!(kinds, ["Pod", "Pod", "Node"]);
    }

    #[test]
    fn keeps_objects_before_a_syntax_error() {
        let (objects, err) =
            parse_objects("kind: Node\nmetadata: {name: n}\n---\nkind: [unclosed\n");
        assert_eq!(objects.len(), 1);
        assert!(err.is_some());
    }
}
