//! Moving resources on the canvas: a change of layout only, never of the
//! architecture.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::{Design, ResourceId};

/// Translates the rectangles of the given resources. The move tool passes
/// a container together with everything drawn inside it.
#[derive(Clone, Debug)]
pub struct MoveResources {
    pub ids: Vec<ResourceId>,
    pub dx: f64,
    pub dy: f64,
    /// Identifies the drag gesture, so that all the small moves of one drag
    /// are undone together.
    pub gesture: u64,
}

impl Action for MoveResources {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Coalesce(format!("move:{}", self.gesture))
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        for id in &self.ids {
            if let Some(rect) = design.layout.positions.get_mut(id) {
                *rect = rect.translate(self.dx, self.dy);
            }
        }
        Ok(Applied::default())
    }

    fn layout_only(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::model::Rect;

    #[test]
    fn moves_only_the_given_rectangles() {
        let mut design = Design::new("d");
        design.layout.positions.insert("a".into(), Rect::new(0.0, 0.0, 10.0, 10.0));
        design.layout.positions.insert("b".into(), Rect::new(50.0, 0.0, 10.0, 10.0));
        let action = MoveResources { ids: vec!["a".into()], dx: 5.0, dy: -2.0, gesture: 1 };
        action.apply(&mut design).unwrap();
        assert_eq!(
            design.layout.positions[&ResourceId::from("a")],
            Rect::new(5.0, -2.0, 10.0, 10.0)
        );
        assert_eq!(design.layout.positions[&ResourceId::from("b")].x, 50.0);
    }
}
