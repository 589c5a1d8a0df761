//! `domain`: a line of the VM's libvirt domain XML (`virsh dumpxml`).

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;
use crate::rules::pattern::Pattern;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DomainSignal {
    pub(crate) pattern: Pattern,
    pub(crate) source: String,
}

impl SignalKind for DomainSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = Vec::new();
        for &i in &ctx.links.domains {
            let d = &ctx.inv.domains[i];
            let Some(text) = ctx.inv.file(d.file).text.as_deref() else {
                continue;
            };
            if let Some((n, line)) = text
                .lines()
                .enumerate()
                .find(|(_, l)| self.pattern.is_match(l))
            {
                out.push(Evidence::new(
                    ctx.inv,
                    d.file,
                    n as u64 + 1,
                    line,
                    format!("domain XML of {}", d.name),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    #[test]
    fn first_matching_line_of_the_vms_domain() {
        let xml = "<domain type='qemu'>\n  <name>vms_testvm</name>\n  <cpu mode='host-model'/>\n</domain>\n";
        let files = [("mg/namespaces/vms/vms/testvm/virt-launcher-testvm-abcde.dumpxml.xml", xml)];
        let got = eval("domain: {pattern: \"type='qemu'\", source: t}", &files);
        assert_eq!((got[0].line, got[0].what.as_str()), (1, "domain XML of vms_testvm"));
        assert!(eval("domain: {pattern: 'host-passthrough', source: t}", &files).is_empty());
    }
}
