//! `any`: a group of signals of which at least one must hold, nested inside a rule's `all`
//! (or another group): "this condition, and one of these messages".

use serde::Deserialize;

use super::{Signal, SignalKind};
use crate::evidence::Evidence;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub(crate) struct AnySignal(pub(crate) Vec<Signal>);

impl SignalKind for AnySignal {
    /// A group's sources are its members'.
    fn source(&self) -> &str {
        "group"
    }

    fn children(&self) -> &[Signal] {
        &self.0
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        self.0.iter().flat_map(|s| s.evaluate(ctx)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn one_member_is_enough() {
        let one = "any:\n- vmi: {phase: Scheduled, source: t}\n- pvc: {phase: Lost, source: t}\n";
        assert_eq!(eval(one, &[]).len(), 1);
        let none = "any:\n- vmi: {phase: Running, source: t}\n- pvc: {phase: Lost, source: t}\n";
        assert!(eval(none, &[]).is_empty());
    }
}
