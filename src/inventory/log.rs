//! Container logs: where a log belongs (namespace, pod, container, current or previous run) and
//! its lines as numbered text, with KubeVirt's JSON fields read where a line carries them.

use serde::Serialize;

use super::objects::FileId;
use crate::source::BundlePath;
use crate::timestamp::Timestamp;

/// Which KubeVirt component wrote a log; decides which rules look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum LogComponent {
    VirtLauncher,
    VirtHandler,
    /// QEMU's own log of a domain, which kubevirt/must-gather copies next to the VM's details.
    Qemu,
    /// A node's kernel ring buffer or kubelet journal, from kubevirt/must-gather's node-gather.
    Node,
    Other,
}

impl LogComponent {
    /// Names of pods as KubeVirt makes them: `virt-launcher-<vm>-<suffix>`, `virt-handler-<suffix>`.
    pub(crate) fn from_pod_name(pod: &str) -> Option<LogComponent> {
        if pod.starts_with("virt-launcher-") {
            Some(LogComponent::VirtLauncher)
        } else if pod.starts_with("virt-handler-") {
            Some(LogComponent::VirtHandler)
        } else {
            None
        }
    }

    fn from_json_component(name: &str) -> Option<LogComponent> {
        match name {
            "virt-launcher" | "virt-launcher-monitor" => Some(LogComponent::VirtLauncher),
            "virt-handler" => Some(LogComponent::VirtHandler),
            _ => None,
        }
    }
}

/// Severity as KubeVirt's structured logger writes it in `"level"`.
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
    fn parse(text: &str) -> Option<Level> {
        Some(match text {
            "debug" | "trace" => Level::Debug,
            "info" => Level::Info,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            "fatal" | "panic" => Level::Fatal,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LogLine {
    /// 1-based line number in the file.
    pub(crate) number: u32,
    pub(crate) text: String,
    pub(crate) level: Option<Level>,
    pub(crate) timestamp: Option<Timestamp>,
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
    /// The VM a QEMU log belongs to.
    pub(crate) vm: Option<String>,
    /// The node a node log belongs to.
    pub(crate) node: Option<String>,
    /// Lines kept by the line filter (all of them unless a filter says otherwise).
    pub(crate) lines: Vec<LogLine>,
    pub(crate) total_lines: u32,
    /// Lines longer than the line limit, kept cut short.
    pub(crate) cut_lines: u32,
    pub(crate) invalid_utf8_lines: u32,
    pub(crate) newest: Option<Timestamp>,
}

/// What the path says about a log. must-gather and `oc adm inspect` write
/// `namespaces/<ns>/pods/<pod>/<container>/<container>/logs/{current,previous}.log`; a flat dump
/// has `<pod>[-_.]<container>.log` whose pod is matched against known pods when linking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LogPlace {
    pub(crate) namespace: Option<String>,
    pub(crate) pod: Option<String>,
    pub(crate) container: Option<String>,
    pub(crate) previous: bool,
    /// Set for QEMU logs: kubevirt/must-gather's gather_vms_details writes
    /// `namespaces/<ns>/vms/<vm>/<ns>_<vm>.log`.
    pub(crate) vm: Option<String>,
    /// Set for node logs: kubevirt/must-gather's gather_nodes writes `nodes/<node>/dmesg` and
    /// the kubelet journal `nodes/<node>/<node>_logs_kubelet`.
    pub(crate) node: Option<String>,
}

impl LogPlace {
    pub(crate) fn from_path(path: &BundlePath) -> Option<LogPlace> {
        let parts = path.parts();
        let file = path.file_name();
        let n = parts.len();
        if n >= 3 && parts[n - 3] == "nodes" {
            let node = &parts[n - 2];
            if file == "dmesg" || file == format!("{node}_logs_kubelet") {
                return Some(LogPlace {
                    node: Some(node.clone()),
                    ..LogPlace::default()
                });
            }
        }
        if n >= 5 && parts[n - 3] == "vms" && parts[n - 5] == "namespaces" && file.ends_with(".log")
        {
            let (namespace, vm) = (&parts[n - 4], &parts[n - 2]);
            if file == format!("{namespace}_{vm}.log") {
                return Some(LogPlace {
                    namespace: Some(namespace.clone()),
                    vm: Some(vm.clone()),
                    ..LogPlace::default()
                });
            }
        }
        if let Some(i) = parts.iter().rposition(|p| p == "logs") {
            // .../namespaces/<ns>/pods/<pod>/<container>/<container>/logs/<file>
            if i >= 4 && parts[i - 4] == "pods" && file.ends_with(".log") {
                let namespace =
                    (i >= 6 && parts[i - 6] == "namespaces").then(|| parts[i - 5].clone());
                return Some(LogPlace {
                    namespace,
                    pod: Some(parts[i - 3].clone()),
                    container: Some(parts[i - 2].clone()),
                    previous: file.starts_with("previous"),
                    vm: None,
                    node: None,
                });
            }
        }
        if file.ends_with(".log") {
            let stem = file.trim_end_matches(".log");
            let (stem, previous) = match stem
                .strip_suffix("-previous")
                .or_else(|| stem.strip_suffix(".previous"))
                .or_else(|| stem.strip_suffix("_previous"))
            {
                Some(s) => (s, true),
                None => (stem, false),
            };
            let namespace = parts
                .iter()
                .position(|p| p == "namespaces")
                .and_then(|i| parts.get(i + 1))
                .filter(|_| parts.len() > 2)
                .cloned();
            return Some(LogPlace {
                namespace,
                pod: Some(stem.to_string()),
                container: None,
                previous,
                vm: None,
                node: None,
            });
        }
        None
    }
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

/// Keeps every line: for inventories read without rules (tests, fuzzing).
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) struct KeepAll;

#[cfg(any(test, feature = "fuzzing"))]
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
    /// An empty log at `place`; lines arrive from the scanner.
    pub(crate) fn new(file: FileId, place: LogPlace) -> LogFile {
        let component = if place.vm.is_some() {
            LogComponent::Qemu
        } else if place.node.is_some() {
            LogComponent::Node
        } else {
            place
                .pod
                .as_deref()
                .and_then(LogComponent::from_pod_name)
                .unwrap_or(LogComponent::Other)
        };
        LogFile {
            file,
            component,
            vm: place.vm,
            node: place.node,
            namespace: place.namespace,
            pod: place.pod,
            container: place.container,
            previous: place.previous,
            lines: Vec::new(),
            total_lines: 0,
            cut_lines: 0,
            invalid_utf8_lines: 0,
            newest: None,
        }
    }

    /// Logs without a telling pod name say who wrote them in their first JSON lines.
    pub(crate) fn sniff_component(&mut self, head: &[u8]) {
        if self.component != LogComponent::Other {
            return;
        }
        let found = head
            .split(|b| *b == b'\n')
            .take(50)
            .filter_map(|line| json_str(&String::from_utf8_lossy(line), "component"))
            .find_map(|name| LogComponent::from_json_component(&name));
        if let Some(c) = found {
            self.component = c;
        }
    }
}

/// `level` and `timestamp` of a line: KubeVirt JSON (`{"level":"error",...,"timestamp":...}`),
/// optionally behind the RFC 3339 prefix that `kubectl logs --timestamps` adds.
pub(crate) fn line_fields(text: &str) -> (Option<Level>, Option<Timestamp>) {
    let (prefix_time, rest) = split_time_prefix(text);
    let json_part = rest.trim_start();
    if json_part.starts_with('{') {
        // One parse for both fields: this runs for every kept line.
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json_part.trim_end()) else {
            return (None, prefix_time);
        };
        let field = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
        let level = field("level").and_then(Level::parse);
        let time = field("timestamp")
            .and_then(Timestamp::parse)
            .or(prefix_time);
        return (level, time);
    }
    (None, prefix_time)
}

