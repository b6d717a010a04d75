//! CloudFormation templates: any bytes through `cfn::import` (the YAML and
//! JSON readers, the intrinsic resolver, flow inference); a template that
//! imports must give a design that validates, and a text that the fast
//! YAML reader accepts must read as the full reader reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vpcraft_core::{cfn, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(tree) = cfn::yaml::read(text) {
        let full = cfn::yaml::read_full(text).expect("the full reader reads what the fast one did");
        assert_eq!(format!("{tree:?}"), format!("{full:?}"), "the YAML readers differ");
    }
    if let Ok(imported) = cfn::import(text) {
        validate(&imported.design);
    }
});
