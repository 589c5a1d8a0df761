//! The kernel ring buffer as `dmesg` prints it (util-linux `sys-utils/dmesg.c`): seconds since
//! boot (`[ 1234.567890] ...`), or wall-clock time with `-T` (`[Wed May  1 10:00:00 2024]`),
//! optionally behind `-x`'s facility and level (`kern  :err   : `).

use crate::inventory::log::{Level, LineFields, LineTime, LogComponent, LogDialect};
use crate::timestamp::{Timestamp, month_number};

#[derive(Debug)]
pub(crate) struct Dmesg;

/// The facility and level of `dmesg -x`, then the bracketed time and the message.
fn split(line: &str) -> Option<(Option<Level>, &str, &str)> {
    let mut rest = without_line_number(line);
    let mut level = None;
    if !rest.starts_with('[') {
        // `kern  :err   : [...]`
        let (facility, after) = rest.split_once(':')?;
        let (lvl, after) = after.split_once(':')?;
        if facility.trim().chars().any(|c| !c.is_ascii_alphanumeric()) {
            return None;
        }
        level = Level::parse(lvl.trim());
        rest = after.trim_start();
    }
    let inner = rest.strip_prefix('[')?;
    let (stamp, message) = inner.split_once(']')?;
    Some((level, stamp, message.strip_prefix(' ').unwrap_or(message)))
}

/// A line as `cat -n` or an editor's gutter numbered it (`  12 [ 1234.5] ...`): the number
/// is the paste's, not the kernel's.
fn without_line_number(line: &str) -> &str {
    let trimmed = line.trim_start();
    let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return line;
    }
    let after = &trimmed[digits..];
    let rest = after.trim_start_matches([' ', '\t']);
    if rest.len() < after.len() && rest.starts_with('[') {
        rest
    } else {
        line
    }
}

/// `Wed May  1 10:00:00 2024`.
fn wall_clock(stamp: &str) -> Option<Timestamp> {
    let mut f = stamp.split_whitespace();
    let _weekday = f.next()?;
    let month = month_number(f.next()?)?;
    let day: i64 = f.next()?.parse().ok()?;
    let clock = f.next()?;
    let year: i64 = f.next()?.parse().ok()?;
    Timestamp::parse(&format!("{year:04}-{month:02}-{day:02}T{clock}Z"))
}

impl LogDialect for Dmesg {
    fn name(&self) -> &'static str {
        "dmesg"
    }

    fn is_line(&self, line: &str) -> bool {
        split(line).is_some_and(|(_, stamp, _)| {
            let s = stamp.trim();
            (s.contains('.') && s.chars().all(|c| c.is_ascii_digit() || c == '.'))
                || wall_clock(s).is_some()
        })
    }

    fn fields(&self, line: &str) -> LineFields {
        match split(line) {
            Some((level, stamp, _)) => LineFields {
                level,
                // Seconds since boot cannot be placed in time without the boot time.
                time: wall_clock(stamp.trim()).map_or(LineTime::Unknown, LineTime::At),
                json: None,
            },
            None => LineFields::default(),
        }
    }

    fn writer(&self, _: &str) -> LogComponent {
        LogComponent::Node
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_human_and_decoded_forms() {
        assert!(Dmesg.is_line("[ 1234.567890] Out of memory: Killed process 4242 (qemu-kvm)"));
        let t = "[Wed May  1 10:00:00 2024] Memory cgroup out of memory: Killed process 4242";
        assert_eq!(
            Dmesg.fields(t).time,
            LineTime::At(Timestamp::parse("2024-05-01T10:00:00Z").unwrap())
        );
        let x = "kern  :err   : [  12.000001] blk_update_request: I/O error, dev sdb, sector 0";
        assert_eq!(Dmesg.fields(x).level, Some(Level::Error));
        assert!(!Dmesg.is_line("[root@worker-1 ~]# dmesg"));
        assert!(!Dmesg.is_line("- [x] a checklist"));
    }
}
