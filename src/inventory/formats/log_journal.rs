//! `journalctl` output and syslog files (`/var/log/messages`) of kubelet, CRI-O, containerd,
//! the kernel and the rest, in journalctl's `short`, `short-precise` and `short-iso` forms
//! (systemd `src/shared/logs-show.c`, `output_short`):
//!
//! ```text
//! May 01 10:00:00 worker-1 kubelet[2210]: E0501 10:00:00.123456    2210 pod_workers.go:1298] "Error syncing pod" ...
//! May 01 10:00:00.123456 worker-1 crio[1822]: time="2024-05-01 10:00:00.123456789Z" level=error msg="..."
//! 2024-05-01T10:00:00+0000 worker-1 kernel: Out of memory: Killed process 4242 (qemu-kvm) ...
//! ```
//!
//! The level comes from what the writer put in the message: klog's severity letter,
//! logfmt's `level=`, or a JSON `level`.

use crate::inventory::log::{
    Level, LineFields, LineTime, LogComponent, LogDialect, Subject,
};
use crate::timestamp::{Timestamp, Yearless};

#[derive(Debug)]
pub(crate) struct Journal;

/// The time, the host and the message of a journal line.
fn split(line: &str) -> Option<(LineTime, &str, &str)> {
    let (time, rest) = if let Some((t, rest)) = Yearless::parse_syslog(line) {
        (LineTime::Yearless(t), rest)
    } else {
        // short-iso: 2024-05-01T10:00:00+0000 (or with microseconds, or +00:00).
        let (stamp, rest) = line.split_once(' ')?;
        if stamp.len() < 19 || stamp.as_bytes()[10] != b'T' {
            return None;
        }
        (LineTime::At(Timestamp::parse(stamp)?), rest)
    };
    let rest = rest.trim_start_matches(' ');
    let (host, rest) = rest.split_once(' ')?;
    // `unit[pid]: message` or `kernel: message`.
    let (ident, message) = rest.split_once(": ")?;
    let ident_ok = !ident.is_empty()
        && !ident.contains(' ')
        && ident
            .trim_end_matches(']')
            .rsplit_once('[')
            .is_none_or(|(_, pid)| pid.chars().all(|c| c.is_ascii_digit()));
    ident_ok.then_some((time, host, message))
}

/// The level a writer put in its own message.
pub(crate) fn message_level(message: &str) -> Option<Level> {
    let b = message.as_bytes();
    // klog: `E0501 10:00:00.123456 ...`
    if b.len() > 6
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5] == b' '
        && let Some(level) = Level::from_klog(b[0])
    {
        return Some(level);
    }
    // logfmt: `... level=error msg=...`
    if let Some(at) = message.find("level=") {
        let value = message[at + 6..]
            .trim_start_matches('"')
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        return Level::parse(value);
    }
    None
}

impl LogDialect for Journal {
    fn name(&self) -> &'static str {
        "journal or syslog"
    }

    fn is_line(&self, line: &str) -> bool {
        split(line).is_some()
    }

    fn fields(&self, line: &str) -> LineFields {
        match split(line) {
            Some((time, _, message)) => LineFields {
                level: message_level(message),
                time,
                json: None,
            },
            None => LineFields::default(),
        }
    }

    fn writer(&self, _: &str) -> LogComponent {
        LogComponent::Node
    }

    /// The host of the first line: the node, for a journal taken on it.
    fn subject(&self, head: &str) -> Subject {
        Subject {
            vm: None,
            node: head
                .lines()
                .find_map(split)
                .map(|(_, host, _)| host.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_short_forms() {
        let short = "May 01 10:00:00 worker-1 kubelet[2210]: E0501 10:00:00.123456    2210 pod_workers.go:1298] \"Error syncing pod\"";
        let f = Journal.fields(short);
        assert_eq!(f.level, Some(Level::Error));
        assert!(matches!(f.time, LineTime::Yearless(_)));
        let precise = "May  1 10:00:00.123456 worker-1 crio[1822]: time=\"2024-05-01 10:00:00.1Z\" level=error msg=\"x\"";
        assert_eq!(Journal.fields(precise).level, Some(Level::Error));
        let iso = "2024-05-01T10:00:00+0000 worker-1 kernel: Out of memory: Killed process 4242 (qemu-kvm)";
        assert_eq!(
            Journal.fields(iso).time,
            LineTime::At(Timestamp::parse("2024-05-01T10:00:00Z").unwrap())
        );
        assert_eq!(Journal.subject(short).node.as_deref(), Some("worker-1"));
        assert!(!Journal.is_line("-- Logs begin at Wed 2024-05-01 09:00:00 UTC. --"));
        assert!(!Journal.is_line("Name:         virt-launcher-x"));
    }
}
