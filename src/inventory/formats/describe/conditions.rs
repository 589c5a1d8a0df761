//! Condition tables: a pod's `Type  Status` and a node's with heartbeat, transition,
//! reason and message.

use super::Section;
use crate::inventory::objects::*;
use crate::timestamp::Timestamp;

impl Section<'_> {
    /// A table under `heading` whose first columns are `Type` and `Status` (a pod's
    /// conditions).
    pub(super) fn status_table(&self, heading: &str) -> Vec<Condition> {
        self.table(heading)
            .into_iter()
            .filter(|(_, cells)| cells.len() >= 2 && !cells[0].is_empty())
            .map(|(_, c)| Condition {
                kind: c[0].clone(),
                status: condition_status(&c[1]),
                ..Condition::default()
            })
            .collect()
    }

    pub(super) fn node_conditions(&self) -> Vec<Condition> {
        self.table("Conditions")
            .into_iter()
            .filter(|(_, cells)| cells.len() >= 6)
            .map(|(_, c)| Condition {
                kind: c[0].clone(),
                status: condition_status(&c[1]),
                last_heartbeat_time: Timestamp::parse_rfc1123(&c[2]),
                last_transition_time: Timestamp::parse_rfc1123(&c[3]),
                reason: c[4].clone(),
                message: c[5..].join(" ").trim().to_string(),
            })
            .collect()
    }
}

fn condition_status(text: &str) -> ConditionStatus {
    match text {
        "True" => ConditionStatus::True,
        "False" => ConditionStatus::False,
        _ => ConditionStatus::Unknown,
    }
}
