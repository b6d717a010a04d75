//! The comment markers on the canvas: a numbered bubble at the top-right
//! corner of each commented resource (read from the layout at every change,
//! so it follows the resource when it moves) or at a commented point, the
//! same size at any zoom; several threads on one resource line up. A
//! resolved thread has a faded marker while resolved threads are shown,
//! none otherwise; an outdated thread (its resource removed) has none.
//! Clicking a marker opens its thread. While the point tool is on, a
//! catcher over the canvas takes the next click as the new thread's point.

use super::panel::summary;
use crate::state::Editor;
use crate::tools::{ClientPoint, Tools};
use leptos::prelude::*;
use std::collections::HashMap;
use vpcraft_core::comments::Anchor;
use web_sys::PointerEvent;

/// The gap between markers of one resource, in screen pixels.
const STEP: f64 = 22.0;

/// One marker to draw: canvas position, thread number and state.
#[derive(Clone, Debug, PartialEq)]
struct Marker {
    id: String,
    number: usize,
    x: f64,
    y: f64,
    /// How many markers of the same resource come before it.
    rank: usize,
    resolved: bool,
    title: String,
}

/// The markers, drawn in the canvas's viewport (canvas coordinates).
#[component]
pub fn CommentMarkers() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let comments = editor.comments;
    let markers = Memo::new(move |_| {
        let all = comments.show_resolved.get();
        comments.threads.with(|threads| {
            editor.design.with(|design| {
                let mut ranks: HashMap<&str, usize> = HashMap::new();
                threads
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| all || !t.resolved)
                    .filter_map(|(i, t)| {
                        let (x, y, rank) = match &t.anchor {
                            Anchor::Resource { resource } => {
                                let r = design.layout.positions.get(resource)?;
                                design.resource(resource)?;
                                let rank = ranks.entry(resource.as_str()).or_default();
                                *rank += 1;
                                (r.x + r.w, r.y, *rank - 1)
                            }
                            Anchor::Point { x, y } => (*x, *y, 0),
                        };
                        Some(Marker {
                            id: t.id.clone(),
                            number: i + 1,
                            x,
                            y,
                            rank,
                            resolved: t.resolved,
                            title: summary(t),
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let scale = move || 1.0 / tools.viewport.with(|v| v.zoom);
    let draft = move || {
        let Some(Anchor::Point { x, y }) = comments.draft.get() else { return None };
        Some(view! {
            <g class="comment-marker draft" data-testid="comment-draft-marker"
                transform=move || format!("translate({x} {y}) scale({})", scale())>
                {bubble(None)}
            </g>
        })
    };
    view! {
        <g class="comment-markers">
            <For each=move || markers.get() key=|m| format!("{m:?}")
                children=move |m| {
                    let open = {
                        let id = m.id.clone();
                        move |ev: web_sys::MouseEvent| {
                            ev.stop_propagation();
                            let thread = comments.threads.with_untracked(|ts| ts.iter().find(|t| t.id == id).cloned());
                            if let Some(thread) = thread {
                                comments.focus(editor, &thread);
                            }
                        }
                    };
                    let active = {
                        let id = m.id.clone();
                        move || comments.active.with(|a| a.as_deref() == Some(id.as_str()))
                    };
                    let (x, y, rank) = (m.x, m.y, m.rank as f64);
                    view! {
                        <g class="comment-marker" data-testid="comment-marker" data-thread=m.id.clone()
                            data-number=m.number class:resolved=m.resolved class:active=active
                            transform=move || format!("translate({x} {y}) scale({}) translate({} 0)", scale(), -rank * STEP)
                            on:pointerdown=|ev: PointerEvent| ev.stop_propagation()
                            on:click=open>
                            <title>{m.title.clone()}</title>
                            {bubble(Some(m.number))}
                        </g>
                    }
                } />
            {draft}
        </g>
    }
}

/// A speech bubble whose tail's tip is at the origin, with a number.
fn bubble(number: Option<usize>) -> impl IntoView {
    view! {
        <path class="comment-bubble" d="M0 0 L1.17 -10.09 A11 11 0 1 1 10.09 -1.17 Z" />
        {number.map(|n| view! {
            <text class="comment-number" x="12" y="-12" text-anchor="middle" dominant-baseline="central">{n}</text>
        })}
    }
}

/// While the point tool is on: a transparent layer over the whole canvas
/// whose click places the new thread's point.
#[component]
pub fn CommentCatcher() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let comments = editor.comments;
    let place = move |ev: PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        ev.stop_propagation();
        ev.prevent_default();
        let Some(at) = tools.canvas_point(ClientPoint::of(&ev)) else { return };
        comments.placing.set(false);
        comments.draft.set(Some(Anchor::Point {
            x: (at.x * 10.0).round() / 10.0,
            y: (at.y * 10.0).round() / 10.0,
        }));
        comments.open.set(true);
    };
    move || {
        comments.placing.get().then(|| {
            view! {
                <rect class="comment-catcher" data-testid="comment-catcher" x="0" y="0"
                    width="100%" height="100%" on:pointerdown=place />
            }
        })
    }
}
