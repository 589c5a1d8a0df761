//! Any bytes as a container log: block cutting, line filtering, KubeVirt JSON fields; and
//! the same text as a log read whole by content.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmstuck_analyze::fuzzing::stream_log(data);
    vmstuck_analyze::fuzzing::read_as("KubeVirt JSON log", data);
});
