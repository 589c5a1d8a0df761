//! KubeVirt's JSON log lines (virt-launcher, virt-handler, virt-controller, virt-api,
//! virt-operator: kubevirt/kubevirt `staging/src/kubevirt.io/client-go/log/log.go`), bare or
//! behind `kubectl logs --timestamps` or kubelet's CRI log prefix:
//!
//! ```text
//! 2024-05-01T10:00:00.123456789Z {"component":"virt-launcher","level":"error","msg":"...","timestamp":"..."}
//! ```

use std::collections::BTreeMap;

use crate::inventory::log::{
    Level, LineFields, LineTime, LogComponent, LogDialect, Subject, container_prefix,
};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct KubevirtJson;

/// Where a line's JSON starts: after kubelet's or kubectl's timestamp, after the backticks
/// or quote marks a paste may have put around it, and after the pod or container name that
/// `kubectl logs --prefix` (`[pod/virt-handler-x/virt-handler] `) and stern
/// (`virt-handler-x virt-handler `) put first.
fn json_part(line: &str) -> &str {
    let (_, rest) = container_prefix(line);
    let rest = rest.trim_start().trim_start_matches(['`', '>', ' ']);
    if rest.starts_with('{') {
        return rest;
    }
    match rest.find(" {\"") {
        Some(at)
            if at <= 160
                && rest[..at].split(' ').count() <= 2
                && !rest[..at].contains(['{', '"']) =>
        {
            &rest[at + 1..]
        }
        _ => rest,
    }
}

/// The JSON object of a line, when it is one.
fn object(line: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let rest = json_part(line).trim_end().trim_end_matches('`');
    if !rest.starts_with('{') {
        return None;
    }
    match serde_json::from_str::<serde_json::Value>(rest).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A JSON log line as a person reads it: `error: <msg> (reason: <reason>)`, strings
/// unescaped; `None` for a line that is not one.
pub(crate) fn decoded(line: &str) -> Option<String> {
    let map = object(line)?;
    let field = |key: &str| map.get(key).and_then(serde_json::Value::as_str).unwrap_or("");
    let msg = field("msg");
    if msg.is_empty() {
        return None;
    }
    let mut out = match field("level") {
        "" => msg.to_string(),
        level => format!("{level}: {msg}"),
    };
    for key in ["reason", "error", "err"] {
        let value = field(key);
        if !value.is_empty() {
            out.push_str(&format!(" ({key}: {value})"));
        }
    }
    Some(out)
}

impl LogDialect for KubevirtJson {
    fn name(&self) -> &'static str {
        "KubeVirt JSON log"
    }

    fn is_line(&self, line: &str) -> bool {
        let rest = json_part(line);
        // Cheap checks before a parse: a one-line object with the logger's keys.
        rest.starts_with('{')
            && (rest.contains("\"level\"") || rest.contains("\"msg\""))
            && object(line).is_some()
    }

    fn fields(&self, line: &str) -> LineFields {
        let (prefix, _) = container_prefix(line);
        let Some(map) = object(line) else {
            return LineFields {
                level: None,
                time: prefix.map_or(LineTime::Unknown, LineTime::At),
            };
        };
        let field = |key: &str| map.get(key).and_then(serde_json::Value::as_str);
        let time = field("timestamp")
            .or_else(|| field("ts"))
            .and_then(Timestamp::parse)
            .or(prefix);
        LineFields {
            level: field("level").and_then(Level::parse),
            time: time.map_or(LineTime::Unknown, LineTime::At),
        }
    }

    fn writer(&self, head: &str) -> LogComponent {
        head.lines()
            .take(50)
            .filter_map(object)
            .find_map(|m| {
                m.get("component")
                    .and_then(serde_json::Value::as_str)
                    .and_then(LogComponent::from_kubevirt_component)
            })
            .unwrap_or(LogComponent::Other)
    }

    /// The VMI most lines name (`namespace`, `name`), for a launcher log saved under a name
    /// that does not say whose it is.
    fn subject(&self, head: &str) -> Subject {
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for map in head.lines().take(400).filter_map(object) {
            let get = |k: &str| map.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
            let kind = get("kind");
            if !(kind.is_empty() || kind == "VirtualMachineInstance" || kind == "Domain") {
                continue;
            }
            let (ns, name) = (get("namespace"), get("name"));
            if !ns.is_empty() && !name.is_empty() {
                *counts.entry((ns.to_string(), name.to_string())).or_default() += 1;
            }
        }
        Subject {
            vm: counts
                .into_iter()
                .max_by_key(|(_, n)| *n)
                .map(|(key, _)| key),
            node: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::log::mostly;

    /// Lines as pasted in kubevirt/kubevirt issue #10605 (virt-launcher) and as must-gather
    /// stores them behind the `--timestamps` prefix.
    const LAUNCHER: &str = r#"{"component":"virt-launcher","level":"info","msg":"Collected all requested hook sidecar sockets","pos":"manager.go:86","timestamp":"2023-10-23T08:17:05.110516Z"}
2023-10-23T08:17:06.000000000Z {"component":"virt-launcher","kind":"","level":"error","msg":"Failed to sync vmi","name":"testvm","namespace":"default","pos":"server.go:185","timestamp":"2023-10-23T08:17:06.092473Z","uid":"1"}
2023-10-23T08:17:07.000000000Z stderr F {"component":"virt-launcher","kind":"","level":"info","msg":"Domain started.","name":"testvm","namespace":"default","timestamp":"2023-10-23T08:17:07.000000Z"}
"#;

    #[test]
    fn reads_level_time_writer_and_subject() {
        assert!(mostly(&KubevirtJson, LAUNCHER));
        let second = LAUNCHER.lines().nth(1).unwrap();
        let f = KubevirtJson.fields(second);
        assert_eq!(f.level, Some(Level::Error));
        assert_eq!(
            f.time,
            LineTime::At(Timestamp::parse("2023-10-23T08:17:06Z").unwrap())
        );
        assert_eq!(KubevirtJson.writer(LAUNCHER), LogComponent::VirtLauncher);
        assert_eq!(
            KubevirtJson.subject(LAUNCHER).vm,
            Some(("default".into(), "testvm".into()))
        );
        assert!(!KubevirtJson.is_line("apiVersion: v1"));
        assert!(!KubevirtJson.is_line("{\"kind\": \"Pod\"}"));
    }
}
