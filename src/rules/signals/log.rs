//! `log`: a line of a log linked to the VM: its virt-launcher, the virt-handler of its node,
//! its QEMU log, or its node's kernel log and kubelet journal.

use serde::{Deserialize, Serialize};

use super::SignalKind;
use super::repeat::Repeat;
use crate::evidence::Evidence;
use crate::inventory::LogFile;
use crate::inventory::log::{Level, names};
use crate::rules::context::VmContext;
use crate::rules::pattern::Pattern;

/// Which of the VM's logs a signal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum LogSource {
    VirtLauncher,
    VirtHandler,
    /// virt-controller, virt-api and virt-operator: their lines name the VM.
    VirtController,
    Qemu,
    /// The VM node's kernel log (`dmesg`) and kubelet journal, from node-gather.
    Node,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogSignal {
    pub(crate) component: LogSource,
    pub(crate) pattern: Pattern,
    /// Only lines whose KubeVirt `level` is one of these (lines without a level never match).
    #[serde(default)]
    pub(crate) levels: Vec<Level>,
    /// Lines that also match this are not evidence (known harmless variants).
    pub(crate) unless: Option<Pattern>,
    /// For virt-handler logs, which serve every VM on the node: only lines naming the VM.
    #[serde(default)]
    pub(crate) mentions_vm: bool,
    /// A wait still open when the log ends: a line does not count when a later line of the
    /// same log matches this with the same key, the text of the first capture group that
    /// took part in each match (any later line, when `pattern` captures nothing).
    pub(crate) until: Option<Pattern>,
    /// How often the line must show.
    #[serde(flatten)]
    pub(crate) repeat: Repeat,
    pub(crate) source: String,
}

impl SignalKind for LogSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn log_patterns(&self) -> Vec<(LogSource, &str)> {
        let mut out = vec![(self.component, self.pattern.as_str())];
        // The lines that close a wait must be kept too, or every wait looks open.
        out.extend(self.until.as_ref().map(|u| (self.component, u.as_str())));
        out
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let idx = match self.component {
            LogSource::VirtLauncher => &ctx.links.launcher_logs,
            LogSource::VirtHandler => &ctx.links.handler_logs,
            LogSource::VirtController => &ctx.links.controller_logs,
            LogSource::Qemu => &ctx.links.qemu_logs,
            LogSource::Node => &ctx.links.node_logs,
        };
        // Lines must name the VM, and a node looked at on its own has none.
        let name = ctx.vm.map(|vm| vm.metadata.name.as_str());
        let mut out = Vec::new();
        // Pasted text whose writer is not known may hold any component's lines.
        for &i in idx.iter().chain(&ctx.links.text_logs) {
            let log: &LogFile = &ctx.inv.logs[i];
            // The keys closed by a later line, with where each was last closed: worked out
            // once per log, and only when a line of the wait is there (most logs have none).
            let mut closed = None;
            for line in &log.lines {
                if !self.pattern.is_match(&line.text) {
                    continue;
                }
                if !self.levels.is_empty() && !line.level.is_some_and(|l| self.levels.contains(&l))
                {
                    continue;
                }
                if self.unless.as_ref().is_some_and(|u| u.is_match(&line.text)) {
                    continue;
                }
                if self.mentions_vm && !name.is_some_and(|n| names(&line.text, n)) {
                    continue;
                }
                if let Some(until) = &self.until {
                    let closed = closed.get_or_insert_with(|| closed_keys(log, until));
                    let key = key_of(&self.pattern, &line.text);
                    if closed.get(key).is_some_and(|&at| at > line.number) {
                        continue;
                    }
                }
                let what = format!(
                    "{} log{}",
                    log.pod
                        .as_deref()
                        .or(log.vm.as_deref())
                        .or(log.node.as_deref())
                        .unwrap_or("unknown"),
                    if log.previous { " (previous run)" } else { "" }
                );
                out.push((
                    Evidence::new(ctx.inv, log.file, line.number, &line.text, what)
                        .quoting(&line.said(), Some(&self.pattern.0))
                        .at(line.timestamp),
                    1,
                ));
            }
        }
        self.repeat.keep(out)
    }
}

/// The text of the first capture group that took part in `pattern`'s match; empty without one.
fn key_of<'t>(pattern: &Pattern, text: &'t str) -> &'t str {
    pattern
        .0
        .captures(text)
        .and_then(|c| c.iter().skip(1).flatten().next())
        .map_or("", |m| m.as_str())
}

/// For each key, the last line of `log` that matches `until` with it.
fn closed_keys<'l>(log: &'l LogFile, until: &Pattern) -> std::collections::HashMap<&'l str, u64> {
    let mut closed = std::collections::HashMap::new();
    for line in log.lines.iter().filter(|l| until.is_match(&l.text)) {
        let key = key_of(until, &line.text);
        let at = closed.entry(key).or_insert(line.number);
        *at = (*at).max(line.number);
    }
    closed
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    #[test]
    fn matches_launcher_lines_by_pattern_and_level() {
        // The base log holds an info-level "Connecting to libvirt daemon failed" retry.
        let info = eval(
            "log: {component: virt-launcher, pattern: 'Connecting to libvirt daemon failed', source: t}",
            &[],
        );
        assert_eq!(info.len(), 1);
        assert_eq!(info[0].line, 3);
        assert_eq!(info[0].what, "virt-launcher-testvm-abcde log");
        let errors_only = eval(
            "log: {component: virt-launcher, pattern: 'Connecting to libvirt daemon failed', levels: [error], source: t}",
            &[],
        );
        assert!(errors_only.is_empty());
    }

    #[test]
    fn a_name_is_found_whole() {
        use crate::inventory::log::names;
        assert!(names(r#"{"name":"testvm","namespace":"vms"}"#, "testvm"));
        assert!(names("re-enqueuing VirtualMachineInstance vms/testvm", "testvm"));
        assert!(names("Processing event vms/testvm.", "testvm"));
        assert!(!names(r#"{"name":"testvm2"}"#, "testvm"));
        assert!(!names(r#"{"name":"mytestvm"}"#, "testvm"));
        assert!(!names("virt-launcher-testvm-abcde", "testvm"));
        assert!(!names("testvm.example", "testvm"));
        assert!(!names("anything", ""));
    }

    #[test]
    fn handler_lines_must_name_the_vm_when_asked() {
        let path = base_path("virt-handler/logs/current.log");
        let log = r#"2024-05-01T09:40:00.000000000Z {"component":"virt-handler","level":"error","msg":"Synchronizing the VirtualMachineInstance failed.","name":"othervm","namespace":"vms","timestamp":"2024-05-01T09:40:00.000000Z"}
2024-05-01T09:41:00.000000000Z {"component":"virt-handler","level":"error","msg":"Synchronizing the VirtualMachineInstance failed.","name":"testvm","namespace":"vms","timestamp":"2024-05-01T09:41:00.000000Z"}
2024-05-01T09:42:00.000000000Z {"component":"virt-handler","level":"error","msg":"Synchronizing the VirtualMachineInstance failed.","name":"testvm2","namespace":"vms","timestamp":"2024-05-01T09:42:00.000000Z"}
"#;
        let got = eval(
            "log: {component: virt-handler, pattern: 'Synchronizing the VirtualMachineInstance failed', mentions_vm: true, source: t}",
            &[(&path, log)],
        );
        assert_eq!(got.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2]);
    }
}
