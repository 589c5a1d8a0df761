//! Kubernetes objects out of YAML or JSON text: multi-document files, `List`s and typed lists
//! (`PodList` items carry no `kind`), each object turned into its typed form by `kind`.
//!
//! Pasted text is often not whole: a YAML object cut off mid-value, a JSON object missing its
//! closing braces, a `status:` block without the object around it. What parses is read; the
//! cut is said in a note; an object without `kind` is known by its fields.

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// One object found in a file: its kind (taken from the list type when the item has none,
/// or from its fields when it has none at all), its API version (may be empty) and the raw
/// value.
pub(crate) struct RawObject {
    pub(crate) kind: String,
    pub(crate) api_version: String,
    pub(crate) value: Value,
}

/// Every object `text` holds, and notes on what could not be read and why.
pub(crate) fn parse_objects(text: &str) -> (Vec<RawObject>, Vec<String>) {
    let mut notes = Vec::new();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    // A member of a JSON object pasted without its braces (`"status": {...}`).
    let braced;
    let trimmed = if trimmed.starts_with('"') && trimmed.split_once(':').is_some() {
        braced = format!("{{{trimmed}\n}}");
        braced.as_str()
    } else {
        trimmed
    };
    if trimmed.starts_with(['{', '[']) {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
            return (from_json(value, &mut notes), notes);
        }
        // Cut short: close what was open after the last complete value.
        if let Some(closed) = close_json(trimmed)
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(&closed)
        {
            let line = text
                [..text.len() - trimmed.len() + closed.trim_end_matches(['}', ']']).len()]
                .lines()
                .count();
            notes.push(format!(
                "JSON cut short: read up to line {line}, the last whole value before the cut"
            ));
            return (from_json(value, &mut notes), notes);
        }
    }
    // A paste that starts inside an object (its first lines deeper than a later top-level
    // key) is read from that key on; the lines before it are blanked, so numbers hold.
    let text = &*from_first_top_level_key(text);
    let (mut found, error) = parse_documents(text);
    if let Some(e) = error {
        let line = e.location().map(|l| l.line()).unwrap_or(0);
        // Read the broken document up to the line where it broke, or, when the break is
        // inside a value that began earlier (a quoted string cut off), up to a key before it.
        let mut recovered = None;
        for end in cut_points(text, line) {
            let upto: usize = text.split_inclusive('\n').take(end).map(str::len).sum();
            let (again, error) = parse_documents(&text[..upto]);
            if error.is_none() && again.len() >= found.len() {
                found = again;
                recovered = Some(end);
                break;
            }
        }
        notes.push(match recovered {
            Some(end) => format!(
                "invalid YAML at line {line}, or cut short there ({}); read up to line {end}",
                first_line(&e.to_string())
            ),
            None => format!(
                "invalid YAML{}: {}; objects before it were kept",
                if line > 0 {
                    format!(" at line {line}")
                } else {
                    String::new()
                },
                first_line(&e.to_string())
            ),
        });
    }
    let mut objects = Vec::new();
    for value in found {
        flatten(value, None, &mut objects, &mut notes);
    }
    (objects, notes)
}

/// Line counts to try reading a broken YAML text up to, from the line before the break back
/// to earlier lines that start a key or a list item; a few dozen at most.
fn cut_points(text: &str, broken_at: usize) -> Vec<usize> {
    if broken_at <= 1 {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().take(broken_at - 1).collect();
    let starts_entry = |l: &str| {
        let t = l.trim_start();
        t.starts_with("- ")
            || t.split_once(':').is_some_and(|(k, v)| {
                !k.is_empty()
                    && !k.contains(' ')
                    && !k.starts_with(['\'', '"'])
                    && (v.is_empty() || v.starts_with(' '))
            })
    };
    let mut points = vec![lines.len()];
    points.extend(
        (1..lines.len())
            .rev()
            .filter(|&i| starts_entry(lines[i]))
            .take(40),
    );
    points.dedup();
    points
}

/// The text with the lines before its first top-level key blanked, when it starts deeper
/// than that key (a paste that began mid-object). Unchanged otherwise.
fn from_first_top_level_key(text: &str) -> std::borrow::Cow<'_, str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut lines = text.split_inclusive('\n');
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if first.is_none_or(|l| indent(l) == 0) {
        return std::borrow::Cow::Borrowed(text);
    }
    let Some(at) = text.lines().position(|l| {
        indent(l) == 0 && !l.trim().is_empty() && l.contains(':') && !l.starts_with(['#', '-', '{'])
    }) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.by_ref().enumerate() {
        out.push_str(if i < at { "\n" } else { l });
    }
    std::borrow::Cow::Owned(out)
}

