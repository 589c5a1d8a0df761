//! QEMU's log of one domain, as libvirt writes it (`/var/log/libvirt/qemu/<domain>.log`,
//! libvirt `src/qemu/qemu_process.c`, `qemuProcessLaunch` and `qemuProcessStop`): the
//! start-up banner and command line, QEMU's own messages, and the shutdown reason.
//!
//! ```text
//! 2024-05-01 10:00:00.123+0000: starting up libvirt version: 9.0.0, qemu version: 7.2.0, ...
//! -name guest=vms_rhel9,debug-threads=on \
//! 2024-05-01T10:00:01.234567Z qemu-kvm: warning: host doesn't support requested feature: ...
//! 2024-05-01 10:05:00.000+0000: shutting down, reason=crashed
//! ```

use crate::inventory::log::{LineFields, LineTime, LogComponent, LogDialect, Subject};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct QemuLog;

/// The binaries QEMU runs as on the distributions KubeVirt supports.
const BINARIES: [&str; 3] = ["qemu-kvm:", "qemu-system-x86_64:", "qemu-system-aarch64:"];

/// libvirt's events in a domain log, after its `time: ` prefix.
const EVENTS: [&str; 5] = [
    "starting up",
    "shutting down",
    "Domain id=",
    "char device redirected",
    "2024",
];

fn message(line: &str) -> Option<(Option<Timestamp>, &str)> {
    // libvirt's `2024-05-01 10:00:00.123+0000: ` or QEMU's `2024-05-01T10:00:00.123456Z `.
    if let Some((stamp, rest)) = line.split_once(": ")
        && stamp.len() >= 23
        && stamp.as_bytes()[10] == b' '
        && let Some(t) = Timestamp::parse(stamp)
    {
        return Some((Some(t), rest));
    }
    if let Some((stamp, rest)) = line.split_once(' ')
        && stamp.len() >= 20
        && stamp.as_bytes()[10] == b'T'
        && let Some(t) = Timestamp::parse(stamp)
    {
        return Some((Some(t), rest));
    }
    Some((None, line))
}

impl LogDialect for QemuLog {
    fn name(&self) -> &'static str {
        "QEMU domain log"
    }

    fn is_line(&self, line: &str) -> bool {
        let Some((time, rest)) = message(line) else {
            return false;
        };
        BINARIES.iter().any(|b| rest.starts_with(b))
            || (time.is_some() && EVENTS[..4].iter().any(|e| rest.starts_with(e)))
            // The command line, one option per line, each ending in ` \`.
            || (time.is_none()
                && rest.ends_with(" \\")
                && (rest.starts_with('-')
                    || rest.starts_with('/')
                    || rest.split_once('=').is_some_and(|(k, _)| {
                        !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    })))
    }

    fn fields(&self, line: &str) -> LineFields {
        LineFields {
            level: None,
            time: message(line)
                .and_then(|(t, _)| t)
                .map_or(LineTime::Unknown, LineTime::At),
            json: None,
        }
    }

    fn writer(&self, _: &str) -> LogComponent {
        LogComponent::Qemu
    }

    /// KubeVirt names domains `<namespace>_<vm>`; the command line says `-name guest=...`.
    fn subject(&self, head: &str) -> Subject {
        let vm = head.lines().find_map(|l| {
            let at = l.find("guest=")?;
            let name = l[at + 6..].split([',', ' ']).next()?;
            let (ns, vm) = name.split_once('_')?;
            Some((ns.to_string(), vm.to_string()))
        });
        Subject { vm, node: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::log::mostly;

    const LOG: &str = "2024-05-01 10:00:00.123+0000: starting up libvirt version: 9.0.0, package: 10.el9, qemu version: 7.2.0\nLC_ALL=C \\\nPATH=/usr/local/sbin:/usr/bin \\\n/usr/libexec/qemu-kvm \\\n-name guest=vms_rhel9,debug-threads=on \\\n2024-05-01T10:00:01.234567Z qemu-kvm: warning: host doesn't support requested feature: CPUID.80000007H:EDX.invtsc [bit 8]\n2024-05-01 10:05:00.000+0000: shutting down, reason=crashed\n";

    #[test]
    fn banner_command_line_messages_and_subject() {
        assert!(mostly(&QemuLog, LOG));
        assert_eq!(QemuLog.subject(LOG).vm, Some(("vms".into(), "rhel9".into())));
        let last = LOG.lines().last().unwrap();
        assert_eq!(
            QemuLog.fields(last).time,
            LineTime::At(Timestamp::parse("2024-05-01T10:05:00Z").unwrap())
        );
        assert!(!QemuLog.is_line("Name: x"));
    }
}
