//! Patches: ordered operations on a design keyed by stable IDs, applied all
//! or nothing.

use crate::model::{Design, Flow, FlowId, Rect, Resource, ResourceId};
use crate::sort;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A design-wide field a patch may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignField {
    Name,
    Region,
    Usage,
}

/// One change to a design. Resource and flow properties are addressed by
/// their top-level field in the design file (`name`, `cidr`, `subnets`,
/// ...), so two people changing different fields of one resource both keep
/// their change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Sets the design's name, region or usage.
    SetDesign { field: DesignField, value: Value },
    /// Adds a resource whose ID is free.
    AddResource { resource: Resource },
    /// Removes a resource; removing one that is already gone is a no-op.
    RemoveResource { id: ResourceId },
    /// Replaces a resource whole, as when its kind changes.
    ReplaceResource { resource: Resource },
    /// Sets (or, with `null`, removes) one top-level field of a resource.
    SetField { id: ResourceId, field: String, value: Option<Value> },
    /// Adds a flow whose ID is free.
    AddFlow { flow: Flow },
    /// Removes a flow; removing one that is already gone is a no-op.
    RemoveFlow { id: FlowId },
    /// Sets (or removes) one top-level field of a flow.
    SetFlowField { id: FlowId, field: String, value: Option<Value> },
    /// Places a resource on the canvas, or (`None`) leaves it to layout.
    SetPosition { id: ResourceId, rect: Option<Rect> },
}

/// Ordered operations applied all or nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Patch {
    pub ops: Vec<Op>,
}

/// Why a patch was refused; the design is unchanged. Messages name the
/// resources as the design does, for the person whose edit was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    #[error("{0} no longer exists: someone else deleted it")]
    Gone(String),
    #[error("the ID {0} is already taken")]
    Taken(String),
    #[error("{field} of {id} cannot be set: {message}")]
    Invalid { id: String, field: String, message: String },
    #[error("{holder} would refer to {target}, which no longer exists")]
    Dangling { holder: String, target: String },
}

impl Patch {
    pub fn new(ops: Vec<Op>) -> Self {
        Self { ops }
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// True when the patch only moves things on the canvas.
    pub fn layout_only(&self) -> bool {
        self.ops.iter().all(|op| matches!(op, Op::SetPosition { .. }))
    }

    /// The resources and flows the patch touches, for messages and
    /// presence.
    pub fn touched(&self) -> BTreeSet<&ResourceId> {
        sort::set(self.ops.iter().filter_map(|op| match op {
            Op::SetDesign { .. } => None,
            Op::AddResource { resource } | Op::ReplaceResource { resource } => Some(&resource.id),
            Op::AddFlow { flow } => Some(&flow.id),
            Op::RemoveResource { id }
            | Op::SetField { id, .. }
            | Op::RemoveFlow { id }
            | Op::SetFlowField { id, .. }
            | Op::SetPosition { id, .. } => Some(id),
        }))
    }

    /// True when applying `self` and `other` in either order gives the same
    /// design and the same verdicts: neither adds or removes anything (so
    /// the IDs a reference may point at stay), and they touch no common
    /// resource, flow or design field. A replica applies such an edit of
    /// another tab under its own pending ones in place, without rebuilding.
    pub fn commutes_with(&self, other: &Patch) -> bool {
        if !self.ops.iter().chain(&other.ops).all(Op::keeps_ids) {
            return false;
        }
        let fields = |p: &Patch| -> BTreeSet<DesignField> {
            sort::set(p.ops.iter().filter_map(|op| match op {
                Op::SetDesign { field, .. } => Some(*field),
                _ => None,
            }))
        };
        self.touched().is_disjoint(&other.touched()) && fields(self).is_disjoint(&fields(other))
    }

    /// Applies every operation, or none: on error `design` is unchanged.
    /// A patch that leaves a reference (or a flow's end) pointing at a
    /// resource that is gone, where none pointed at nothing before, is
    /// refused, as when one person deletes what another just connected.
    pub fn apply(&self, design: &mut Design) -> Result<(), PatchError> {
        if self.ops.iter().all(Op::keeps_ids) {
            return Staged::default().apply(&self.ops, design);
        }
        let mut patched = design.clone();
        for op in &self.ops {
            apply_op(&mut patched, op)?;
        }
        let after = dangling(&patched);
        if !after.is_empty() {
            let before = dangling(design);
            if let Some((holder, target)) = after.into_iter().find(|d| !before.contains(d)) {
                return Err(PatchError::Dangling {
                    holder: display(&patched, &holder),
                    target: target.to_string(),
                });
            }
        }
        *design = patched;
        Ok(())
    }
}

impl Op {
    /// True when the operation neither adds nor removes a resource or flow,
    /// so the set of IDs a reference may point at stays as it is.
    fn keeps_ids(&self) -> bool {
        !matches!(
            self,
            Op::AddResource { .. }
                | Op::RemoveResource { .. }
                | Op::AddFlow { .. }
                | Op::RemoveFlow { .. }
        )
    }
}

/// The new values of what a patch that keeps every ID changes, built
/// before anything is written so that the design changes all or nothing
/// without being cloned: the common edit (a property, a move) costs what
/// it touches, not the size of the design.
#[derive(Default)]
struct Staged {
    resources: Vec<(usize, Resource)>,
    flows: Vec<(usize, Flow)>,
    design: Vec<(DesignField, Value)>,
    positions: Vec<(ResourceId, Option<Rect>)>,
}

impl Staged {
    fn apply(mut self, ops: &[Op], design: &mut Design) -> Result<(), PatchError> {
        for op in ops {
            self.stage(op, design)?;
        }
        self.check_references(design)?;
        for (field, value) in &self.design {
            set_design(design, *field, value)?;
        }
        for (index, resource) in self.resources {
            design.resources[index] = resource;
        }
        for (index, flow) in self.flows {
            design.flows[index] = flow;
        }
        for (id, rect) in self.positions {
            match rect {
                Some(rect) => design.layout.positions.insert(id, rect),
                None => design.layout.positions.remove(&id),
            };
        }
        Ok(())
    }

