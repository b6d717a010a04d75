//! Relationships drawn over the diagram: the subnets a spanning resource
//! also lives in (always shown, as chips linked to the one icon, so the
//! resource keeps one identity), and the optional layers: route-table
//! associations, security-group members and target-group targets.

use super::flows::anchor_box;
use super::node::fit;
use crate::geometry::{self, Point};
use crate::state::Editor;
use crate::ui::{Layers, Ui};
use leptos::prelude::*;
use vpcraft_core::model::{Kind, Rect};
use vpcraft_core::{Design, ResourceId};

/// Height of a membership chip at the bottom of a subnet.
pub const CHIP_H: f64 = 18.0;

/// One drawn relationship.
#[derive(Clone, Debug, PartialEq)]
enum Relation {
    /// A dashed line of a layer, classed by the layer.
    Line { class: &'static str, from: Point, to: Point },
    /// A chip in another subnet of a spanning resource, linked to it.
    Chip { owner: ResourceId, rect: Rect, label: String, link_to: Point },
}

fn centre_of(design: &Design, id: &ResourceId) -> Option<Point> {
    design.layout.positions.get(id).map(|r| geometry::centre(&anchor_box(r)))
}

/// The subnet header point a line to a subnet ends at.
fn subnet_anchor(design: &Design, id: &ResourceId) -> Option<Point> {
    design.layout.positions.get(id).map(|r| Point::new(r.x + r.w / 2.0, r.y + 4.0))
}

fn relations(design: &Design, layers: Layers) -> Vec<Relation> {
    let mut out = Vec::new();
    let mut chips_in: std::collections::HashMap<&ResourceId, usize> =
        std::collections::HashMap::new();
    for r in &design.resources {
        let Some(own) = design.layout.positions.get(&r.id) else {
            continue;
        };
        for subnet in r.kind.subnets() {
            let Some(s) = design.layout.positions.get(subnet) else {
                continue;
            };
            if s.contains(own) {
                continue;
            }
            let n = chips_in.entry(subnet).or_insert(0);
            let label = format!("⇢ {}", r.name);
            let w = (label.chars().count() as f64 * 6.6 + 14.0).min(s.w - 16.0);
            let per_row = ((s.w - 16.0) / (w + 4.0)).floor().max(1.0) as usize;
            let rect = Rect::new(
                s.x + 10.0 + (*n % per_row) as f64 * (w + 4.0),
                s.y + s.h - CHIP_H - 5.0 - (*n / per_row) as f64 * (CHIP_H + 3.0),
                w,
                CHIP_H,
            );
            *n += 1;
            let link_to = geometry::centre(&anchor_box(own));
            out.push(Relation::Chip {
                owner: r.id.clone(),
                rect,
                label: fit(&label, w - 8.0),
                link_to,
            });
        }
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
            for (class, to, to_subnet) in lines {
                let to = if to_subnet { subnet_anchor(design, to) } else { centre_of(design, to) };
                if let Some(to) = to {
                    out.push(Relation::Line { class, from, to });
                }
            }
        }
        if layers.security_groups {
            for sg in r.kind.security_groups() {
                if let (Some(from), Some(to)) = (centre_of(design, sg), centre_of(design, &r.id)) {
                    out.push(Relation::Line { class: "security-group", from, to });
                }
            }
        }
    }
    out
}

#[component]
pub fn RelationLayer() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let shapes = Memo::new(move |_| {
        let layers = ui.layers.get();
        editor.design.with(|d| relations(d, layers))
    });
    view! {
        <g class="relations">
            {move || shapes.get().into_iter().map(|shape| match shape {
                Relation::Line { class, from, to } => view! {
                    <path class=format!("relation {class}") d=format!("M{} {} L{} {}", from.x, from.y, to.x, to.y) />
                }.into_any(),
                Relation::Chip { owner, rect, label, .. } => {
                    view! {
                        <g class="membership-chip" data-testid=format!("member-{owner}")>
                            <rect class="membership" x=rect.x y=rect.y width=rect.w height=rect.h rx="9" />
                            <text class="membership-label" x=rect.x + 7.0 y=rect.y + 13.0>{label}</text>
                        </g>
                    }.into_any()
                }
            }).collect_view()}
        </g>
    }
}
