//! The resize tool: drag a selected container's corner handle.

use super::{ClientPoint, Gesture, Tools};
use crate::actions::Resize;
use crate::geometry::snap;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use web_sys::PointerEvent;

pub fn begin(editor: Editor, tools: Tools, id: ResourceId, ev: &PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    ev.prevent_default();
    ev.stop_propagation();
    let Some(rect) = editor.design.with_untracked(|d| d.layout.positions.get(&id).copied()) else {
        return;
    };
    tools.gesture.set(Gesture::Resizing {
        id,
        start: ClientPoint::of(ev),
        w: rect.w,
        h: rect.h,
        gesture: tools.next_gesture_id(),
    });
}

pub fn drag(editor: Editor, tools: Tools, pointer: ClientPoint) {
    let Gesture::Resizing { id, start, w, h, gesture } = tools.gesture.get_untracked() else {
        return;
    };
    let zoom = tools.viewport.get_untracked().zoom;
    let (nw, nh) = (snap(w + (pointer.x - start.x) / zoom), snap(h + (pointer.y - start.y) / zoom));
    editor.dispatch(Resize { id, w: nw, h: nh, gesture });
}
