//! Drawing one resource of the scene: container boxes (VPC, availability
//! zone, subnet), icon nodes and nested-stack boxes, with selection and
//! finding markers.

use super::icons;
use super::scene::{SceneNode, Shape};
use crate::keyed::KeyedValues;
use crate::state::Editor;
use crate::tools::{Tools, connect, resize, select_move};
use leptos::prelude::*;
/// Shortens a text with an ellipsis to fit a width, by the core's estimate
/// of the canvas font's characters.
pub use vpcraft_core::layout::geometry::fit_text as fit;
use vpcraft_core::layout::stack_box;
use vpcraft_core::{ResourceId, Severity};
use web_sys::PointerEvent;

/// One resource on the canvas. The canvas draws a node anew when anything
/// drawn about it but its place changes (its view is keyed by the node's
/// fingerprint), so the view only follows where the node stands (shifting
/// the drawing from where it was first drawn) and the editor's per-node
/// state: selection, highlight, drop target, flow path and whether a move
/// carries it.
#[component]
pub fn NodeView(
    node: SceneNode,
    positions: KeyedValues<(f64, f64)>,
    drop_targets: Selector<Option<ResourceId>>,
) -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let id = node.id.clone();
    let selected = {
        let id = id.clone();
        move || editor.selected.contains(&id)
    };
    let highlighted = {
        let id = id.clone();
        move || editor.highlighted.contains(&id)
    };
    let drop_target = {
        let key = Some(id.clone());
        move || drop_targets.selected(&key)
    };
    let on_path = {
        let id = id.clone();
        Memo::new(move |_| editor.path.with(|(ids, blocked)| ids.contains(&id).then_some(*blocked)))
    };
    // While a move carries the node, the drag layer draws it and the
    // diagram leaves its place empty.
    let carried = {
        let id = id.clone();
        move || tools.carried.contains(&id)
    };
    let shift = {
        let (id, born) = (id.clone(), (node.rect.x, node.rect.y));
        move || {
            let (x, y) = positions.get(&id, born);
            (x != born.0 || y != born.1)
                .then(|| format!("translate({} {})", x - born.0, y - born.1))
        }
    };
    let on_down = move |ev: PointerEvent| select_move::begin(editor, tools, id.clone(), &ev);
    view! {
        <g
            transform=shift
            class=format!("node {}", shape_class(&node.shape))
            class:selected=selected
            class:highlighted=highlighted
            class:drop-target=drop_target
            class:on-path=move || on_path.get() == Some(false)
            class:blocker=move || on_path.get() == Some(true)
            class:carried=carried
            data-testid=format!("node-{}", node.id)
            data-kind=node.tag.as_str()
            data-name=node.name.clone()
            data-severity=node.worst.map_or("", Severity::as_str)
            on:pointerdown=on_down
        >
            {drawing(&node)}
            {handle(editor, tools, &node)}
            {resize_handle(editor, tools, &node)}
        </g>
    }
}

/// The class naming how a node is drawn.
fn shape_class(shape: &Shape) -> &'static str {
    match shape {
        Shape::Vpc { .. } => "vpc",
        Shape::Zone { .. } => "zone",
        Shape::Subnet { public: true, .. } => "subnet public",
        Shape::Subnet { public: false, .. } => "subnet private",
        Shape::Icon => "icon-node",
        Shape::Stack { .. } => "icon-node stack-box",
    }
}

/// A still picture of a node where the design has it, for the drag layer:
/// the same drawing without handles or reactions.
pub fn picture(node: &SceneNode, selected: bool) -> impl IntoView + use<> {
    view! {
        <g class=format!("node {}", shape_class(&node.shape)) class:selected=selected
            data-severity=node.worst.map_or("", Severity::as_str)>
            {drawing(node)}
        </g>
    }
}

/// What a node looks like: its shape and labels, its finding marker and
/// its selection outline (shown by the `selected` class).
fn drawing(node: &SceneNode) -> impl IntoView + use<> {
    let r = node.rect;
    view! {
        {body(node)}
        {marker(node)}
        <rect class="selection-outline" x=r.x - 3.0 y=r.y - 3.0 width=r.w + 6.0 height=r.h + 6.0 rx="7" />
    }
}

