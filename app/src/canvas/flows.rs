//! The flows layer: one arrow per flow, green when the network lets it
//! through and red when something blocks it, above the resources.

use crate::geometry::{self, ICON_NODE_W, ICON_SIZE, Point};
use crate::state::Editor;
use crate::tools::Tools;
use leptos::prelude::*;
use vpcraft_core::model::{Flow, Protocol, Rect};
use vpcraft_core::{Design, ResourceId};
use web_sys::PointerEvent;

/// What the canvas draws for one flow.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FlowShape {
    pub from: Point,
    pub to: Point,
    label: String,
    title: String,
}

/// The box a flow attaches to: the icon of an icon node, else the node.
pub fn anchor_box(r: &Rect) -> Rect {
    if r.w <= ICON_NODE_W {
        Rect::new(r.x + (r.w - ICON_SIZE) / 2.0, r.y + 4.0, ICON_SIZE, ICON_SIZE)
    } else {
        *r
    }
}

/// The text on a flow: its protocol and port (its label, often long, is
/// shown as the arrow's tooltip and in the inspector).
pub fn flow_caption(flow: &Flow) -> String {
    match (flow.protocol, flow.port) {
        (Protocol::All, _) => "all traffic".into(),
        (p, Some(port)) => format!("{p}/{port}"),
        (p, None) => format!("{p}/default"),
    }
}

/// The arrow of flow `id`, between its ends' rectangles as `rect_of` gives
/// them (the design's, or displaced by a move in progress).
pub(super) fn shape(
    design: &Design,
    id: &ResourceId,
    rect_of: impl Fn(&ResourceId) -> Option<Rect>,
) -> Option<FlowShape> {
    let flow = design.flows.iter().find(|f| &f.id == id)?;
    let a = anchor_box(&rect_of(&flow.source)?);
    let b = anchor_box(&rect_of(&flow.target)?);
    let (ca, cb) = (geometry::centre(&a), geometry::centre(&b));
    // Two flows between the same pair in opposite directions run side by side.
    let reverse = design.flows.iter().any(|f| f.source == flow.target && f.target == flow.source);
    let (mut from, mut to) = (geometry::exit_point(&a, cb), geometry::exit_point(&b, ca));
    if reverse {
        let (dx, dy) = (cb.x - ca.x, cb.y - ca.y);
        let len = dx.hypot(dy).max(1.0);
        let (ox, oy) = (-dy / len * 6.0, dx / len * 6.0);
        from = Point::new(from.x + ox, from.y + oy);
        to = Point::new(to.x + ox, to.y + oy);
    }
    let title = if flow.label.is_empty() { flow_caption(flow) } else { flow.label.clone() };
    Some(FlowShape { from, to, label: flow_caption(flow), title })
}

/// Every flow of the design, in its own layer.
#[component]
pub fn FlowLayer() -> impl IntoView {
    let editor = Editor::use_context();
    let ids = Memo::new(move |_| {
        editor.design.with(|d| d.flows.iter().map(|f| f.id.clone()).collect::<Vec<_>>())
    });
    view! {
        <g class="flows">
            <For each=move || ids.get() key=|id| id.clone() children=move |id| view! { <FlowView id=id /> } />
        </g>
    }
}

#[component]
fn FlowView(id: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let geometry = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.design.with(|d| shape(d, &id, |end| d.layout.positions.get(end).copied()))
        })
    };
    let verdict = {
        let id = id.clone();
        Memo::new(move |_| editor.reports.with(|all| super::drag_layer::verdict_of(all, &id)))
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| editor.selection.with(|sel| sel.contains(&id)))
    };
    // A flow without a port uses the target's default, which the analysis knows.
    let port = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.reports.with(|all| all.iter().find(|r| r.flow == id).map(|r| r.port))
        })
    };
    let on_down = {
        let id = id.clone();
        move |ev: PointerEvent| {
            if ev.button() != 0 {
                return;
            }
            ev.stop_propagation();
            ev.prevent_default();
            if ev.shift_key() {
                let id = id.clone();
                editor.selection.update(move |sel| match sel.iter().position(|s| *s == id) {
                    Some(i) => {
                        sel.remove(i);
                    }
                    None => sel.push(id),
                });
            } else {
                editor.select(vec![id.clone()]);
            }
        }
    };
    // Flows an import inferred are drawn lighter until someone edits them.
    let inferred = {
        let id = id.clone();
        Memo::new(move |_| editor.design.with(|d| d.flows.iter().any(|f| f.id == id && f.inferred)))
    };
    // While a move carries either end, the drag layer draws the flow.
    let carried = {
        let id = id.clone();
        Memo::new(move |_| {
            tools.moving.with(|m| {
                !m.is_empty()
                    && editor.design.with(|d| {
                        d.flows
                            .iter()
                            .any(|f| f.id == id && (m.contains(&f.source) || m.contains(&f.target)))
                    })
            })
        })
    };
    let testid = format!("flow-{id}");
    move || {
        let mut shape = geometry.get()?;
        if let Some(port) = port.get() {
            shape.label = shape.label.replace("default", &port.to_string());
        }
        let d = format!("M{} {} L{} {}", shape.from.x, shape.from.y, shape.to.x, shape.to.y);
        let mid = Point::new((shape.from.x + shape.to.x) / 2.0, (shape.from.y + shape.to.y) / 2.0);
        let label_w = shape.label.chars().count() as f64 * 6.4 + 12.0;
        let on_down = on_down.clone();
        Some(view! {
            <g class=move || format!("flow {}", verdict.get()) class:selected=move || selected.get()
                class:inferred=move || inferred.get() class:carried=move || carried.get()
                data-inferred=move || inferred.get().to_string()
                data-testid=testid.clone() data-verdict=move || verdict.get() on:pointerdown=on_down>
                <title>{shape.title}</title>
                <path class="flow-hit" d=d.clone() />
                <path class="flow-line" d=d
                    marker-end=move || format!("url(#arrow-{})", verdict.get()) />
                <g class="flow-label">
                    <rect x=mid.x - label_w / 2.0 y=mid.y - 9.0 width=label_w height="18" rx="9" />
                    <text x=mid.x y=mid.y + 4.0 text-anchor="middle">{shape.label}</text>
                </g>
            </g>
        })
    }
}

/// Arrowheads for the three flow states.
pub fn arrow_markers() -> impl IntoView {
    ["permitted", "blocked", "unknown", "pending"]
        .into_iter()
        .map(|state| {
            view! {
                <marker id=format!("arrow-{state}") class=format!("arrowhead {state}") viewBox="0 0 10 10"
                    refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" />
                </marker>
            }
        })
        .collect_view()
}
