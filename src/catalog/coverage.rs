//! Catalog coverage, measured end to end: every cause entry is rendered with sample values
//! and pasted in each of its natural forms (a `kubectl get events` row, a `kubectl describe`
//! Events row, a KubeVirt JSON error line naming the VMI, a kubelet journal line, the message
//! pasted alone with nothing around it, and for returned errors and conditions a VMI
//! condition), and the whole
//! analysis must rank the entry's cause among the VM's causes. Benign entries, pasted the
//! same way, must not give any cause the catalog knows them by. The figures per cause and per
//! source are printed; the test fails below the floors.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Class, Entry, MessageKind, embedded};
use crate::report::Report;
use crate::source::Input;

/// Share of cause entries that must give their cause in every form they take; raised as
/// coverage grows, never lowered to let a change pass.
const FLOOR: f64 = 0.98;

/// A format with sample values in place of its verbs.
fn render(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        while chars
            .peek()
            .is_some_and(|c| matches!(c, '+' | '-' | '#' | ' ' | '0'..='9' | '.' | '*'))
        {
            chars.next();
        }
        out.push_str(match chars.next() {
            Some('d') => "3",
            Some('q') => "\"disk-1\"",
            _ => "disk-1",
        });
    }
    out
}

const VM: &str = r#"apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: testvm, namespace: vms, creationTimestamp: "2024-05-01T09:00:00Z"}
status:
  printableStatus: Starting
  conditions:
  - {type: Ready, status: "False", lastTransitionTime: "2024-05-01T09:30:00Z"}
"#;

fn vmi(condition_message: &str) -> String {
    format!(
        r#"apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata: {{name: testvm, namespace: vms, creationTimestamp: "2024-05-01T09:30:00Z"}}
status:
  phase: Scheduled
  nodeName: node01
  conditions:
  - type: Synchronized
    status: "False"
    reason: Failed
    message: '{}'
    lastTransitionTime: "2024-05-01T09:40:00Z"
"#,
        condition_message.replace('\'', "''")
    )
}

/// The natural forms of one message, as files pasted beside the VM: (form, files).
fn forms(e: &Entry, text: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    // virt-handler reports a failed sync of the VMI with its error as the message.
    let reason = "SyncFailed";
    let one_line = text.replace('\n', " ");
    let json = serde_json::json!({
        "component": "virt-handler", "level": "error", "msg": "Synchronizing the VirtualMachineInstance failed.",
        "name": "testvm", "namespace": "vms", "reason": one_line,
        "timestamp": "2024-05-01T09:41:00.000000Z"
    });
    let base = |extra: (&str, String)| {
        vec![
            ("vm.yaml".to_string(), VM.to_string()),
            ("vmi.yaml".to_string(), vmi("")),
            (extra.0.to_string(), extra.1),
        ]
    };
    let mut out = vec![
        (
            "get events row",
            base((
                "events.txt",
                format!(
                    "LAST SEEN   TYPE      REASON   OBJECT                                  MESSAGE\n\
                     2m          Warning   {reason}   virtualmachineinstance/testvm   {one_line}\n"
                ),
            )),
        ),
        (
            "JSON error line",
            base(("virt-handler.log", format!("{json}\n"))),
        ),
        (
            "describe Events row",
            base((
                "describe-vmi.txt",
                format!(
                    "Name:         testvm\nNamespace:    vms\nKind:         VirtualMachineInstance\n\
                     Events:\n  Type     Reason      Age   From          Message\n  \
                     ----     ------      ----  ----          -------\n  \
                     Warning  {reason}  2m    virt-handler  {one_line}\n"
                ),
            )),
        ),
        (
            "journal line",
            base((
                "journal.txt",
                format!(
                    "May 01 09:41:00 node01 kubelet[2210]: E0501 09:41:00.123456    2210 \
                     pod_workers.go:1298] \"Error syncing pod, skipping\" err=\"{}\" \
                     pod=\"vms/virt-launcher-testvm-abcde\"\n",
                    one_line.replace('"', "\\\"")
                ),
            )),
        ),
    ];
    // Alone: the message pasted with nothing around it is never "nothing to diagnose".
    out.push((
        "pasted alone",
        vec![("pasted.txt".to_string(), format!("{one_line}\n"))],
    ));
    if matches!(e.kind, MessageKind::Condition | MessageKind::Error) {
        out.push((
            "VMI condition",
            vec![
                ("vm.yaml".to_string(), VM.to_string()),
                ("vmi.yaml".to_string(), vmi(&one_line)),
            ],
        ));
    }
    out
}

