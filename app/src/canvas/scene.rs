//! The scene model: what the canvas draws, derived from the design and its
//! findings, with no knowledge of SVG.

use super::icons::Icon;
use vpcraft_core::index::{FastMap, FastSet};
use vpcraft_core::model::{Kind, KindTag, Rect};
use vpcraft_core::sort;
use vpcraft_core::{Design, Finding, ResourceId, Severity};

/// How a resource is drawn.
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum Shape {
    /// A VPC box with its caption: its CIDR blocks, or where an existing
    /// VPC comes from.
    Vpc { caption: String },
    /// An availability zone column.
    Zone { zone: String },
    /// A subnet box; public subnets route to an internet gateway.
    Subnet { cidr: String, public: bool },
    /// Any other resource: an icon with the name under it.
    Icon,
    /// A nested stack whose template was read: a box with its icon and name
    /// on top and the resources its template creates in a grid under them
    /// (where each goes: `vpcraft_core::layout::stack_box`).
    Stack { cells: Vec<StackCell> },
}

impl Shape {
    /// Whether the node is drawn with an icon and its name on top, where
    /// flows attach, its connect handle and finding marker sit: an icon
    /// node or a nested stack's box, not a container.
    pub fn has_icon_head(&self) -> bool {
        matches!(self, Shape::Icon | Shape::Stack { .. })
    }
}

/// One resource of a nested stack's box.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct StackCell {
    pub icon: Icon,
    pub logical_id: String,
    pub resource_type: String,
}

/// One drawn resource.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneNode {
    pub id: ResourceId,
    pub tag: KindTag,
    /// The AWS icon drawn for the resource.
    pub icon: Icon,
    pub name: String,
    pub rect: Rect,
    pub shape: Shape,
    /// The worst severity among the findings naming this resource.
    pub worst: Option<Severity>,
    /// A second line under an icon's name, and what hovering it tells: a
    /// nested stack's counts, and its parameters, outputs and resources.
    pub caption: Option<String>,
    pub details: Option<String>,
    /// A hash of everything above but where the node is, computed once
    /// when the scene is built: the canvas keys a node's view by its ID and
    /// this, so a node whose drawing changes is drawn anew, a node that only
    /// moved is shifted where it stands, and the others are left alone.
    pub fingerprint: u64,
}

/// Everything the canvas draws, back to front, in layers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub nodes: Vec<SceneNode>,
    /// The nodes split by the outermost container drawn around them (a
    /// VPC), each layer a run of `nodes`, back to front; the resources
    /// outside every container are the last layer. The canvas draws each
    /// layer as an SVG of its own, so that the browser paints again only
    /// the layer an edit changed (it caches paint per SVG root).
    pub layers: Vec<Layer>,
}

/// The nodes drawn inside one outermost container, or outside them all.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// The outermost container; none for what is outside every container.
    pub top: Option<ResourceId>,
    /// Where the layer's nodes are in [`Scene::nodes`].
    pub nodes: std::ops::Range<usize>,
}

impl Scene {
    /// The nodes of the layer of `top`, back to front (none when the scene
    /// has no such layer).
    pub fn layer(&self, top: &Option<ResourceId>) -> &[SceneNode] {
        self.layers.iter().find(|l| &l.top == top).map_or(&[][..], |l| &self.nodes[l.nodes.clone()])
    }
}

impl SceneNode {
    /// The hash of everything drawn for the node but its position (its
    /// size by the numbers' bits).
    fn hash_drawn(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.id.hash(&mut h);
        self.tag.hash(&mut h);
        self.icon.hash(&mut h);
        self.name.hash(&mut h);
        [self.rect.w, self.rect.h].map(f64::to_bits).hash(&mut h);
        self.shape.hash(&mut h);
        self.worst.hash(&mut h);
        self.caption.hash(&mut h);
        self.details.hash(&mut h);
        h.finish()
    }
}

