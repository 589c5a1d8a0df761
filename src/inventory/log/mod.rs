//! Logs: where a log belongs (namespace, pod, container, VM, node), who wrote it, the dialect
//! its lines are written in, and its lines as numbered text with the level and time the
//! dialect reads from them. The dialects themselves are input formats (`formats/log_*.rs`),
//! each made one by the one adapter `formats::LogFormat`.

pub(crate) mod json;

use std::borrow::Cow;

use serde::Serialize;

use super::objects::FileId;
use crate::timestamp::{Timestamp, Yearless};
use json::JsonMessage;

/// Who wrote a log; decides which rules look at it and which VMs it is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum LogComponent {
    VirtLauncher,
    VirtHandler,
    /// virt-controller, virt-api, virt-operator: cluster-wide, their lines name the VM.
    VirtController,
    /// QEMU's own log of a domain.
    Qemu,
    /// A node's kernel log, journal, syslog, audit log or kubelet log.
    Node,
    /// Pasted text in no known form, or lines of several (a `kubectl describe` piped through
    /// `grep`, a bare event message, a log with its JSON mangled): every rule's patterns
    /// are looked for in it.
    Text,
    Other,
}

impl LogComponent {
    /// Names of pods as KubeVirt makes them: `virt-launcher-<vm>-<suffix>`, `virt-handler-<suffix>`.
    pub(crate) fn from_pod_name(pod: &str) -> Option<LogComponent> {
        if pod.starts_with("virt-launcher-") {
            Some(LogComponent::VirtLauncher)
        } else if pod.starts_with("virt-handler-") {
            Some(LogComponent::VirtHandler)
        } else if ["virt-controller-", "virt-api-", "virt-operator-"]
            .iter()
            .any(|p| pod.starts_with(p))
        {
            Some(LogComponent::VirtController)
        } else {
            None
        }
    }

    /// The `component` field of KubeVirt's JSON log lines.
    pub(crate) fn from_kubevirt_component(name: &str) -> Option<LogComponent> {
        match name {
            "virt-launcher" | "virt-launcher-monitor" => Some(LogComponent::VirtLauncher),
            "virt-handler" => Some(LogComponent::VirtHandler),
            "virt-controller" | "virt-api" | "virt-operator" => Some(LogComponent::VirtController),
            _ => None,
        }
    }
}

/// Severity of a line, in the words the dialects use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Debug,
    Info,
    Warning,
    Error,
    Fatal,
}

impl Level {
    pub(crate) fn parse(text: &str) -> Option<Level> {
        Some(match text.to_ascii_lowercase().as_str() {
            "debug" | "trace" => Level::Debug,
            "info" | "notice" => Level::Info,
            "warning" | "warn" => Level::Warning,
            "error" | "err" | "crit" | "alert" | "emerg" => Level::Error,
            "fatal" | "panic" => Level::Fatal,
            _ => return None,
        })
    }

    /// klog's one-letter severity (`I0501 10:00:00.000000 ...`).
    pub(crate) fn from_klog(letter: u8) -> Option<Level> {
        Some(match letter {
            b'I' => Level::Info,
            b'W' => Level::Warning,
            b'E' => Level::Error,
            b'F' => Level::Fatal,
            _ => return None,
        })
    }
}

/// When a line was written, as far as its dialect tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum LineTime {
    #[default]
    Unknown,
    At(Timestamp),
    /// Month, day and time without the year (journalctl short, syslog, klog): placed in the
    /// collection's year once that is known.
    Yearless(Yearless),
}

/// What a dialect reads from one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LineFields {
    pub(crate) level: Option<Level>,
    pub(crate) time: LineTime,
    /// What a KubeVirt JSON record says, found once here so evidence never parses the line
    /// again (`LogLine::said`).
    pub(crate) json: Option<JsonMessage>,
}

/// What a log names about itself in its first lines, when its path did not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Subject {
    /// The VMI (`namespace`, `name`) a launcher or QEMU log is about.
    pub(crate) vm: Option<(String, String)>,
    /// The host a journal was written on.
    pub(crate) node: Option<String>,
}

/// A way log lines are written: only what differs from one dialect to the next. Each is an
/// input format as well (`formats/log_*.rs`, listed in `formats!`), through the one adapter
/// `formats::LogFormat`: it claims a file by its first lines, then reads each kept line's
/// level and time.
pub(crate) trait LogDialect: Sync + Send + std::fmt::Debug {
    /// The dialect's name, which is also its input format's name.
    fn name(&self) -> &'static str;
    /// Whether `line` is written in this dialect.
    fn is_line(&self, line: &str) -> bool;
    /// Whether a file whose first bytes are `head` is a log in this dialect: by default, when
    /// its first lines mostly are.
    fn claims(&self, head: &str) -> bool {
        mostly(self, head)
    }
    /// The level and time of a kept line.
    fn fields(&self, line: &str) -> LineFields;
    /// All that is kept with a line: its fields, and what it says when it is a KubeVirt JSON
    /// record, in a log of any dialect (such records turn up behind journal and CRI
    /// prefixes and in pastes, and evidence shows them decoded). A dialect whose `fields`
    /// already parsed the record says so by overriding this.
    fn read_line(&self, line: &str) -> LineFields {
        LineFields {
            json: JsonMessage::of(line),
            ..self.fields(line)
        }
    }
    /// Who writes logs in this dialect, judged from the first lines.
    fn writer(&self, head: &str) -> LogComponent;
    /// What the first lines say the log is about.
    fn subject(&self, _head: &str) -> Subject {
        Subject::default()
    }
}

