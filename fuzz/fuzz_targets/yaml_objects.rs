//! Any text as a YAML/JSON file of Kubernetes objects.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("Kubernetes objects", data));
