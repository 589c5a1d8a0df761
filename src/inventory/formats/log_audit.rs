//! The Linux audit log (`/var/log/audit/audit.log`, auditd `lib/audit_logging.c`), whose AVC
//! records carry SELinux denials, and the same records as `ausearch -i` prints them:
//!
//! ```text
//! type=AVC msg=audit(1714557600.123:456): avc:  denied  { read } for  pid=4242 comm="qemu-kvm" ...
//! type=AVC msg=audit(05/01/2024 10:00:00.123:456) : avc:  denied  { read } ...
//! ```

use crate::inventory::log::{LineFields, LineTime, LogComponent, LogDialect};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct Audit;

/// The `msg=audit(...)` stamp of a record.
fn stamp(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("type=")?;
    let at = rest.find(" msg=audit(")?;
    let inner = &rest[at + 11..];
    inner.split_once(')').map(|(s, _)| s)
}

fn time(stamp: &str) -> Option<Timestamp> {
    let (when, _serial) = stamp.rsplit_once(':')?;
    if let Some((secs, _)) = when.split_once('.')
        && let Ok(epoch) = secs.parse::<i64>()
    {
        return Some(Timestamp(epoch));
    }
    // ausearch -i: `05/01/2024 10:00:00.123`
    let (date, clock) = when.split_once(' ')?;
    let mut d = date.split('/');
    let (m, day, y) = (d.next()?, d.next()?, d.next()?);
    Timestamp::parse(&format!("{y}-{m}-{day}T{}Z", clock.split('.').next()?))
}

impl LogDialect for Audit {
    fn name(&self) -> &'static str {
        "audit log"
    }

    fn is_line(&self, line: &str) -> bool {
        stamp(line).is_some()
    }

    fn fields(&self, line: &str) -> LineFields {
        LineFields {
            level: None,
            time: stamp(line)
                .and_then(time)
                .map_or(LineTime::Unknown, LineTime::At),
            json: None,
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
    fn raw_and_interpreted_records() {
        let raw = "type=AVC msg=audit(1714557600.123:456): avc:  denied  { read } for  pid=4242 comm=\"qemu-kvm\"";
        assert_eq!(
            Audit.fields(raw).time,
            LineTime::At(Timestamp::parse("2024-05-01T10:00:00Z").unwrap())
        );
        let interpreted = "type=AVC msg=audit(05/01/2024 10:00:00.123:456) : avc:  denied  { read }";
        assert_eq!(
            Audit.fields(interpreted).time,
            LineTime::At(Timestamp::parse("2024-05-01T10:00:00Z").unwrap())
        );
        assert!(!Audit.is_line("type: Ready"));
    }
}
