//! `event`: a Kubernetes event about the VM and its objects, or about its node.

use serde::Deserialize;

use super::SignalKind;
use super::repeat::Repeat;
use crate::evidence::Evidence;
use crate::inventory::Event;
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

/// Whose events a signal looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum About {
    /// The VM, its VMI, launcher pods, PVCs, DataVolumes and migrations.
    #[default]
    Vm,
    /// The VM's node.
    Node,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventSignal {
    #[serde(default)]
    pub(crate) about: About,
    pub(crate) reason: Option<Exact>,
    pub(crate) message: Option<Pattern>,
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    /// Events whose message also matches this are not evidence (a known harmless variant).
    pub(crate) unless: Option<Pattern>,
    /// How often it must have happened (an event's count adds up).
    #[serde(flatten)]
    pub(crate) repeat: Repeat,
    pub(crate) source: String,
}

impl SignalKind for EventSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        super::text_patterns(self.message.as_ref(), self.reason.as_ref())
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let idx = match self.about {
            About::Vm => &ctx.links.events,
            About::Node => &ctx.links.node_events,
        };
        let mut out: Vec<(Evidence, u32)> = idx
            .iter()
            .map(|&i| &ctx.inv.events[i])
            .filter(|e| self.reason.as_ref().is_none_or(|r| r.is_match(&e.reason)))
            .filter(|e| self.message.as_ref().is_none_or(|m| m.is_match(&e.message)))
            .filter(|e| self.kind.as_ref().is_none_or(|k| *k == e.kind))
            .filter(|e| !self.unless.as_ref().is_some_and(|u| u.is_match(&e.message)))
            .map(|e| {
                let times = if e.count > 1 {
                    format!(" (x{})", e.count)
                } else {
                    String::new()
                };
                let what = if e.involved.name.is_empty() {
                    format!("event {}{times}, pasted without its object", e.reason)
                } else {
                    format!(
                        "event {}{times} on {} {}",
                        e.reason, e.involved.kind, e.involved.name
                    )
                };
                let evidence = cite_event(ctx, e, what)
                // The whole message, wrapped lines and folded YAML joined.
                .quoting(&e.message, self.message.as_ref().map(|m| &m.0))
                .at(e.last_seen);
                (evidence, e.count.max(1))
            })
            .collect();
        let what = match &self.reason {
            Some(_) if self.message.is_none() => "event reason",
            _ => "event message",
        };
        out.extend(
            super::in_text(
                ctx,
                self.message.as_ref(),
                self.reason.as_ref(),
                self.unless.as_ref(),
                what,
            )
            .into_iter()
            .map(|e| (e, 1)),
        );
        self.repeat.keep(out)
    }
}

/// Where an event is cited: its row in a describe table, or its `message:` line in YAML.
pub(crate) fn cite_event(ctx: &VmContext, e: &Event, what: String) -> Evidence {
    let o = e.origin;
    if o.start == o.end {
        // A describe table row: the row is the evidence.
        let text = ctx.inv.line_text(o.file, o.line).unwrap_or("");
        Evidence::new(ctx.inv, o.file, o.line, text, what)
    } else {
        ctx.cite(o, "message", None, what)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    const EVENTS: &str = r#"apiVersion: v1
kind: EventList
items:
- apiVersion: v1
  kind: Event
  count: 4
  involvedObject: {kind: Pod, name: virt-launcher-testvm-abcde, namespace: vms}
  lastTimestamp: "2024-05-01T09:50:00Z"
  message: 'MountVolume.SetUp failed for volume "rootdisk" : mount failed: exit status 32'
  metadata:
    name: e2
    namespace: vms
    uid: e2
  reason: FailedMount
  type: Warning
"#;

    #[test]
    fn matches_reason_and_message_and_cites_the_message_line() {
        let path = base_path("core/events.yaml");
        let got = eval(
            "event: {reason: FailedMount, message: 'exit status 32', source: test}",
            &[(&path, EVENTS)],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].what, "event FailedMount (x4) on Pod virt-launcher-testvm-abcde");
        assert!(got[0].excerpt.starts_with("MountVolume.SetUp failed"), "{}", got[0].excerpt);
        assert!(got[0].time.is_some());
    }

    #[test]
    fn reason_is_exact_and_unless_excludes() {
        let path = base_path("core/events.yaml");
        assert!(eval("event: {reason: Failed, source: test}", &[(&path, EVENTS)]).is_empty());
        assert!(
            eval(
                "event: {reason: FailedMount, unless: 'status 32', source: test}",
                &[(&path, EVENTS)]
            )
            .is_empty()
        );
        assert!(eval("event: {about: node, reason: FailedMount, source: test}", &[(&path, EVENTS)]).is_empty());
    }
}
