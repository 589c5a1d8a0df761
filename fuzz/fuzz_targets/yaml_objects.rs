//! Any text as a YAML/JSON file of Kubernetes objects, then linking and stuck detection.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vmstuck_analyze::inventory::{self, KeepAll};
use vmstuck_analyze::source::{BundlePath, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let inv = inventory::from_visitor(&limits, Arc::new(KeepAll), |v| {
        let path = BundlePath::parse("ns/core/objects.yaml").unwrap();
        let mut r = data;
        let _ = v.visit(&path, &mut r);
    });
    let _ = vmstuck_analyze::stuck::find(&inv);
});
