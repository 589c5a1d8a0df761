//! Lines in klog's format (k8s.io/klog `klog.go`, `formatHeader`), as kubelet writes to its
//! own log file and CDI's importer to its pod log:
//!
//! ```text
//! E0501 10:00:00.123456    2210 kubelet.go:2412] "Error syncing pod, skipping" err="..."
//! ```

use crate::inventory::log::{Level, LineFields, LineTime, LogComponent, LogDialect};
use crate::timestamp::Yearless;

#[derive(Debug)]
pub(crate) struct Klog;

fn split(line: &str) -> Option<(Level, Yearless)> {
    let b = line.as_bytes();
    if b.len() < 22 || b[5] != b' ' || b[8] != b':' || b[11] != b':' {
        return None;
    }
    let level = Level::from_klog(b[0])?;
    let num = |r: std::ops::Range<usize>| line.get(r)?.parse::<i64>().ok();
    let t = Yearless::new(num(1..3)?, num(3..5)?, num(6..8)?, num(9..11)?, num(12..14)?)?;
    line.contains("] ").then_some((level, t))
}

impl LogDialect for Klog {
    fn name(&self) -> &'static str {
        "klog"
    }

    fn is_line(&self, line: &str) -> bool {
        split(line).is_some()
    }

    fn fields(&self, line: &str) -> LineFields {
        match split(line) {
            Some((level, t)) => LineFields {
                level: Some(level),
                time: LineTime::Yearless(t),
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
    fn severity_and_time() {
        let line = "E0501 10:00:00.123456    2210 kubelet.go:2412] \"Error syncing pod, skipping\"";
        let f = Klog.fields(line);
        assert_eq!(f.level, Some(Level::Error));
        assert!(matches!(f.time, LineTime::Yearless(_)));
        assert!(!Klog.is_line("Events:"));
    }
}
