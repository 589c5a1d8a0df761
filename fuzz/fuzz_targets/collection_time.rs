//! Any text as the input format "must-gather timestamp", read whole.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("must-gather timestamp", data));