    /// The staged copy of the resource `id`, made on first use.
    fn resource(&mut self, design: &Design, id: &ResourceId) -> Result<&mut Resource, PatchError> {
        let at = match self.resources.iter().position(|(i, _)| &design.resources[*i].id == id) {
            Some(at) => at,
            None => {
                let index = design
                    .resources
                    .iter()
                    .position(|r| &r.id == id)
                    .ok_or_else(|| PatchError::Gone(id.to_string()))?;
                self.resources.push((index, design.resources[index].clone()));
                self.resources.len() - 1
            }
        };
        Ok(&mut self.resources[at].1)
    }

    fn flow(&mut self, design: &Design, id: &ResourceId) -> Result<&mut Flow, PatchError> {
        let at = match self.flows.iter().position(|(i, _)| &design.flows[*i].id == id) {
            Some(at) => at,
            None => {
                let index = design
                    .flows
                    .iter()
                    .position(|f| &f.id == id)
                    .ok_or_else(|| PatchError::Gone(id.to_string()))?;
                self.flows.push((index, design.flows[index].clone()));
                self.flows.len() - 1
            }
        };
        Ok(&mut self.flows[at].1)
    }

    fn stage(&mut self, op: &Op, design: &Design) -> Result<(), PatchError> {
        match op {
            Op::SetDesign { field, value } => {
                // Checked here so that a bad value refuses the whole patch.
                set_design(&mut Design::default(), *field, value)?;
                self.design.push((*field, value.clone()));
            }
            Op::ReplaceResource { resource } => {
                *self.resource(design, &resource.id)? = resource.clone();
            }
            Op::SetField { id, field, value } => {
                let slot = self.resource(design, id)?;
                *slot = with_field(&*slot, id, field, value.as_ref())?;
            }
            Op::SetFlowField { id, field, value } => {
                let slot = self.flow(design, id)?;
                *slot = with_field(&*slot, id, field, value.as_ref())?;
            }
            Op::SetPosition { id, rect } => {
                if rect.is_some() && !exists(design, id) {
                    return Err(PatchError::Gone(id.to_string()));
                }
                self.positions.push((id.clone(), *rect));
            }
            Op::AddResource { .. }
            | Op::RemoveResource { .. }
            | Op::AddFlow { .. }
            | Op::RemoveFlow { .. } => unreachable!("only patches that keep every ID are staged"),
        }
        Ok(())
    }

