//! Resizing a container (VPC, availability zone, subnet) by its corner:
//! a change of layout only, never smaller than what it holds.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::model::Rect;
use vpcraft_core::{Design, ResourceId};

/// Gives a container a new width and height, keeping its top-left corner.
#[derive(Clone, Debug)]
pub struct Resize {
    pub id: ResourceId,
    pub w: f64,
    pub h: f64,
    /// Identifies the drag, so that one resize is one undo step.
    pub gesture: u64,
}

/// The smallest size a container may take: around what is inside it.
pub fn min_size(design: &Design, id: &ResourceId) -> (f64, f64) {
    let Some(outer) = design.layout.positions.get(id) else {
        return (0.0, 0.0);
    };
    crate::geometry::contained_in(&design.layout, id)
        .iter()
        .filter_map(|c| design.layout.positions.get(c))
        .fold((120.0_f64, 80.0_f64), |(w, h), r: &Rect| {
            (w.max(r.x + r.w - outer.x + 8.0), h.max(r.y + r.h - outer.y + 8.0))
        })
}

impl Action for Resize {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Coalesce(format!("resize:{}", self.gesture))
    }

    fn layout_only(&self) -> bool {
        true
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let (min_w, min_h) = min_size(design, &self.id);
        let rect = design
            .layout
            .positions
            .get_mut(&self.id)
            .ok_or_else(|| Refusal::new(format!("{} has no place on the canvas", self.id)))?;
        rect.w = self.w.max(min_w);
        rect.h = self.h.max(min_h);
        Ok(Applied::default())
    }
}