/// Whether the first non-empty lines of `head` are mostly in `dialect`: a paste may start
/// with the command that made it, or carry a comment line. Lines that are only framing
/// (`# command` headers of sosreport and supportconfig, journalctl's `-- Logs begin at ...`
/// and `-- No entries --`) are not counted either way.
pub(crate) fn mostly<D: LogDialect + ?Sized>(dialect: &D, head: &str) -> bool {
    let lines: Vec<&str> = head
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("-- "))
        .take(10)
        .collect();
    let matching = lines.iter().filter(|l| dialect.is_line(l)).count();
    matching > 0 && matching * 2 > lines.len()
}

/// Splits the prefix a container runtime or kubectl puts before a container's own line:
/// kubelet's CRI log file format `2024-05-01T10:00:00.123456789Z stderr F ` (kubernetes
/// `pkg/kubelet/kuberuntime/logs`, `parseCRILog`) or `kubectl logs --timestamps`'s
/// `2024-05-01T10:00:00.123456789Z `.
pub(crate) fn container_prefix(line: &str) -> (Option<Timestamp>, &str) {
    let Some((head, rest)) = line.split_once(' ') else {
        return (None, line);
    };
    if head.len() < 20 || head.as_bytes().get(10) != Some(&b'T') {
        return (None, line);
    }
    let Some(time) = Timestamp::parse(head) else {
        return (None, line);
    };
    let rest = ["stdout ", "stderr "]
        .iter()
        .find_map(|s| rest.strip_prefix(s))
        .and_then(|r| r.strip_prefix("F ").or_else(|| r.strip_prefix("P ")))
        .unwrap_or(rest);
    (Some(time), rest)
}

#[derive(Debug, Clone)]
pub(crate) struct LogLine {
    /// 1-based line number in the file.
    pub(crate) number: u64,
    pub(crate) text: String,
    pub(crate) level: Option<Level>,
    pub(crate) timestamp: Option<Timestamp>,
    /// A time without its year, resolved into `timestamp` once the collection time is known.
    pub(crate) yearless: Option<Yearless>,
    /// Where in `text` a KubeVirt JSON record keeps what it says; boxed, so the many lines
    /// that are not such records pay one pointer for it.
    pub(crate) json: Option<Box<JsonMessage>>,
}

