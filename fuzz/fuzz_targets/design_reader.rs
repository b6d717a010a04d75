//! Design files: any bytes through `parse_design` (with the migrations of
//! older schema versions); a design that parses must validate, and its
//! serialization must parse again to the same design.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vpcraft_core::{parse_design, to_json, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(design) = parse_design(text) else { return };
    validate(&design);
    let saved = to_json(&design);
    let reread = match parse_design(&saved) {
        Ok(reread) => reread,
        Err(e) => panic!("a saved design does not parse again: {e}\n{saved}"),
    };
    assert_eq!(to_json(&reread), saved, "a saved design changes when read again");
});