fn split_time_prefix(text: &str) -> (Option<Timestamp>, &str) {
    match text.split_once(' ') {
        Some((head, rest)) if head.len() >= 20 && head.as_bytes()[10] == b'T' => {
            match Timestamp::parse(head) {
                Some(t) => (Some(t), rest),
                None => (None, text),
            }
        }
        _ => (None, text),
    }
}

/// The string value of a top-level key in a one-line JSON object, without a full parse when
/// the line is not JSON at all.
fn json_str(text: &str, key: &str) -> Option<String> {
    let start = text.find('{')?;
    let value: serde_json::Value = serde_json::from_str(text[start..].trim_end()).ok()?;
    value.get(key)?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_must_gather_and_flat_logs() {
        let p = BundlePath::parse(
            "mg/ns/namespaces/vms/pods/virt-launcher-a-x/compute/compute/logs/previous.log",
        )
        .unwrap();
        let place = LogPlace::from_path(&p).unwrap();
        assert_eq!(place.namespace.as_deref(), Some("vms"));
        assert_eq!(place.pod.as_deref(), Some("virt-launcher-a-x"));
        assert_eq!(place.container.as_deref(), Some("compute"));
        assert!(place.previous);
        let qemu = LogPlace::from_path(
            &BundlePath::parse("mg/img/namespaces/vms/vms/rhel9/vms_rhel9.log").unwrap(),
        )
        .unwrap();
        assert_eq!(qemu.vm.as_deref(), Some("rhel9"));
        for file in ["dmesg", "worker-1_logs_kubelet"] {
            let p = BundlePath::parse(&format!("mg/img/nodes/worker-1/{file}")).unwrap();
            assert_eq!(
                LogPlace::from_path(&p).unwrap().node.as_deref(),
                Some("worker-1")
            );
        }
        let other = BundlePath::parse("mg/img/nodes/worker-1/lspci").unwrap();
        assert_eq!(LogPlace::from_path(&other), None);
        let flat =
            LogPlace::from_path(&BundlePath::parse("virt-handler-abc.log").unwrap()).unwrap();
        assert_eq!(flat.pod.as_deref(), Some("virt-handler-abc"));
    }

    #[test]
    fn reads_the_component_from_the_first_json_lines() {
        let mut log = LogFile::new(FileId(0), LogPlace::default());
        log.sniff_component(
            b"plain\n2024-05-01T10:00:01Z {\"component\":\"virt-handler\",\"level\":\"info\"}\n",
        );
        assert_eq!(log.component, LogComponent::VirtHandler);
    }
}