impl LogLine {
    /// What the line says, as evidence quotes it: a KubeVirt JSON record decoded
    /// (`error: <msg> (reason: <reason>)`, strings unescaped), any other line as it is.
    pub(crate) fn said(&self) -> Cow<'_, str> {
        match &self.json {
            Some(json) => Cow::Owned(json.render(&self.text)),
            None => Cow::Borrowed(&self.text),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LogFile {
    pub(crate) file: FileId,
    pub(crate) namespace: Option<String>,
    pub(crate) pod: Option<String>,
    pub(crate) container: Option<String>,
    /// The log of the container's previous run (`previous.log`, `kubectl logs -p`).
    pub(crate) previous: bool,
    pub(crate) component: LogComponent,
    pub(crate) dialect: &'static dyn LogDialect,
    /// The VM a QEMU log belongs to.
    pub(crate) vm: Option<String>,
    /// The node a node log belongs to, as its path says.
    pub(crate) node: Option<String>,
    /// What the log's own lines say it is about (a journal's host, a launcher's VMI).
    pub(crate) subject: Subject,
    /// Lines kept by the line filter (all of them unless a filter says otherwise).
    pub(crate) lines: Vec<LogLine>,
    pub(crate) total_lines: u64,
    /// Lines longer than the line limit, kept cut short.
    pub(crate) cut_lines: u64,
    pub(crate) invalid_utf8_lines: u64,
    pub(crate) newest: Option<Timestamp>,
    /// Kept lines given up to bound memory (see `scan::merge`): counted, not kept.
    pub(crate) dropped_lines: u64,
    pub(crate) keeping: Keeping,
}

/// What the path (and, for pasted files, the file name) says about a log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LogPlace {
    pub(crate) namespace: Option<String>,
    pub(crate) pod: Option<String>,
    pub(crate) container: Option<String>,
    pub(crate) previous: bool,
    /// Set for QEMU logs.
    pub(crate) vm: Option<String>,
    /// Set for a node's own logs when the node is known.
    pub(crate) node: Option<String>,
    /// Who writes such a file, when the path says (node files, QEMU logs).
    pub(crate) writer: Option<LogComponent>,
}

/// Chooses the lines of a log worth keeping. It sees whole blocks of lines at once, so a
/// multi-pattern search runs over a block in one pass instead of once per line. The rule
/// engine passes a filter that keeps only lines some rule could match, so large logs are never
/// held whole.
pub(crate) trait LineFilter: Send + Sync {
    /// Pushes, in order, the byte ranges of the lines of `block` to keep (a line ends before
    /// its `\n`; the block's last line may lack one). `component` is who wrote the log, so a
    /// filter can look only for what matters in that kind of log.
    fn select(&self, component: LogComponent, block: &[u8], keep: &mut Vec<std::ops::Range<usize>>);
}

/// The line of `block` that holds byte `at`.
pub(crate) fn line_around(block: &[u8], at: usize) -> std::ops::Range<usize> {
    let start = memchr::memrchr(b'\n', &block[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |i| at + i);
    start..end
}

/// Keeps every line: for inventories read without rules (the file listing, tests, fuzzing).
#[derive(Debug)]
pub(crate) struct KeepAll;

impl LineFilter for KeepAll {
    fn select(&self, _: LogComponent, block: &[u8], keep: &mut Vec<std::ops::Range<usize>>) {
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', block) {
            keep.push(start..nl);
            start = nl + 1;
        }
        if start < block.len() {
            keep.push(start..block.len());
        }
    }
}

impl LogFile {
    /// An empty log at `place`, in `dialect`, its writer judged from the path and then from
    /// `head` (its first lines); lines arrive from the scanner.
    pub(crate) fn new(
        file: FileId,
        place: LogPlace,
        dialect: &'static dyn LogDialect,
        head: &str,
    ) -> LogFile {
        let component = place
            .writer
            .or_else(|| place.pod.as_deref().and_then(LogComponent::from_pod_name))
            .unwrap_or_else(|| dialect.writer(head));
        let subject = dialect.subject(head);
        LogFile {
            file,
            component,
            dialect,
            vm: place.vm,
            node: place.node,
            namespace: place.namespace,
            pod: place.pod,
            container: place.container,
            previous: place.previous,
            subject,
            lines: Vec::new(),
            total_lines: 0,
            cut_lines: 0,
            invalid_utf8_lines: 0,
            newest: None,
            dropped_lines: 0,
            keeping: Keeping::default(),
        }
    }

    /// Places lines whose time had no year in the year of `reference`.
    pub(crate) fn resolve_years(&mut self, reference: Timestamp) {
        for line in &mut self.lines {
            if let Some(y) = line.yearless.take() {
                line.timestamp = Some(y.resolve(reference));
            }
        }
    }
}

/// Whether `text` names `name` as a whole name, not as part of a longer one: `testvm` is in
/// `"name":"testvm"` and `vms/testvm`, not in `testvm2` or `mytestvm`. Names are DNS labels
/// and subdomains, so a letter, digit, `-` or `.` on either side continues the name.
pub(crate) fn names(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let part_of_name = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        // A sentence may end right after the name.
        let after_ends = match after {
            Some('.') => text[at + name.len() + 1..]
                .chars()
                .next()
                .is_none_or(|c| !part_of_name(c)),
            Some(c) => !part_of_name(c),
            None => true,
        };
        !before.is_some_and(part_of_name) && after_ends
    })
}

/// Where a log stands against its caps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Keeping {
    /// How many of `lines` are the head; once a line goes to the tail, the head is closed.
    pub(crate) head: usize,
    pub(crate) head_closed: bool,
    /// Bytes of the tail's text.
    pub(crate) tail_text: usize,
    pub(crate) head_text: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_kubectl_and_cri_prefixes() {
        let (t, rest) = container_prefix("2024-05-01T10:00:00.123456789Z stderr F {\"a\":1}");
        assert_eq!(
            t.map(|t| t.to_string()).as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert_eq!(rest, "{\"a\":1}");
        assert_eq!(container_prefix("2024-05-01T10:00:00Z msg").1, "msg");
        assert_eq!(container_prefix("no prefix here").1, "no prefix here");
    }

    #[test]
    fn names_writers_from_pods_and_kubevirt_components() {
        assert_eq!(
            LogComponent::from_pod_name("virt-api-7f9c-x"),
            Some(LogComponent::VirtController)
        );
        assert_eq!(
            LogComponent::from_kubevirt_component("virt-launcher-monitor"),
            Some(LogComponent::VirtLauncher)
        );
        assert_eq!(Level::parse("ERR"), Some(Level::Error));
    }
}
