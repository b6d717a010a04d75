//! `Metadata.vpcraft`: what only the drawing knows, kept in the template so
//! that a re-import restores the design — resource IDs and names, the zones
//! and AWS services that have no CloudFormation resource, flows, layout,
//! the usage the cost estimate prices, and the resources the export added
//! on its own.

use super::export::Exporter;
use super::tree::{Key, Node};
use crate::model::{Flow, Kind, Rect, ResourceId, SCHEMA_VERSION, Usage};
use std::collections::{BTreeMap, HashMap};

/// The metadata of an exported design.
pub(crate) fn build(ex: &Exporter<'_>) -> Node {
    let design = ex.design;
    let mut resources = Vec::new();
    let mut zones = Vec::new();
    let mut services = Vec::new();
    for resource in &design.resources {
        match &resource.kind {
            Kind::AvailabilityZone(az) => zones.push(Node::Map(vec![
                ("id".into(), Node::str(resource.id.as_str())),
                ("name".into(), Node::str(&resource.name)),
                ("vpc".into(), Node::str(az.vpc.as_str())),
                ("zone".into(), Node::str(&az.zone)),
            ])),
            Kind::AwsService(svc) => services.push(Node::Map(vec![
                ("id".into(), Node::str(resource.id.as_str())),
                ("name".into(), Node::str(&resource.name)),
                ("service".into(), Node::str(&svc.service)),
            ])),
            _ => resources.push((
                Key::from(ex.id(&resource.id)),
                Node::List(vec![Node::str(resource.id.as_str()), Node::str(&resource.name)]),
            )),
        }
    }
    let mut entries = vec![
        ("schema_version".into(), Node::Int(i64::from(SCHEMA_VERSION))),
        ("name".into(), Node::str(&design.name)),
        ("region".into(), Node::str(&design.region)),
        ("resources".into(), Node::Map(resources)),
    ];
    if !zones.is_empty() {
        entries.push(("zones".into(), Node::List(zones)));
    }
    if !services.is_empty() {
        entries.push(("services".into(), Node::List(services)));
    }
    if !design.flows.is_empty() {
        let flows = design
            .flows
            .iter()
            .map(|f| {
                let mut flow = serde_json::to_value(f).expect("flows serialize");
                // cfn-lint refuses a null in `Metadata` (E4002): a flow's
                // absent port is left out, as an import reads it.
                if let serde_json::Value::Object(members) = &mut flow {
                    members.retain(|_, v| !v.is_null());
                }
                Node::from_json(&flow)
            })
            .collect();
        entries.push(("flows".into(), Node::List(flows)));
    }
    if !design.usage.is_empty() {
        let mut usage = serde_json::to_value(&design.usage).expect("usage serializes");
        fractions_as_text(&mut usage);
        entries.push(("usage".into(), Node::from_json(&usage)));
    }
    let mut extra: Vec<(&String, &Vec<(Key, Node)>)> = ex.extra.iter().collect();
    extra.sort_by(|a, b| a.0.cmp(b.0));
    if !extra.is_empty() {
        let extra =
            extra.into_iter().map(|(k, v)| (Key::from(k.clone()), Node::Map(v.clone()))).collect();
        entries.push(("extra".into(), Node::Map(extra)));
    }
    if !ex.implied.is_empty() {
        entries.push(("implied".into(), Node::List(ex.implied.iter().map(Node::str).collect())));
    }
    if !design.layout.positions.is_empty() {
        let layout = design
            .layout
            .positions
            .iter()
            .map(|(id, r)| {
                (
                    Key::from(id.to_string()),
                    Node::List([r.x, r.y, r.w, r.h].into_iter().map(number).collect()),
                )
            })
            .collect();
        entries.push(("layout".into(), Node::Map(layout)));
    }
    Node::Map(vec![("vpcraft".into(), Node::Map(entries))])
}

/// Adds the findings list to an exported template's metadata (the JSON
/// format has no comments).
pub(crate) fn attach_findings(root: &mut Node, findings: Node) {
    let Node::Map(entries) = root else { return };
    let Some((_, Node::Map(metadata))) = entries.iter_mut().find(|(k, _)| k == "Metadata") else {
        return;
    };
    let Some((_, Node::Map(vpcraft))) = metadata.iter_mut().find(|(k, _)| k == "vpcraft") else {
        return;
    };
    vpcraft.push(("findings".into(), findings));
}

/// What an import learns from `Metadata.vpcraft`.
#[derive(Debug, Default)]
pub(crate) struct Saved {
    pub name: Option<String>,
    pub region: Option<String>,
    /// Logical ID → (vpcraft ID, name).
    pub resources: HashMap<String, (String, String)>,
    pub zones: Vec<SavedZone>,
    pub services: Vec<(String, String, String)>,
    pub flows: Vec<Flow>,
    pub extra: HashMap<String, Node>,
    pub implied: Vec<String>,
    pub layout: BTreeMap<ResourceId, Rect>,
    pub usage: Usage,
}