/// Builds the scene: containers behind, outer ones first, icons in front.
/// Resources without a rectangle are not drawn.
pub fn build(design: &Design, findings: &[Finding]) -> Scene {
    let mut worst: FastMap<&ResourceId, Severity> = FastMap::default();
    for finding in findings {
        for r in &finding.resources {
            worst
                .entry(&r.id)
                .and_modify(|s| *s = (*s).min(finding.severity))
                .or_insert(finding.severity);
        }
    }
    let public = vpcraft_core::layout::geometry::public_subnets(design);
    let mut nodes: Vec<SceneNode> = design
        .resources
        .iter()
        .filter(|r| !crate::geometry::is_attachment(&r.kind))
        .filter_map(|r| {
            let rect = *design.layout.positions.get(&r.id)?;
            let shape = shape_of(&public, &r.id, &r.kind);
            let mut node = SceneNode {
                id: r.id.clone(),
                tag: r.kind.tag(),
                icon: Icon::of_kind(&r.kind, matches!(shape, Shape::Subnet { public: true, .. })),
                name: r.name.clone(),
                rect,
                shape,
                worst: worst.get(&r.id).copied(),
                caption: caption_of(&r.kind),
                details: details_of(&r.kind),
                fingerprint: 0,
            };
            node.fingerprint = node.hash_drawn();
            Some(node)
        })
        .collect();
    sort::sort_by(&mut nodes, |a, b| {
        depth(&a.shape)
            .cmp(&depth(&b.shape))
            .then_with(|| (b.rect.w * b.rect.h).total_cmp(&(a.rect.w * a.rect.h)))
    });
    layered(design, nodes)
}

/// Groups the nodes, drawn back to front, by their outermost container:
/// the layers in the order their first node is drawn (the largest VPC
/// first), what is outside every container last, each layer's nodes in
/// their order. Linear in the nodes: one lookup per container level.
fn layered(design: &Design, nodes: Vec<SceneNode>) -> Scene {
    let kinds: FastMap<&ResourceId, &Kind> =
        design.resources.iter().map(|r| (&r.id, &r.kind)).collect();
    // Each node's layer, numbered in the order first seen.
    let mut numbers: FastMap<Option<&ResourceId>, usize> = FastMap::default();
    let mut layers: Vec<Option<&ResourceId>> = Vec::new();
    let places: Vec<usize> = nodes
        .iter()
        .map(|n| {
            let top = outermost(&kinds, &n.id);
            *numbers.entry(top).or_insert_with(|| {
                layers.push(top);
                layers.len() - 1
            })
        })
        .collect();
    // What is outside every container is drawn last.
    let outside = numbers.get(&None).copied();
    let order: Vec<usize> =
        (0..layers.len()).filter(|&l| Some(l) != outside).chain(outside).collect();
    let mut members: Vec<Vec<SceneNode>> = layers.iter().map(|_| Vec::new()).collect();
    for (node, place) in nodes.into_iter().zip(places) {
        members[place].push(node);
    }
    let mut scene = Scene::default();
    for l in order {
        let start = scene.nodes.len();
        scene.nodes.append(&mut members[l]);
        scene.layers.push(Layer { top: layers[l].cloned(), nodes: start..scene.nodes.len() });
    }
    scene
}

/// The outermost container drawn around a resource, or the resource
/// itself when it is a container no other holds (a VPC, or a zone or
/// subnet whose VPC is missing); none for a resource outside them all.
/// The ID returned is the design's.
fn outermost<'d>(
    kinds: &FastMap<&'d ResourceId, &'d Kind>,
    id: &ResourceId,
) -> Option<&'d ResourceId> {
    // Containers nest a few levels deep (VPC, zone, subnet, NAT gateway);
    // the bound ends a loop of references in a malformed design.
    const DEEPEST: usize = 8;
    let (mut at, mut kind) = kinds.get_key_value(id).map(|(k, v)| (*k, *v))?;
    let own = at;
    for _ in 0..DEEPEST {
        if crate::geometry::is_vpc(kind) {
            return Some(at);
        }
        match vpcraft_core::index::container_of(kind).and_then(|c| kinds.get_key_value(c)) {
            Some((container, container_kind)) => (at, kind) = (*container, *container_kind),
            None => break,
        }
    }
    let container = matches!(kind, Kind::AvailabilityZone(_) | Kind::Subnet(_));
    (at != own || container).then_some(at)
}

/// Containers are painted before what they contain.
fn depth(shape: &Shape) -> u8 {
    match shape {
        Shape::Vpc { .. } => 0,
        Shape::Zone { .. } => 1,
        Shape::Subnet { .. } => 2,
        Shape::Icon | Shape::Stack { .. } => 3,
    }
}

