//! Next steps as commands a reader can paste: the runbook's and every rule's templates filled
//! with a VM's real names, then fitted to the VM and the cluster:
//!
//! - a name the bundle did not give is a shell variable, set by an `export` line on top;
//! - without a VMI there are no VMI steps; without a running VMI no `virsh` or migration;
//! - commands meant for the node run there, through `kubectl debug node/... -- chroot /host`;
//! - a forced delete comes with the fencing warning it needs;
//! - `oc` instead of `kubectl` on OpenShift.

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::diagnosis::Names;
use crate::rules::RuleSet;

const DIAGNOSIS: &str = include_str!("../../templates/diagnosis.sh.j2");
const MITIGATION: &str = include_str!("../../templates/mitigation.sh.j2");

/// The command-line tool the steps use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cli {
    #[default]
    Kubectl,
    /// OpenShift's `oc`, which takes the same arguments.
    Oc,
}

/// The warning a forced delete needs: the runbook's own caution, said where the command is.
const FENCING: &str = "# WARNING: a forced delete does not wait for the node to confirm the VM has stopped. \
Fence the node first (power it off or isolate it), or the VM may run twice and corrupt its disks.";

/// The step templates of a report, each compiled once: the runbook's diagnosis and mitigation
/// commands and every rule's next steps (by rule id).
pub(crate) struct Steps<'a> {
    env: Environment<'a>,
    cli: Cli,
}

impl<'a> Steps<'a> {
    pub(crate) fn new(rules: &'a RuleSet, cli: Cli) -> Steps<'a> {
        // The report's own environment, with the steps' templates added to a copy of it.
        let mut env = match super::templates::environment() {
            Ok(env) => env.clone(),
            Err(_) => {
                let mut env = Environment::new();
                env.set_undefined_behavior(UndefinedBehavior::Strict);
                env
            }
        };
        // Rules are checked at load time, so these compile; a failure shows when rendering.
        let _ = env.add_template("runbook:diagnosis", DIAGNOSIS);
        let _ = env.add_template("runbook:mitigation", MITIGATION);
        for rule in rules.rules() {
            let _ = env.add_template(rule.id(), &rule.def.doc.next_steps);
            for (alt, cause) in rule.def.alternatives.iter().zip(&rule.alternatives) {
                let _ = env.add_template_owned(Self::alternative(rule.id(), *cause), &alt.check);
            }
        }
        Steps { env, cli }
    }

    /// The name of the check that tells `rule`'s cause from its alternative reading `cause`.
    pub(crate) fn alternative(rule: &str, cause: crate::cause::Cause) -> String {
        format!("{rule}#alternative:{}", cause.id())
    }

    /// The steps of template `name` for these names, fitted (see the module's doc).
    pub(crate) fn render(&self, name: &str, names: &Names) -> String {
        let ctx = Value::from(Serde(names));
        let text = match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(text) => text,
            // A bug worth seeing in the report, not hiding.
            Err(e) => return format!("(steps could not be filled in: {e})"),
        };
        fit(&text, names, self.cli)
    }
}

/// `text` fitted to the VM: see the module's doc.
pub(crate) fn fit(text: &str, names: &Names, cli: Cli) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let lines = drop_inapplicable(&lines, names);
    let lines = on_the_node(&lines);
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.contains("--force") && line.contains("--grace-period=0") {
            out.push(FENCING.to_string());
        }
        out.push(line);
    }
    let mut body = out.join("\n");
    // The variables the steps use, each set on top (in the order they depend on each other).
    let exports: Vec<String> = names
        .variables
        .iter()
        .filter(|v| {
            let var = format!("${{{}}}", v.name());
            body.contains(&var) || exports_need(names, &body, **v)
        })
        .map(|v| v.export(names))
        .collect();
    if !exports.is_empty() {
        body = format!(
            "# Not in the bundle; set from the cluster:\n{}\n{body}",
            exports.join("\n")
        );
    }
    if cli == Cli::Oc {
        body = with_oc(&body);
    }
    body
}

/// Whether another variable's export line that the steps need uses `v`.
fn exports_need(names: &Names, body: &str, v: crate::diagnosis::Variable) -> bool {
    let var = format!("${{{}}}", v.name());
    names.variables.iter().any(|other| {
        *other != v
            && body.contains(&format!("${{{}}}", other.name()))
            && other.export(names).contains(&var)
    })
}

/// The lines that apply to the VM: no VMI steps without a VMI, no `virsh` or migration
/// without a running one. A comment goes with the commands under it.
fn drop_inapplicable(lines: &[&str], names: &Names) -> Vec<String> {
    let applies = |line: &str| {
        let l = line.trim_start();
        if l.starts_with('#') {
            return true;
        }
        let vmi_step = l.contains(" vmi ") || l.contains(" vmis ") || l.contains("virtctl ");
        let domain_step = l.contains("virsh ") || l.contains("virtctl migrate");
        (names.has_vmi || !vmi_step) && (names.vmi_running || !domain_step)
    };
    let keep: Vec<bool> = lines.iter().map(|l| applies(l)).collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        if line.trim_start().starts_with('#') {
            // A comment whose commands were all dropped goes too.
            let commands: Vec<usize> = (i + 1..lines.len())
                .take_while(|&j| {
                    !lines[j].trim_start().starts_with('#') && !lines[j].trim().is_empty()
                })
                .collect();
            if !commands.is_empty() && commands.iter().all(|&j| !keep[j]) {
                continue;
            }
        }
        out.push(line.to_string());
    }
    out
}

