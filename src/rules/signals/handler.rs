//! `handler`: the virt-handler pod of the VM's node: missing, not ready, or restarting.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::inventory::Pod;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HandlerSignal {
    /// No virt-handler pod on the node.
    #[serde(default)]
    pub(crate) missing: bool,
    /// A virt-handler pod on the node that is not Running and ready.
    #[serde(default)]
    pub(crate) not_ready: bool,
    pub(crate) min_restarts: Option<u32>,
    pub(crate) source: String,
}

impl SignalKind for HandlerSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let Some(node) = ctx.links.node.as_deref() else {
            return Vec::new();
        };
        let handlers: Vec<&Pod> = ctx
            .links
            .handler_pods
            .iter()
            .map(|&i| &ctx.inv.pods[i])
            .collect();
        if self.missing {
            // Without any handler pod in the bundle, the KubeVirt namespace was simply not
            // collected: absence on this node proves nothing.
            if handlers.is_empty() && ctx.inv.links.handlers_collected {
                let what = format!("no virt-handler pod on node {node} (other nodes have one)");
                let origin = ctx
                    .node_object()
                    .map(|n| n.origin)
                    .or(ctx.vmi.map(|v| v.origin))
                    .or(ctx.vm.map(|v| v.origin));
                let quote = format!("no virt-handler pod is on node {node}");
                return origin
                    .map(|o| ctx.cite(o, "name", Some(node), what).quoting(&quote, None))
                    .into_iter()
                    .collect();
            }
            return Vec::new();
        }
        handlers
            .into_iter()
            .filter(|p| {
                let unready = p.status.phase != "Running"
                    || p.status.container_statuses.iter().any(|c| !c.ready);
                (!self.not_ready || unready)
                    && self.min_restarts.is_none_or(|m| {
                        p.status
                            .container_statuses
                            .iter()
                            .any(|c| c.restart_count >= m)
                    })
            })
            .map(|p| {
                let restarts: u32 = p
                    .status
                    .container_statuses
                    .iter()
                    .map(|c| c.restart_count)
                    .max()
                    .unwrap_or(0);
                let what = format!(
                    "virt-handler pod {} phase {} restarts {restarts}",
                    p.metadata.name, p.status.phase
                );
                let key = if self.min_restarts.is_some() {
                    "restartCount"
                } else {
                    "ready"
                };
                let states: Vec<String> = p
                    .status
                    .container_statuses
                    .iter()
                    .map(|c| {
                        format!(
                            "{} ready={} restarts={}",
                            c.name, c.ready, c.restart_count
                        )
                    })
                    .collect();
                let quote = format!("phase {}; {}", p.status.phase, states.join(", "));
                ctx.cite(p.origin, key, None, what).quoting(&quote, None)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn missing_only_when_other_nodes_have_a_handler() {
        assert!(eval("handler: {missing: true, source: t}", &[]).is_empty());
        let path = base_path("openshift-cnv/core/pods.yaml");
        let elsewhere = r#"apiVersion: v1
kind: Pod
metadata: {name: virt-handler-n2xyz, namespace: openshift-cnv, labels: {kubevirt.io: virt-handler}}
spec: {nodeName: node02}
status: {phase: Running}
"#;
        let got = eval("handler: {missing: true, source: t}", &[(&path, elsewhere)]);
        assert_eq!(got[0].what, "no virt-handler pod on node node01 (other nodes have one)");
        // No handler pod anywhere: the namespace was not collected; nothing is proven.
        assert!(eval("handler: {missing: true, source: t}", &[(&path, "")]).is_empty());
    }

    #[test]
    fn not_ready_and_restarts() {
        assert!(eval("handler: {not_ready: true, source: t}", &[]).is_empty());
        assert_eq!(eval("handler: {min_restarts: 0, source: t}", &[]).len(), 1);
        assert!(eval("handler: {min_restarts: 1, source: t}", &[]).is_empty());
    }
}
