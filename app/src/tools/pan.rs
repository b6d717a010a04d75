//! The pan tool: drag the canvas background (or scroll) to move the view.

use super::{ClientPoint, Gesture, Tools};
use leptos::prelude::*;
use web_sys::PointerEvent;

/// Starts panning from a pointer press on the background.
pub fn begin(tools: Tools, ev: &PointerEvent) {
    tools.gesture.set(Gesture::Panning { last: ClientPoint::of(ev) });
}

pub fn drag(tools: Tools, last: ClientPoint, pointer: ClientPoint) {
    scroll_by(tools, pointer.x - last.x, pointer.y - last.y);
    tools.gesture.set(Gesture::Panning { last: pointer });
}

/// Zooms in or out around a client point (Ctrl + wheel, or a pinch).
pub fn zoom_at(tools: Tools, factor: f64, at: ClientPoint) {
    if let Some(origin) = tools.canvas_origin() {
        tools.viewport.update(|v| v.zoom_at(factor, at.x - origin.x, at.y - origin.y));
    }
}

/// Moves the view by a distance in screen pixels.
pub fn scroll_by(tools: Tools, dx: f64, dy: f64) {
    tools.viewport.update(|v| {
        v.pan_x += dx;
        v.pan_y += dy;
    });
}