/// Commands written after a `kubectl debug node/<node>` line run on the node: each becomes a
/// one-line debug session that enters the host's filesystem (`chroot /host`), so it runs
/// where it must and can be pasted as it is. The bare debug line goes.
fn on_the_node(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut debug: Option<String> = None;
    for line in lines {
        let l = line.trim_start();
        if let Some(rest) = l.strip_prefix("kubectl debug node/") {
            let node = rest.split_whitespace().next().unwrap_or("");
            let image = rest
                .split_whitespace()
                .find_map(|w| w.strip_prefix("--image="))
                .unwrap_or("busybox");
            debug = Some(format!(
                "kubectl debug node/{node} -it --image={image} -- chroot /host"
            ));
            continue;
        }
        let is_cluster_command = ["kubectl ", "oc ", "virtctl "]
            .iter()
            .any(|c| l.starts_with(c));
        match &debug {
            Some(prefix) if !l.is_empty() && !l.starts_with('#') && !is_cluster_command => {
                // Inside `chroot /host` the host's files are at their own paths.
                let host = l.replace(" /host/", " /");
                let l = host.as_str();
                let command = if l.contains(['|', ';', '&', '>', '<', '$', '*']) {
                    format!("sh -c '{}'", l.replace('\'', r"'\''"))
                } else {
                    l.to_string()
                };
                out.push(format!("{prefix} {command}   # on the node"));
            }
            _ => {
                if is_cluster_command {
                    debug = None;
                }
                out.push(line.clone());
            }
        }
    }
    out
}

/// `kubectl` as a command word becomes `oc`.
fn with_oc(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let mut rest = line;
            while let Some(at) = rest.find("kubectl ") {
                let before = &rest[..at];
                // A command word: at the start, or after `$(`, a pipe, `;`, `&&` or a space
                // that follows one of those.
                let word = before.is_empty()
                    || before.ends_with("$(")
                    || before.trim_end().ends_with(['|', ';', '&', '('])
                    || before.trim().is_empty();
                out.push_str(before);
                out.push_str(if word { "oc " } else { "kubectl " });
                rest = &rest[at + "kubectl ".len()..];
            }
            out.push_str(rest);
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Variable;

    fn names() -> Names {
        Names {
            namespace: "vms".into(),
            vm: "fedora".into(),
            vmi: "fedora".into(),
            node: "node01".into(),
            launcher_pod: "virt-launcher-fedora-abcde".into(),
            handler_pod: "${HANDLER_POD}".into(),
            handler_namespace: "${KUBEVIRT_NAMESPACE}".into(),
            pvcs: Vec::new(),
            volume_attachments: Vec::new(),
            has_vmi: true,
            vmi_running: false,
            variables: vec![Variable::KubevirtNamespace, Variable::HandlerPod],
            refused: Vec::new(),
        }
    }

    #[test]
    fn unknown_names_are_set_on_top_from_the_cluster() {
        let out = fit(
            "kubectl logs ${HANDLER_POD} -n ${KUBEVIRT_NAMESPACE}",
            &names(),
            Cli::Kubectl,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].starts_with("export KUBEVIRT_NAMESPACE="), "{out}");
        assert!(
            lines[2].starts_with("export HANDLER_POD=")
                && lines[2].contains("spec.nodeName=node01"),
            "{out}"
        );
        assert_eq!(
            lines[3],
            "kubectl logs ${HANDLER_POD} -n ${KUBEVIRT_NAMESPACE}"
        );
        assert_eq!(
            fit("kubectl get pods -n vms", &names(), Cli::Kubectl),
            "kubectl get pods -n vms"
        );
    }

    #[test]
    fn no_domain_steps_without_a_running_vmi_and_no_vmi_steps_without_a_vmi() {
        let text = "# Look inside the domain\nkubectl exec -it p -c compute -- virsh list --all\n# Move it\nvirtctl migrate fedora -n vms\n# The VMI\nkubectl get vmi fedora -n vms -o yaml";
        assert_eq!(
            fit(text, &names(), Cli::Kubectl),
            "# The VMI\nkubectl get vmi fedora -n vms -o yaml"
        );
        let mut no_vmi = names();
        no_vmi.has_vmi = false;
        assert_eq!(fit(text, &no_vmi, Cli::Kubectl), "");
        let mut running = names();
        running.vmi_running = true;
        assert_eq!(fit(text, &running, Cli::Kubectl), text);
    }

    #[test]
    fn node_commands_run_on_the_node_and_force_deletes_are_warned() {
        let text = "# On the node:\nkubectl debug node/node01 -it --image=busybox\nls -l /dev/kvm\ncrictl images | grep virt\nkubectl delete vmi fedora -n vms --force --grace-period=0";
        let out = fit(text, &names(), Cli::Kubectl);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[1],
            "kubectl debug node/node01 -it --image=busybox -- chroot /host ls -l /dev/kvm   # on the node"
        );
        assert_eq!(
            lines[2],
            "kubectl debug node/node01 -it --image=busybox -- chroot /host sh -c 'crictl images | grep virt'   # on the node"
        );
        assert!(lines[3].starts_with("# WARNING: a forced delete"), "{out}");
        assert_eq!(
            lines[4],
            "kubectl delete vmi fedora -n vms --force --grace-period=0"
        );
    }

    #[test]
    fn oc_replaces_kubectl_as_a_command_only() {
        assert_eq!(
            with_oc("kubectl get pods | grep kubectl\nexport X=\"$(kubectl get kubevirt -A)\""),
            "oc get pods | grep kubectl\nexport X=\"$(oc get kubevirt -A)\""
        );
    }
}