/// A JSON log record printed over several lines (`jq .` of a KubeVirt log line), as one
/// line per record; `None` when the text is not such records.
pub(crate) fn json_log_records(text: &str) -> Option<Vec<String>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if !trimmed.starts_with('{') {
        return None;
    }
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(trimmed).into_iter::<serde_json::Value>() {
        let value = value.ok()?;
        let map = value.as_object()?;
        if !(map.contains_key("msg")
            && (map.contains_key("level") || map.contains_key("component")))
        {
            return None;
        }
        out.push(value.to_string());
    }
    (!out.is_empty()).then_some(out)
}

/// One item of a long YAML List, already cut out and dedented: its objects, the kind coming
/// from the list's (`PodList` items carry none) when the item names none.
pub(crate) fn parse_item(
    text: &str,
    inherited_kind: Option<&str>,
) -> (Vec<RawObject>, Vec<String>) {
    let mut notes = Vec::new();
    let (found, error) = parse_documents(text);
    if let Some(e) = error {
        notes.push(format!(
            "an item of the list does not parse: {}",
            first_line(&e.to_string())
        ));
    }
    let mut objects = Vec::new();
    for value in found {
        flatten(value, inherited_kind, &mut objects, &mut notes);
    }
    (objects, notes)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// The documents of a YAML text, up to the first that does not parse.
fn parse_documents(text: &str) -> (Vec<Value>, Option<serde_yaml::Error>) {
    let mut found = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        match Value::deserialize(document) {
            Ok(value) => found.push(value),
            Err(e) => return (found, Some(e)),
        }
    }
    (found, None)
}

fn from_json(value: serde_json::Value, notes: &mut Vec<String>) -> Vec<RawObject> {
    let mut out = Vec::new();
    if let Ok(value) = serde_yaml::to_value(value) {
        flatten(value, None, &mut out, notes);
    }
    out
}

/// A JSON text cut short, made whole: cut after its last complete value and closed. `None`
/// when nothing complete came before the cut.
fn close_json(text: &str) -> Option<String> {
    let mut open: Vec<char> = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut safe: Option<(usize, usize)> = None;
    // Closers still open at each safe point: the stack's prefix up to its recorded depth.
    let mut closers: Vec<char> = Vec::new();
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => open.push('}'),
            '[' => open.push(']'),
            '}' | ']' => {
                open.pop();
                if open.is_empty() {
                    return None;
                }
                safe = Some((i + c.len_utf8(), open.len()));
                closers.clone_from(&open);
            }
            // Everything before a comma is whole.
            ',' => {
                safe = Some((i, open.len()));
                closers.clone_from(&open);
            }
            _ => {}
        }
    }
    let (cut, depth) = safe?;
    let mut out = text[..cut].trim_end().trim_end_matches(',').to_string();
    for closer in closers[..depth].iter().rev() {
        out.push(*closer);
    }
    Some(out)
}

