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
//! small chip at its bottom names the resource instead, and past two rows
//! of them one "+N more" chip lists the rest (see
//! [`vpcraft_core::layout::chips`]).

use super::icons::{self, Icon};
use super::node::fit;
use crate::geometry::spanning::memberships;
use crate::geometry::{self, ICON_NODE_H, ICON_SIZE, Point, icon_box};
use crate::state::Editor;
use crate::tools::Tools;
use crate::ui::{Layers, Ui};
use leptos::prelude::*;
use std::collections::HashMap;
use vpcraft_core::layout::chips::{self, Chip};
use vpcraft_core::model::{Kind, Rect};
use vpcraft_core::{Design, Resource, ResourceId};
use web_sys::PointerEvent;

/// The most names a folding chip's tooltip lists.
const MAX_LISTED: usize = 40;

/// One drawn relationship.
#[derive(Clone, Debug, PartialEq)]
enum Relation {
    /// A dashed line of a layer, classed by the layer.
    Line { class: &'static str, from: Point, to: Point },
    /// A spanning resource's replica in another of its subnets.
    Replica { owner: ResourceId, rect: Rect, name: String, icon: Icon, title: String },
    /// A chip in another subnet of a spanning resource (or folding
    /// several), when no replica fits.
    Chip { chip: Chip, title: String },
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
    let by_id: HashMap<&ResourceId, &Resource> =
        design.resources.iter().map(|r| (&r.id, r)).collect();
    let name_of = |id: &ResourceId| -> String {
        by_id.get(id).map_or_else(|| id.to_string(), |r| r.name.clone())
    };
    let all = memberships(design);
    for m in &all {
        let (Some(owner), Some(rect)) = (by_id.get(&m.owner), m.replica) else {
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
                .map_or_else(String::new, |h| format!(" (its icon is in {})", name_of(h)));
        out.push((
            [m.owner.clone(), m.subnet.clone()],
            Relation::Replica {
                owner: m.owner.clone(),
                rect,
                name: fit(&owner.name, rect.w),
                icon: Icon::of_kind(&owner.kind, false),
                title: format!("{} also runs in {}{home}", owner.name, name_of(&m.subnet)),
            },
        ));
    }
    for chip in chips::chips(design, &all) {
        let here = name_of(&chip.subnet);
        let (ends, title) = match chip.owners.as_slice() {
            [owner] if !chip.is_summary() => (
                [owner.clone(), chip.subnet.clone()],
                format!("{} also runs in {here}", name_of(owner)),
            ),
            owners => {
                let mut names: Vec<String> = owners.iter().take(MAX_LISTED).map(name_of).collect();
                if owners.len() > MAX_LISTED {
                    names.push("…".to_string());
                }
                let title =
                    format!("{} more also run in {here}: {}", owners.len(), names.join(", "));
                ([chip.subnet.clone(), chip.subnet.clone()], title)
            }
        };
        out.push((ends, Relation::Chip { chip, title }));
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
                Relation::Chip { chip, title } => {
                    let testid = match chip.owners.as_slice() {
                        [owner] if !chip.is_summary() => format!("member-{owner}"),
                        _ => format!("members-{}", chip.subnet),
                    };
                    let (rect, label) = (chip.rect, chip.label);
                    view! {
                        <g class="membership-chip" data-testid=testid>
                            <title>{title}</title>
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
    view! {
        <g class="replica" class:selected=selected data-testid=testid on:pointerdown=on_down>
            <title>{title}</title>
            <rect class="replica-hit" x=r.x y=r.y width=r.w height=ICON_NODE_H rx="6" />
            <rect class="replica-frame" x=icon_x - 5.0 y=r.y - 1.0 width=ICON_SIZE + 10.0 height=ICON_SIZE + 10.0 rx="7" />
            {icons::image(icon, "replica-icon", icon_x, r.y + 4.0, ICON_SIZE)}
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
                Relation::Chip { chip, .. } => Some((subnet, chip.rect)),
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
