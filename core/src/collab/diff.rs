//! The patch that turns one design into another, field by field.

use super::patch::{DesignField, Op, Patch};
use crate::model::{Design, Flow, Resource, ResourceId};
use crate::sort;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The patch that turns `before` into `after`: applied to `before` it gives
/// a design equal to `after` up to the order of resources and flows (what
/// was added goes last). Changed resources and flows become one operation
/// per changed top-level field, moved boxes one `SetPosition` each.
pub fn patch_between(before: &Design, after: &Design) -> Patch {
    let mut ops = Vec::new();
    design_fields(before, after, &mut ops);

    // Only what differs as a struct is serialized to find the fields that
    // changed: an edit touches a few resources of thousands.
    let old_flows: BTreeMap<&ResourceId, &Flow> =
        sort::map(before.flows.iter().map(|f| (&f.id, f)));
    let new_flow_ids: BTreeSet<&ResourceId> = sort::set(after.flows.iter().map(|f| &f.id));
    for flow in &before.flows {
        if !new_flow_ids.contains(&flow.id) {
            ops.push(Op::RemoveFlow { id: flow.id.clone() });
        }
    }

    let old: BTreeMap<&ResourceId, &Resource> =
        sort::map(before.resources.iter().map(|r| (&r.id, r)));
    let mut field_ops = Vec::new();
    for resource in &after.resources {
        match old.get(&resource.id) {
            None => ops.push(Op::AddResource { resource: resource.clone() }),
            Some(&was) if was == resource => {}
            Some(&was) => {
                let (was, now) = (json(was), json(resource));
                if was == now {
                    continue;
                }
                if was.get("type") != now.get("type") {
                    field_ops.push(Op::ReplaceResource { resource: resource.clone() });
                    continue;
                }
                for (field, value) in changed_fields(&was, &now) {
                    field_ops.push(Op::SetField { id: resource.id.clone(), field, value });
                }
            }
        }
    }
    ops.extend(field_ops);
    let new_ids: BTreeSet<&ResourceId> = sort::set(after.resources.iter().map(|r| &r.id));
    let mut removed = BTreeSet::new();
    for resource in &before.resources {
        if !new_ids.contains(&resource.id) {
            removed.insert(&resource.id);
            ops.push(Op::RemoveResource { id: resource.id.clone() });
        }
    }

    for flow in &after.flows {
        match old_flows.get(&flow.id) {
            None => ops.push(Op::AddFlow { flow: flow.clone() }),
            Some(&was) if was == flow => {}
            Some(&was) => {
                for (field, value) in changed_fields(&json(was), &json(flow)) {
                    ops.push(Op::SetFlowField { id: flow.id.clone(), field, value });
                }
            }
        }
    }

    for (id, rect) in &after.layout.positions {
        if before.layout.positions.get(id) != Some(rect) {
            ops.push(Op::SetPosition { id: id.clone(), rect: Some(*rect) });
        }
    }
    for id in before.layout.positions.keys() {
        if !after.layout.positions.contains_key(id) && !removed.contains(id) {
            ops.push(Op::SetPosition { id: id.clone(), rect: None });
        }
    }
    Patch::new(ops)
}

fn design_fields(before: &Design, after: &Design, ops: &mut Vec<Op>) {
    if before.name != after.name {
        ops.push(Op::SetDesign { field: DesignField::Name, value: json(&after.name) });
    }
    if before.region != after.region {
        ops.push(Op::SetDesign { field: DesignField::Region, value: json(&after.region) });
    }
    if before.usage != after.usage {
        ops.push(Op::SetDesign { field: DesignField::Usage, value: json(&after.usage) });
    }
}

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The top-level fields whose values differ, with the new value (`None`
/// where the field is gone), in key order.
fn changed_fields(was: &Value, now: &Value) -> Vec<(String, Option<Value>)> {
    let empty = Map::new();
    let was = was.as_object().unwrap_or(&empty);
    let now = now.as_object().unwrap_or(&empty);
    let keys: BTreeSet<&String> = sort::set(was.keys().chain(now.keys()));
    keys.into_iter()
        .filter(|key| key.as_str() != "id" && was.get(*key) != now.get(*key))
        .map(|key| (key.clone(), now.get(key).cloned()))
        .collect()
}
