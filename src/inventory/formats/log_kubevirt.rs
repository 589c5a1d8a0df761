//! KubeVirt's JSON log lines (virt-launcher, virt-handler, virt-controller, virt-api,
//! virt-operator: kubevirt/kubevirt `staging/src/kubevirt.io/client-go/log/log.go`), bare or
//! behind `kubectl logs --timestamps` or kubelet's CRI log prefix:
//!
//! ```text
//! 2024-05-01T10:00:00.123456789Z {"component":"virt-launcher","level":"error","msg":"...","timestamp":"..."}
//! ```

use std::collections::BTreeMap;

use crate::inventory::log::json::{JsonMessage, json_part, object};
use crate::inventory::log::{
    Level, LineFields, LineTime, LogComponent, LogDialect, Subject, container_prefix,
};
use crate::timestamp::Timestamp;

#[derive(Debug)]
pub(crate) struct KubevirtJson;

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
                json: None,
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
            json: JsonMessage::from_object(line, &map),
        }
    }

    /// `fields` parsed the record, and found its message with the rest.
    fn read_line(&self, line: &str) -> LineFields {
        self.fields(line)
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
    use crate::inventory::log::json::decoded;
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

    /// The decoding as it was done before messages were kept as ranges: from the parsed
    /// object's values.
    fn decoded_from_values(line: &str) -> Option<String> {
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

    #[test]
    fn a_message_kept_as_ranges_reads_as_the_parsed_object_says() {
        let lines = [
            r#"{"component":"virt-launcher","level":"error","msg":"Failed to sync vmi","reason":"virError(Code=1, Domain=10, Message='internal error: \"x\" failed')","timestamp":"2024-05-01T10:00:00Z"}"#,
            r#"2024-05-01T10:00:00.1Z stderr F {"msg":"line\nbreak \u00e9\ud83d\ude00","level":"info"}"#,
            r#"{"level":"error","msg":"first","msg":"last wins","err":"e1","error":""}"#,
            r#"{"level":7,"msg":"a number for a level","reason":{"msg":"nested","x":[1,"]",{"y":"}"}]},"error":null}"#,
            r#"{ "level" : "warning" , "m\u0073g" : "escaped key" , "reason" : "r" }  "#,
            r#"`{"msg":"in backticks"}`"#,
            r#"[pod/virt-handler-x/virt-handler] {"msg":"prefixed","level":"error","kind":"","name":"vm"}"#,
            r#"{"msg":"","level":"error"}"#,
            r#"{"level":"error"}"#,
            r#"{"msg":"not closed""#,
            "no json here",
            r#"{"msg":"x","n":1e999}"#,
            r#"{"msg":"\ud800 lone surrogate"}"#,
        ];
        for line in lines {
            assert_eq!(decoded(line), decoded_from_values(line), "{line}");
            assert_eq!(
                KubevirtJson.read_line(line).json,
                JsonMessage::of(line),
                "{line}"
            );
        }
        assert_eq!(
            decoded(lines[2]).as_deref(),
            Some("error: last wins (err: e1)")
        );
        assert_eq!(
            decoded(lines[1]).as_deref(),
            Some("info: line\nbreak \u{e9}\u{1f600}")
        );
    }

}
