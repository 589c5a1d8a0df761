//! The names a rule's next steps (and the runbook's steps) are filled with: the real names
//! of a VM's objects, or shell variables standing for them.

use serde::Serialize;

/// Real names for the runbook's placeholders. A name the bundle did not give, or gave in a
/// form that is not a valid Kubernetes name (and so not safe in a shell command), is a shell
/// variable instead (`$LAUNCHER_POD`); the steps then start with the runbook's `export` line
/// that sets it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Names {
    pub(crate) namespace: String,
    pub(crate) vm: String,
    pub(crate) vmi: String,
    pub(crate) node: String,
    pub(crate) launcher_pod: String,
    pub(crate) handler_pod: String,
    pub(crate) handler_namespace: String,
    pub(crate) pvcs: Vec<String>,
    pub(crate) volume_attachments: Vec<String>,
    /// The VM has a VMI in the bundle (steps about the VMI apply).
    pub(crate) has_vmi: bool,
    /// Its VMI is Running (steps inside the domain, `virsh`, and migration apply).
    pub(crate) vmi_running: bool,
    /// The variables standing for names, in the order their `export` lines must come.
    pub(crate) variables: Vec<Variable>,
    /// Names read from the bundle that are not valid Kubernetes names: left out of every
    /// command.
    pub(crate) refused: Vec<String>,
}

/// A name the steps use as a shell variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) enum Variable {
    KubevirtNamespace,
    Namespace,
    Vm,
    Node,
    LauncherPod,
    HandlerPod,
}

impl Variable {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Variable::KubevirtNamespace => "KUBEVIRT_NAMESPACE",
            Variable::Namespace => "NAMESPACE",
            Variable::Vm => "VM",
            Variable::Node => "NODE",
            Variable::LauncherPod => "LAUNCHER_POD",
            Variable::HandlerPod => "HANDLER_POD",
        }
    }

    /// The line that sets it, as the runbook sets `NAMESPACE`: from the cluster where it
    /// can, using the other names (values, or variables set by earlier lines).
    pub(crate) fn export(self, n: &Names) -> String {
        let q = |v: &str| {
            if v.starts_with('$') {
                format!("\"{v}\"")
            } else {
                v.to_string()
            }
        };
        match self {
            Variable::KubevirtNamespace => "export KUBEVIRT_NAMESPACE=\"$(kubectl get kubevirt -A -o custom-columns=\"\":.metadata.namespace)\"".to_string(),
            Variable::Namespace => "export NAMESPACE=<the VM's namespace>".to_string(),
            Variable::Vm => "export VM=<the VM's name>".to_string(),
            Variable::Node => format!(
                "export NODE=\"$(kubectl get vmi {} -n {} -o jsonpath='{{.status.nodeName}}')\"",
                q(&n.vmi),
                q(&n.namespace)
            ),
            Variable::LauncherPod => format!(
                "export LAUNCHER_POD=\"$(kubectl get pods -n {} -l kubevirt.io/domain={} -o jsonpath='{{.items[0].metadata.name}}')\"",
                q(&n.namespace),
                q(&n.vm)
            ),
            Variable::HandlerPod => format!(
                "export HANDLER_POD=\"$(kubectl get pods -n {} -l kubevirt.io=virt-handler --field-selector spec.nodeName={} -o jsonpath='{{.items[0].metadata.name}}')\"",
                q(&n.handler_namespace),
                q(&n.node)
            ),
        }
    }
}

impl Names {
    /// Every name a variable, for the runbook's steps written once for all VMs.
    pub(crate) fn generic() -> Names {
        Names {
            namespace: "${NAMESPACE}".into(),
            vm: "${VM}".into(),
            vmi: "${VM}".into(),
            node: "${NODE}".into(),
            launcher_pod: "${LAUNCHER_POD}".into(),
            handler_pod: "${HANDLER_POD}".into(),
            handler_namespace: "${KUBEVIRT_NAMESPACE}".into(),
            pvcs: vec!["${PVC}".into()],
            volume_attachments: Vec::new(),
            has_vmi: true,
            vmi_running: true,
            variables: Vec::new(),
            refused: Vec::new(),
        }
    }

    /// One `export` line setting every name the bundle gave, for the generic steps.
    pub(crate) fn export_line(&self) -> String {
        let mut parts = Vec::new();
        for (var, value) in [
            ("NAMESPACE", &self.namespace),
            ("VM", &self.vm),
            ("NODE", &self.node),
            ("LAUNCHER_POD", &self.launcher_pod),
            ("HANDLER_POD", &self.handler_pod),
            ("KUBEVIRT_NAMESPACE", &self.handler_namespace),
        ] {
            if !value.starts_with('$') {
                parts.push(format!("{var}={value}"));
            }
        }
        if let Some(pvc) = self.pvcs.first() {
            parts.push(format!("PVC={pvc}"));
        }
        format!("export {}", parts.join(" "))
    }
}
