//! Any text as `virsh dumpxml` output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmstuck_analyze::inventory::FileId;
use vmstuck_analyze::inventory::domain;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if domain::sniff(&text) {
        let _ = domain::parse(FileId(0), &text);
    }
});
