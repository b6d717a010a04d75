//! CloudFormation templates: any bytes through `cfn::import` (the YAML and
//! JSON readers, the intrinsic resolver, flow inference); a template that
//! imports must give a design that validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vpcraft_core::{cfn, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(imported) = cfn::import(text) {
        validate(&imported.design);
    }
});
