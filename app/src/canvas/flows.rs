//! The flows layer: one arrow per flow, routed around the icons in between
//! (see [`crate::geometry::routing`]), green when the network lets it
//! through and red when something blocks it, above the resources.

use crate::geometry::routing::{self, CORNER};
use crate::geometry::{self, Point};
use crate::state::Editor;
use crate::tools::Tools;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use vpcraft_core::layout::buckets::Buckets;
use vpcraft_core::model::{Flow, Protocol, Rect};
use vpcraft_core::reach::FlowReport;
use vpcraft_core::{Design, ResourceId};
use web_sys::PointerEvent;

/// What the canvas draws for one flow.
#[derive(Clone, Debug, PartialEq)]
struct FlowShape {
    id: ResourceId,
    /// Where the route leaves the source.
    from: Point,
    /// Where the route reaches the target (the arrowhead's tip).
    to: Point,
    /// The SVG path data of the route, with rounded corners.
    d: String,
    /// The centre of the label on the route; none where every spot along
    /// it would cover an icon or another label (the route's tooltip still
    /// names the flow).
    label_at: Option<Point>,
    label: String,
    title: String,
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

/// Width of a flow's label chip.
fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * 6.4 + 12.0
}

/// Height of a flow's label chip.
const LABEL_H: f64 = 18.0;

/// A flow's protocol and port in a chip centred on `at`.
pub(super) fn label_chip(at: Point, label: String) -> impl IntoView {
    let w = label_width(&label);
    view! {
        <g class="flow-label">
            <rect x=at.x - w / 2.0 y=at.y - LABEL_H / 2.0 width=w height=LABEL_H rx=LABEL_H / 2.0 />
            <text x=at.x y=at.y + 4.0 text-anchor="middle">{label}</text>
        </g>
    }
}

/// The class of a flow's verdict: permitted, blocked, or not analysed.
pub(super) fn verdict_of(reports: &[FlowReport], flow: &ResourceId) -> &'static str {
    match reports.iter().find(|r| &r.flow == flow) {
        Some(r) if r.is_permitted() => "permitted",
        Some(_) => "blocked",
        None => "unknown",
    }
}

/// The SVG path data of a flow's route as the flows layer draws it.
pub(super) fn route_of(design: &Design, id: &ResourceId) -> Option<String> {
    shape(design, id).map(|s| s.d)
}

fn shape(design: &Design, id: &ResourceId) -> Option<FlowShape> {
    shape_at(design, id, &|r: &ResourceId| design.layout.positions.get(r).copied())
}

/// The shape of a flow with the resources where `rect_of` says they are
/// (the design's layout, or that layout with a drag applied).
///
/// Routes and labels keep off each other, so the shapes of all flows are
/// computed together; each flow's view asks for its own, so the shapes of
/// the last layout seen are kept (keyed by a fingerprint of what they
/// depend on) and the work is done once per change.
fn shape_at(
    design: &Design,
    id: &ResourceId,
    rect_of: &impl Fn(&ResourceId) -> Option<Rect>,
) -> Option<FlowShape> {
    thread_local! {
        static LAST: RefCell<Option<(u64, Rc<Vec<FlowShape>>)>> = const { RefCell::new(None) };
    }
    let key = fingerprint(design, rect_of);
    let shapes = LAST.with(|last| {
        let mut last = last.borrow_mut();
        match last.as_ref() {
            Some((k, shapes)) if *k == key => shapes.clone(),
            _ => {
                let shapes = Rc::new(all_shapes(design, rect_of));
                *last = Some((key, shapes.clone()));
                shapes
            }
        }
    });
    shapes.iter().find(|s| &s.id == id).cloned()
}

/// The cell of the grids of routes and labels.
const BUCKET: f64 = 256.0;

/// A hash of everything the flows' shapes depend on: the flows, and each
/// resource's name, kind, subnets and rectangle.
fn fingerprint(design: &Design, rect_of: &impl Fn(&ResourceId) -> Option<Rect>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in &design.flows {
        (&f.id, &f.source, &f.target, &f.label, flow_caption(f)).hash(&mut h);
    }
    for r in &design.resources {
        (&r.id, &r.name, r.kind.tag(), r.kind.subnets()).hash(&mut h);
        if let Some(rect) = rect_of(&r.id) {
            [rect.x, rect.y, rect.w, rect.h].map(f64::to_bits).hash(&mut h);
        }
    }
    h.finish()
}

