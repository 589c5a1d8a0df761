//! `node`: facts of the VM's node object: cordoned, a taint, a label present or absent, an
//! allocatable resource missing. Every field given must hold.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::inventory::Node;
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NodeSignal {
    pub(crate) unschedulable: Option<bool>,
    /// A taint whose `key` matches.
    pub(crate) taint: Option<Pattern>,
    /// A label key matching this that the node carries (`has_label`) or lacks (`lacks_label`).
    pub(crate) has_label: Option<Pattern>,
    pub(crate) lacks_label: Option<Pattern>,
    /// An allocatable resource that is absent or zero.
    pub(crate) lacks_allocatable: Option<String>,
    /// A label with this key and value (`kubevirt.io/schedulable` = `false`).
    pub(crate) label: Option<LabelMatch>,
    pub(crate) source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabelMatch {
    pub(crate) key: Exact,
    pub(crate) value: Exact,
}

impl SignalKind for NodeSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let Some(node) = ctx.node_object() else {
            return Vec::new();
        };
        let name = &node.metadata.name;
        let mut out = Vec::new();
        let mut all = true;
        if let Some(want) = self.unschedulable {
            all &= node.spec.unschedulable == want;
            if node.spec.unschedulable == want && want {
                out.push(ctx.cite(
                    node.origin,
                    "unschedulable",
                    None,
                    format!("node {name} is cordoned"),
                ));
            }
        }
        if let Some(p) = &self.taint {
            match node.spec.taints.iter().find(|t| p.is_match(&t.key)) {
                Some(t) => out.push(
                    Evidence::in_object(
                        ctx.inv,
                        node.origin,
                        |l| l.contains(&t.key),
                        format!("node {name} taint {}:{}", t.key, t.effect),
                    )
                    .quoting(&taint_line(t), None),
                ),
                None => all = false,
            }
        }
        if let Some(p) = &self.has_label {
            match node.metadata.labels.iter().find(|(k, _)| p.is_match(k)) {
                Some((k, v)) => out.push(label_evidence(ctx, node, k, v)),
                None => all = false,
            }
        }
        if let Some(p) = &self.lacks_label {
            // A node read from a table or a cut paste shows no labels at all: their absence
            // there says nothing.
            if node.metadata.labels.is_empty()
                || node.metadata.labels.keys().any(|k| p.is_match(k))
            {
                all = false;
            } else {
                out.push(ctx.cite(
                    node.origin,
                    "labels",
                    None,
                    format!("node {name} has no label matching {}", p.as_str()),
                ));
            }
        }
        if let Some(want) = &self.label {
            match node
                .metadata
                .labels
                .iter()
                .find(|(k, v)| want.key.is_match(k) && want.value.is_match(v))
            {
                Some((k, v)) => out.push(label_evidence(ctx, node, k, v)),
                None => all = false,
            }
        }
        if let Some(res) = &self.lacks_allocatable {
            // Likewise allocatable resources: unknown unless some are shown.
            let present = node.status.allocatable.is_empty()
                || node.status.allocatable.get(res).is_some_and(|v| {
                    let text = match v {
                        serde_yaml::Value::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap_or_default(),
                    };
                    !matches!(text.trim(), "0" | "")
                });
            if present {
                all = false;
            } else {
                out.push(ctx.cite(
                    node.origin,
                    "allocatable",
                    None,
                    format!("node {name} has no allocatable {res}"),
                ));
            }
        }
        if all { out } else { Vec::new() }
    }
}

/// A taint as kubectl writes it: `key=value:Effect`, or `key:Effect`.
fn taint_line(t: &crate::inventory::Taint) -> String {
    if t.value.is_empty() {
        format!("{}:{}", t.key, t.effect)
    } else {
        format!("{}={}:{}", t.key, t.value, t.effect)
    }
}

/// A node label cited from the line of its key.
fn label_evidence(ctx: &VmContext, node: &Node, key: &str, value: &str) -> Evidence {
    let name = &node.metadata.name;
    Evidence::in_object(
        ctx.inv,
        node.origin,
        |l| l.contains(key),
        format!("node {name} label {key}={value}"),
    )
    .quoting(&format!("{key}={value}"), None)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    const CORDONED: &str = r#"apiVersion: v1
kind: Node
metadata:
  name: node01
  labels: {kubernetes.io/hostname: node01}
spec:
  unschedulable: true
  taints:
  - {key: node.kubernetes.io/unschedulable, effect: NoSchedule}
status:
  allocatable: {cpu: "16", devices.kubevirt.io/kvm: "0"}
"#;

    #[test]
    fn every_given_fact_must_hold() {
        let path = base_path("nodes/node01.yaml");
        let got = eval(
            "node: {unschedulable: true, taint: 'unschedulable', source: t}",
            &[(&path, CORDONED)],
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].what, "node node01 is cordoned");
        assert!(eval("node: {unschedulable: true, source: t}", &[]).is_empty());
        assert!(
            eval(
                "node: {unschedulable: true, taint: 'unreachable', source: t}",
                &[(&path, CORDONED)]
            )
            .is_empty()
        );
    }

    #[test]
    fn labels_and_allocatable_resources() {
        let path = base_path("nodes/node01.yaml");
        assert_eq!(eval("node: {has_label: 'kubevirt.io/schedulable', source: t}", &[]).len(), 1);
        assert!(eval("node: {lacks_label: 'kubevirt.io/schedulable', source: t}", &[]).is_empty());
        assert_eq!(
            eval("node: {lacks_label: 'kubevirt.io/schedulable', source: t}", &[(&path, CORDONED)]).len(),
            1
        );
        assert!(eval("node: {lacks_allocatable: devices.kubevirt.io/kvm, source: t}", &[]).is_empty());
        let value = "node: {label: {key: kubevirt.io/schedulable, value: 'false'}, source: t}";
        assert!(eval(value, &[]).is_empty(), "the base node is schedulable");
        let unschedulable = CORDONED.replace(
            "labels: {kubernetes.io/hostname: node01}",
            "labels: {kubernetes.io/hostname: node01, kubevirt.io/schedulable: 'false'}",
        );
        assert_eq!(eval(value, &[(&path, &unschedulable)]).len(), 1);
        let got = eval(
            "node: {lacks_allocatable: devices.kubevirt.io/kvm, source: t}",
            &[(&path, CORDONED)],
        );
        assert_eq!(got[0].what, "node node01 has no allocatable devices.kubevirt.io/kvm");
    }
}
