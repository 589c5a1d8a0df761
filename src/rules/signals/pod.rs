//! `pod`: the VM's virt-launcher pod: its phase, reason and message, or that the VMI has none.

use serde::Deserialize;

use super::SignalKind;
use crate::rules::context::PodsOf;
use crate::evidence::{Evidence, sets};
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PodSignal {
    /// Whose pods: the VM's virt-launcher (the default) or its hotplug attachment pods.
    #[serde(default)]
    pub(crate) of: PodsOf,
    pub(crate) phase: Option<Exact>,
    pub(crate) reason: Option<Exact>,
    pub(crate) message: Option<Pattern>,
    /// No launcher pod exists at all.
    #[serde(default)]
    pub(crate) missing: bool,
    pub(crate) source: String,
}

impl SignalKind for PodSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        if self.missing || self.phase.is_some() {
            return Vec::new();
        }
        super::text_patterns(self.message.as_ref(), self.reason.as_ref())
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        if self.missing {
            if let Some(vmi) = ctx.vmi
                && ctx.links.launcher_pods.is_empty()
            {
                let what = "no virt-launcher pod for the VMI in the bundle".to_string();
                return vec![ctx.cite(vmi.origin, "phase", None, what)];
            }
            return Vec::new();
        }
        let mut out: Vec<Evidence> = if self.text_patterns().is_empty() {
            Vec::new()
        } else {
            super::in_text(ctx, self.message.as_ref(), self.reason.as_ref(), None, "pod status")
        };
        out.extend(ctx
            .pods(self.of)
            .filter(|p| self.phase.as_ref().is_none_or(|r| r.is_match(&p.status.phase)))
            .filter(|p| {
                self.reason
                    .as_ref()
                    .is_none_or(|r| r.is_match(&p.status.reason))
            })
            .filter(|p| {
                self.message
                    .as_ref()
                    .is_none_or(|m| m.is_match(&p.status.message))
            })
            .map(|p| {
                let what = format!("pod {} phase {}", p.metadata.name, p.status.phase);
                let key = if self.message.is_some() {
                    "message"
                } else if self.reason.is_some() {
                    "reason"
                } else {
                    "phase"
                };
                let s = &p.status;
                let mut quote = format!("phase {}", s.phase);
                if !s.reason.is_empty() {
                    quote.push_str(&format!(" {}", s.reason));
                }
                if !s.message.is_empty() {
                    quote.push_str(&format!(": {}", s.message));
                }
                Evidence::in_object(
                    ctx.inv,
                    p.origin,
                    |l| sets(l, key, None) || l.starts_with("Status:"),
                    what,
                )
                .quoting(&quote, self.message.as_ref().map(|m| &m.0))
            }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn hotplug_attachment_pods_are_the_vms_too() {
        let hp = r#"apiVersion: v1
kind: Pod
metadata:
  name: hp-volume-x7k2p
  namespace: vms
  ownerReferences:
  - {apiVersion: v1, kind: Pod, name: virt-launcher-testvm-abcde, uid: 0e1b6a54-0000-4000-8000-000000000003}
status:
  phase: Pending
"#;
        let files = [("mg/namespaces/vms/pods/hp-volume-x7k2p/hp-volume-x7k2p.yaml", hp)];
        assert!(eval("pod: {phase: Pending, source: t}", &files).is_empty());
        let got = eval("pod: {of: hotplug, phase: Pending, source: t}", &files);
        assert_eq!(got[0].what, "pod hp-volume-x7k2p phase Pending");
    }

    #[test]
    fn phase_and_missing_pod() {
        let got = eval("pod: {phase: Running, source: t}", &[]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].excerpt, "phase Running");
        assert!(eval("pod: {phase: Pending, source: t}", &[]).is_empty());
        assert!(eval("pod: {missing: true, source: t}", &[]).is_empty());
        let pods = base_path("vms/core/pods.yaml");
        let got = eval("pod: {missing: true, source: t}", &[(&pods, "")]);
        assert_eq!(got[0].what, "no virt-launcher pod for the VMI in the bundle");
    }
}
