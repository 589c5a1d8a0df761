//! logfmt lines, as CRI-O and containerd write their own logs when they are not behind the
//! journal (logrus `text_formatter.go`):
//!
//! ```text
//! time="2024-05-01T10:00:00.123456789Z" level=error msg="failed to pull image" image="..."
//! ```

use super::log_journal::message_level;
use super::{Claim, Format, Head};
use crate::inventory::log::{LineFields, LineTime, LogComponent, LogDialect, mostly};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct Logfmt;

fn time(line: &str) -> Option<Timestamp> {
    let rest = line.strip_prefix("time=\"")?;
    let (stamp, _) = rest.split_once('"')?;
    Timestamp::parse(stamp)
}

impl LogDialect for Logfmt {
    fn name(&self) -> &'static str {
        "logfmt log"
    }

    fn is_line(&self, line: &str) -> bool {
        line.starts_with("time=\"") && line.contains(" level=") && line.contains(" msg=")
    }

    fn fields(&self, line: &str) -> LineFields {
        LineFields {
            level: message_level(line),
            time: time(line).map_or(LineTime::Unknown, LineTime::At),
        }
    }

    fn writer(&self, _: &str) -> LogComponent {
        LogComponent::Node
    }
}

impl Format for Logfmt {
    fn name(&self) -> &'static str {
        LogDialect::name(self)
    }

    fn claims(&self, head: &Head) -> Option<Claim> {
        mostly(self, head.text).then_some(Claim::Log(&Logfmt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::log::Level;

    #[test]
    fn time_and_level() {
        let line = "time=\"2024-05-01T10:00:00.123456789Z\" level=error msg=\"failed to pull image\"";
        let f = Logfmt.fields(line);
        assert_eq!(f.level, Some(Level::Error));
        assert_eq!(
            f.time,
            LineTime::At(Timestamp::parse("2024-05-01T10:00:00Z").unwrap())
        );
    }
}
