//! `hotplug_volume`: the status of a hotplugged volume on the VMI.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HotplugSignal {
    pub(crate) phase: Option<Exact>,
    pub(crate) reason: Option<Exact>,
    pub(crate) message: Option<Pattern>,
    pub(crate) source: String,
}

impl SignalKind for HotplugSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        if self.phase.is_some() {
            return Vec::new();
        }
        super::text_patterns(self.message.as_ref(), self.reason.as_ref())
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = if self.text_patterns().is_empty() {
            Vec::new()
        } else {
            super::in_text(ctx, self.message.as_ref(), self.reason.as_ref(), None, "hotplug volume status")
        };
        let Some(vmi) = ctx.vmi else {
            return out;
        };
        out.extend(vmi.status
            .volume_status
            .iter()
            .filter(|v| v.hotplug_volume.is_some())
            .filter(|v| self.phase.as_ref().is_none_or(|p| p.is_match(&v.phase)))
            .filter(|v| self.reason.as_ref().is_none_or(|r| r.is_match(&v.reason)))
            .filter(|v| self.message.as_ref().is_none_or(|m| m.is_match(&v.message)))
            .map(|v| {
                let what = format!("hotplug volume {} phase {} {}", v.name, v.phase, v.reason);
                let (key, value) = if self.message.is_some() {
                    ("message", v.message.as_str())
                } else if self.reason.is_some() {
                    ("reason", v.reason.as_str())
                } else {
                    ("phase", v.phase.as_str())
                };
                // A folded message is found by its first line.
                let first = value.lines().next().unwrap_or("");
                let mut quote = format!("{} {} {}", v.name, v.phase, v.reason);
                if !v.message.is_empty() {
                    quote.push_str(&format!(": {}", v.message));
                }
                ctx.cite(vmi.origin, key, Some(first), what)
                    .quoting(&quote, self.message.as_ref().map(|m| &m.0))
            }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn only_hotplugged_volumes() {
        let path = base_path("virtualmachineinstances.yaml");
        let vmi = r#"apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata: {name: testvm, namespace: vms, uid: 0e1b6a54-0000-4000-8000-000000000002}
status:
  phase: Running
  nodeName: node01
  volumeStatus:
  - name: rootdisk
    phase: Pending
  - name: hp-data
    phase: AttachedToNode
    reason: SuccessfulCreate
    hotplugVolume: {attachPodName: hp-volume-x7k2p}
"#;
        let got = eval("hotplug_volume: {phase: AttachedToNode, source: t}", &[(&path, vmi)]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].what, "hotplug volume hp-data phase AttachedToNode SuccessfulCreate");
        assert!(eval("hotplug_volume: {phase: Pending, source: t}", &[(&path, vmi)]).is_empty());
    }
}
