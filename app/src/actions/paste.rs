//! Pasting copied resources (and duplicating): fresh IDs and names, the
//! references among the copies rewritten, the copies offset on the canvas.

use super::{Action, Applied, Refusal, UndoPolicy};
use serde_json::Value;
use std::collections::BTreeMap;
use vpcraft_core::model::{Flow, Rect};
use vpcraft_core::sort;
use vpcraft_core::{Design, Resource, ResourceId};

/// What a copy holds: resources, the flows among them and their places.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clip {
    pub resources: Vec<Resource>,
    pub flows: Vec<Flow>,
    pub positions: BTreeMap<ResourceId, Rect>,
}

impl Clip {
    /// Copies the given resources with everything drawn inside them and
    /// the flows between copied resources.
    pub fn of(design: &Design, ids: &[ResourceId]) -> Self {
        let mut wanted: Vec<ResourceId> = Vec::new();
        for id in ids {
            for one in
                std::iter::once(id.clone()).chain(crate::geometry::contained_in(&design.layout, id))
            {
                if !wanted.contains(&one) {
                    wanted.push(one);
                }
            }
        }
        let resources: Vec<Resource> =
            design.resources.iter().filter(|r| wanted.contains(&r.id)).cloned().collect();
        let flows = design
            .flows
            .iter()
            .filter(|f| wanted.contains(&f.source) && wanted.contains(&f.target))
            .cloned()
            .collect();
        let positions = sort::map(
            design
                .layout
                .positions
                .iter()
                .filter(|(id, _)| wanted.contains(id))
                .map(|(k, v)| (k.clone(), *v)),
        );
        Self { resources, flows, positions }
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }
}

/// Adds a copy of the clip, moved by (`dx`, `dy`).
#[derive(Clone, Debug)]
pub struct Paste {
    pub clip: Clip,
    pub dx: f64,
    pub dy: f64,
}

/// Replaces every string equal to an old ID by its new ID.
fn rewrite(value: &mut Value, ids: &BTreeMap<String, String>) {
    match value {
        Value::String(s) => {
            if let Some(new) = ids.get(s.as_str()) {
                *s = new.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, ids)),
        Value::Object(map) => map.values_mut().for_each(|v| rewrite(v, ids)),
        _ => {}
    }
}

impl Action for Paste {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        if self.clip.is_empty() {
            return Err(Refusal::new("Nothing to paste: copy something first"));
        }
        let mut ids = BTreeMap::new();
        for r in &self.clip.resources {
            let prefix = r.kind.tag().prefix();
            let mut fresh = design.fresh_id(prefix);
            while ids.values().any(|v: &String| v == fresh.as_str()) {
                fresh = ResourceId::new(format!("{fresh}-x"));
            }
            // Reserve the ID so the next fresh one differs.
            design.resources.push(Resource {
                id: fresh.clone(),
                name: String::new(),
                logical_id: None,
                physical_id: None,
                kind: r.kind.clone(),
            });
            ids.insert(r.id.to_string(), fresh.to_string());
        }
        design
            .resources
            .retain(|r| !r.name.is_empty() || !ids.values().any(|v| v == r.id.as_str()));
        let mut added = Vec::new();
        for r in &self.clip.resources {
            let mut json = serde_json::to_value(r).map_err(|e| Refusal::new(e.to_string()))?;
            if let Value::Object(map) = &mut json {
                for (key, value) in map.iter_mut() {
                    if key != "name" {
                        rewrite(value, &ids);
                    }
                }
            }
            let mut copy: Resource =
                serde_json::from_value(json).map_err(|e| Refusal::new(e.to_string()))?;
            copy.name = design.fresh_name(&format!("{}-copy", r.name));
            if let Some(rect) = self.clip.positions.get(&r.id) {
                design.layout.positions.insert(copy.id.clone(), rect.translate(self.dx, self.dy));
            }
            added.push(copy.id.clone());
            design.resources.push(copy);
        }
        for f in &self.clip.flows {
            let id = design.fresh_id("flow");
            let new = |old: &ResourceId| {
                ResourceId::new(ids.get(old.as_str()).cloned().unwrap_or_else(|| old.to_string()))
            };
            design.flows.push(Flow {
                id,
                source: new(&f.source),
                target: new(&f.target),
                ..f.clone()
            });
        }
        let top: Vec<ResourceId> = added
            .iter()
            .filter(|id| {
                let rect = design.layout.positions.get(*id);
                !added.iter().any(|other| {
                    other != *id
                        && rect.is_some_and(|r| {
                            design
                                .layout
                                .positions
                                .get(other)
                                .is_some_and(|o| o.contains(r) && o != r)
                        })
                })
            })
            .cloned()
            .collect();
        Ok(Applied { select: Some(top), ..Applied::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::AddResource;
    use crate::geometry::{self, Point};
    use vpcraft_core::model::{Kind, KindTag};

    #[test]
    fn duplicating_a_vpc_copies_its_zones_with_new_ids() {
        let mut design = Design::new("d");
        let vpc = AddResource { tag: KindTag::Vpc, at: Point::new(100.0, 100.0) }
            .apply(&mut design)
            .unwrap()
            .select
            .unwrap()
            .remove(0);
        let clip = Clip::of(&design, std::slice::from_ref(&vpc));
        assert_eq!(clip.resources.len(), 3);
        let applied = Paste { clip, dx: 0.0, dy: 900.0 }.apply(&mut design).unwrap();
        assert_eq!(design.resources.len(), 6);
        let copy = applied.select.unwrap().remove(0);
        assert_ne!(copy, vpc);
        let zones = geometry::azs_of_vpc(&design, &copy);
        assert_eq!(zones.len(), 2);
        assert!(design.resources.iter().all(|r| !r.name.is_empty()));
        assert!(matches!(design.resource(&copy).unwrap().kind, Kind::Vpc(_)));
    }
}
