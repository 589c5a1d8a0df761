//! JUnit XML, for CI systems that show test results: one test case per VM, failed when the VM
//! is stuck (or, known only from other objects, has a cause found), with its top cause as the
//! failure message.

use super::Report;
use crate::error::Error;

pub(super) fn render(report: &Report, _: &super::Options) -> Result<String, Error> {
    let mut cases = String::new();
    let mut failures = 0;
    for vm in &report.vms {
        let failed = vm.stuck_proven || !vm.causes.is_empty();
        let name = format!("{}/{}", vm.namespace, vm.name);
        cases.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\">\n",
            xml(&vm.namespace),
            xml(&name)
        ));
        let top = vm
            .causes
            .first()
            .map(|c| format!("{} ({}), {:?} confidence", c.title, c.id.id(), c.confidence))
            .unwrap_or_else(|| "no cause found".to_string());
        let detail = format!(
            "state {} for {}; node {}; top cause: {top}",
            vm.state.as_str(),
            vm.stuck_for,
            vm.node.as_deref().unwrap_or("-")
        );
        if failed {
            failures += 1;
            cases.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                vm.alert.map_or("unproven".to_string(), |a| format!("{a:?}")),
                xml(&top),
                xml(&detail)
            ));
        } else {
            cases.push_str(&format!("      <system-out>{}</system-out>\n", xml(&detail)));
        }
        cases.push_str("    </testcase>\n");
    }
    for name in &report.bundle.not_stuck {
        let namespace = name.split('/').next().unwrap_or("");
        cases.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"/>\n",
            xml(namespace),
            xml(name)
        ));
    }
    let tests = report.vms.len() + report.bundle.not_stuck.len();
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{tool}\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"{inputs}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{cases}  </testsuite>\n</testsuites>\n",
        tool = report.tool.name,
        inputs = xml(&report.bundle.inputs.join(", ")),
    ))
}

/// Text as XML character data or an attribute value: markup escaped, control characters
/// (which XML 1.0 cannot hold) dropped.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
