//! Lines of logrus's text formatter (sirupsen/logrus `text_formatter.go`), as CRI-O and
//! containerd write their own logs outside the journal, and as KubeVirt wrote its components'
//! logs before it moved to JSON (2018, `level=info timestamp=... component=virt-launcher`):
//!
//! ```text
//! time="2024-05-01T10:00:00.123456789Z" level=error msg="failed to pull image" image="..."
//! level=error timestamp=2018-07-13T09:22:14.207290Z pos=libvirt_helper.go:146 component=virt-launcher msg="libvirtd exited, restarting"
//! ERRO[2022-03-21T12:38:16.934826056+08:00] StopPodSandbox for "c032..." failed
//! ```
//!
//! The last form is what the formatter prints on a terminal (`printColored`): the level cut
//! to four letters, then the time in brackets.

use super::log_journal::message_level;
use crate::inventory::log::{Level, LineFields, LineTime, LogComponent, LogDialect};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct Logfmt;

/// The value of `key=` in a logfmt line, quoted or not.
fn value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let at = line
        .match_indices(key)
        .find(|(i, _)| *i == 0 || line.as_bytes()[i - 1] == b' ')?
        .0;
    let rest = &line[at + key.len()..];
    match rest.strip_prefix('"') {
        Some(quoted) => quoted.split_once('"').map(|(v, _)| v),
        None => rest.split(' ').next(),
    }
}

/// `ERRO[<time>] message`: the level and the bracketed time.
fn terminal_form(line: &str) -> Option<(Level, &str)> {
    let (tag, rest) = line.split_at_checked(4)?;
    let level = match tag {
        "TRAC" | "DEBU" => Level::Debug,
        "INFO" => Level::Info,
        "WARN" => Level::Warning,
        "ERRO" => Level::Error,
        "FATA" | "PANI" => Level::Fatal,
        _ => return None,
    };
    let (stamp, _) = rest.strip_prefix('[')?.split_once(']')?;
    Some((level, stamp))
}

/// The KubeVirt component the first `component=` of `head` names.
pub(crate) fn kubevirt_writer(head: &str) -> Option<LogComponent> {
    head.lines()
        .take(50)
        .filter_map(|l| value(l, "component="))
        .find_map(LogComponent::from_kubevirt_component)
}

impl LogDialect for Logfmt {
    fn name(&self) -> &'static str {
        "logfmt log"
    }

    fn is_line(&self, line: &str) -> bool {
        if terminal_form(line).is_some() {
            return true;
        }
        // Starts with a `key=`, and has the two keys every logrus line has.
        let first = line.split(' ').next().unwrap_or("");
        first.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        }) && value(line, "level=").is_some()
            && value(line, "msg=").is_some()
    }

    fn fields(&self, line: &str) -> LineFields {
        if let Some((level, stamp)) = terminal_form(line) {
            // Without a full timestamp the bracket holds seconds since start: no time.
            return LineFields {
                level: Some(level),
                time: Timestamp::parse(stamp).map_or(LineTime::Unknown, LineTime::At),
                json: None,
            };
        }
        let time = value(line, "time=")
            .or_else(|| value(line, "timestamp="))
            .and_then(Timestamp::parse);
        LineFields {
            level: message_level(line),
            time: time.map_or(LineTime::Unknown, LineTime::At),
            json: None,
        }
    }

    /// KubeVirt's components named themselves in `component=`; anything else is a node's
    /// runtime.
    fn writer(&self, head: &str) -> LogComponent {
        kubevirt_writer(head).unwrap_or(LogComponent::Node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn kubevirt_before_json() {
        let line = "level=error timestamp=2018-07-13T09:22:14.207290Z pos=libvirt_helper.go:146 component=virt-launcher msg=\"libvirtd exited, restarting\"";
        assert!(Logfmt.is_line(line));
        let f = Logfmt.fields(line);
        assert_eq!(f.level, Some(Level::Error));
        assert_eq!(
            f.time,
            LineTime::At(Timestamp::parse("2018-07-13T09:22:14Z").unwrap())
        );
        assert_eq!(Logfmt.writer(line), LogComponent::VirtLauncher);
    }

    #[test]
    fn the_terminal_form() {
        let line = "ERRO[2022-03-21T12:38:16.934826056+08:00] StopPodSandbox for \"c032\" failed";
        assert!(Logfmt.is_line(line));
        let f = Logfmt.fields(line);
        assert_eq!(f.level, Some(Level::Error));
        assert_eq!(
            f.time,
            LineTime::At(Timestamp::parse("2022-03-21T04:38:16Z").unwrap())
        );
        assert_eq!(Logfmt.fields("INFO[0000] starting").time, LineTime::Unknown);
        assert!(!Logfmt.is_line("name=x kind=y"));
        assert!(!Logfmt.is_line("Name: x level=1 msg=2"));
    }
}
