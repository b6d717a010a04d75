//! Relationships drawn over the diagram: the other subnets a spanning
//! resource lives in (always shown), and the optional layers: route-table
//! associations, security-group members and target-group targets.
//!
//! A resource in several subnets (a function, load balancer or endpoint in
//! two zones) has one icon, in one of them; in each of the others the canvas
//! draws a *replica*: the same icon and name, faded, in a dashed frame, on
//! the spot that mirrors the icon's place in its own subnet (the diagram
//! layout keeps that spot free), else on the nearest free spot. A click on a
//! replica selects the resource, and selecting the resource outlines its
//! replicas, so they read as one thing. Where a subnet has no room left, a
//! small chip at its bottom names the resource instead.

use super::icons::{self, Icon};
use super::node::fit;
use crate::geometry::spanning::memberships;
use crate::geometry::{self, ICON_NODE_H, ICON_SIZE, Point, icon_box};
use crate::state::Editor;
use crate::tools::Tools;
use crate::ui::{Layers, Ui};
use leptos::prelude::*;
use vpcraft_core::model::{Kind, Rect};
use vpcraft_core::{Design, ResourceId};
use web_sys::PointerEvent;

/// Height of a membership chip at the bottom of a subnet.
pub const CHIP_H: f64 = 18.0;

/// One drawn relationship.
#[derive(Clone, Debug, PartialEq)]
enum Relation {
    /// A dashed line of a layer, classed by the layer.
    Line { class: &'static str, from: Point, to: Point },
    /// A spanning resource's replica in another of its subnets.
    Replica { owner: ResourceId, rect: Rect, name: String, icon: Icon, title: String },
    /// A chip in another subnet of a spanning resource, when no replica fits.
    Chip { owner: ResourceId, rect: Rect, label: String },
}

fn centre_of(design: &Design, id: &ResourceId) -> Option<Point> {
    design.layout.positions.get(id).map(|r| geometry::centre(&icon_box(r)))
}

/// The subnet header point a line to a subnet ends at.
fn subnet_anchor(design: &Design, id: &ResourceId) -> Option<Point> {
    design.layout.positions.get(id).map(|r| Point::new(r.x + r.w / 2.0, r.y + 4.0))
}

/// A relation with the two resources it is drawn between: while a move
/// carries either, the relation is hidden until the drop.
type Attached = ([ResourceId; 2], Relation);

fn relations(design: &Design, layers: Layers) -> Vec<Attached> {
    let mut out: Vec<Attached> = Vec::new();
    let mut chips_in: std::collections::HashMap<ResourceId, usize> =
        std::collections::HashMap::new();
    for m in memberships(design) {
        let (Some(owner), Some(s)) =
            (design.resource(&m.owner), design.layout.positions.get(&m.subnet))
        else {
            continue;
        };
        let home =
            design
                .layout
                .positions
                .get(&m.owner)
                .and_then(|own| {
                    owner.kind.subnets().iter().find(|id| {
                        design.layout.positions.get(*id).is_some_and(|r| r.contains(own))
                    })
                })
                .and_then(|id| design.resource(id))
                .map_or_else(String::new, |h| format!(" (its icon is in {})", h.name));
        let here = design.resource(&m.subnet).map_or("", |r| r.name.as_str());
        if let Some(rect) = m.replica {
            out.push((
                [m.owner.clone(), m.subnet.clone()],
                Relation::Replica {
                    owner: m.owner.clone(),
                    rect,
                    name: fit(&owner.name, rect.w),
                    icon: Icon::of_kind(&owner.kind, false),
                    title: format!("{} also runs in {here}{home}", owner.name),
                },
            ));
            continue;
        }
        let n = chips_in.entry(m.subnet.clone()).or_insert(0);
        let label = format!("⇢ {}", owner.name);
        let w = (label.chars().count() as f64 * 6.6 + 14.0).min(s.w - 16.0);
        let per_row = ((s.w - 16.0) / (w + 4.0)).floor().max(1.0) as usize;
        let (column, row) = ((*n % per_row) as f64, (*n / per_row) as f64);
        // Chips stack up from a subnet box's bottom edge; under a subnet
        // drawn as an icon (one known only at deploy time) they hang below
        // it, clear of its name.
        let drawn_as_box =
            design.resource(&m.subnet).is_some_and(|r| geometry::is_container(&r.kind));
        let y = if drawn_as_box {
            s.y + s.h - CHIP_H - 5.0 - row * (CHIP_H + 3.0)
        } else {
            s.y + s.h + 3.0 + row * (CHIP_H + 3.0)
        };
        let rect = Rect::new(s.x + 10.0 + column * (w + 4.0), y, w, CHIP_H);
        *n += 1;
        out.push((
            [m.owner.clone(), m.subnet.clone()],
            Relation::Chip { owner: m.owner.clone(), rect, label: fit(&label, w - 8.0) },
        ));
    }
    for r in &design.resources {
        let lines: Vec<(&'static str, &ResourceId, bool)> = match &r.kind {
            Kind::RouteTable(rt) if layers.route_tables => {
                rt.associations.iter().map(|s| ("route-table", s, true)).collect()
            }
            Kind::TargetGroup(tg) if layers.targets => {
                tg.targets.iter().map(|t| ("target", t, false)).collect()
            }
            _ => Vec::new(),
        };
        if let Some(from) = centre_of(design, &r.id) {
            for (class, to_id, to_subnet) in lines {
                let to =
                    if to_subnet { subnet_anchor(design, to_id) } else { centre_of(design, to_id) };
                if let Some(to) = to {
                    out.push(([r.id.clone(), to_id.clone()], Relation::Line { class, from, to }));
                }
            }
        }
        if layers.security_groups {
            for sg in r.kind.security_groups() {
                if let (Some(from), Some(to)) = (centre_of(design, sg), centre_of(design, &r.id)) {
                    let line = Relation::Line { class: "security-group", from, to };
                    out.push(([sg.clone(), r.id.clone()], line));
                }
            }
        }
    }
    out
}

#[component]
pub fn RelationLayer() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let ui = Ui::use_context();
    let shapes = Memo::new(move |_| {
        let layers = ui.layers.get();
        editor.design.with(|d| crate::state::timed("relations", || relations(d, layers)))
    });
    view! {
        <g class="relations">
            {move || shapes.get().into_iter().map(|(ends, shape)| {
                let carried = move || ends.iter().any(|e| tools.carried.contains(e));
                let drawn = match shape {
                Relation::Line { class, from, to } => view! {
                    <path class=format!("relation {class}") d=format!("M{} {} L{} {}", from.x, from.y, to.x, to.y) />
                }.into_any(),
                Relation::Replica { owner, rect, name, icon, title } => replica(editor, owner, rect, name, icon, title),
                Relation::Chip { owner, rect, label } => {
                    view! {
                        <g class="membership-chip" data-testid=format!("member-{owner}")>
                            <rect class="membership" x=rect.x y=rect.y width=rect.w height=rect.h rx="9" />
                            <text class="membership-label" x=rect.x + 7.0 y=rect.y + 13.0>{label}</text>
                        </g>
                    }.into_any()
                }
                };
                view! { <g class:carried=carried>{drawn}</g> }
            }).collect_view()}
        </g>
    }
}

