//! `data_volume`: a DataVolume of the VM: its phase, or a condition message.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::{Evidence, sets};
use crate::rules::context::VmContext;
use crate::rules::pattern::{Exact, Pattern};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DataVolumeSignal {
    pub(crate) phase: Option<Exact>,
    /// A condition message matches.
    pub(crate) message: Option<Pattern>,
    pub(crate) source: String,
}

impl SignalKind for DataVolumeSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn text_patterns(&self) -> Vec<&str> {
        if self.phase.is_some() {
            return Vec::new();
        }
        super::text_patterns(self.message.as_ref(), None)
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = if self.text_patterns().is_empty() {
            Vec::new()
        } else {
            super::in_text(ctx, self.message.as_ref(), None, None, "DataVolume condition")
        };
        for &i in &ctx.links.data_volumes {
            let dv = &ctx.inv.data_volumes[i];
            if self
                .phase
                .as_ref()
                .is_some_and(|p| !p.is_match(&dv.status.phase))
            {
                continue;
            }
            let what = format!("DataVolume {} phase {}", dv.metadata.name, dv.status.phase);
            match &self.message {
                Some(m) => {
                    if let Some(c) = dv.status.conditions.iter().find(|c| m.is_match(&c.message)) {
                        let first = c.message.split('\n').next().unwrap_or("");
                        out.push(
                            Evidence::in_object(
                                ctx.inv,
                                dv.origin,
                                |l| sets(l, "message", None) && l.contains(first),
                                what,
                            )
                            .quoting(&super::condition::one_line(c), Some(&m.0)),
                        );
                    }
                }
                None => out.push(ctx.cite(dv.origin, "phase", None, what)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn phase_and_condition_message() {
        let vm = base_path("virtualmachines.yaml");
        let vm_text = r#"apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: testvm, namespace: vms, uid: 0e1b6a54-0000-4000-8000-000000000001}
spec:
  template:
    spec:
      volumes:
      - name: rootdisk
        dataVolume: {name: testvm-dv}
status:
  printableStatus: Starting
"#;
        let dv = r#"apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: testvm-dv, namespace: vms, uid: dv1}
status:
  phase: ImportInProgress
  conditions:
  - type: Running
    status: "False"
    message: 'Unable to connect to http data source: expected status code 200, got 404'
"#;
        // Without a VMI, the volumes come from the VM's template.
        let vmi = base_path("virtualmachineinstances.yaml");
        let files = [(vm.as_str(), vm_text), (vmi.as_str(), ""), ("mg/namespaces/vms/dv.yaml", dv)];
        let got = eval("data_volume: {message: 'Unable to connect to http data source', source: t}", &files);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].what, "DataVolume testvm-dv phase ImportInProgress");
        assert!(got[0].excerpt.contains("Unable to connect"), "{}", got[0].excerpt);
        assert!(eval("data_volume: {phase: Succeeded, source: t}", &files).is_empty());
    }
}
