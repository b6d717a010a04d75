//! The select and move tool: a press on a node selects it, a drag moves
//! it with everything drawn inside it.

use super::{ClientPoint, Gesture, Tools};
use crate::actions::MoveResources;
use crate::geometry::{self, Point, snap};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use web_sys::PointerEvent;

/// How far the pointer travels before a press becomes a drag.
const DRAG_THRESHOLD: f64 = 3.0;

/// Selects the pressed node (shift adds or removes it) and gets ready to
/// move the selection.
pub fn begin(editor: Editor, tools: Tools, id: ResourceId, ev: &PointerEvent) {
    if ev.button() != 0 || tools.space.get_untracked() {
        return;
    }
    ev.stop_propagation();
    ev.prevent_default();
    editor.highlight.set(Vec::new());
    if ev.shift_key() {
        editor.selection.update(|sel| match sel.iter().position(|s| s == &id) {
            Some(i) => {
                sel.remove(i);
            }
            None => sel.push(id.clone()),
        });
    } else if !editor.selection.with_untracked(|sel| sel.contains(&id)) {
        editor.select(vec![id]);
    }
    let ids = editor.design.with_untracked(|design| {
        let mut ids = editor.selection.get_untracked();
        for selected in editor.selection.get_untracked() {
            for inside in geometry::contained_in(&design.layout, &selected) {
                if !ids.contains(&inside) {
                    ids.push(inside);
                }
            }
        }
        ids
    });
    tools.gesture.set(Gesture::Moving {
        ids,
        start: ClientPoint::of(ev),
        applied: Point::default(),
        gesture: tools.next_gesture_id(),
        moved: false,
    });
}

/// Moves the nodes with the pointer, in whole grid steps.
pub fn drag(editor: Editor, tools: Tools, pointer: ClientPoint) {
    let Gesture::Moving { ids, start, applied, gesture, moved } = tools.gesture.get_untracked()
    else {
        return;
    };
    if !moved && pointer.distance(&start) < DRAG_THRESHOLD {
        return;
    }
    let zoom = tools.viewport.get_untracked().zoom;
    let target = Point::new(snap((pointer.x - start.x) / zoom), snap((pointer.y - start.y) / zoom));
    let (dx, dy) = (target.x - applied.x, target.y - applied.y);
    if dx != 0.0 || dy != 0.0 {
        editor.dispatch(MoveResources { ids: ids.clone(), dx, dy, gesture });
    }
    tools.gesture.set(Gesture::Moving { ids, start, applied: target, gesture, moved: true });
}

/// Ends a move: the drag becomes one undo step.
pub fn end(editor: Editor, tools: Tools) {
    if let Gesture::Moving { moved: true, .. } = tools.gesture.get_untracked() {
        editor.seal_history();
    }
}
