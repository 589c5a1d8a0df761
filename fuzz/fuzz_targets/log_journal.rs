//! Any text as the input format "journal or syslog", read whole and line by line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("journal or syslog", data));
