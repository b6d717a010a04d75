//! Reading and writing design files: syntax, schema version, ordered
//! migrations and precise errors.
//!
//! A file is read in three steps: JSON syntax (errors carry line and
//! column), migration of older schema versions (each a pure function on the
//! JSON tree), then typed deserialization (`typed.rs`; errors carry the
//! JSON path, such as `resources[3]` with the offending resource's ID).

mod migrations;
mod typed;

use crate::model::{Design, SCHEMA_VERSION};
use serde::de::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::HashSet;

pub use migrations::MIGRATIONS;

/// Why a design file was rejected. The `Display` form is one line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("not a vpcraft design: {0}")]
    NotADesign(String),
    #[error(
        "schema_version {found} is newer than this vpcraft understands ({SCHEMA_VERSION}); upgrade vpcraft"
    )]
    TooNew { found: u64 },
    #[error("at {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("duplicate id {0:?}: every resource and flow needs its own id")]
    DuplicateId(String),
}

/// Parses a design file of any supported schema version.
pub fn parse_design(text: &str) -> Result<Design, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ParseError::Syntax {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    from_value(value)
}

/// Migrates and deserializes an already parsed JSON tree.
pub fn from_value(mut value: Value) -> Result<Design, ParseError> {
    let Some(object) = value.as_object() else {
        return Err(ParseError::NotADesign("the top level must be a JSON object".into()));
    };
    let version = match object.get("schema_version") {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            ParseError::NotADesign("schema_version must be a positive integer".into())
        })?,
        Some(_) => {
            return Err(ParseError::NotADesign("schema_version must be a positive integer".into()));
        }
        None => return Err(ParseError::NotADesign("missing schema_version".into())),
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(ParseError::TooNew { found: version });
    }
    if version == 0 {
        return Err(ParseError::NotADesign("schema_version starts at 1".into()));
    }
    migrations::migrate(&mut value, version as u32);
    let design = typed::typed(value)?;
    check_unique_ids(&design)?;
    Ok(design)
}

/// Reads a design inside another message (a room message, the app's local
/// draft), for `#[serde(deserialize_with = "...")]`, by `Design`'s
/// `Deserialize`: the typed step of [`from_value`] on the message's JSON
/// tree (without migrations: such designs are in the current schema).
/// Reading every design by the one typed reader
/// keeps a single copy of the design's deserialization code in the
/// browser's wasm, whatever format the message comes in.
pub fn nested<'de, D: Deserializer<'de>, T: From<Design>>(deserializer: D) -> Result<T, D::Error> {
    Design::deserialize(deserializer).map(T::from)
}

/// [`nested`] for an optional design (absent or `null` is `None`).
pub fn nested_option<'de, D: Deserializer<'de>, T: From<Design>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Ok(Option::<Design>::deserialize(deserializer)?.map(T::from))
}

/// Serializes a design in the current schema, pretty-printed with a stable
/// key order so that files diff well.
pub fn to_json(design: &Design) -> String {
    let mut design = design.clone();
    design.schema_version = SCHEMA_VERSION;
    serde_json::to_string_pretty(&design).expect("a design always serializes")
}

fn check_unique_ids(design: &Design) -> Result<(), ParseError> {
    let mut seen = HashSet::new();
    let ids = design.resources.iter().map(|r| &r.id).chain(design.flows.iter().map(|f| &f.id));
    for id in ids {
        if !seen.insert(id) {
            return Err(ParseError::DuplicateId(id.to_string()));
        }
    }
    Ok(())
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests;
