//! Any text as "pasted text": each line in whichever log dialect it is written in.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("pasted text", data));