/// The shapes of every flow: routes that keep off each other, and labels
/// placed in the flows' order on their own route where they cover no icon,
/// no other label and no other route (or, failing that, no icon and no
/// other label; failing that too, as in a crowded account, none: a label
/// over a name or another label helps nobody read either).
fn all_shapes(design: &Design, rect_of: &impl Fn(&ResourceId) -> Option<Rect>) -> Vec<FlowShape> {
    let flows: Vec<&Flow> = design.flows.iter().collect();
    let routes = geometry::flow_routes(design, rect_of, &flows);
    // Every route's segments and every label placed so far, on a grid, so
    // that each label looks only at what is near its own route.
    let mut lines = Buckets::new(BUCKET);
    for (k, routed) in routes.iter().enumerate() {
        for b in routed.as_ref().map(|r| routing::segment_boxes(&r.points, 1.0)).unwrap_or_default()
        {
            lines.insert(b, k);
        }
    }
    let mut labels = Buckets::new(BUCKET);
    let mut out = Vec::with_capacity(flows.len());
    for (k, (f, routed)) in flows.iter().zip(&routes).enumerate() {
        let Some(routed) = routed else {
            continue;
        };
        let points = &routed.points;
        let caption = flow_caption(f);
        let (w, h) = (label_width(&caption) + 4.0, LABEL_H + 4.0);
        // A label sits on its route or just beside it.
        let reach = points.iter().fold(routed.from.outline, |acc, p| {
            geometry::union(&acc, &Rect::new(p.x, p.y, 0.0, 0.0))
        });
        let reach = routing::inflate(&reach, w.max(h) + 8.0);
        let mut avoid: Vec<Rect> = routed.around.clone();
        avoid.extend([
            routing::inflate(&routed.from.outline, 4.0),
            routing::inflate(&routed.to.outline, 4.0),
        ]);
        avoid.extend(labels.near(&reach).into_iter().map(|(r, ())| *r));
        let mut clear = avoid.clone();
        clear.extend(lines.near(&reach).into_iter().filter(|(_, j)| *j != k).map(|(r, _)| *r));
        let start = longest_middle(points);
        let at = routing::label_spot(points, w, h, start, 16.0, &clear)
            .or_else(|| routing::label_spot(points, w, h, start, 16.0, &avoid));
        if let Some(at) = at {
            labels.insert(Rect::new(at.x - w / 2.0, at.y - h / 2.0, w, h), ());
        }
        let title = if f.label.is_empty() { caption.clone() } else { f.label.clone() };
        out.push(FlowShape {
            id: f.id.clone(),
            from: points.first().copied().unwrap_or_default(),
            to: points.last().copied().unwrap_or_default(),
            d: routing::svg_path(points, CORNER),
            label_at: at,
            label: caption,
            title,
        });
    }
    out
}

/// How far along a route the middle of its longest segment is: where a
/// label is first tried.
fn longest_middle(points: &[Point]) -> f64 {
    let mut along = 0.0;
    let mut best = (0.0, 0.0);
    for w in points.windows(2) {
        let len = (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs();
        if len > best.0 {
            best = (len, along + len / 2.0);
        }
        along += len;
    }
    best.1
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
        Memo::new(move |_| editor.design.with(|d| shape(d, &id)))
    };
    let verdict = {
        let id = id.clone();
        Memo::new(move |_| editor.reports.with(|all| verdict_of(all, &id)))
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
    let ends = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.design.with(|d| {
                d.flows.iter().find(|f| f.id == id).map(|f| (f.source.clone(), f.target.clone()))
            })
        })
    };
    let carried = move || {
        ends.with(|e| {
            e.as_ref().is_some_and(|(s, t)| tools.carried.contains(s) || tools.carried.contains(t))
        })
    };
    let testid = format!("flow-{id}");
    move || {
        let mut shape = geometry.get()?;
        if let Some(port) = port.get() {
            shape.label = shape.label.replace("default", &port.to_string());
        }
        let d = shape.d;
        let label = shape.label_at.map(|mid| label_chip(mid, shape.label));
        let on_down = on_down.clone();
        Some(view! {
            <g class=move || format!("flow {}", verdict.get()) class:selected=move || selected.get()
                class:inferred=move || inferred.get() class:carried=carried
                data-inferred=move || inferred.get().to_string()
                data-testid=testid.clone() data-verdict=move || verdict.get() on:pointerdown=on_down>
                <title>{shape.title}</title>
                <path class="flow-hit" d=d.clone() />
                <path class="flow-line" d=d
                    marker-end=move || format!("url(#arrow-{})", verdict.get()) />
                {label}
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
