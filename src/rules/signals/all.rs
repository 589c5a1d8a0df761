//! `all`: a group of signals that must all hold, nested inside a rule's `any` (or another
//! group): "this event, and that log line", as one alternative among others.

use serde::Deserialize;

use super::{Signal, SignalKind};
use crate::evidence::Evidence;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub(crate) struct AllSignal(pub(crate) Vec<Signal>);

impl SignalKind for AllSignal {
    /// A group's sources are its members'.
    fn source(&self) -> &str {
        "group"
    }

    fn children(&self) -> &[Signal] {
        &self.0
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = Vec::new();
        for s in &self.0 {
            let found = s.evaluate(ctx);
            if found.is_empty() {
                return Vec::new();
            }
            out.extend(found);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn every_member_must_hold() {
        let both = "all:\n- vmi: {phase: Scheduled, source: t}\n- pvc: {phase: Bound, source: t}\n";
        assert_eq!(eval(both, &[]).len(), 2);
        let one = "all:\n- vmi: {phase: Scheduled, source: t}\n- pvc: {phase: Lost, source: t}\n";
        assert!(eval(one, &[]).is_empty());
    }
}
