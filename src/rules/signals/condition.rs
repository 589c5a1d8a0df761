//! What a condition signal matches, shared by the node's and the VMI's conditions.

use serde::Deserialize;

use crate::evidence::{Evidence, sets};
use crate::inventory::{Condition, ConditionStatus, Origin};
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionMatch {
    #[serde(rename = "type")]
    pub(crate) kind: Exact,
    /// `True`, `False` or `Unknown` (or alternatives: `False|Unknown`); any when absent.
    pub(crate) status: Option<Exact>,
    pub(crate) reason: Option<Exact>,
    pub(crate) message: Option<Pattern>,
    /// Conditions whose message also matches this are not evidence.
    pub(crate) unless: Option<Pattern>,
    pub(crate) source: String,
}

impl ConditionMatch {
    /// The conditions of `owner` (read at `origin`) that match, each cited at its `type:` line
    /// in YAML or its row in a describe table.
    pub(crate) fn evaluate(
        &self,
        ctx: &VmContext,
        conditions: &[Condition],
        origin: Origin,
        owner: &str,
    ) -> Vec<Evidence> {
        let mut out: Vec<Evidence> = conditions
            .iter()
            .filter(|c| self.kind.is_match(&c.kind))
            .filter(|c| {
                self.status
                    .as_ref()
                    .is_none_or(|s| s.is_match(status_name(c.status)))
            })
            .filter(|c| self.reason.as_ref().is_none_or(|r| r.is_match(&c.reason)))
            .filter(|c| self.message.as_ref().is_none_or(|m| m.is_match(&c.message)))
            .filter(|c| !self.unless.as_ref().is_some_and(|u| u.is_match(&c.message)))
            .map(|c| {
                let what = format!("{owner} condition {}={:?} ({})", c.kind, c.status, c.reason);
                let row = format!("{} ", c.kind);
                Evidence::in_object(
                    ctx.inv,
                    origin,
                    |l| sets(l, "type", Some(&c.kind)) || l.trim_start().starts_with(&row),
                    what,
                )
                .quoting(&one_line(c), self.message.as_ref().map(|m| &m.0))
                .at(c.last_transition_time)
            })
            .collect();
        // In pasted text only a message tells a condition (a type and status alone do not).
        if self.message.is_some() {
            out.extend(super::in_text(
                ctx,
                self.message.as_ref(),
                None,
                self.unless.as_ref(),
                "condition message",
            ));
        }
        out
    }

    pub(crate) fn text_patterns(&self) -> Vec<&str> {
        super::text_patterns(self.message.as_ref(), None)
    }
}

/// A condition as one line: `Ready=False ContainersNotReady: containers with unready status:
/// [compute]`.
pub(crate) fn one_line(c: &Condition) -> String {
    let mut out = format!("{}={}", c.kind, status_name(c.status));
    if !c.reason.is_empty() {
        out.push(' ');
        out.push_str(&c.reason);
    }
    if !c.message.is_empty() {
        out.push_str(if c.reason.is_empty() { " " } else { ": " });
        out.push_str(&c.message);
    }
    out
}

fn status_name(status: ConditionStatus) -> &'static str {
    match status {
        ConditionStatus::True => "True",
        ConditionStatus::False => "False",
        ConditionStatus::Unknown => "Unknown",
    }
}