/// The causes the analysis gives VM vms/testvm, or any subject when it has no such VM.
fn causes_of(files: Vec<(String, String)>, rules: &Arc<crate::rules::RuleSet>) -> Vec<String> {
    let mut opts = crate::Options::new(vec![Input::Files {
        name: "coverage".into(),
        files,
    }]);
    opts.rules = Some(Arc::clone(rules));
    let Ok(analysis) = crate::analyse(&opts) else {
        return Vec::new();
    };
    let report = Report::from(&analysis);
    report
        .vms
        .iter()
        .flat_map(|v| &v.causes)
        .chain(report.nodes.iter().flat_map(|n| &n.causes))
        .map(|c| c.id.id().to_string())
        .collect()
}

#[test]
fn every_cause_entry_gives_its_cause_in_its_natural_forms() {
    let catalog = embedded().unwrap();
    let rules = Arc::new(crate::rules::load(None).unwrap());
    // Per cause and per source: (entries, entries given in every form).
    let mut by_cause: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_source: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_form: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for e in catalog.entries() {
        let Some(_) = &e.matcher else { continue };
        let text = render(&e.format);
        if let Class::Cause(cause) = e.class {
            let mut all = true;
            for (form, files) in forms(e, &text) {
                let got = causes_of(files, &rules).contains(&cause.id().to_string());
                if !got {
                    misses.push(format!("{} ({form}): {text:?}", e.id));
                }
                let f = per_form.entry(form).or_default();
                f.0 += 1;
                f.1 += usize::from(got);
                all &= got;
            }
            let c = by_cause.entry(cause.id().to_string()).or_default();
            c.0 += 1;
            c.1 += usize::from(all);
            let s = by_source.entry(e.repo).or_default();
            s.0 += 1;
            s.1 += usize::from(all);
        }
    }
    let pct = |(n, k): (usize, usize)| {
        if n == 0 {
            100.0
        } else {
            100.0 * k as f64 / n as f64
        }
    };
    println!("catalog coverage, cause entries giving their cause in every natural form:");
    for (cause, c) in &by_cause {
        println!("  {cause:28} {:5.1}% ({} of {})", pct(*c), c.1, c.0);
    }
    for (source, c) in &by_source {
        println!("  source {source:28} {:5.1}% ({} of {})", pct(*c), c.1, c.0);
    }
    for (form, c) in &per_form {
        println!("  form {form:20} {:5.1}% ({} of {})", pct(*c), c.1, c.0);
    }
    let total = by_cause
        .values()
        .fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
    println!("  all: {:.1}% ({} of {})", pct(total), total.1, total.0);
    println!("misses:");
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        pct(total) / 100.0 >= FLOOR,
        "catalog coverage {:.1}% is below the floor {:.0}%",
        pct(total),
        FLOOR * 100.0
    );
}

/// A benign message (normal operation, noise on healthy runs) must not be taken for a cause:
/// no cause entry's matcher may fire on its example.
#[test]
fn no_cause_entry_fires_on_a_benign_example() {
    let catalog = embedded().unwrap();
    let noise: Vec<String> = catalog
        .entries()
        .iter()
        .filter(|e| e.class == Class::Benign)
        .filter_map(|e| {
            let text = render(&e.format);
            let hits: Vec<&str> = catalog.matching(&text).map(|c| c.id.as_str()).collect();
            (!hits.is_empty()).then(|| format!("{} {:?} <- {hits:?}", e.id, text))
        })
        .collect();
    assert!(
        noise.is_empty(),
        "benign examples that cause entries match:\n{}",
        noise.join("\n")
    );
}
