//! The compare view's layer on the canvas (the renderer of
//! `compare::scene`): removed resources ghosted (drawn translucent and
//! dashed at their old place, with their names) and removed flows as
//! dashed routes, then outlines and badges on the resources and flows
//! added (green, +) and changed (amber, ~) in the design on screen.

use super::flows;
use super::scene::Scene;
use crate::compare::model::Change;
use crate::compare::{Compare, Shown};
use crate::state::Editor;
use leptos::prelude::*;
use std::sync::Arc;
use vpcraft_core::ResourceId;

/// How far an outline stands off the resource it marks.
const PAD: f64 = 4.0;

#[component]
pub fn GhostLayer(scene: Memo<Scene>) -> impl IntoView {
    let editor = Editor::use_context();
    let compare = use_context::<Compare>();
    move || {
        let shown = compare?.shown.get()?;
        Some(crate::lazy::view(marks(editor, scene, shown)))
    }
}

/// The layer, in the wasm module of the editor's panels (see `crate::lazy`;
/// a compare is opened from the history panel, so the module is loaded).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn marks(editor: Editor, scene: Memo<Scene>, shown: Arc<Shown>) -> crate::lazy::Loaded {
    let marks = &shown.marks;
    let ghosts = marks
        .ghosts
        .iter()
        .map(|g| {
            let r = g.rect;
            let (label_x, label_y, anchor) = if g.container {
                (r.x + 10.0, r.y + 18.0, "start")
            } else {
                (r.x + r.w / 2.0, r.y + r.h + 14.0, "middle")
            };
            view! {
                <g class="compare-ghost" data-testid="compare-ghost" data-id=g.id.clone()>
                    <rect x=r.x y=r.y width=r.w height=r.h rx="8" />
                    <text x=label_x y=label_y text-anchor=anchor>
                        {format!("− {}", g.name)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let ghost_flows = marks
        .ghost_flows
        .iter()
        .map(|f| {
            view! { <path class="compare-ghost-flow" data-testid="compare-ghost-flow" data-id=f.id.clone() d=f.d.clone() /> }
        })
        .collect_view();
    let nodes = scene.with(|scene| {
        scene
            .nodes
            .iter()
            .filter_map(|node| {
                let change = *marks.resources.get(node.id.as_str())?;
                let r = node.rect;
                let class = format!("compare-outline {}", change.as_str());
                let (bx, by) = (r.x + r.w, r.y);
                Some(view! {
                    <g class=class data-testid="compare-mark" data-change=change.as_str() data-id=node.id.as_str().to_owned()>
                        <rect x=r.x - PAD y=r.y - PAD width=r.w + 2.0 * PAD height=r.h + 2.0 * PAD rx="10" />
                        <circle cx=bx cy=by r="9" />
                        <text x=bx y=by + 4.0 text-anchor="middle">{badge(change)}</text>
                    </g>
                })
            })
            .collect_view()
    });
    let flow_marks = editor.design.with(|design| {
        marks
            .flows
            .iter()
            .filter_map(|(id, change)| {
                let d = flows::route_of(design, &ResourceId::new(id.clone()))?;
                Some(view! {
                    <path class=format!("compare-flow-mark {}", change.as_str()) data-testid="compare-flow-mark"
                        data-change=change.as_str() data-id=id.clone() d=d />
                })
            })
            .collect_view()
    });
    Ok(view! {
        <g class="compare-layer" data-testid="compare-layer">
            {ghost_flows}
            {ghosts}
            {flow_marks}
            {nodes}
        </g>
    }
    .into_any())
}

fn badge(change: Change) -> &'static str {
    match change {
        Change::Added => "+",
        Change::Changed => "~",
        Change::Removed => "−",
    }
}
