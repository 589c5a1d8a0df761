//! `cpu_model`: the VM asks for a guest CPU model, or CPU features, that its node does not
//! offer. virt-handler labels each node with the models and features its host CPU supports
//! (`cpu-model.node.kubevirt.io/<model>`, `cpu-feature.node.kubevirt.io/<feature>`: kubevirt
//! `pkg/virt-handler/node-labeller`), and virt-controller adds the same labels as the launcher
//! pod's node selector; a node without the label cannot run the VM.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::{Evidence, sets};
use crate::inventory::Cpu;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CpuModelSignal {
    pub(crate) source: String,
}

const MODEL: &str = "cpu-model.node.kubevirt.io/";
const FEATURE: &str = "cpu-feature.node.kubevirt.io/";

impl SignalKind for CpuModelSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let Some(node) = ctx.node_object() else {
            return Vec::new();
        };
        let labels = &node.metadata.labels;
        // A node virt-handler never labelled tells nothing about its CPU.
        if !labels.keys().any(|k| k.starts_with(MODEL)) {
            return Vec::new();
        }
        let (cpu, origin): (Option<&Cpu>, _) = match ctx.vmi {
            Some(vmi) => (vmi.spec.domain.cpu.as_ref(), vmi.origin),
            None => match ctx.vm {
                Some(vm) => (vm.spec.template.spec.domain.cpu.as_ref(), vm.origin),
                None => return Vec::new(),
            },
        };
        let Some(cpu) = cpu else {
            return Vec::new();
        };
        let name = &node.metadata.name;
        let offers = |key: String| labels.get(&key).is_some_and(|v| v == "true");
        let mut out = Vec::new();
        let named = !cpu.model.is_empty()
            && !matches!(cpu.model.as_str(), "host-model" | "host-passthrough");
        if named && !offers(format!("{MODEL}{}", cpu.model)) {
            out.push(Evidence::in_object(
                ctx.inv,
                origin,
                |l| sets(l, "model", Some(&cpu.model)),
                format!("CPU model {} asked for; node {name} does not offer it", cpu.model),
            ));
        }
        for f in &cpu.features {
            let required = matches!(f.policy.as_str(), "" | "require" | "force");
            if required && !offers(format!("{FEATURE}{}", f.name)) {
                out.push(Evidence::in_object(
                    ctx.inv,
                    origin,
                    |l| sets(l, "name", Some(&f.name)),
                    format!("CPU feature {} required; node {name} does not offer it", f.name),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    const VMI: &str = r#"apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: testvm
  namespace: vms
  uid: 0e1b6a54-0000-4000-8000-000000000002
spec:
  domain:
    cpu:
      model: Cascadelake-Server
      features:
      - name: avx512vnni
        policy: require
status:
  phase: Scheduling
  nodeName: node01
"#;

    #[test]
    fn a_model_or_feature_the_node_does_not_offer() {
        let vmi = base_path("virtualmachineinstances.yaml");
        let node = base_path("nodes/node01.yaml");
        let node_text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: node01\n  labels:\n    cpu-model.node.kubevirt.io/Skylake-Server: \"true\"\n    cpu-feature.node.kubevirt.io/avx512vnni: \"true\"\n";
        let got = eval("cpu_model: {source: t}", &[(&vmi, VMI), (&node, node_text)]);
        assert_eq!(got.len(), 1);
        assert!(got[0].what.starts_with("CPU model Cascadelake-Server asked for"));
        assert_eq!(got[0].excerpt, "model: Cascadelake-Server");
        // Unlabelled node: nothing is known.
        assert!(eval("cpu_model: {source: t}", &[(&vmi, VMI)]).is_empty());
    }
}
