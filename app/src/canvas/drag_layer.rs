//! The drag layer: while a move is in progress, the carried nodes and the
//! flows attached to them are drawn over the static diagram in layers of
//! their own, so a frame of the drag shifts a composited layer instead of
//! repainting a diagram of a thousand resources.
//!
//! The nodes are pictured once, when the drag starts, in an SVG element that
//! follows the pointer by a CSS translation. The attached flows, whose far
//! ends stay put, are redrawn each frame in a second small layer.

use super::flows::{flow_caption, label_chip, verdict_of};
use super::node::picture;
use super::scene::Scene;
use crate::geometry::{self, routing};
use crate::state::Editor;
use crate::tools::Tools;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use wasm_bindgen::{JsCast, JsValue};

/// Both drag layers, shown only while a move carries something.
#[component]
pub fn DragLayer(scene: Memo<Scene>) -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let carrying = Memo::new(move |_| tools.carried.with(|m| !m.is_empty()));
    // The pictures of a move are taken down after the frame that shows
    // the drop, hidden meanwhile: unmounting a hundred views cost more than
    // the rest of the drop. A new move pictures its nodes anew.
    let moves = RwSignal::new(0_u64);
    let mounted = RwSignal::new(false);
    Effect::new(move |was: Option<bool>| {
        let now = carrying.get();
        if now && was != Some(true) {
            moves.update(|n| *n += 1);
            mounted.set(true);
        } else if !now && was == Some(true) {
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        if !carrying.get_untracked() {
                            mounted.set(false);
                        }
                    },
                    std::time::Duration::ZERO,
                )
            });
        }
        now
    });
    let idle = move || !carrying.get();
    let viewport = move || tools.viewport.get().transform();
    // The layer follows the pointer by a composited animation: a change of
    // its style would make the browser re-layerize the whole diagram on
    // every frame, while an animation's transform is applied by the
    // compositor alone. The translation is in screen pixels.
    let layer = NodeRef::<leptos::html::Div>::new();
    let sliding = StoredValue::new_local(None::<JsValue>);
    Effect::new(move |_| {
        let (offset, zoom) = (tools.offset.get(), tools.viewport.get().zoom);
        if let Some(layer) = layer.get() {
            let previous = sliding.try_update_value(Option::take).flatten();
            let next = slide(&layer, previous, offset.x * zoom, offset.y * zoom);
            sliding.set_value(next);
        }
    });
    let nodes = move || {
        let selection = editor.selection.get_untracked();
        tools.carried.with_untracked(|moving| {
            scene.with_untracked(|s| {
                s.nodes
                    .iter()
                    .filter(|n| moving.contains(&n.id))
                    .map(|n| picture(n, selection.contains(&n.id)))
                    .collect_view()
            })
        })
    };
    let attached = Memo::new(move |_| {
        tools.carried.with(|moving| {
            editor.design.with_untracked(|d| {
                d.flows
                    .iter()
                    .filter(|f| moving.contains(&f.source) || moving.contains(&f.target))
                    .map(|f| f.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    move || {
        moves.track();
        mounted.get().then(|| {
            view! {
                // Over the diagram, so that the pointer never hit-tests its
                // thousand elements during the drag.
                <div class="drag-shield" class:idle=idle></div>
                <div class="drag-layer" class:idle=idle data-testid="drag-layer" node_ref=layer>
                    <svg class="drag-layer-svg">
                        <g transform=viewport>{nodes}</g>
                    </svg>
                </div>
                <svg class="drag-layer flows-layer" class:idle=idle>
                    <g transform=viewport>
                        {move || attached.get().into_iter().map(|id| attached_flow(editor, tools, id)).collect_view()}
                    </g>
                </svg>
            }
        })
    }
}

/// One flow with a carried end, drawn from where the ends are shown.
fn attached_flow(editor: Editor, tools: Tools, id: ResourceId) -> impl IntoView {
    let verdict = editor.reports.with_untracked(|all| verdict_of(all, &id));
    let (caption, names) = editor.design.with_untracked(|d| {
        let flow = d.flows.iter().find(|f| f.id == id);
        let name = |r: Option<&ResourceId>| {
            r.and_then(|r| d.resource(r)).map(|r| r.name.clone()).unwrap_or_default()
        };
        (
            flow.map(flow_caption).unwrap_or_default(),
            (name(flow.map(|f| &f.source)), name(flow.map(|f| &f.target))),
        )
    });
    // While dragging, a flow takes the plain elbow route: routing around
    // every icon is done once, at the drop.
    move || {
        let offset = tools.offset.get();
        let ends = tools.carried.with_untracked(|moving| {
            editor.design.with_untracked(|d| {
                let flow = d.flows.iter().find(|f| f.id == id)?;
                let end = |r: &ResourceId, name: &str| {
                    let rect = d.layout.positions.get(r)?;
                    let rect =
                        if moving.contains(r) { rect.translate(offset.x, offset.y) } else { *rect };
                    Some(geometry::flow_end(&rect, name))
                };
                Some((end(&flow.source, &names.0)?, end(&flow.target, &names.1)?))
            })
        });
        let (from, to) = ends?;
        let points = routing::elbow(&from, &to);
        let mid = routing::point_along(&points, routing::length(&points) / 2.0);
        Some(view! {
            <g class=format!("flow {verdict}")>
                <path class="flow-line" d=routing::svg_path(&points, routing::CORNER)
                    marker-end=format!("url(#arrow-{verdict})") />
                {label_chip(mid, caption.clone())}
            </g>
        })
    }
}

/// Holds `layer` translated by (`x`, `y`) pixels with a Web Animation that
/// lasts as long as the drag: the first call starts it, later calls change
/// its keyframes. Returns the animation.
fn slide(layer: &web_sys::Element, running: Option<JsValue>, x: f64, y: f64) -> Option<JsValue> {
    let call = |target: &JsValue, method: &str, args: &js_sys::Array| {
        let f = js_sys::Reflect::get(target, &method.into()).ok()?;
        f.dyn_into::<js_sys::Function>().ok()?.apply(target, args).ok()
    };
    let frame = js_sys::Object::new();
    let transform = JsValue::from(format!("translate({x}px, {y}px)"));
    js_sys::Reflect::set(&frame, &"transform".into(), &transform).ok()?;
    let keyframes = js_sys::Array::of2(&frame, &frame);
    if let Some(animation) = running {
        let effect = js_sys::Reflect::get(&animation, &"effect".into()).ok()?;
        call(&effect, "setKeyframes", &js_sys::Array::of1(&keyframes))?;
        return Some(animation);
    }
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"duration".into(), &JsValue::from(1e9)).ok()?;
    js_sys::Reflect::set(&options, &"fill".into(), &"forwards".into()).ok()?;
    call(layer, "animate", &js_sys::Array::of2(&keyframes, &options))
}