    /// Refuses a changed resource or flow that now points at nothing where
    /// it did not before; the IDs of the design do not change, so nothing
    /// else can start to dangle.
    fn check_references(&self, design: &Design) -> Result<(), PatchError> {
        let missing = |target: &ResourceId| design.resource(target).is_none();
        for (index, after) in &self.resources {
            let before = &design.resources[*index];
            let mut was = Vec::new();
            before.kind.for_each_reference(|r| {
                if missing(r.target) {
                    was.push(r.target.clone());
                }
            });
            let mut new = None;
            after.kind.for_each_reference(|r| {
                if new.is_none() && missing(r.target) && !was.contains(r.target) {
                    new = Some(r.target.clone());
                }
            });
            if let Some(target) = new {
                return Err(PatchError::Dangling {
                    holder: display_resource(after),
                    target: target.to_string(),
                });
            }
        }
        for (index, after) in &self.flows {
            let before = &design.flows[*index];
            for (now, was) in [(&after.source, &before.source), (&after.target, &before.target)] {
                if now != was && missing(now) {
                    return Err(PatchError::Dangling {
                        holder: after.id.to_string(),
                        target: now.to_string(),
                    });
                }
            }
        }
        Ok(())
    }
}

fn display_resource(r: &Resource) -> String {
    if r.name.is_empty() { r.id.to_string() } else { format!("{} ({})", r.name, r.id) }
}

fn exists(design: &Design, id: &ResourceId) -> bool {
    design.resources.iter().any(|r| &r.id == id) || design.flows.iter().any(|f| &f.id == id)
}

fn display(design: &Design, id: &ResourceId) -> String {
    design.resource(id).map_or_else(|| id.to_string(), display_resource)
}

fn apply_op(design: &mut Design, op: &Op) -> Result<(), PatchError> {
    match op {
        Op::SetDesign { field, value } => set_design(design, *field, value)?,
        Op::AddResource { resource } => {
            if exists(design, &resource.id) {
                return Err(PatchError::Taken(resource.id.to_string()));
            }
            design.resources.push(resource.clone());
        }
        Op::RemoveResource { id } => {
            design.resources.retain(|r| &r.id != id);
            design.layout.positions.remove(id);
        }
        Op::ReplaceResource { resource } => {
            let slot = design
                .resource_mut(&resource.id)
                .ok_or_else(|| PatchError::Gone(resource.id.to_string()))?;
            *slot = resource.clone();
        }
        Op::SetField { id, field, value } => {
            let slot = design.resource_mut(id).ok_or_else(|| PatchError::Gone(id.to_string()))?;
            *slot = with_field(&*slot, id, field, value.as_ref())?;
        }
        Op::AddFlow { flow } => {
            if exists(design, &flow.id) {
                return Err(PatchError::Taken(flow.id.to_string()));
            }
            design.flows.push(flow.clone());
        }
        Op::RemoveFlow { id } => design.flows.retain(|f| &f.id != id),
        Op::SetFlowField { id, field, value } => {
            let slot = design
                .flows
                .iter_mut()
                .find(|f| &f.id == id)
                .ok_or_else(|| PatchError::Gone(id.to_string()))?;
            *slot = with_field(&*slot, id, field, value.as_ref())?;
        }
        Op::SetPosition { id, rect } => match rect {
            Some(rect) => {
                if !exists(design, id) {
                    return Err(PatchError::Gone(id.to_string()));
                }
                design.layout.positions.insert(id.clone(), *rect);
            }
            None => {
                design.layout.positions.remove(id);
            }
        },
    }
    Ok(())
}

fn set_design(design: &mut Design, field: DesignField, value: &Value) -> Result<(), PatchError> {
    let invalid = |e: serde_json::Error| PatchError::Invalid {
        id: "the design".into(),
        field: format!("{field:?}").to_lowercase(),
        message: e.to_string(),
    };
    match field {
        DesignField::Name => {
            design.name = serde_json::from_value(value.clone()).map_err(invalid)?
        }
        DesignField::Region => {
            design.region = serde_json::from_value(value.clone()).map_err(invalid)?;
        }
        DesignField::Usage => {
            design.usage = serde_json::from_value(value.clone()).map_err(invalid)?
        }
    }
    Ok(())
}

/// `item` with one top-level field set or removed, read back through its
/// type so that a value of the wrong shape is refused.
fn with_field<T: Serialize + serde::de::DeserializeOwned>(
    item: &T,
    id: &ResourceId,
    field: &str,
    value: Option<&Value>,
) -> Result<T, PatchError> {
    let invalid = |message: String| PatchError::Invalid {
        id: id.to_string(),
        field: field.to_owned(),
        message,
    };
    if field == "id" || field == "type" {
        return Err(invalid("identity and kind are not fields to set".into()));
    }
    let mut json = serde_json::to_value(item).map_err(|e| invalid(e.to_string()))?;
    let object: &mut Map<String, Value> =
        json.as_object_mut().ok_or_else(|| invalid("not an object".into()))?;
    match value {
        Some(value) => {
            object.insert(field.to_owned(), value.clone());
        }
        None => {
            object.remove(field);
        }
    }
    serde_json::from_value(json).map_err(|e| invalid(e.to_string()))
}

/// Every (holder, target) pair where a resource's reference or a flow's end
/// points at no resource.
fn dangling(design: &Design) -> BTreeSet<(ResourceId, ResourceId)> {
    let ids: BTreeSet<&ResourceId> = sort::set(design.resources.iter().map(|r| &r.id));
    let mut out = BTreeSet::new();
    for resource in &design.resources {
        resource.kind.for_each_reference(|r| {
            if !ids.contains(r.target) {
                out.insert((resource.id.clone(), r.target.clone()));
            }
        });
    }
    for flow in &design.flows {
        for end in [&flow.source, &flow.target] {
            if !ids.contains(end) {
                out.insert((flow.id.clone(), end.clone()));
            }
        }
    }
    out
}
