//! Property-level comparison of two resources or flows through their JSON
//! form, so every property of every kind is compared without a list of
//! fields to keep in step with the model.

use crate::model::{Flow, Resource};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// One property that differs, by its path in the design file
/// (`ingress[1].port`); `old` is absent for an added value and `new` for a
/// removed one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PropertyChange {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

impl PropertyChange {
    pub fn new(path: &str, old: Option<impl Into<Value>>, new: Option<impl Into<Value>>) -> Self {
        Self { path: path.to_owned(), old: old.map(Into::into), new: new.map(Into::into) }
    }

    /// `path: old → new`, with `(none)` for a missing side.
    pub fn describe(&self) -> String {
        let show = |v: &Option<Value>| match v {
            None => "(none)".to_owned(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        format!("{}: {} → {}", self.path, show(&self.old), show(&self.new))
    }
}

/// The properties that differ between two versions of one resource; the ID
/// is what matched them, and the physical ID belongs to a deployment, not to
/// the design, so both are left out.
pub(super) fn compare_resources(old: &Resource, new: &Resource) -> Vec<PropertyChange> {
    compare_json(old, new, &["id", "physical_id"])
}

/// The properties that differ between two versions of one flow.
pub(super) fn compare_flows(old: &Flow, new: &Flow) -> Vec<PropertyChange> {
    compare_json(old, new, &["id", "inferred"])
}

/// The changes of one part of the design, with paths under `prefix`.
pub(super) fn compare_part(
    prefix: &str,
    old: &impl Serialize,
    new: &impl Serialize,
) -> Vec<PropertyChange> {
    let old = serde_json::to_value(old).unwrap_or(Value::Null);
    let new = serde_json::to_value(new).unwrap_or(Value::Null);
    let mut changes = Vec::new();
    compare(&mut prefix.to_owned(), &old, &new, &mut changes);
    changes
}

fn compare_json(old: &impl Serialize, new: &impl Serialize, skip: &[&str]) -> Vec<PropertyChange> {
    let strip = |value: Value| match value {
        Value::Object(mut map) => {
            for key in skip {
                map.remove(*key);
            }
            Value::Object(map)
        }
        other => other,
    };
    // Serializing the model cannot fail: every key is a string.
    let old = strip(serde_json::to_value(old).unwrap_or(Value::Null));
    let new = strip(serde_json::to_value(new).unwrap_or(Value::Null));
    let mut changes = Vec::new();
    compare(&mut String::new(), &old, &new, &mut changes);
    changes
}

fn compare(path: &mut String, old: &Value, new: &Value, out: &mut Vec<PropertyChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => compare_objects(path, a, b, out),
        (Value::Array(a), Value::Array(b)) if is_list_of_objects(a) || is_list_of_objects(b) => {
            compare_lists(path, a, b, out);
        }
        _ => out.push(PropertyChange {
            path: shown(path),
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

fn compare_objects(
    path: &mut String,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    out: &mut Vec<PropertyChange>,
) {
    let mut keys: Vec<&String> =
        old.keys().chain(new.keys().filter(|k| !old.contains_key(*k))).collect();
    keys.sort();
    for key in keys {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        match (old.get(key), new.get(key)) {
            (Some(a), Some(b)) => compare(path, a, b, out),
            (a, b) => {
                out.push(PropertyChange { path: path.clone(), old: a.cloned(), new: b.cloned() })
            }
        }
        path.truncate(len);
    }
}

/// Lists of objects (rules, entries, routes, listeners) compare as
/// multisets: equal elements match wherever they are, so removing the first
/// rule reports that rule and not a shift of every other one. What is left
/// pairs up in order and compares field by field; the surplus is added or
/// removed.
fn compare_lists(path: &mut String, old: &[Value], new: &[Value], out: &mut Vec<PropertyChange>) {
    let mut unmatched_new: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, value) in new.iter().enumerate().rev() {
        unmatched_new.entry(value.to_string()).or_default().push(i);
    }
    let mut new_taken = vec![false; new.len()];
    let mut old_left = Vec::new();
    for (i, value) in old.iter().enumerate() {
        match unmatched_new.get_mut(&value.to_string()).and_then(Vec::pop) {
            Some(j) => new_taken[j] = true,
            None => old_left.push(i),
        }
    }
    let new_left: Vec<usize> = (0..new.len()).filter(|j| !new_taken[*j]).collect();
    let len = path.len();
    for pair in old_left.iter().zip(&new_left) {
        let (i, j) = pair;
        let _ = write!(path, "[{j}]");
        compare(path, &old[*i], &new[*j], out);
        path.truncate(len);
    }
    for i in old_left.iter().skip(new_left.len()) {
        let _ = write!(path, "[{i}]");
        out.push(PropertyChange { path: path.clone(), old: Some(old[*i].clone()), new: None });
        path.truncate(len);
    }
    for j in new_left.iter().skip(old_left.len()) {
        let _ = write!(path, "[{j}]");
        out.push(PropertyChange { path: path.clone(), old: None, new: Some(new[*j].clone()) });
        path.truncate(len);
    }
}

fn is_list_of_objects(list: &[Value]) -> bool {
    list.iter().any(Value::is_object)
}

fn shown(path: &str) -> String {
    if path.is_empty() { "(value)".to_owned() } else { path.to_owned() }
}