fn shape_of(public: &FastSet<&ResourceId>, id: &ResourceId, kind: &Kind) -> Shape {
    match kind {
        Kind::Vpc(vpc) => Shape::Vpc {
            caption: format!(
                "VPC · {}",
                vpc.cidr_blocks.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
        },
        Kind::External(ext) if crate::geometry::is_vpc(kind) => {
            Shape::Vpc { caption: format!("Existing VPC · {}", ext.source) }
        }
        Kind::AvailabilityZone(az) => Shape::Zone { zone: az.zone.clone() },
        Kind::Subnet(s) => Shape::Subnet { cidr: s.cidr_label(), public: public.contains(id) },
        _ => match vpcraft_core::layout::stack_box::contents(kind) {
            Some(resources) => Shape::Stack {
                cells: resources
                    .iter()
                    .map(|r| StackCell {
                        icon: Icon::of_resource_type(&r.resource_type),
                        logical_id: r.logical_id.clone(),
                        resource_type: r.resource_type.clone(),
                    })
                    .collect(),
            },
            None => Shape::Icon,
        },
    }
}

/// The counts under a nested stack's name: the resources of its template
/// when it was read, else the parameters passed and the outputs (the rest
/// is in its hover text and inspector).
fn caption_of(kind: &Kind) -> Option<String> {
    let Kind::NestedStack(stack) = kind else {
        return None;
    };
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    Some(if stack.resources.is_empty() {
        format!(
            "{}, {}",
            count(stack.parameters.len(), "param"),
            count(stack.outputs.len(), "output")
        )
    } else {
        count(stack.resources.len(), "resource")
    })
}

/// A nested stack's parameters, outputs and resources, one per line.
fn details_of(kind: &Kind) -> Option<String> {
    let Kind::NestedStack(stack) = kind else {
        return None;
    };
    let mut lines = vec![format!("Template: {}", stack.template_url)];
    lines.extend(
        stack
            .parameters
            .iter()
            .map(|(k, v)| format!("Parameter {k} = {}", crate::panels::shown_value(v))),
    );
    lines.extend(stack.outputs.iter().map(|o| format!("Output {o}")));
    lines.extend(
        stack.resources.iter().map(|r| format!("Resource {} ({})", r.logical_id, r.resource_type)),
    );
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::{Action, AddResource};
    use crate::geometry::Point;

    #[test]
    fn a_stack_whose_template_was_read_is_a_box_of_its_resources() {
        use vpcraft_core::model::{NestedStack, Resource, StackResource};
        let mut design = Design::new("d");
        let resources =
            [("Vpc", "AWS::EC2::VPC"), ("Lb", "AWS::ElasticLoadBalancing::LoadBalancer")]
                .into_iter()
                .chain([("Topic", "AWS::SNS::Topic")])
                .map(|(id, ty)| StackResource { logical_id: id.into(), resource_type: ty.into() })
                .collect();
        let stack = NestedStack { resources, ..NestedStack::default() };
        design.resources.push(Resource::new("net", "net", Kind::NestedStack(stack)));
        design.layout.positions.insert(ResourceId::new("net"), Rect::new(0.0, 0.0, 400.0, 200.0));
        let scene = build(&design, &[]);
        let Shape::Stack { cells } = &scene.nodes[0].shape else {
            panic!("{:?}", scene.nodes[0].shape);
        };
        let drawn: Vec<(Icon, &str)> =
            cells.iter().map(|c| (c.icon, c.logical_id.as_str())).collect();
        assert_eq!(
            drawn,
            [(Icon::Vpc, "Vpc"), (Icon::ClassicLoadBalancer, "Lb"), (Icon::Generic, "Topic")]
        );
        assert_eq!(scene.nodes[0].caption.as_deref(), Some("3 resources"));
    }

    #[test]
    fn containers_are_drawn_behind_their_contents() {
        let mut design = Design::new("d");
        AddResource { tag: KindTag::Vpc, at: Point::new(100.0, 100.0) }.apply(&mut design).unwrap();
        AddResource { tag: KindTag::LambdaFunction, at: Point::new(2000.0, 100.0) }
            .apply(&mut design)
            .unwrap();
        let scene = build(&design, &[]);
        let kinds: Vec<KindTag> = scene.nodes.iter().map(|n| n.tag).collect();
        assert_eq!(
            kinds,
            [
                KindTag::Vpc,
                KindTag::AvailabilityZone,
                KindTag::AvailabilityZone,
                KindTag::LambdaFunction
            ]
        );
    }

    /// Each layer's top and its nodes' IDs, back to front.
    fn layers(scene: &Scene) -> Vec<(Option<&str>, Vec<&str>)> {
        scene
            .layers
            .iter()
            .map(|l| {
                let top = l.top.as_ref().map(ResourceId::as_str);
                (top, scene.layer(&l.top).iter().map(|n| n.id.as_str()).collect())
            })
            .collect()
    }

    #[test]
    fn a_vpc_and_what_it_holds_are_a_layer_and_what_is_outside_every_vpc_the_last() {
        let design = crate::templates::Template::by_key("B").unwrap().design();
        let scene = build(&design, &[]);
        assert_eq!(
            layers(&scene),
            [
                (
                    Some("vpc"),
                    vec![
                        "vpc",
                        "az-a",
                        "private-a",
                        "private-rt",
                        "sender-sg",
                        "sender",
                        "sqs-ep-sg",
                        "sqs-ep"
                    ]
                ),
                (None, vec!["dlq", "queue", "consumer"]),
            ]
        );
    }

    #[test]
    fn a_zone_whose_vpc_is_missing_is_a_layer_of_its_own() {
        let mut design = crate::templates::Template::by_key("B").unwrap().design();
        design.resources.retain(|r| r.id.as_str() != "vpc");
        let scene = build(&design, &[]);
        assert_eq!(
            layers(&scene),
            [
                (Some("az-a"), vec!["az-a", "private-a", "sender", "sqs-ep"]),
                // The VPC's route table and security groups are in no
                // container now.
                (None, vec!["private-rt", "sender-sg", "sqs-ep-sg", "dlq", "queue", "consumer"]),
            ]
        );
    }

    #[test]
    fn layers_follow_the_largest_vpc_first_and_a_loop_of_containers_ends() {
        let mut design = Design::new("d");
        AddResource { tag: KindTag::Vpc, at: Point::new(100.0, 100.0) }.apply(&mut design).unwrap();
        AddResource { tag: KindTag::Vpc, at: Point::new(3000.0, 100.0) }
            .apply(&mut design)
            .unwrap();
        let second = design.resources.iter().rfind(|r| r.kind.tag() == KindTag::Vpc).unwrap();
        let second = second.id.clone();
        design.layout.positions.get_mut(&second).unwrap().w += 100.0;
        let before = build(&design, &[]);
        assert_eq!(before.layers[0].top.as_ref(), Some(&second), "the larger VPC is drawn first");
        assert_eq!(before.layers.len(), 2);
        assert_eq!(before.nodes.len(), 6);
        // A subnet in a zone of a subnet: each is the other's container.
        for r in &mut design.resources {
            if let Kind::AvailabilityZone(az) = &mut r.kind {
                az.vpc = ResourceId::new("nowhere");
            }
        }
        let scene = build(&design, &[]);
        assert_eq!(scene.nodes.len(), 6, "every node is drawn once");
        assert_eq!(scene.layers.iter().map(|l| l.nodes.len()).sum::<usize>(), 6);
    }

    #[test]
    fn a_node_keeps_its_fingerprint_until_something_drawn_changes() {
        let mut design = Design::new("d");
        AddResource { tag: KindTag::LambdaFunction, at: Point::new(2000.0, 100.0) }
            .apply(&mut design)
            .unwrap();
        let id = design.resources[0].id.clone();
        let fingerprint = |design: &Design| build(design, &[]).nodes[0].fingerprint;
        let before = fingerprint(&design);
        assert_eq!(fingerprint(&design), before, "the same node, the same fingerprint");
        design.layout.positions.get_mut(&id).unwrap().x += 16.0;
        assert_eq!(fingerprint(&design), before, "a moved node is shifted, not drawn anew");
        design.layout.positions.get_mut(&id).unwrap().w += 16.0;
        let resized = fingerprint(&design);
        assert_ne!(resized, before, "a resized node is drawn anew");
        design.resources[0].name = "renamed".into();
        assert_ne!(fingerprint(&design), resized, "a renamed node is drawn anew");
    }
}
