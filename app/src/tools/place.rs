//! The place tool: drag a palette item over the canvas and drop it.

use super::{ClientPoint, Gesture, Tools};
use crate::actions::{AddResource, plan_placement};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::model::KindTag;
use web_sys::PointerEvent;

/// Starts dragging a palette item.
pub fn begin(tools: Tools, tag: KindTag, ev: &PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    ev.prevent_default();
    tools.gesture.set(Gesture::Placing { tag, pointer: ClientPoint::of(ev), preview: None });
}

/// Moves the ghost and previews where the drop would land.
pub fn drag(editor: Editor, tools: Tools, tag: KindTag, pointer: ClientPoint) {
    let preview = tools
        .canvas_point(pointer)
        .map(|at| editor.design.with_untracked(|d| plan_placement(d, tag, at)));
    tools.gesture.set(Gesture::Placing { tag, pointer, preview });
}

/// Drops the item: adds the resource when the pointer is over the canvas,
/// or explains why it cannot go there.
pub fn drop(editor: Editor, tools: Tools, tag: KindTag, pointer: ClientPoint) {
    if let Some(at) = tools.canvas_point(pointer) {
        editor.dispatch(AddResource { tag, at });
    }
}