/// The shape and labels of a node.
fn body(node: &SceneNode) -> AnyView {
    let r = node.rect;
    match &node.shape {
        Shape::Vpc { caption } => view! {
            <rect class="box" x=r.x y=r.y width=r.w height=r.h rx="6" />
            {icons::image(node.icon, "icon-tile", r.x + 12.0, r.y + 11.0, 24.0)}
            <text class="title" x=r.x + 44.0 y=r.y + 21.0>{fit(&node.name, r.w - 56.0)}</text>
            <text class="caption" x=r.x + 44.0 y=r.y + 37.0>{fit(caption, r.w - 56.0)}</text>
        }
        .into_any(),
        Shape::Zone { zone } => view! {
            <rect class="box" x=r.x y=r.y width=r.w height=r.h rx="6" />
            <text class="title" x=r.x + 12.0 y=r.y + 24.0>
                {fit(&format!("Availability Zone {zone}"), r.w - 24.0)}
            </text>
        }
        .into_any(),
        Shape::Subnet { cidr, public } => {
            // A block given at deploy time reads longer: the kind is said
            // shorter so that the caption fits the subnet.
            let known = cidr.contains('/');
            let kind = match (*public, known) {
                (true, true) => "Public subnet",
                (false, true) => "Private subnet",
                (true, false) => "Public",
                (false, false) => "Private",
            };
            view! {
                <rect class="box" x=r.x y=r.y width=r.w height=r.h rx="4" />
                <rect class="band" x=r.x y=r.y width="4" height=r.h rx="2" />
                {icons::image(node.icon, "icon-tile", r.x + 12.0, r.y + 10.0, 18.0)}
                <text class="title" x=r.x + 38.0 y=r.y + 20.0>{fit(&node.name, r.w - 50.0)}</text>
                <text class="caption" x=r.x + 38.0 y=r.y + 35.0>{fit(&format!("{kind} · {cidr}"), r.w - 50.0)}</text>
            }
            .into_any()
        }
        Shape::Icon => icon_head(node).into_any(),
        Shape::Stack { cells } => {
            let n = cells.len();
            let cells = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let cell = stack_box::cell(&r, i, n);
                    let icon_x = cell.x + (cell.w - stack_box::CELL_ICON) / 2.0;
                    let label_y = cell.y + stack_box::CELL_ICON + 18.0;
                    view! {
                        <g class="stack-resource" data-logical-id=c.logical_id.clone()>
                            <title>{format!("{} ({})", c.logical_id, c.resource_type)}</title>
                            {icons::image(c.icon, "icon", icon_x, cell.y + 4.0, stack_box::CELL_ICON)}
                            <text class="cell-label" x=cell.x + cell.w / 2.0 y=label_y text-anchor="middle">
                                {fit(&c.logical_id, cell.w - 8.0)}
                            </text>
                        </g>
                    }
                })
                .collect_view();
            view! {
                <rect class="box" x=r.x y=r.y width=r.w height=r.h rx="8" />
                {icon_head(node)}
                <line class="divider" x1=r.x + stack_box::PAD x2=r.x + r.w - stack_box::PAD
                    y1=r.y + stack_box::HEAD - 6.0 y2=r.y + stack_box::HEAD - 6.0 />
                {cells}
            }
            .into_any()
        }
    }
}

/// An icon node's icon with its name (and caption) under it, at the top
/// of its rectangle: all of an icon node, and the head of a stack's box.
fn icon_head(node: &SceneNode) -> impl IntoView + use<> {
    let r = node.rect;
    let size = crate::geometry::ICON_SIZE;
    let icon_x = r.x + (r.w - size) / 2.0;
    view! {
        <rect class="hit" x=r.x y=r.y width=r.w height=r.h rx="6" />
        {icons::image(node.icon, "icon", icon_x, r.y + 4.0, size)}
        <text class="label" x=r.x + r.w / 2.0 y=r.y + crate::geometry::ICON_SIZE + 22.0
            text-anchor="middle">
            {fit(&node.name, r.w)}
        </text>
        {node.caption.as_ref().map(|c| view! {
            <text class="caption" x=r.x + r.w / 2.0 y=r.y + crate::geometry::ICON_SIZE + 35.0
                text-anchor="middle">{fit(c, r.w)}</text>
        })}
        {node.details.clone().map(|d| view! { <title>{d}</title> })}
    }
}

/// The connect handle at an icon's right edge: drag it to another
/// resource to draw a flow.
fn handle(editor: Editor, tools: Tools, node: &SceneNode) -> Option<impl IntoView + use<>> {
    if !node.shape.has_icon_head() {
        return None;
    }
    let r = node.rect;
    let cx = r.x + (r.w + crate::geometry::ICON_SIZE) / 2.0 + 7.0;
    let cy = r.y + 4.0 + crate::geometry::ICON_SIZE / 2.0;
    let id = node.id.clone();
    let on_down = move |ev: PointerEvent| connect::begin(editor, tools, id.clone(), &ev);
    Some(view! {
        <g class="handle" data-testid=format!("handle-{}", node.id) on:pointerdown=on_down>
            <title>"Drag to another resource to draw a flow"</title>
            <circle class="handle-hit" cx=cx cy=cy r="10" />
            <circle class="handle-dot" cx=cx cy=cy r="5" />
        </g>
    })
}

/// The corner handle of a container, shown when it is selected.
fn resize_handle(editor: Editor, tools: Tools, node: &SceneNode) -> Option<impl IntoView + use<>> {
    if node.shape.has_icon_head() {
        return None;
    }
    let r = node.rect;
    let id = node.id.clone();
    let on_down = move |ev: PointerEvent| resize::begin(editor, tools, id.clone(), &ev);
    Some(view! {
        <rect class="resize-handle" data-testid=format!("resize-{}", node.id) x=r.x + r.w - 6.0 y=r.y + r.h - 6.0
            width="12" height="12" rx="2" on:pointerdown=on_down />
    })
}

/// A red (error) or amber (warning) badge at the node's top-right corner.
fn marker(node: &SceneNode) -> Option<impl IntoView + use<>> {
    let severity = node.worst.filter(|s| *s != Severity::Info)?;
    let r = node.rect;
    let (cx, cy) = if node.shape.has_icon_head() {
        (r.x + (r.w + crate::geometry::ICON_SIZE) / 2.0, r.y + 4.0)
    } else {
        (r.x + r.w - 14.0, r.y + 14.0)
    };
    Some(view! {
        <g class=format!("marker {}", severity.as_str()) data-testid="error-marker">
            <circle cx=cx cy=cy r="8" />
            <text x=cx y=cy + 4.0 text-anchor="middle">"!"</text>
        </g>
    })
}

#[cfg(test)]
mod tests {
    use super::fit;
    use vpcraft_core::layout::geometry::text_width;

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(fit("short", 100.0), "short");
        assert_eq!(fit("a-very-long-resource-name", 70.0), "a-very-l…");
        // Digits are wide: an ID shortened to a node's width stays inside
        // it (its letters measured 8 px each in the tests' Chromium).
        let id = fit("eni-ace1ab5313216cd1e", 136.0);
        assert_eq!(id, "eni-ace1ab531321…");
        assert!(text_width(&id) <= 136.0);
    }
}
