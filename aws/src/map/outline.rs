//! A design as one line per resource and flow, for people and tests: the
//! kind's properties in compact JSON, so a snapshot shows every field.

use std::fmt::Write;
use vpcraft_core::Design;

/// One line per resource (`id type "name" {properties}`) and per flow.
pub fn outline(design: &Design) -> String {
    let mut out = String::new();
    for resource in &design.resources {
        let value = serde_json::to_value(&resource.kind).unwrap_or_default();
        let tag = resource.kind.tag().as_str();
        // The properties in the order the model declares them, without the tag.
        let kind: serde_json::Map<String, serde_json::Value> = value
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(key, _)| *key != "type")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let kind = serde_json::Value::Object(kind);
        let _ = writeln!(out, "{} {tag} {:?} {kind}", resource.id, resource.name);
    }
    for flow in &design.flows {
        let port = flow.port.map_or_else(|| "default".to_owned(), |p| p.to_string());
        let _ = writeln!(
            out,
            "{}: {} -> {} {}/{port} ({})",
            flow.id, flow.source, flow.target, flow.protocol, flow.label
        );
    }
    out
}
