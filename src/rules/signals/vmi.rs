//! `vmi`: the VM's VMI: its phase, reason, and whether it is being deleted.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;
use crate::rules::pattern::Exact;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VmiSignal {
    pub(crate) phase: Option<Exact>,
    pub(crate) reason: Option<Exact>,
    /// The VMI has a `deletionTimestamp`.
    pub(crate) deleting: Option<bool>,
    pub(crate) source: String,
}

impl SignalKind for VmiSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let Some(vmi) = ctx.vmi else {
            return Vec::new();
        };
        let s = &vmi.status;
        let ok = self.phase.as_ref().is_none_or(|p| p.is_match(&s.phase))
            && self.reason.as_ref().is_none_or(|r| r.is_match(&s.reason))
            && self
                .deleting
                .is_none_or(|d| d == vmi.metadata.deletion_timestamp.is_some());
        if !ok {
            return Vec::new();
        }
        let key = if self.deleting == Some(true) {
            "deletionTimestamp"
        } else if self.reason.is_some() {
            "reason"
        } else {
            "phase"
        };
        let what = format!(
            "VMI {} phase {}{}",
            vmi.metadata.name,
            s.phase,
            if s.reason.is_empty() {
                String::new()
            } else {
                format!(" reason {}", s.reason)
            }
        );
        let mut quote = format!("phase {}", s.phase);
        if !s.reason.is_empty() {
            quote.push_str(&format!(", reason {}", s.reason));
        }
        vec![ctx.cite(vmi.origin, key, None, what).quoting(&quote, None)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn phase_and_deletion() {
        let got = eval("vmi: {phase: Scheduled, source: t}", &[]);
        assert_eq!(got[0].what, "VMI testvm phase Scheduled");
        assert_eq!(got[0].excerpt, "phase Scheduled");
        assert!(eval("vmi: {phase: Scheduled, deleting: true, source: t}", &[]).is_empty());
        assert_eq!(eval("vmi: {deleting: false, source: t}", &[]).len(), 1);
    }
}
