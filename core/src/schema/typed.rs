//! The typed step of reading a design: its JSON tree taken apart into a
//! [`Design`], each part read on its own so that an error says where it
//! lies (`resources[3] (id "db")`, `flows[0] (id "f-1")`,
//! `layout.positions.vpc-1`, `usage.flows.f-1`, a top-level field, or `.`
//! for the design as a whole).
//!
//! Reading the parts here, rather than deriving the design's reader and
//! tracking the path through a wrapper (`serde_path_to_error`), keeps one
//! copy of the model's deserialization code in the browser's wasm (for
//! `serde_json::Value`): the wrapper compiled a second one, about a tenth
//! of the code the first canvas waited for. The fields listed here are the
//! design's; `tests.rs` reads a design with every field set back from its
//! file, so a field added to [`Design`] and not here fails there.

use super::ParseError;
use crate::model::de::invalid_type;
use crate::model::{Design, Layout, ResourceId, Usage};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error as _};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const DESIGN: &[&str] =
    &["schema_version", "name", "region", "resources", "flows", "layout", "usage"];
const LAYOUT: &[&str] = &["positions"];
const USAGE: &[&str] = &["flows", "resources"];

/// Reads a design (in the current schema) from its JSON tree.
pub fn typed(value: Value) -> Result<Design, ParseError> {
    let mut design = Object::new(".".to_owned(), value, "struct Design")?;
    let schema_version = design.required("schema_version")?;
    let name = design.required("name")?;
    let region = design.read("region")?.unwrap_or_else(crate::model::default_region);
    let resources = design.list("resources")?;
    let flows = design.list("flows")?;
    let layout = match design.take("layout") {
        Some((path, value)) => {
            let mut layout = Object::new(path, value, "struct Layout")?;
            let positions = layout.map("positions")?;
            layout.finish(LAYOUT)?;
            Layout { positions }
        }
        None => Layout::default(),
    };
    let usage = match design.take("usage") {
        Some((path, value)) => {
            let mut usage = Object::new(path, value, "struct Usage")?;
            let flows = usage.map("flows")?;
            let resources = usage.map("resources")?;
            usage.finish(USAGE)?;
            Usage { flows, resources }
        }
        None => Usage::default(),
    };
    design.finish(DESIGN)?;
    Ok(Design { schema_version, name, region, resources, flows, layout, usage })
}

impl<'de> Deserialize<'de> for Design {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        typed(Value::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// A JSON object being taken apart, and where it lies in the design.
struct Object {
    path: String,
    members: Map<String, Value>,
}

impl Object {
    fn new(path: String, value: Value, expected: &str) -> Result<Self, ParseError> {
        match value {
            Value::Object(members) => Ok(Self { path, members }),
            other => Err(invalid(path, invalid_type(&other, expected))),
        }
    }

    /// The path of a member.
    fn at(&self, key: &str) -> String {
        if self.path == "." { key.to_owned() } else { format!("{}.{key}", self.path) }
    }

    /// Takes a member out, with its path.
    fn take(&mut self, key: &str) -> Option<(String, Value)> {
        let value = self.members.remove(key)?;
        Some((self.at(key), value))
    }

    fn read<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, ParseError> {
        self.take(key)
            .map(|(path, value)| T::deserialize(value).map_err(|e| invalid(path, e)))
            .transpose()
    }

    fn required<T: DeserializeOwned>(&mut self, key: &'static str) -> Result<T, ParseError> {
        match self.read(key)? {
            Some(value) => Ok(value),
            None => Err(invalid(self.path.clone(), serde_json::Error::missing_field(key))),
        }
    }

    /// A list of resources or flows, each item read on its own and named
    /// in an error by its place and ID.
    fn list<T: DeserializeOwned>(&mut self, key: &str) -> Result<Vec<T>, ParseError> {
        let Some((path, value)) = self.take(key) else {
            return Ok(Vec::new());
        };
        let items = match value {
            Value::Array(items) => items,
            other => return Err(invalid(path, invalid_type(&other, "a sequence"))),
        };
        let mut read = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
            match T::deserialize(item) {
                Ok(value) => read.push(value),
                Err(e) => {
                    let path = match id {
                        Some(id) => format!("{path}[{i}] (id {id:?})"),
                        None => format!("{path}[{i}]"),
                    };
                    return Err(invalid(path, e));
                }
            }
        }
        Ok(read)
    }

    /// A map keyed by resource or flow ID, each entry read on its own.
    fn map<T: DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> Result<BTreeMap<ResourceId, T>, ParseError> {
        let Some((path, value)) = self.take(key) else {
            return Ok(BTreeMap::new());
        };
        let entries = Object::new(path, value, "a map")?;
        let mut read = BTreeMap::new();
        for (id, value) in entries.members {
            match T::deserialize(value) {
                Ok(value) => read.insert(ResourceId(id), value),
                Err(e) => return Err(invalid(format!("{}.{id}", entries.path), e)),
            };
        }
        Ok(read)
    }

    /// Fails on a member left over: one the object does not have.
    fn finish(self, fields: &'static [&'static str]) -> Result<(), ParseError> {
        match self.members.keys().next() {
            Some(key) => Err(invalid(self.at(key), serde_json::Error::unknown_field(key, fields))),
            None => Ok(()),
        }
    }
}

fn invalid(path: String, error: serde_json::Error) -> ParseError {
    ParseError::Invalid { path, message: error.to_string() }
}
