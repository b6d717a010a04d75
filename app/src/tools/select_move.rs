//! The select and move tool: a press on a node selects it, a drag moves
//! it with everything drawn inside it, and the drop re-homes what landed in
//! another container (or is refused, and everything goes back).

use super::{ClientPoint, Gesture, Tools};
use crate::actions::{MoveInto, drop_probe};
use crate::geometry::{self, Point, snap};
use crate::state::Editor;
use leptos::prelude::*;
use std::collections::HashSet;
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
    let grabbed = editor.selection.get_untracked();
    let ids = editor.design.with_untracked(|design| {
        let mut ids = grabbed.clone();
        for selected in &grabbed {
            for inside in geometry::contained_in(&design.layout, selected) {
                if !ids.contains(&inside) {
                    ids.push(inside);
                }
            }
        }
        ids
    });
    tools.gesture.set(Gesture::Moving { ids, grabbed, start: ClientPoint::of(ev), moved: false });
}

/// Carries the nodes with the pointer, in whole grid steps. The design is
/// left alone until the drop: only the moving nodes are drawn displaced.
/// A single icon marks the container it would land in, looked up once per
/// grid step among the containers noted when the drag started.
pub fn drag(editor: Editor, tools: Tools, pointer: ClientPoint) {
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
        let probe = match (carried.len(), carried.iter().next()) {
            (1, Some(one)) => editor.design.with_untracked(|d| drop_probe(d, one)),
            _ => None,
        };
        tools.drop_probe.set_value(probe);
        tools.carried.set(carried);
    }
    let zoom = tools.viewport.get_untracked().zoom;
    let offset = Point::new(snap((pointer.x - start.x) / zoom), snap((pointer.y - start.y) / zoom));
    if tools.offset.get_untracked() != offset {
        tools.offset.set(offset);
        let target =
            tools.drop_probe.with_value(|p| p.as_ref().and_then(|p| p.target(offset).cloned()));
        if tools.drop_target.with_untracked(|t| *t != target) {
            tools.drop_target.set(target);
        }
    }
}

/// Drops the nodes where they are drawn, re-homing what landed in another
/// container: one edit, one undo step. A refused drop shows why and puts
/// the nodes back.
pub fn end(editor: Editor, tools: Tools) {
    let Gesture::Moving { ids, grabbed, moved: true, .. } = tools.gesture.get_untracked() else {
        return;
    };
    let offset = tools.offset.get_untracked();
    if offset != Point::default() {
        crate::state::timed("dispatch", || {
            editor.dispatch(MoveInto { ids, grabbed, dx: offset.x, dy: offset.y })
        });
    }
    abandon(tools);
}

/// Puts the carried nodes back where the design has them (Escape).
pub fn abandon(tools: Tools) {
    tools.carried.set([]);
    tools.offset.set(Point::default());
    tools.drop_probe.set_value(None);
    if tools.drop_target.with_untracked(Option::is_some) {
        tools.drop_target.set(None);
    }
}
