//! JSON text read and written by way of `serde_json::Value`, to keep the
//! wasm small.
//!
//! serde compiles a type's (de)serialization code once per format it meets:
//! reading a type straight from text, from a `Value` and from serde's
//! buffered content are three copies, and writing it compact, pretty and
//! into a `Value` three more. The design's types are large (every resource
//! kind), and the app needs them as `Value`s anyway (patches, the inspector's
//! JSON fields, saves), so the app reads and writes JSON text only through
//! `Value`: text to `Value` and back is compiled once, each type only for
//! `Value`. Objects written this way list their keys in alphabetical order
//! in the browser build (`serde_json`'s map without `preserve_order`, which
//! only some native builds enable), an order every reader ignores.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads a `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_value(serde_json::from_str::<Value>(text)?)
}

/// Writes `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string(&serde_json::to_value(value)?)
}

/// A design as JSON text for the server, in the current schema (as
/// `vpcraft_core::to_json` writes it, without the pretty-printing: the
/// server reads it and stores its own rendering).
pub fn design(design: &vpcraft_core::Design) -> String {
    let mut value = serde_json::to_value(design).expect("a design always serializes");
    value["schema_version"] = Value::from(vpcraft_core::model::SCHEMA_VERSION);
    serde_json::to_string(&value).expect("a JSON tree always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::model::SCHEMA_VERSION;
    use vpcraft_core::{Design, parse_design};

    #[test]
    fn a_design_written_reads_back_equal_in_the_current_schema() {
        let mut design =
            parse_design(include_str!("../../core/tests/fixtures/reference/A.json")).unwrap();
        design.schema_version = 1;
        let text = super::design(&design);
        let again: Design = parse_design(&text).unwrap();
        assert_eq!(again.schema_version, SCHEMA_VERSION);
        design.schema_version = SCHEMA_VERSION;
        assert_eq!(again, design);
    }

    #[test]
    fn text_round_trips_through_the_tree() {
        // Keys in order either way: whether serde_json keeps insertion
        // order depends on the features other crates of the build enable.
        let text = to_string(&serde_json::json!({"a": "x", "b": [1, 2.5, null]})).unwrap();
        assert_eq!(text, r#"{"a":"x","b":[1,2.5,null]}"#);
        let back: (u8, String) = from_str(r#"[7, "seven"]"#).unwrap();
        assert_eq!(back, (7, "seven".to_owned()));
        let error = from_str::<(u8, String)>("[7,").unwrap_err();
        assert_eq!(error.to_string(), "EOF while parsing a value at line 1 column 3");
    }
}
