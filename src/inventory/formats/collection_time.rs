//! must-gather's `timestamp` file: when the collection ran (start, and end once done).
//! Written by openshift/oc `pkg/cli/admin/mustgather/mustgather.go` (`logTimestamp`).

use super::{Claim, Content, Format, Head, ReadContext, Reading, TextFile};
use crate::timestamp::Timestamp;

pub(crate) struct CollectionTime;

impl Format for CollectionTime {
    fn name(&self) -> &'static str {
        "must-gather timestamp"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        (file.name() == "timestamp" && file.text.lines().any(|l| Timestamp::parse(l).is_some())).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, _: &ReadContext, _: &mut Vec<String>) -> Reading {
        // The end time, on the second line, is the later one when the run finished.
        match file.text.lines().filter_map(Timestamp::parse).max() {
            Some(t) => Reading::alone(Content::CollectionTime(t)),
            None => Reading::alone(Content::NotUsed),
        }
    }
}
