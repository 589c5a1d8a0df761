//! Any text as `kubectl describe` output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("kubectl describe", data));