fn flatten(
    value: Value,
    inherited_kind: Option<&str>,
    out: &mut Vec<RawObject>,
    notes: &mut Vec<String>,
) {
    let map = match value {
        Value::Mapping(map) => map,
        // A VMI's `volumeStatus` entries pasted alone: the VMI they belong to.
        Value::Sequence(items)
            if !items.is_empty()
                && items.iter().all(|i| {
                    i.get("hotplugVolume").is_some()
                        || (i.get("target").is_some() && i.get("phase").is_some())
                }) =>
        {
            let mut status = Mapping::new();
            status.insert("volumeStatus".into(), Value::Sequence(items));
            let mut vmi = Mapping::new();
            vmi.insert("status".into(), Value::Mapping(status));
            notes.push(
                "`volumeStatus` entries alone were read as a VirtualMachineInstance's".into(),
            );
            out.push(RawObject {
                kind: "VirtualMachineInstance".into(),
                api_version: String::new(),
                value: Value::Mapping(vmi),
            });
            return;
        }
        // Items of a list pasted without the list around them (`- apiVersion: ...`).
        Value::Sequence(items) => {
            for item in items {
                flatten(item, inherited_kind, out, notes);
            }
            return;
        }
        _ => return,
    };
    let text_of = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    let kind = text_of("kind").or_else(|| inherited_kind.map(str::to_string));
    let api_version = text_of("apiVersion").unwrap_or_default();
    let (kind, map) = match kind {
        Some(kind) => (kind, map),
        None => {
            let Some((kind, map)) = infer_kind(map) else {
                return;
            };
            notes.push(format!(
                "an object without `kind` was read as a {kind}, from its fields"
            ));
            (kind.to_string(), map)
        }
    };
    let mut map = map;
    if let Some(item_kind) = kind.strip_suffix("List") {
        // Taken out, not copied: a List may be most of a large file.
        match map.remove("items") {
            Some(Value::Sequence(items)) => {
                // A plain `List` mixes kinds, each item names its own; `PodList` names them
                // for all.
                let item_kind = (!item_kind.is_empty()).then_some(item_kind);
                for item in items {
                    flatten(item, item_kind, out, notes);
                }
                return;
            }
            Some(other) => {
                map.insert("items".into(), other);
            }
            None => {}
        }
    }
    clamp_strings(&mut map, notes);
    out.push(RawObject {
        kind,
        api_version,
        value: Value::Mapping(map),
    });
}

/// Longest name or namespace kept: Kubernetes allows 253 bytes, so a longer one is hostile
/// and would be copied into every part of the report.
pub(crate) const MAX_NAME: usize = 253;
/// Longest other text field kept (a message, an annotation): as long as a kept log line.
pub(crate) const MAX_FIELD: usize = 64 << 10;

/// Cuts over-long strings of an object short, marking the cut with `…`, and says which
/// field was cut. A name cut short is no valid name, so it never reaches a command.
fn clamp_strings(object: &mut Mapping, notes: &mut Vec<String>) {
    let mut cut = Cut::default();
    for (key, value) in object.iter_mut() {
        let here = if let Value::Mapping(meta) = value
            && key.as_str() == Some("metadata")
        {
            let mut here = false;
            for (k, v) in meta.iter_mut() {
                let max = match k.as_str() {
                    Some("name" | "namespace" | "generateName") => MAX_NAME,
                    _ => MAX_FIELD,
                };
                if clamp_value(v, max, &mut cut) {
                    cut.path(k);
                    here = true;
                }
            }
            here
        } else {
            clamp_value(value, MAX_FIELD, &mut cut)
        };
        if here {
            cut.path(key);
        }
    }
    if let Some((path, len)) = &cut.first {
        let field: Vec<&str> = path.iter().rev().map(String::as_str).collect();
        let more = match cut.count {
            1 => String::new(),
            n => format!(" and {} more field(s)", n - 1),
        };
        notes.push(format!(
            "`{}` is {len} bytes long{more}: cut short (at most {MAX_NAME} bytes for a name, \
             {} KiB for other text)",
            field.join("."),
            MAX_FIELD >> 10
        ));
    }
}

/// Cuts `text` to at most `max` bytes (on a character boundary) and marks the cut with `…`;
/// true when it was longer.
pub(crate) fn cut_short(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    true
}

/// Fields cut in one object: how many, and the first one's path (innermost key first) and
/// length. The path is only built when something is cut.
#[derive(Default)]
struct Cut {
    count: usize,
    first: Option<(Vec<String>, usize)>,
}

impl Cut {
    fn path(&mut self, key: &Value) {
        if let Some((path, _)) = &mut self.first {
            path.push(key.as_str().unwrap_or("?").to_string());
        }
    }
}

/// Cuts the strings under `value` longer than `max`; true when the first cut of the object
/// happened here, so the caller adds its key to that cut's path.
fn clamp_value(value: &mut Value, max: usize, cut: &mut Cut) -> bool {
    match value {
        Value::String(s) if s.len() > max => {
            cut.count += 1;
            let first = cut.first.is_none();
            if first {
                cut.first = Some((Vec::new(), s.len()));
            }
            cut_short(s, max);
            first
        }
        Value::Sequence(items) => {
            let mut here = false;
            for item in items {
                here |= clamp_value(item, max, cut);
            }
            here
        }
        // Keys are left whole: changing one could merge two.
        Value::Mapping(map) => {
            let mut here = false;
            for (k, v) in map.iter_mut() {
                if clamp_value(v, max, cut) {
                    cut.path(k);
                    here = true;
                }
            }
            here
        }
        Value::Tagged(tagged) => clamp_value(&mut tagged.value, max, cut),
        _ => false,
    }
}

