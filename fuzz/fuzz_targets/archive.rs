//! Any bytes as a bundle (gzip, tar or a single file) through the whole analysis and every
//! report format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vmstuck_analyze::fuzzing::whole(data));
