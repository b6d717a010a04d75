//! The rubber band: drag on the empty canvas to select every resource
//! wholly inside the band (shift adds to the selection).

use super::{ClientPoint, Gesture, Tools};
use crate::geometry::Point;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::model::Rect;
use vpcraft_core::{Design, ResourceId};
use web_sys::PointerEvent;

pub fn begin(editor: Editor, tools: Tools, ev: &PointerEvent) {
    let Some(at) = tools.canvas_point(ClientPoint::of(ev)) else {
        return;
    };
    let base = if ev.shift_key() { editor.selection.get_untracked() } else { Vec::new() };
    if !ev.shift_key() {
        editor.select(Vec::new());
    }
    tools.gesture.set(Gesture::Selecting { start: at, now: at, base });
}

/// The band between two corners.
pub fn band(a: Point, b: Point) -> Rect {
    Rect::new(a.x.min(b.x), a.y.min(b.y), (a.x - b.x).abs(), (a.y - b.y).abs())
}

/// The resources and flows wholly inside a band.
pub fn inside(design: &Design, band: &Rect) -> Vec<ResourceId> {
    let mut ids: Vec<ResourceId> = design
        .layout
        .positions
        .iter()
        .filter(|(id, r)| band.contains(r) && design.resource(id).is_some())
        .map(|(id, _)| id.clone())
        .collect();
    for flow in &design.flows {
        if ids.contains(&flow.source) && ids.contains(&flow.target) {
            ids.push(flow.id.clone());
        }
    }
    ids
}

pub fn drag(editor: Editor, tools: Tools, pointer: ClientPoint) {
    let Gesture::Selecting { start, base, .. } = tools.gesture.get_untracked() else {
        return;
    };
    let Some(now) = tools.canvas_point(pointer) else {
        return;
    };
    let found = editor.design.with_untracked(|d| inside(d, &band(start, now)));
    let mut selection = base.clone();
    selection.extend(found.into_iter().filter(|id| !base.contains(id)));
    if editor.selection.with_untracked(|s| *s != selection) {
        editor.selection.set(selection);
    }
    tools.gesture.set(Gesture::Selecting { start, now, base });
}