/// Whether `status` has a condition whose type is one of `kinds`.
fn has_condition(status: &Mapping, kinds: &[&str]) -> bool {
    status
        .get("conditions")
        .and_then(Value::as_sequence)
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| kinds.contains(&t))
            })
        })
}

/// A status only a pod has: its `qosClass`, host and pod IPs, or a condition type of its
/// own (kubelet's, or the launcher's readiness gate `kubevirt.io/virtual-machine-unpaused`).
fn pod_only_status(status: &Mapping) -> bool {
    ["hostIP", "podIP", "podIPs"]
        .iter()
        .any(|k| status.contains_key(*k))
        || has_condition(
            status,
            &[
                "ContainersReady",
                "Initialized",
                "PodReadyToStartContainers",
                "kubevirt.io/virtual-machine-unpaused",
            ],
        )
}

/// A status only a VMI has: a phase of its own (`Scheduling`, `Scheduled`), or a condition
/// type of its own (KubeVirt `pkg/virt-controller`, `VirtualMachineInstanceConditionType`).
fn vmi_only_status(status: &Mapping) -> bool {
    let phase = status.get("phase").and_then(Value::as_str);
    matches!(phase, Some("Scheduling" | "Scheduled"))
        || has_condition(
            status,
            &["Synchronized", "LiveMigratable", "AgentConnected", "Paused"],
        )
}

