//! libvirt's own daemon log (libvirtd, virtqemud: libvirt `src/util/virlog.c`,
//! `virLogFormatString`): `time: thread: level : function:line : message`.
//!
//! ```text
//! 2024-05-01 10:00:00.123+0000: 1234: error : virNetSocketNewConnectUNIX:701 : Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file or directory
//! ```
//!
//! In KubeVirt the daemon runs inside virt-launcher, whose log carries the same messages, so
//! such a log is read as a virt-launcher log.

use crate::inventory::log::{Level, LineFields, LineTime, LogComponent, LogDialect};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct LibvirtLog;

/// Time, level and the rest of a daemon log line.
fn split(line: &str) -> Option<(Timestamp, Level, &str)> {
    let (stamp, rest) = line.split_once(": ")?;
    if stamp.len() < 23 || stamp.as_bytes().get(10) != Some(&b' ') {
        return None;
    }
    let time = Timestamp::parse(stamp)?;
    let (thread, rest) = rest.split_once(": ")?;
    if thread.is_empty() || !thread.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (level, rest) = rest.split_once(" : ")?;
    Some((time, Level::parse(level.trim())?, rest))
}

impl LogDialect for LibvirtLog {
    fn name(&self) -> &'static str {
        "libvirt daemon log"
    }

    fn is_line(&self, line: &str) -> bool {
        split(line).is_some()
    }

    fn fields(&self, line: &str) -> LineFields {
        match split(line) {
            Some((time, level, _)) => LineFields {
                level: Some(level),
                time: LineTime::At(time),
                json: None,
            },
            None => LineFields::default(),
        }
    }

    fn writer(&self, _: &str) -> LogComponent {
        LogComponent::VirtLauncher
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_thread_level_function() {
        let line = "2024-05-01 10:00:00.123+0000: 1234: error : virNetSocketNewConnectUNIX:701 : Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file or directory";
        let f = LibvirtLog.fields(line);
        assert_eq!(f.level, Some(Level::Error));
        assert_eq!(
            f.time,
            LineTime::At(Timestamp::parse("2024-05-01T10:00:00Z").unwrap())
        );
        assert!(!LibvirtLog.is_line("2024-05-01 10:00:00.123+0000: starting up libvirt version: 9.0.0"));
    }
}
