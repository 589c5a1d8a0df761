//! Any text as `virsh dumpxml` output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::read_as("libvirt domain XML", data));
