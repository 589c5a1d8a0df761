//! Any text as `kubectl describe pod`, `node` or `pvc` output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmstuck_analyze::inventory::FileId;
use vmstuck_analyze::inventory::describe;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = describe::sniff(&text);
    let _ = describe::parse_pod(FileId(0), &text);
    let _ = describe::parse_node(FileId(0), &text);
    let _ = describe::parse_pvc_events(FileId(0), &text);
});
