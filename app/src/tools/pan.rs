//! The pan tool: drag the canvas background (or scroll) to move the view.

use super::{ClientPoint, Gesture, Tools};
use crate::state::Editor;
use leptos::prelude::*;
use std::time::Duration;
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

/// Zooms and pans so that the whole design fits the canvas (Shift+1).
pub fn fit(tools: Tools, editor: Editor) {
    fit_with(tools, editor, None);
}

/// Like [`fit`], with `also` (the ghosts of an open compare) kept in view.
pub fn fit_with(tools: Tools, editor: Editor, also: Option<vpcraft_core::model::Rect>) {
    let Some(svg) = tools.canvas.get_untracked() else {
        return;
    };
    let bounds = svg.get_bounding_client_rect();
    let (w, h) = (bounds.width(), bounds.height());
    let extent = editor.design.with_untracked(|d| {
        d.layout
            .positions
            .values()
            .copied()
            .chain(also)
            .reduce(|a, b| crate::geometry::union(&a, &b))
    });
    let Some(extent) = extent else {
        tools.viewport.set(super::Viewport::default());
        return;
    };
    if w < 10.0 || h < 10.0 {
        return;
    }
    const MARGIN: f64 = 32.0;
    let zoom = ((w - 2.0 * MARGIN) / extent.w)
        .min((h - 2.0 * MARGIN) / extent.h)
        .clamp(super::MIN_ZOOM, 1.0);
    tools.viewport.set(super::Viewport {
        zoom,
        pan_x: (w - extent.w * zoom) / 2.0 - extent.x * zoom,
        pan_y: (h - extent.h * zoom) / 2.0 - extent.y * zoom,
    });
}

/// Fits the design once the canvas has drawn it.
pub fn fit_soon(tools: Tools, editor: Editor) {
    set_timeout(move || fit(tools, editor), Duration::from_millis(30));
}

/// Zooms by a factor around the canvas centre (Ctrl + plus or minus).
pub fn zoom_centre(tools: Tools, factor: f64) {
    if let Some(svg) = tools.canvas.get_untracked() {
        let b = svg.get_bounding_client_rect();
        tools.viewport.update(|v| v.zoom_at(factor, b.width() / 2.0, b.height() / 2.0));
    }
}
