//! Entry points for the fuzz targets (`fuzz/`), behind the `fuzzing` feature: each input
//! format's reader on its own, a log streamed in blocks, and the whole pipeline with every
//! renderer. Not an API for anything else.

use std::sync::Arc;

use crate::inventory::formats::log_kubevirt::KubevirtJson;
use crate::inventory::formats::{self, Content, ReadContext, TextFile};
use crate::inventory::log::{KeepAll, LogFile, LogPlace};
use crate::inventory::objects::FileId;
use crate::inventory::scan;
use crate::report::{Format, Report};
use crate::source::{BundlePath, Input, Limits};

/// The names of the input formats, in the order they are tried.
pub fn format_names() -> Vec<&'static str> {
    formats::FORMATS.iter().map(|f| f.name()).collect()
}

/// Reads `data` with the format called `name`, whether or not the format would claim it.
/// Panics when no format has that name.
pub fn read_as(name: &str, data: &[u8]) {
    let format = formats::FORMATS
        .iter()
        .find(|f| f.name() == name)
        .unwrap_or_else(|| panic!("no input format named {name:?}"));
    let text = String::from_utf8_lossy(data);
    let path = BundlePath::from_parts(vec!["fuzz".into(), "input.txt".into()]);
    let file = TextFile {
        id: FileId(0),
        path: &path,
        text: &text,
    };
    let _ = format.claims(&formats::Head {
        path: &path,
        text: &text,
    });
    let ctx = ReadContext {
        filter: &KeepAll,
        max_line: 4096,
    };
    let mut warnings = Vec::new();
    if let Content::Log(log) = format.read(&file, &ctx, &mut warnings).content {
        check_log(&log, 4096);
    }
}

/// Streams `data` as a log with a small line limit, and checks what must always hold.
pub fn stream_log(data: &[u8]) {
    let head = String::from_utf8_lossy(&data[..data.len().min(formats::HEAD_BYTES)]);
    let log = LogFile::new(FileId(0), LogPlace::default(), &KubevirtJson, &head);
    let mut r = data;
    if let Ok(log) = scan::read_log_here(log, &mut r, &KeepAll, 256) {
        check_log(&log, 256);
    }
}

fn check_log(log: &LogFile, max_line: usize) {
    // A cut line keeps at most `max_line` bytes, plus replacement characters for bad UTF-8.
    assert!(log.lines.iter().all(|l| l.text.len() <= max_line * 3));
    assert!(log.lines.len() as u64 <= log.total_lines);
}

/// Any bytes as a bundle (told apart by content), through the whole analysis and every
/// report format.
pub fn whole(data: &[u8]) {
    let mut opts = crate::Options::new(vec![Input::Bytes {
        name: "fuzz.bin".into(),
        bytes: data.to_vec(),
    }]);
    // Small limits so a fuzzed bomb ends quickly; the limit path is what gets exercised.
    opts.limits = Limits {
        max_total_bytes: 8 << 20,
        max_file_bytes: 1 << 20,
        max_entries: 1000,
        max_line_bytes: 4096,
    };
    opts.rules = Some(rules());
    if let Ok(analysis) = crate::analyse(&opts) {
        let report = Report::from(&analysis);
        for format in Format::ALL {
            let _ = crate::report::render(&report, *format);
        }
    }
}

fn rules() -> Arc<crate::rules::RuleSet> {
    static RULES: std::sync::OnceLock<Arc<crate::rules::RuleSet>> = std::sync::OnceLock::new();
    Arc::clone(RULES.get_or_init(|| {
        Arc::new(crate::rules::load(None).unwrap_or_else(|e| panic!("built-in rules: {e}")))
    }))
}

/// A small stuck VM whose name, namespace, event message and launcher log line are `fields`
/// (any text), rendered as Markdown and as HTML; `None` when nothing was diagnosed. The
/// renderer fuzz target checks that no field escapes into markup.
pub fn reports(fields: [&str; 4]) -> Option<(String, String)> {
    let [name, namespace, message, line] = fields;
    // JSON strings are YAML scalars: every field arrives in the objects as it is.
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let root = "must-gather.local.1/quay-io-kubevirt-must-gather";
    let meta = format!("  name: {}\n  namespace: {}\n", q(name), q(namespace));
    let vm = format!(
        "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n{meta}  uid: vm-1\n\
         status:\n  printableStatus: Starting\n  conditions:\n  - type: Ready\n    status: \"False\"\n\
         \x20   lastTransitionTime: \"2024-05-01T09:30:00Z\"\n"
    );
    let vmi = format!(
        "apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstance\nmetadata:\n{meta}  uid: vmi-1\n\
         \x20 creationTimestamp: \"2024-05-01T09:30:00Z\"\nstatus:\n  phase: Scheduling\n  \
         phaseTransitionTimestamps:\n  - phase: Scheduling\n    phaseTransitionTimestamp: \
         \"2024-05-01T09:30:00Z\"\n"
    );
    let event = format!(
        "apiVersion: v1\nkind: Event\nmetadata:\n  name: e1\n  namespace: {ns}\nreason: \
         FailedMount\ntype: Warning\ncount: 3\ninvolvedObject:\n  kind: VirtualMachineInstance\n  \
         name: {n}\n  namespace: {ns}\nmessage: {m}\nlastTimestamp: \"2024-05-01T09:50:00Z\"\n",
        ns = q(namespace),
        n = q(name),
        m = q(message)
    );
    let log = format!(
        "2024-05-01T09:31:00.000000000Z {}\n",
        serde_json::json!({"component": "virt-launcher", "level": "error", "msg": line,
            "timestamp": "2024-05-01T09:31:00.000000Z"})
    );
    let files = [
        (
            "must-gather.local.1/timestamp".to_string(),
            "2024-05-01 10:00:00.000000000 +0000 UTC\n".to_string(),
        ),
        (format!("{root}/namespaces/x/kubevirt.io/vm.yaml"), vm),
        (format!("{root}/namespaces/x/crs/vmi.yaml"), vmi),
        (format!("{root}/namespaces/x/core/events.yaml"), event),
        (
            format!(
                "{root}/namespaces/x/pods/virt-launcher-x-abcde/compute/compute/logs/current.log"
            ),
            log,
        ),
    ];
    let inputs = vec![Input::Files {
        name: "fuzz".into(),
        files: files.to_vec(),
    }];
    let mut opts = crate::Options::new(inputs);
    opts.rules = Some(rules());
    let report = Report::from(&crate::analyse(&opts).ok()?);
    Some((
        crate::report::render(&report, Format::Md).ok()?,
        crate::report::render(&report, Format::Html).ok()?,
    ))
}
