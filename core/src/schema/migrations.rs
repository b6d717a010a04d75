//! Ordered migrations from each older schema version to the next.
//!
//! Migration `n` turns a version-`n` JSON tree into version `n + 1`. They are
//! pure functions on `serde_json::Value`, run in order, and each has a test
//! with a real file of its input version.

use serde_json::{Map, Value};

/// A migration from `from` to `from + 1`.
pub type Migration = fn(&mut Map<String, Value>);

/// Every migration, indexed by the version it upgrades from (starting at 1).
pub const MIGRATIONS: &[(u32, Migration)] =
    &[(1, v1_nest_layout_positions), (2, v2_external_and_logical_ids)];

/// Runs the migrations from `version` up to the current schema.
pub(crate) fn migrate(value: &mut Value, version: u32) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    for (from, migration) in MIGRATIONS {
        if *from >= version {
            migration(object);
            object.insert("schema_version".into(), Value::from(from + 1));
        }
    }
}

/// Version 3 adds external resources (`"type": "external"`) and the
/// optional `logical_id` of imported resources; a version-2 file has
/// neither, so it reads unchanged. The version still moves, so that an older
/// build refuses a file it would misread instead of dropping what is new.
fn v2_external_and_logical_ids(_design: &mut Map<String, Value>) {}

/// Version 1 (the first drafts) kept positions directly under `layout`;
/// version 2 nests them under `layout.positions` to make room for other
/// layout state.
fn v1_nest_layout_positions(design: &mut Map<String, Value>) {
    if let Some(Value::Object(layout)) = design.remove("layout") {
        let mut nested = Map::new();
        nested.insert("positions".into(), Value::Object(layout));
        design.insert("layout".into(), Value::Object(nested));
    }
}
