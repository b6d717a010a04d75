//! The connect tool: drag from a resource's handle to another resource to
//! draw a flow "A calls B".

use super::{ClientPoint, Gesture, Tools};
use crate::actions::{AddFlow, can_be_flow_end};
use crate::geometry::{self, Point};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use web_sys::PointerEvent;

/// Starts drawing a flow from a node's handle.
pub fn begin(editor: Editor, tools: Tools, source: ResourceId, ev: &PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    ev.prevent_default();
    ev.stop_propagation();
    let Some(at) = tools.canvas_point(ClientPoint::of(ev)) else {
        return;
    };
    let from =
        editor.design.with_untracked(|d| d.layout.positions.get(&source).map(geometry::centre));
    tools.gesture.set(Gesture::Connecting { source, from: from.unwrap_or(at), to: at, over: None });
}

/// Follows the pointer and finds the resource under it that could be
/// the flow's target.
pub fn drag(editor: Editor, tools: Tools, pointer: ClientPoint) {
    let Gesture::Connecting { source, from, .. } = tools.gesture.get_untracked() else {
        return;
    };
    let Some(to) = tools.canvas_point(pointer) else {
        return;
    };
    let over = target_at(editor, &source, to);
    tools.gesture.set(Gesture::Connecting { source, from, to, over });
}

/// The resource under a point that a flow from `source` could end at.
fn target_at(editor: Editor, source: &ResourceId, at: Point) -> Option<ResourceId> {
    editor.design.with_untracked(|d| {
        geometry::node_at(d, at)
            .filter(|id| id != source)
            .filter(|id| d.resource(id).is_some_and(|r| can_be_flow_end(&r.kind)))
    })
}

/// Ends the drag: adds the flow when it ends on another resource.
pub fn end(editor: Editor, tools: Tools, pointer: ClientPoint) {
    let Gesture::Connecting { source, .. } = tools.gesture.get_untracked() else {
        return;
    };
    let Some(at) = tools.canvas_point(pointer) else {
        return;
    };
    let under = editor.design.with_untracked(|d| geometry::node_at(d, at));
    match under {
        Some(target) if target != source => {
            editor.dispatch(AddFlow { source, target });
        }
        _ => {}
    }
}
