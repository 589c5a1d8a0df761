//! Any text as `kubectl get` table output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("kubectl get table", data));
