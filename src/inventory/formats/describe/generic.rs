//! Everything kubectl describes through its generic describer (`GenericDescriber`,
//! `printUnstructuredContent`): VirtualMachines, VirtualMachineInstances, DataVolumes,
//! VolumeAttachments and migrations. The nested `Metadata:`, `Spec:` and `Status:` blocks are
//! turned back into the object's fields and read like its YAML, so one reader serves them all.

use serde_yaml::{Mapping, Value};

use super::Section;
use crate::inventory::formats::Found;
use crate::inventory::yaml::RawObject;

impl Section<'_> {
    /// A resource kubectl describes generically: its nested blocks turned back into the
    /// object's fields and read like its YAML.
    pub(super) fn generic(&self, kind: &str, warnings: &mut Vec<String>) -> Option<Found> {
        let mut object = Mapping::new();
        for (heading, key) in [("Metadata", "metadata"), ("Spec", "spec"), ("Status", "status")] {
            if let Some((_, lines)) = self.block(heading) {
                object.insert(key.into(), tree(&lines[1..]));
            }
        }
        let mut metadata = match object.remove("metadata") {
            Some(Value::Mapping(m)) => m,
            _ => Mapping::new(),
        };
        let meta = self.meta();
        metadata.insert("name".into(), meta.name.clone().into());
        metadata.insert("namespace".into(), meta.namespace.clone().into());
        let labels: Mapping = meta
            .labels
            .iter()
            .map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str())))
            .collect();
        metadata.insert("labels".into(), Value::Mapping(labels));
        object.insert("metadata".into(), Value::Mapping(metadata));
        let raw = RawObject {
            kind: kind.to_string(),
            api_version: self.header("API Version"),
            value: Value::Mapping(object),
        };
        let origin = self.origin();
        crate::inventory::formats::objects::typed_object(raw, &|_| origin, None, warnings)
    }
}

/// A generic describer's nested block back into a YAML value. Keys are turned back into
/// field names; a key that comes again starts the next item of a list of maps; lines with no
/// key are items of a list of values.
fn tree(lines: &[&str]) -> Value {
    let entries: Vec<(usize, &str)> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l.len() - l.trim_start().len(), l.trim()))
        .collect();
    block(&entries)
}

fn block(entries: &[(usize, &str)]) -> Value {
    if entries.is_empty() {
        return Value::Null;
    }
    // The entries at this block's indent, each with the deeper lines under it.
    let mut items: Vec<(&str, &[(usize, &str)])> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (ind, text) = entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 > ind {
            j += 1;
        }
        items.push((text, &entries[i + 1..j]));
        i = j;
    }
    let keyed = |text: &str| -> Option<(String, String)> {
        let (k, v) = text.split_once(':')?;
        // A key has no spaces at its ends and is followed by a space or the end of the line.
        (!k.is_empty() && !k.ends_with(' ') && (v.is_empty() || v.starts_with([' ', '\t'])))
            .then(|| (field_name(k), v.trim().to_string()))
    };
    if items.iter().all(|(text, _)| keyed(text).is_none()) {
        return Value::Sequence(items.iter().map(|(t, _)| scalar(t)).collect());
    }
    let mut maps: Vec<Mapping> = vec![Mapping::new()];
    for (text, children) in items {
        let Some((key, value)) = keyed(text) else {
            continue;
        };
        let value = if !children.is_empty() && value.is_empty() {
            block(children)
        } else {
            scalar(&value)
        };
        let key = Value::String(key);
        if maps.last().is_some_and(|m| m.contains_key(&key)) {
            maps.push(Mapping::new());
        }
        if let Some(m) = maps.last_mut() {
            m.insert(key, value);
        }
    }
    if maps.len() == 1 {
        Value::Mapping(maps.remove(0))
    } else {
        Value::Sequence(maps.into_iter().map(Value::Mapping).collect())
    }
}

fn scalar(text: &str) -> Value {
    match text {
        "" | "<nil>" | "<none>" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match text.parse::<i64>() {
            Ok(n) if !text.starts_with('0') || text == "0" => Value::Number(n.into()),
            _ => Value::String(text.to_string()),
        },
    }
}

/// kubectl prints a field `nodeName` as `Node Name` (its words, capitalised, common acronyms
/// in capitals: `API Version`, `UID`); keys with other characters (label keys, UIDs) are
/// printed as they are (`smartLabelFor`).
fn field_name(label: &str) -> String {
    if label.chars().any(|c| !(c.is_ascii_alphabetic() || c == ' ' || c == '-')) {
        return label.to_string();
    }
    let mut out = String::new();
    for (i, word) in label.split(' ').filter(|w| !w.is_empty()).enumerate() {
        let lower = word.to_ascii_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::read;
    use super::field_name;
    use crate::inventory::formats::Object;


    const VMI: &str = "Name:         testvm
Namespace:    default
Labels:       kubevirt.io/nodeName=node01
Annotations:  kubevirt.io/latest-observed-api-version: v1
API Version:  kubevirt.io/v1
Kind:         VirtualMachineInstance
Metadata:
  Creation Timestamp:  2024-05-01T09:30:00Z
  UID:                 0e1b6a54-0000-4000-8000-000000000002
Spec:
  Domain:
    Cpu:
      Cores:  1
Status:
  Active Pods:
    0e1b6a54-0000-4000-8000-000000000003:  node01
  Conditions:
    Last Probe Time:       <nil>
    Last Transition Time:  2024-05-01T09:31:00Z
    Message:               0/3 nodes are available: 3 Insufficient devices.kubevirt.io/kvm.
    Reason:                Unschedulable
    Status:                False
    Type:                  PodScheduled
    Last Probe Time:       <nil>
    Last Transition Time:  <nil>
    Status:                False
    Type:                  Ready
  Node Name:               node01
  Phase:                   Scheduling
Events:
  Type     Reason            Age                From                         Message
  ----     ------            ----               ----                         -------
  Normal   SuccessfulCreate  10m                virtualmachine-controller    Created virtual machine pod virt-launcher-testvm-x7k2p
  Warning  SyncFailed        2m (x9 over 10m)   virt-handler                 server error. command SyncVMI failed: \"LibvirtError(Code=67,
Domain=10, Message='unsupported configuration: Domain requires KVM')\"
";

    #[test]
    fn reads_a_generic_describe_into_the_typed_object() {
        let found = read(VMI);
        let Object::Vmi(vmi) = &found[0].0 else { panic!("{:?}", found[0].0) };
        assert_eq!(vmi.metadata.name, "testvm");
        assert_eq!(vmi.metadata.uid, "0e1b6a54-0000-4000-8000-000000000002");
        assert_eq!(vmi.status.phase, "Scheduling");
        assert_eq!(vmi.status.node_name, "node01");
        assert_eq!(vmi.status.conditions.len(), 2);
        assert_eq!(vmi.status.conditions[0].reason, "Unschedulable");
        assert_eq!(vmi.status.active_pods.len(), 1);
        let Object::Event(e) = &found[2].0 else { panic!() };
        assert_eq!((e.reason.as_str(), e.count), ("SyncFailed", 9));
        assert!(e.message.ends_with("Domain requires KVM')\""), "{}", e.message);
        assert_eq!(e.involved.kind, "VirtualMachineInstance");
    }

    #[test]
    fn field_names_come_back() {
        assert_eq!(field_name("Node Name"), "nodeName");
        assert_eq!(field_name("API Version"), "apiVersion");
        assert_eq!(field_name("UID"), "uid");
        assert_eq!(field_name("kubevirt.io/nodeName"), "kubevirt.io/nodeName");
    }
}
