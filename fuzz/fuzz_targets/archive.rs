//! Any bytes as a bundle (gzip, tar or a single file) through the whole inventory.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vmstuck_analyze::inventory::{self, KeepAll};
use vmstuck_analyze::source::{self, Limits};

fuzz_target!(|data: &[u8]| {
    // Small limits so a fuzzed bomb ends quickly; the limit path is what gets exercised.
    let limits = Limits {
        max_total_bytes: 8 << 20,
        max_file_bytes: 1 << 20,
        max_entries: 1000,
        max_line_bytes: 4096,
    };
    let inv = inventory::from_visitor(&limits, Arc::new(KeepAll), |v| {
        let _ = source::walk_bytes("fuzz.bin", data, &limits, v);
    });
    let _ = vmstuck_analyze::stuck::find(&inv);
});
