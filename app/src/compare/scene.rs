//! The compare view's scene model, apart from the renderer
//! (`canvas/ghost_layer.rs`): which resources and flows of the design on
//! screen were added or changed, and the ghosts of what was removed, at
//! the place the old revision drew them (resources as rectangles with
//! their names, flows as their routes there). No SVG here.

use super::model::{Change, Compared};
use crate::canvas::scene::{self, Shape};
use crate::geometry::{self, Point};
use std::collections::HashMap;
use vpcraft_core::model::{Flow, Rect};
use vpcraft_core::{Design, ResourceId};

/// A removed resource, drawn translucent where the old revision had it.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    pub id: String,
    pub name: String,
    pub rect: Rect,
    /// A VPC, zone or subnet box rather than an icon.
    pub container: bool,
}

/// A removed flow: its route in the old revision, as SVG path data.
#[derive(Clone, Debug, PartialEq)]
pub struct GhostFlow {
    pub id: String,
    pub d: String,
}

/// What the canvas marks while a compare is open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// Added and changed resources of the design on screen, by ID.
    pub resources: HashMap<String, Change>,
    /// Added and changed flows of the design on screen, by ID.
    pub flows: HashMap<String, Change>,
    pub ghosts: Vec<Ghost>,
    pub ghost_flows: Vec<GhostFlow>,
}

/// SVG path data through `points`.
pub fn path_through(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{:.1} {:.1}", p.x, p.y));
    }
    d
}

/// The marks of `compared`, with `old` the design of its `from` revision
/// (where the removed resources and flows were drawn).
pub fn marks(compared: &Compared, old: &Design) -> Marks {
    let mut marks = Marks::default();
    for item in &compared.resources {
        if item.change != Change::Removed {
            marks.resources.insert(item.id.clone(), item.change);
        }
    }
    for item in &compared.flows {
        if item.change != Change::Removed {
            marks.flows.insert(item.id.clone(), item.change);
        }
    }
    let removed = |items: &[super::model::Item], id: &str| {
        items.iter().any(|i| i.change == Change::Removed && i.id == id)
    };
    let old_scene = scene::build(old, &[]);
    marks.ghosts = old_scene
        .nodes
        .iter()
        .filter(|node| removed(&compared.resources, node.id.as_str()))
        .map(|node| Ghost {
            id: node.id.as_str().to_owned(),
            name: node.name.clone(),
            rect: node.rect,
            container: !matches!(node.shape, Shape::Icon),
        })
        .collect();
    let gone: Vec<&Flow> =
        old.flows.iter().filter(|f| removed(&compared.flows, f.id.as_str())).collect();
    if !gone.is_empty() {
        let rect_of = |id: &ResourceId| old.layout.positions.get(id).copied();
        let routes = geometry::flow_routes(old, &rect_of, &gone);
        for (flow, route) in gone.iter().zip(routes) {
            if let Some(route) = route.filter(|r| r.points.len() >= 2) {
                marks.ghost_flows.push(GhostFlow {
                    id: flow.id.as_str().to_owned(),
                    d: path_through(&route.points),
                });
            }
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::model::Item;

    fn item(change: Change, id: &str) -> Item {
        Item {
            change,
            id: id.into(),
            title: id.into(),
            kind: String::new(),
            properties: Vec::new(),
        }
    }

    #[test]
    fn removed_resources_and_flows_are_ghosts_at_their_old_place() {
        let mut old = crate::templates::Template::by_key("A").unwrap().design();
        vpcraft_core::layout::place_missing(&mut old);
        let (icon, container) = {
            let built = scene::build(&old, &[]);
            let icon = built.nodes.iter().find(|n| matches!(n.shape, Shape::Icon)).unwrap().clone();
            let container = built
                .nodes
                .iter()
                .find(|n| matches!(n.shape, Shape::Subnet { .. }))
                .unwrap()
                .clone();
            (icon, container)
        };
        let flow = old.flows.first().expect("template A has flows").id.as_str().to_owned();
        let compared = Compared {
            resources: vec![
                item(Change::Removed, icon.id.as_str()),
                item(Change::Removed, container.id.as_str()),
                item(Change::Added, "new-db"),
                item(Change::Changed, "sg-web"),
            ],
            flows: vec![item(Change::Removed, &flow), item(Change::Changed, "f-2")],
            moved: vec!["vpc".into()],
            ..Compared::default()
        };
        let marks = marks(&compared, &old);
        assert_eq!(marks.resources.len(), 2);
        assert_eq!(marks.resources["new-db"], Change::Added);
        assert_eq!(marks.resources["sg-web"], Change::Changed);
        assert_eq!(marks.flows.len(), 1);
        let ghost = marks.ghosts.iter().find(|g| g.id == icon.id.as_str()).unwrap();
        assert_eq!((ghost.rect, ghost.container, &ghost.name), (icon.rect, false, &icon.name));
        assert!(marks.ghosts.iter().any(|g| g.id == container.id.as_str() && g.container));
        assert_eq!(marks.ghost_flows.len(), 1);
        assert_eq!(marks.ghost_flows[0].id, flow);
        assert!(marks.ghost_flows[0].d.starts_with('M'), "{}", marks.ghost_flows[0].d);
    }

    #[test]
    fn a_path_goes_through_every_point() {
        let points =
            [Point { x: 0.0, y: 1.0 }, Point { x: 10.0, y: 1.0 }, Point { x: 10.0, y: 5.5 }];
        assert_eq!(path_through(&points), "M0.0 1.0 L10.0 1.0 L10.0 5.5");
    }
}
