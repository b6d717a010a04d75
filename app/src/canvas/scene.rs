//! The scene model: what the canvas draws, derived from the design and its
//! findings, with no knowledge of SVG.

use super::icons::Icon;
use std::collections::HashMap;
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

/// Everything the canvas draws, back to front.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub nodes: Vec<SceneNode>,
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
    let mut worst: HashMap<&ResourceId, Severity> = HashMap::new();
    for finding in findings {
        for r in &finding.resources {
            worst
                .entry(&r.id)
                .and_modify(|s| *s = (*s).min(finding.severity))
                .or_insert(finding.severity);
        }
    }
    let mut nodes: Vec<SceneNode> = design
        .resources
        .iter()
        .filter(|r| !crate::geometry::is_attachment(&r.kind))
        .filter_map(|r| {
            let rect = *design.layout.positions.get(&r.id)?;
            let shape = shape_of(design, &r.id, &r.kind);
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
    Scene { nodes }
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

fn shape_of(design: &Design, id: &ResourceId, kind: &Kind) -> Shape {
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
        Kind::Subnet(s) => Shape::Subnet { cidr: s.cidr_label(), public: is_public(design, id) },
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

pub use vpcraft_core::layout::geometry::is_public;

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
