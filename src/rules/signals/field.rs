//! `field`: any field of one of the VM's objects, by its path (`status.migrationState.failed`,
//! `spec.domain.cpu.model`), matched against a value: for what the typed objects do not keep.
//! The object is parsed again from its own lines, so only objects read from YAML or JSON
//! have fields to match; a list on the path matches when any of its items does.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::{Evidence, sets};
use crate::inventory::Origin;
use crate::rules::context::VmContext;
use crate::rules::pattern::Exact;

/// Which object's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Whose {
    Vm,
    Vmi,
    LauncherPod,
    Node,
    Pvc,
    DataVolume,
    Migration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldSignal {
    pub(crate) object: Whose,
    /// Dot-separated field names.
    pub(crate) path: String,
    /// The value, as text (`true`, `Failed`, `Cascadelake-.*`).
    pub(crate) value: Exact,
    pub(crate) source: String,
}

impl SignalKind for FieldSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let (inv, l) = (ctx.inv, ctx.links);
        let origins: Vec<Origin> = match self.object {
            Whose::Vm => ctx.vm.map(|v| v.origin).into_iter().collect(),
            Whose::Vmi => ctx.vmi.map(|v| v.origin).into_iter().collect(),
            Whose::LauncherPod => l.launcher_pods.iter().map(|&i| inv.pods[i].origin).collect(),
            Whose::Node => ctx.node_object().map(|n| n.origin).into_iter().collect(),
            Whose::Pvc => l.pvcs.iter().map(|&i| inv.pvcs[i].origin).collect(),
            Whose::DataVolume => l.data_volumes.iter().map(|&i| inv.data_volumes[i].origin).collect(),
            Whose::Migration => l.migrations.iter().take(1).map(|&i| inv.migrations[i].origin).collect(),
        };
        let steps: Vec<&str> = self.path.split('.').collect();
        let last = steps.last().copied().unwrap_or("");
        origins
            .into_iter()
            .filter_map(|origin| {
                let value = inv.object_value(origin)?;
                let found = values_at(&value, &steps)
                    .into_iter()
                    .find(|v| self.value.is_match(v))?;
                Some(Evidence::in_object(
                    inv,
                    origin,
                    |line| sets(line, last, Some(&found)),
                    format!("{} = {found}", self.path),
                ))
            })
            .collect()
    }
}

/// The values at `path` under `value`, as text; through lists, every item's.
fn values_at(value: &serde_yaml::Value, path: &[&str]) -> Vec<String> {
    use serde_yaml::Value;
    match (value, path.split_first()) {
        (Value::Sequence(items), _) => items.iter().flat_map(|i| values_at(i, path)).collect(),
        (_, None) => match value {
            Value::String(s) => vec![s.clone()],
            Value::Bool(b) => vec![b.to_string()],
            Value::Number(n) => vec![n.to_string()],
            _ => Vec::new(),
        },
        (Value::Mapping(m), Some((head, rest))) => m
            .get(*head)
            .map(|v| values_at(v, rest))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn a_field_the_typed_objects_do_not_keep() {
        let got = eval(
            "field: {object: vmi, path: status.phaseTransitionTimestamps.phase, value: Scheduled, source: t}",
            &[],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].excerpt, "phase: Scheduled");
        assert!(
            eval("field: {object: vm, path: spec.runStrategy, value: Halted, source: t}", &[]).is_empty()
        );
        assert_eq!(
            eval("field: {object: vm, path: spec.runStrategy, value: Always, source: t}", &[]).len(),
            1
        );
    }
}