#[derive(Debug)]
pub(crate) struct SavedZone {
    pub id: String,
    pub name: String,
    pub vpc: String,
    pub zone: String,
}

/// Reads the metadata of a template, when it has vpcraft's.
pub(crate) fn read(root: &Node) -> Option<Saved> {
    let meta = root.get("Metadata")?.get("vpcraft")?;
    let text = |node: Option<&Node>| node.and_then(Node::as_str).map(str::to_owned);
    let mut saved = Saved {
        name: text(meta.get("name")),
        region: text(meta.get("region")),
        ..Saved::default()
    };
    if let Some(Node::Map(entries)) = meta.get("resources") {
        for (logical, value) in entries {
            if let Some([id, name]) = value.as_list()
                && let (Some(id), Some(name)) = (id.as_str(), name.as_str())
            {
                saved.resources.insert(logical.to_string(), (id.to_owned(), name.to_owned()));
            }
        }
    }
    for zone in meta.get("zones").and_then(Node::as_list).unwrap_or_default() {
        if let (Some(id), Some(name), Some(vpc), Some(z)) = (
            text(zone.get("id")),
            text(zone.get("name")),
            text(zone.get("vpc")),
            text(zone.get("zone")),
        ) {
            saved.zones.push(SavedZone { id, name, vpc, zone: z });
        }
    }
    for service in meta.get("services").and_then(Node::as_list).unwrap_or_default() {
        if let (Some(id), Some(name), Some(svc)) =
            (text(service.get("id")), text(service.get("name")), text(service.get("service")))
        {
            saved.services.push((id, name, svc));
        }
    }
    for flow in meta.get("flows").and_then(Node::as_list).unwrap_or_default() {
        if let Ok(flow) = serde_json::from_value::<Flow>(flow.to_json()) {
            saved.flows.push(flow);
        }
    }
    if let Some(usage) = meta.get("usage") {
        let mut usage = usage.to_json();
        numbers_from_text(&mut usage);
        saved.usage = serde_json::from_value(usage).unwrap_or_default();
    }
    if let Some(Node::Map(entries)) = meta.get("extra") {
        saved.extra = entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    }
    for implied in meta.get("implied").and_then(Node::as_list).unwrap_or_default() {
        if let Some(s) = implied.as_str() {
            saved.implied.push(s.to_owned());
        }
    }
    if let Some(Node::Map(entries)) = meta.get("layout") {
        for (id, value) in entries {
            let numbers: Vec<f64> = value
                .as_list()
                .unwrap_or_default()
                .iter()
                .filter_map(|n| match n {
                    Node::Int(i) => Some(*i as f64),
                    Node::Float(f) => Some(*f),
                    Node::Str(text) => text.parse().ok().filter(|f: &f64| f.is_finite()),
                    _ => None,
                })
                .collect();
            if let [x, y, w, h] = numbers[..] {
                saved.layout.insert(ResourceId::new(id.clone()), Rect::new(x, y, w, h));
            }
        }
    }
    Some(saved)
}

/// A number of the metadata: a whole number as it is, a fraction as text.
/// cfn-lint's schema of a template's `Metadata` takes no number that is not
/// whole (E4002), though CloudFormation does: `3.5` is written `"3.5"` and
/// read back as the number.
fn number(value: f64) -> Node {
    if value.fract() == 0.0 { Node::Float(value) } else { Node::str(value.to_string()) }
}

/// Writes every fraction in `value` as text (see [`number`]).
fn fractions_as_text(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            if let Some(Node::Str(text)) = n.as_f64().map(number) {
                *value = Value::String(text);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fractions_as_text),
        Value::Object(entries) => entries.values_mut().for_each(fractions_as_text),
        _ => {}
    }
}

/// Reads back the numbers [`fractions_as_text`] wrote as text: every value
/// of the usage is a number, so any text that reads as a finite one is one.
fn numbers_from_text(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if let Some(n) = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                *value = Value::Number(n);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(numbers_from_text),
        Value::Object(entries) => entries.values_mut().for_each(numbers_from_text),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_written_as_text_and_read_back_as_numbers() {
        assert_eq!(number(3.0), Node::Float(3.0));
        assert_eq!(number(3.5), Node::str("3.5"));
        assert_eq!(number(-0.25), Node::str("-0.25"));
        let mut usage =
            serde_json::json!({"resources": {"asg": {"instances": 3.5, "gb_per_month": 20.0}}});
        fractions_as_text(&mut usage);
        assert_eq!(
            usage,
            serde_json::json!({"resources": {"asg": {"instances": "3.5", "gb_per_month": 20.0}}})
        );
        numbers_from_text(&mut usage);
        assert_eq!(
            usage,
            serde_json::json!({"resources": {"asg": {"instances": 3.5, "gb_per_month": 20.0}}})
        );
        let read: Usage = serde_json::from_value(usage).unwrap();
        assert_eq!(read.resources[&ResourceId::new("asg")].instances, Some(3.5));
    }
}