/// A replica: the owner's icon and name, faded in a dashed frame; a press
/// selects the owner.
fn replica(
    editor: Editor,
    owner: ResourceId,
    r: Rect,
    name: String,
    icon: Icon,
    title: String,
) -> AnyView {
    let selected = {
        let owner = owner.clone();
        move || editor.selection.with(|sel| sel.contains(&owner))
    };
    let testid = format!("replica-{owner}");
    let on_down = move |ev: PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        ev.stop_propagation();
        ev.prevent_default();
        editor.select(vec![owner.clone()]);
    };
    let icon_x = r.x + (r.w - ICON_SIZE) / 2.0;
    let scale = ICON_SIZE / 24.0;
    view! {
        <g class="replica" class:selected=selected data-testid=testid on:pointerdown=on_down>
            <title>{title}</title>
            <rect class="replica-hit" x=r.x y=r.y width=r.w height=ICON_NODE_H rx="6" />
            <rect class="replica-frame" x=icon_x - 5.0 y=r.y - 1.0 width=ICON_SIZE + 10.0 height=ICON_SIZE + 10.0 rx="7" />
            <g class="replica-icon" transform=format!("translate({icon_x} {}) scale({scale})", r.y + 4.0)>
                {icons::tile(icon)}
            </g>
            <text class="replica-label" x=r.x + r.w / 2.0 y=r.y + ICON_SIZE + 22.0 text-anchor="middle">{name}</text>
        </g>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_hang_under_a_subnet_drawn_as_an_icon_clear_of_its_name() {
        // A function in two subnets that are outputs of a nested stack:
        // both subnets are external, drawn as icons.
        let parent = include_str!("../../../core/tests/fixtures/cfn/nested/parent.yaml");
        let design = vpcraft_core::cfn::import(parent).unwrap().design;
        let chips: Vec<(ResourceId, Rect)> = relations(&design, Layers::default())
            .into_iter()
            .filter_map(|([_, subnet], relation)| match relation {
                Relation::Chip { rect, .. } => Some((subnet, rect)),
                _ => None,
            })
            .collect();
        assert_eq!(chips.len(), 2, "{chips:?}");
        for (subnet, chip) in chips {
            let s = design.layout.positions[&subnet];
            assert!(chip.y >= s.y + s.h, "{subnet}: chip {chip:?} overlaps the icon node {s:?}");
        }
    }
}
