//! Any bytes as a container log: block cutting, line filtering, KubeVirt JSON fields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmstuck_analyze::inventory::log::LogPlace;
use vmstuck_analyze::inventory::scan;
use vmstuck_analyze::inventory::{FileId, KeepAll, LogFile};

fuzz_target!(|data: &[u8]| {
    let log = LogFile::new(FileId(0), LogPlace::default());
    let mut r = data;
    if let Ok(log) = scan::read_log_here(log, &mut r, &KeepAll, 256) {
        assert!(log.lines.iter().all(|l| l.text.len() <= 256 * 3));
        assert!(log.lines.len() as u32 <= log.total_lines);
    }
});
