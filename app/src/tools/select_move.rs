//! The select and move tool: a press on a node selects it, a drag moves
//! it with everything drawn inside it.

use super::{ClientPoint, Gesture, Tools};
use crate::actions::MoveResources;
use crate::geometry::{self, Point, snap};
use crate::state::Editor;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
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
        gesture: tools.next_gesture_id(),
        moved: false,
    });
}

/// Carries the nodes with the pointer, in whole grid steps. The design is
/// left alone until the drop: only the moving nodes are drawn displaced.
pub fn drag(tools: Tools, pointer: ClientPoint) {
    let Some((start, moved)) = tools.gesture.with_untracked(|g| match g {
        Gesture::Moving { start, moved, .. } => Some((*start, *moved)),
        _ => None,
    }) else {
        return;
    };
    if !moved {
        if pointer.distance(&start) < DRAG_THRESHOLD {
            return;
        }
        let mut carried = HashSet::new();
        tools.gesture.update_untracked(|g| {
            if let Gesture::Moving { ids, moved, .. } = g {
                *moved = true;
                carried.extend(ids.iter().cloned());
            }
        });
        tools.moving.set(Arc::new(carried));
    }
    let zoom = tools.viewport.get_untracked().zoom;
    let offset = Point::new(snap((pointer.x - start.x) / zoom), snap((pointer.y - start.y) / zoom));
    if tools.offset.get_untracked() != offset {
        tools.offset.set(offset);
    }
}

/// Drops the nodes where they are drawn: one edit, one undo step.
pub fn end(editor: Editor, tools: Tools) {
    let Gesture::Moving { ids, gesture, moved: true, .. } = tools.gesture.get_untracked() else {
        return;
    };
    let offset = tools.offset.get_untracked();
    if offset != Point::default() {
        editor.dispatch(MoveResources { ids, dx: offset.x, dy: offset.y, gesture });
        editor.seal_history();
    }
    abandon(tools);
}

/// Puts the carried nodes back where the design has them (Escape).
pub fn abandon(tools: Tools) {
    if tools.moving.with_untracked(|m| !m.is_empty()) {
        tools.moving.set(Arc::default());
    }
    tools.offset.set(Point::default());
}
