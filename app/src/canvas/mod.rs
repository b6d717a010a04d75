//! The canvas: an SVG drawing of the design's scene, with a grid that pans
//! with the view and a preview of where a dragged palette item would land.

mod drag_layer;
mod flows;
mod ghost_layer;
mod icons;
mod node;
mod relations;
pub mod scene;

pub use icons::{icon_svg, images_to_symbols};

use crate::keyed::KeyedValues;
use crate::state::Editor;
use crate::tools::{ClientPoint, Gesture, Tools, pan, select_box};
use leptos::prelude::*;
use node::NodeView;
use web_sys::{PointerEvent, WheelEvent};

/// The drawing area in the middle of the editor.
#[component]
pub fn Canvas() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let scene = Memo::new(move |_| {
        editor.design.with(|design| {
            editor
                .findings
                .with(|findings| crate::state::timed("scene", || scene::build(design, findings)))
        })
    });
    // Where each node stands, watched node by node: a node that only moved
    // keeps its view and is shifted to its new place.
    let positions = KeyedValues::<(f64, f64)>::new();
    Effect::new(move |_| {
        scene.with(|s| positions.set_all(s.nodes.iter().map(|n| (&n.id, (n.rect.x, n.rect.y)))));
    });
    // The container a palette drop, a flow or a moved icon would land on:
    // only the node that gains or loses the mark is redrawn as the pointer
    // moves.
    let drop_targets = Selector::new(move || {
        let moved_into = tools.drop_target.get();
        tools.gesture.with(|g| match g {
            Gesture::Placing { preview: Some(Ok(placement)), .. } => placement.target().cloned(),
            Gesture::Connecting { over, .. } => over.clone(),
            _ => moved_into,
        })
    });
    let transform = move || tools.viewport.get().transform();
    // Space-drag and the middle button pan from anywhere; a left drag on
    // the empty canvas draws a rubber band.
    let on_down = move |ev: PointerEvent| {
        if ev.button() == 1 || (ev.button() == 0 && tools.space.get_untracked()) {
            ev.prevent_default();
            pan::begin(tools, &ev);
        }
    };
    let on_background = move |ev: PointerEvent| {
        if ev.button() == 0 && !tools.space.get_untracked() {
            ev.prevent_default();
            select_box::begin(editor, tools, &ev);
        }
    };

    let on_wheel = move |ev: WheelEvent| {
        ev.prevent_default();
        if ev.ctrl_key() || ev.meta_key() {
            let factor = (-ev.delta_y() * 0.002).exp();
            let at = ClientPoint { x: f64::from(ev.client_x()), y: f64::from(ev.client_y()) };
            pan::zoom_at(tools, factor, at);
        } else {
            pan::scroll_by(tools, -ev.delta_x(), -ev.delta_y());
        }
    };
    let is_empty = move || editor.design.with(|d| d.resources.is_empty());
    let commenting = move || editor.comments.placing.get();
    view! {
        <div class="canvas-wrap" class:commenting=commenting class:panning=move || matches!(tools.gesture.get(), Gesture::Panning { .. })
            class:space=move || tools.space.get()>
            // The canvas is a stack of SVGs that pan and zoom together: the
            // grid behind, one per layer of the scene, and on top what is
            // drawn between and over resources.
            <div data-testid="canvas" class="canvas" node_ref=tools.canvas on:wheel=on_wheel on:pointerdown=on_down>
                <svg class="canvas-ground">
                    <defs>
                        {flows::arrow_markers()}
                        <pattern id="grid-dots" width="16" height="16" patternUnits="userSpaceOnUse"
                            patternTransform=transform>
                            <circle cx="1" cy="1" r="1" class="grid-dot" />
                        </pattern>
                    </defs>
                    <rect class="canvas-bg" x="0" y="0" width="100%" height="100%" fill="url(#grid-dots)"
                        on:pointerdown=on_background />
                </svg>
                <For
                    each=move || scene.with(|s| s.layers.iter().map(|l| l.top.clone()).collect::<Vec<_>>())
                    key=Clone::clone
                    children=move |top| {
                        let drop_targets = drop_targets.clone();
                        view! { <LayerView top scene positions drop_targets transform /> }
                    }
                />
                <svg class="canvas-layer canvas-top">
                    <g class="viewport" transform=transform>
                        <relations::RelationLayer />
                        <flows::FlowLayer />
                        <ghost_layer::GhostLayer scene=scene />
                        <crate::comments::CommentMarkers />
                        <g class="overlay">
                            <crate::collab::PeerLayer />
                            {move || drop_preview(tools)}
                            {move || connect_preview(tools)}
                            {move || rubber_band(tools)}
                        </g>
                    </g>
                    <crate::comments::CommentCatcher />
                </svg>
            </div>
            <drag_layer::DragLayer scene=scene />
            <crate::panels::AlignBar />
            <crate::panels::ShortcutsHelp />
            <Show when=is_empty>
                <div class="canvas-hint">
                    <strong>"Start with a VPC"</strong>
                    <span>"Drag a VPC from the palette onto the canvas, then add subnets and functions inside it."</span>
                </div>
            </Show>
        </div>
    }
}

/// One layer of the scene in an SVG of its own: the nodes inside one
/// outermost container, or outside them all.
#[component]
fn LayerView(
    top: Option<vpcraft_core::ResourceId>,
    scene: Memo<scene::Scene>,
    positions: KeyedValues<(f64, f64)>,
    drop_targets: Selector<Option<vpcraft_core::ResourceId>>,
    transform: impl Fn() -> String + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <svg class="canvas-layer">
            <g class="viewport" transform=transform>
                <For
                    each=move || scene.with(|s| s.layer(&top).to_vec())
                    key=|node| (node.id.clone(), node.fingerprint)
                    children=move |node| view! { <NodeView node=node positions=positions drop_targets=drop_targets.clone() /> }
                />
            </g>
        </svg>
    }
}

/// The rubber band being drawn.
fn rubber_band(tools: Tools) -> Option<impl IntoView + use<>> {
    let Gesture::Selecting { start, now, .. } = tools.gesture.get() else {
        return None;
    };
    let r = select_box::band(start, now);
    Some(
        view! { <rect class="rubber-band" data-testid="rubber-band" x=r.x y=r.y width=r.w height=r.h /> },
    )
}

/// The line of a flow being drawn, from its source to the pointer.
fn connect_preview(tools: Tools) -> Option<impl IntoView + use<>> {
    let Gesture::Connecting { from, to, .. } = tools.gesture.get() else {
        return None;
    };
    Some(view! {
        <path class="connect-preview" d=format!("M{} {} L{} {}", from.x, from.y, to.x, to.y)
            marker-end="url(#arrow-pending)" />
    })
}

/// The outline of the resource a palette drag would create.
fn drop_preview(tools: Tools) -> Option<impl IntoView + use<>> {
    let Gesture::Placing { preview: Some(Ok(placement)), .. } = tools.gesture.get() else {
        return None;
    };
    let r = placement.rect();
    Some(view! {
        <rect class="drop-preview" x=r.x y=r.y width=r.w height=r.h rx="6" />
    })
}
