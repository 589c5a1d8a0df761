//! `container`: a container (or init container) of the VM's virt-launcher pods: its waiting
//! or terminated reason and message, exit code, restarts, readiness.

use serde::Deserialize;

use super::SignalKind;
use crate::rules::context::PodsOf;
use crate::evidence::{Evidence, sets};
use crate::inventory::ContainerState;
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

/// Which state of a container a signal reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ContainerStateKind {
    /// `state` (now).
    #[default]
    Current,
    /// `lastState` (the previous run).
    Last,
    /// Either.
    Any,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContainerSignal {
    /// Whose pods: the VM's virt-launcher (the default) or its hotplug attachment pods.
    #[serde(default)]
    pub(crate) of: PodsOf,
    /// Container name; any container when absent.
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) state: ContainerStateKind,
    /// The `waiting` or `terminated` reason.
    pub(crate) reason: Option<Exact>,
    pub(crate) message: Option<Pattern>,
    pub(crate) exit_code: Option<i32>,
    pub(crate) min_restarts: Option<u32>,
    /// Only containers that are not ready.
    #[serde(default)]
    pub(crate) not_ready: bool,
    pub(crate) source: String,
}

impl SignalKind for ContainerSignal {
    fn source(&self) -> &str {
        &self.source
    }

    /// A state's reason or message in a paste, when nothing else (exit code, restarts,
    /// readiness) must be checked too.
    fn text_patterns(&self) -> Vec<&str> {
        if self.exit_code.is_some() || self.min_restarts.is_some() || self.not_ready {
            return Vec::new();
        }
        super::text_patterns(self.message.as_ref(), self.reason.as_ref())
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = Vec::new();
        if !self.text_patterns().is_empty() {
            out.extend(super::in_text(
                ctx,
                self.message.as_ref(),
                self.reason.as_ref(),
                None,
                "container state",
            ));
        }
        for pod in ctx.pods(self.of) {
            for c in pod.status.all_containers() {
                // A container read from a `kubectl get` row has no name: it stands for any.
                if self.name.as_deref().is_some_and(|n| n != c.name && !c.name.is_empty()) {
                    continue;
                }
                if self.not_ready && c.ready {
                    continue;
                }
                if self.min_restarts.is_some_and(|m| c.restart_count < m) {
                    continue;
                }
                let states: Vec<(&str, &ContainerState)> = match self.state {
                    ContainerStateKind::Current => vec![("state", &c.state)],
                    ContainerStateKind::Last => vec![("lastState", &c.last_state)],
                    ContainerStateKind::Any => {
                        vec![("state", &c.state), ("lastState", &c.last_state)]
                    }
                };
                for (label, st) in states {
                    let (reason, message, exit) = match (&st.waiting, &st.terminated) {
                        (Some(w), _) => (w.reason.as_str(), w.message.as_str(), None),
                        (None, Some(t)) => {
                            (t.reason.as_str(), t.message.as_str(), Some(t.exit_code))
                        }
                        _ => continue,
                    };
                    if self.reason.as_ref().is_some_and(|r| !r.is_match(reason)) {
                        continue;
                    }
                    if self.message.as_ref().is_some_and(|m| !m.is_match(message)) {
                        continue;
                    }
                    if self.exit_code.is_some_and(|code| exit != Some(code)) {
                        continue;
                    }
                    let what = format!(
                        "pod {} container {} {label}: {reason}{}",
                        pod.metadata.name,
                        c.name,
                        exit.map(|e| format!(" (exit code {e})"))
                            .unwrap_or_default()
                    );
                    out.push(Evidence::in_object(
                        ctx.inv,
                        pod.origin,
                        |l| {
                            sets(l, "reason", Some(reason))
                                || l.trim_start().starts_with("Reason:") && l.contains(reason)
                        },
                        what,
                    )
                    .quoting(
                        &if message.is_empty() {
                            format!("{} {label} {reason}", c.name)
                        } else {
                            format!("{} {label} {reason}: {message}", c.name)
                        },
                        self.message.as_ref().map(|m| &m.0),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    const OOM: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: virt-launcher-testvm-abcde
  namespace: vms
  labels: {kubevirt.io: virt-launcher, kubevirt.io/created-by: 0e1b6a54-0000-4000-8000-000000000002}
spec: {nodeName: node01}
status:
  phase: Running
  containerStatuses:
  - name: compute
    ready: false
    restartCount: 4
    state:
      waiting:
        reason: CrashLoopBackOff
        message: back-off 5m0s restarting failed container
    lastState:
      terminated:
        reason: OOMKilled
        exitCode: 137
"#;

    #[test]
    fn reads_current_and_last_states() {
        let path = base_path("vms/core/pods.yaml");
        let last = eval(
            "container: {name: compute, state: last, reason: OOMKilled, exit_code: 137, source: t}",
            &[(&path, OOM)],
        );
        assert_eq!(last.len(), 1);
        assert_eq!(
            last[0].what,
            "pod virt-launcher-testvm-abcde container compute lastState: OOMKilled (exit code 137)"
        );
        assert_eq!((last[0].line, last[0].excerpt.as_str()), (20, "compute lastState OOMKilled"));
        let now = eval(
            "container: {reason: CrashLoopBackOff, min_restarts: 3, not_ready: true, source: t}",
            &[(&path, OOM)],
        );
        assert_eq!(now.len(), 1);
        assert!(eval("container: {reason: CrashLoopBackOff, min_restarts: 5, source: t}", &[(&path, OOM)]).is_empty());
        assert!(eval("container: {state: any, reason: OOMKilled, source: t}", &[]).is_empty());
    }
}