/// The kind of an object pasted without `kind`, told by the fields only that kind has. A
/// `status` block pasted alone (its keys at the top) is put back under `status`.
fn infer_kind(map: Mapping) -> Option<(&'static str, Mapping)> {
    const STATUS_KEYS: [&str; 5] = [
        "containerStatuses",
        "printableStatus",
        "activePods",
        "phaseTransitionTimestamps",
        "nodeInfo",
    ];
    let bare_status = !["metadata", "spec", "status"]
        .iter()
        .any(|k| map.contains_key(*k))
        && STATUS_KEYS.iter().any(|k| map.contains_key(*k));
    let map = if bare_status {
        let mut wrapped = Mapping::new();
        wrapped.insert("status".into(), Value::Mapping(map));
        wrapped
    } else {
        map
    };
    let part = |name: &str| map.get(name).and_then(Value::as_mapping);
    let has = |part: Option<&Mapping>, key: &str| part.is_some_and(|m| m.contains_key(key));
    let (spec, status) = (part("spec"), part("status"));
    // kubectl writes a List's `kind` after its items: a list cut short has none.
    let kind = if map.get("items").is_some_and(Value::is_sequence) {
        "List"
    } else if has(status, "printableStatus")
        || has(spec, "runStrategy")
        || (has(spec, "template") && has(spec, "running"))
    {
        "VirtualMachine"
    } else if has(status, "containerStatuses")
        || has(status, "initContainerStatuses")
        || has(spec, "containers")
        || status.is_some_and(pod_only_status)
    {
        "Pod"
    } else if has(status, "activePods")
        || has(status, "phaseTransitionTimestamps")
        || has(status, "launcherContainerImageVersion")
        || has(status, "interfaces")
        || has(status, "volumeStatus")
        || has(status, "guestOSInfo")
        || has(status, "migrationState")
        || status.is_some_and(vmi_only_status)
        || has(spec, "domain")
    {
        "VirtualMachineInstance"
    } else if status.is_some_and(|st| has_condition(st, &["PodScheduled"])) {
        // KubeVirt mirrors it into a VMI's conditions, but a VMI says more (above).
        "Pod"
    } else if has(spec, "vmiName") {
        "VirtualMachineInstanceMigration"
    } else if has(spec, "attacher") {
        "VolumeAttachment"
    } else if map.contains_key("involvedObject") {
        "Event"
    } else if has(status, "nodeInfo") || has(status, "allocatable") || has(spec, "podCIDR") {
        "Node"
    } else if has(spec, "accessModes") {
        "PersistentVolumeClaim"
    } else if has(spec, "source") && (has(spec, "pvc") || has(spec, "storage")) {
        "DataVolume"
    } else {
        return None;
    };
    Some((kind, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> (Vec<String>, Vec<String>) {
        let (objects, notes) = parse_objects(text);
        (objects.into_iter().map(|o| o.kind).collect(), notes)
    }

    #[test]
    fn expands_lists_and_documents() {
        let text = "kind: PodList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n---\napiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: {name: n}\n";
        let (kinds, notes) = kinds(text);
        assert!(notes.is_empty());
        assert_eq!(kinds, ["Pod", "Pod", "Node"]);
    }

    #[test]
    fn keeps_objects_before_a_syntax_error() {
        let (kinds, notes) = kinds("kind: Node\nmetadata: {name: n}\n---\nkind: [unclosed\n");
        assert_eq!(kinds, ["Node"]);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn a_yaml_object_cut_mid_value_is_read_up_to_the_cut() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: virt-launcher-a-x\nstatus:\n  phase: Pending\n  containerStatuses:\n  - name: compute\n    state:\n      waiting:\n        reason: ImagePullBackOff\n        message: 'Back-off pulling image \"quay.io/x";
        let (objects, notes) = parse_objects(text);
        assert_eq!(objects.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("invalid YAML at line 12, or cut short"),
            "{notes:?}"
        );
        let status = &objects[0].value["status"];
        assert_eq!(status["phase"], Value::from("Pending"));
    }

    #[test]
    fn a_json_object_cut_short_is_closed_after_its_last_whole_value() {
        let text = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "status": {"phase": "Pending", "reason": "Unschedu"#;
        let (objects, notes) = parse_objects(text);
        assert_eq!(objects.len(), 1);
        assert!(notes[0].starts_with("JSON cut short"), "{notes:?}");
        assert_eq!(objects[0].value["status"]["phase"], Value::from("Pending"));
        assert_eq!(
            close_json("{\"a\": 1"),
            None,
            "nothing whole before the cut"
        );
    }

    #[test]
    fn objects_without_kind_are_known_by_their_fields() {
        let status_alone = "status:\n  phase: Running\n  containerStatuses:\n  - name: compute\n    restartCount: 3\n";
        let (kinds_, notes) = kinds(status_alone);
        assert_eq!(kinds_, ["Pod"]);
        assert!(notes[0].contains("read as a Pod"));
        let bare = "phase: Scheduling\nactivePods: {}\nphaseTransitionTimestamps: []\n";
        assert_eq!(kinds(bare).0, ["VirtualMachineInstance"]);
        assert_eq!(kinds("printableStatus: Starting\n").0, ["VirtualMachine"]);
        assert!(kinds("just: a map\n").0.is_empty());
    }

    #[test]
    fn fragments_of_real_pastes() {
        let sample = |name: &str| {
            std::fs::read_to_string(format!(
                "{}/tests/samples/object-fragment/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        // A list item alone, cut inside a quoted message.
        let (kinds_, notes) = kinds(&sample(
            "eck-diagnostics-109-volumeattachment-list-item-attacherror.txt",
        ));
        assert_eq!(kinds_, ["VolumeAttachment"], "{notes:?}");
        // The tail of a VMI, starting inside its spec.
        let (kinds_, notes) = kinds(&sample("kubevirt-1175-vmi-yaml-tail-status.txt"));
        assert_eq!(kinds_, ["VirtualMachineInstance"], "{notes:?}");
        let (kinds_, _) = kinds(&sample("kubevirt-1175-status-block-alone.txt"));
        assert_eq!(kinds_, ["VirtualMachineInstance"]);
    }

    #[test]
    fn over_long_names_and_fields_are_cut_and_named() {
        let name = "n".repeat(10_000);
        let message = "m".repeat(MAX_FIELD + 10);
        let text = format!(
            "kind: VirtualMachine\nmetadata:\n  name: {name}\n  namespace: ok\nstatus:\n  conditions:\n  - message: {message}\n"
        );
        let (objects, notes) = parse_objects(&text);
        let meta = &objects[0].value["metadata"];
        assert_eq!(
            meta["name"].as_str().unwrap().len(),
            MAX_NAME + '…'.len_utf8()
        );
        assert_eq!(meta["namespace"].as_str(), Some("ok"));
        let kept = objects[0].value["status"]["conditions"][0]["message"]
            .as_str()
            .unwrap();
        assert_eq!(kept.len(), MAX_FIELD + '…'.len_utf8());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("`metadata.name` is 10000 bytes long and 1 more field(s)"),
            "{notes:?}"
        );
    }
}
