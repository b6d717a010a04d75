//! The SAM transform (`AWS::Serverless-2016-10-31`) for what a network
//! design needs of it: a serverless function becomes the Lambda function
//! it deploys as (with the template's `Globals.Function` defaults, its
//! `VpcConfig`, environment and role) and its queue and stream events
//! become event source mappings; a simple table becomes a DynamoDB table.
//! Other serverless types stay as they are and import as generic resources.

use super::template::Declared;
use crate::cfn::tree::{Key, Node};
use std::borrow::Cow;

/// The properties of a serverless function that a Lambda function has
/// under the same name.
const FUNCTION_PROPERTIES: &[&str] = &[
    "Runtime",
    "Handler",
    "MemorySize",
    "Timeout",
    "Environment",
    "VpcConfig",
    "Role",
    "FunctionName",
    "Architectures",
    "Layers",
    "Tags",
];

/// Appends what a serverless resource deploys as.
pub(super) fn translate<'t>(
    resource: Declared<'t>,
    globals: Option<&Node>,
    out: &mut Vec<Declared<'t>>,
) {
    match resource.resource_type.as_str() {
        "AWS::Serverless::Function" => function(resource, globals, out),
        "AWS::Serverless::SimpleTable" => {
            let key = resource.properties.get("PrimaryKey");
            let name = key.and_then(|k| k.get("Name")).cloned().unwrap_or(Node::str("id"));
            let schema = Node::List(vec![Node::Map(vec![
                ("AttributeName".into(), name),
                ("KeyType".into(), Node::str("HASH")),
            ])]);
            let mut properties = vec![(Key::from("KeySchema"), schema)];
            if let Some(table) = resource.properties.get("TableName") {
                properties.push(("TableName".into(), table.clone()));
            }
            out.push(Declared {
                resource_type: "AWS::DynamoDB::Table".into(),
                properties: Cow::Owned(Node::Map(properties)),
                translated: true,
                ..resource
            });
        }
        _ => out.push(resource),
    }
}

fn function<'t>(resource: Declared<'t>, globals: Option<&Node>, out: &mut Vec<Declared<'t>>) {
    let own = &resource.properties;
    let mut properties: Vec<(Key, Node)> = Vec::new();
    for key in FUNCTION_PROPERTIES {
        let value = match (own.get(key), globals.and_then(|g| g.get(key))) {
            (Some(Node::Map(mine)), Some(Node::Map(global))) if *key == "Environment" => {
                Some(merge_environment(global, mine))
            }
            (Some(mine), _) => Some(mine.clone()),
            (None, Some(global)) => Some(global.clone()),
            (None, None) => None,
        };
        if let Some(value) = value {
            properties.push(((*key).into(), value));
        }
    }
    let mut mappings = Vec::new();
    if let Some(Node::Map(events)) = own.get("Events") {
        for (name, event) in events {
            let kind = event.get("Type").and_then(Node::as_str).unwrap_or_default();
            let source_key = match kind {
                "SQS" => "Queue",
                "DynamoDB" | "Kinesis" => "Stream",
                _ => continue,
            };
            let Some(source) = event.get("Properties").and_then(|p| p.get(source_key)) else {
                continue;
            };
            let mut mapping = vec![
                (Key::from("EventSourceArn"), source.clone()),
                ("FunctionName".into(), Node::reference(&resource.logical_id)),
            ];
            if let Some(size) = event.get("Properties").and_then(|p| p.get("BatchSize")) {
                mapping.push(("BatchSize".into(), size.clone()));
            }
            mappings.push(Declared {
                logical_id: format!("{}{name}", resource.logical_id),
                resource_type: "AWS::Lambda::EventSourceMapping".into(),
                properties: Cow::Owned(Node::Map(mapping)),
                condition: resource.condition.clone(),
                depends_on: Vec::new(),
                translated: true,
            });
        }
    }
    out.push(Declared {
        resource_type: "AWS::Lambda::Function".into(),
        properties: Cow::Owned(Node::Map(properties)),
        translated: true,
        ..resource
    });
    out.extend(mappings);
}

/// `Globals.Function.Environment.Variables` under the function's own.
fn merge_environment(global: &[(Key, Node)], mine: &[(Key, Node)]) -> Node {
    let variables = |entries: &[(Key, Node)]| match entries.iter().find(|(k, _)| k == "Variables") {
        Some((_, Node::Map(vars))) => vars.clone(),
        _ => Vec::new(),
    };
    let mut merged = variables(global);
    for (key, value) in variables(mine) {
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => merged.push((key, value)),
        }
    }
    Node::Map(vec![("Variables".into(), Node::Map(merged))])
}
