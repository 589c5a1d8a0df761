//! Text in no form the other formats claim: what people paste when they copy a terminal or a
//! web page: a `kubectl describe` piped through `grep`, a bare event message, a few lines of
//! several logs at once, a JSON log with its braces lost, a markdown table from a UI. Each
//! line is read with whichever log dialect it is written in, if any; every rule's patterns
//! are looked for in it (`LogComponent::Text`). Claimed last, and counted as read only when
//! some line of it was of use.

use super::log_audit::Audit;
use super::log_dmesg::Dmesg;
use super::log_journal::Journal;
use super::log_klog::Klog;
use super::log_kubevirt::KubevirtJson;
use super::log_libvirt::LibvirtLog;
use super::log_logfmt::Logfmt;
use super::log_qemu::QemuLog;
use crate::inventory::log::{LineFields, LogComponent, LogDialect, Subject};

#[derive(Debug)]
pub(crate) struct PastedText;

/// The dialects a line is tried in, most telling first.
const DIALECTS: [&dyn LogDialect; 8] = [
    &KubevirtJson,
    &LibvirtLog,
    &Journal,
    &Klog,
    &Logfmt,
    &Audit,
    &Dmesg,
    &QemuLog,
];

impl LogDialect for PastedText {
    fn name(&self) -> &'static str {
        "pasted text"
    }

    fn is_line(&self, _: &str) -> bool {
        true
    }

    /// Claimed last, whatever it is.
    fn claims(&self, _: &str) -> bool {
        true
    }

    fn fields(&self, line: &str) -> LineFields {
        DIALECTS
            .iter()
            .find(|d| d.is_line(line))
            .map(|d| d.fields(line))
            .unwrap_or_else(|| KubevirtJson.fields(line))
    }

    /// Each line as its own dialect reads it.
    fn read_line(&self, line: &str) -> LineFields {
        DIALECTS
            .iter()
            .find(|d| d.is_line(line))
            .map(|d| d.read_line(line))
            .unwrap_or_else(|| KubevirtJson.read_line(line))
    }

    /// A KubeVirt component named in its JSON (or older logfmt) lines; else nobody known.
    fn writer(&self, head: &str) -> LogComponent {
        match KubevirtJson.writer(head) {
            LogComponent::Other => {
                super::log_logfmt::kubevirt_writer(head).unwrap_or(LogComponent::Text)
            }
            known => known,
        }
    }

    fn subject(&self, head: &str) -> Subject {
        let vm = KubevirtJson.subject(head).vm;
        Subject {
            vm: vm.or_else(|| QemuLog.subject(head).vm),
            node: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::log::Level;

    #[test]
    fn each_line_in_its_own_dialect() {
        let json = r#"{"component":"virt-launcher-monitor","level":"error","msg":"failed to run virt-launcher","timestamp":"2023-08-01T10:00:00.000000Z"}"#;
        assert_eq!(PastedText.fields(json).level, Some(Level::Error));
        let klog = "E0227 14:45:22.124925  570882 panic.go:261] \"Observed a panic\"";
        assert_eq!(PastedText.fields(klog).level, Some(Level::Error));
        assert_eq!(PastedText.fields("Error: failed to start container").level, None);
        assert_eq!(PastedText.writer(json), LogComponent::VirtLauncher);
        assert_eq!(PastedText.writer("just words"), LogComponent::Text);
    }
}
