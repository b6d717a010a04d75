//! Automatic layout of an imported design without vpcraft metadata: each
//! VPC a box with one column per availability zone, public subnets above
//! private ones, the resources placed in a subnet drawn inside it, VPC-wide
//! resources in a band along the VPC's bottom, and everything outside any
//! VPC in a grid to the right.

use crate::index::container_of;
use crate::model::{Design, Kind, KindTag, Rect, ResourceId};

use std::collections::{BTreeMap, HashMap, HashSet};

const PAD: f64 = 20.0;
const HEADER: f64 = 32.0;
const NODE_W: f64 = 140.0;
const NODE_H: f64 = 48.0;
const GAP: f64 = 16.0;
/// Nodes per row inside a subnet.
const PER_ROW: usize = 2;
const SUBNET_W: f64 = PAD * 2.0 + NODE_W * PER_ROW as f64 + GAP;

/// A VPC of the template, or an existing one it names (an external VPC is
/// drawn as a box like any other, holding the zones and groups placed in it).
fn is_vpc(kind: &Kind) -> bool {
    kind.acts_as() == KindTag::Vpc
}

fn grid(origin_x: f64, origin_y: f64, per_row: usize, i: usize) -> Rect {
    let (row, col) = (i / per_row, i % per_row);
    Rect::new(
        origin_x + col as f64 * (NODE_W + GAP),
        origin_y + row as f64 * (NODE_H + GAP),
        NODE_W,
        NODE_H,
    )
}

fn rows(n: usize, per_row: usize) -> f64 {
    n.div_ceil(per_row) as f64
}

/// Positions for every resource of a design.
pub fn auto(design: &Design) -> BTreeMap<ResourceId, Rect> {
    let index = crate::index::Index::new(design);
    let mut out = BTreeMap::new();
    let mut in_subnet: HashMap<&ResourceId, Vec<&ResourceId>> = HashMap::new();
    let mut in_vpc: HashMap<&ResourceId, Vec<&ResourceId>> = HashMap::new();
    let mut placed: HashSet<&ResourceId> = HashSet::new();
    for r in &design.resources {
        match &r.kind {
            Kind::Vpc(_) | Kind::AvailabilityZone(_) | Kind::Subnet(_) => {}
            kind => {
                if let Some(subnet) = kind.subnets().first().filter(|s| index.get(s).is_some()) {
                    in_subnet.entry(subnet).or_default().push(&r.id);
                } else if let Some(vpc) =
                    container_of(kind).and_then(|c| index.vpc_of(c).or(Some(c)))
                    && index.get(vpc).is_some_and(|v| is_vpc(&v.kind))
                {
                    in_vpc.entry(vpc).or_default().push(&r.id);
                }
            }
        }
    }
    let mut x = 40.0;
    let top = 40.0;
    for vpc in design.resources.iter().filter(|r| is_vpc(&r.kind)) {
        let mut zones: Vec<(&str, &ResourceId)> = index
            .children(&vpc.id)
            .iter()
            .filter_map(|c| match &c.kind {
                Kind::AvailabilityZone(az) => Some((az.zone.as_str(), &c.id)),
                _ => None,
            })
            .collect();
        zones.sort();
        let mut column_x = x + PAD;
        let mut tallest: f64 = 0.0;
        for (_, zone) in &zones {
            let mut subnets: Vec<(bool, &str, &ResourceId)> = index
                .children(zone)
                .iter()
                .filter(|c| matches!(c.kind, Kind::Subnet(_)))
                .map(|c| (!index.is_public(&c.id), c.name.as_str(), &c.id))
                .collect();
            subnets.sort();
            let mut y = top + HEADER + PAD + HEADER;
            for (_, _, subnet) in &subnets {
                let inside = in_subnet.get(subnet).map_or(&[][..], Vec::as_slice);
                let height = HEADER + PAD + rows(inside.len().max(1), PER_ROW) * (NODE_H + GAP);
                out.insert((*subnet).clone(), Rect::new(column_x + PAD, y, SUBNET_W, height));
                for (i, id) in inside.iter().enumerate() {
                    out.insert((*id).clone(), grid(column_x + PAD * 2.0, y + HEADER, PER_ROW, i));
                    placed.insert(id);
                }
                y += height + PAD;
            }
            let zone_h = y - (top + HEADER);
            out.insert(
                (*zone).clone(),
                Rect::new(column_x, top + HEADER, SUBNET_W + PAD * 2.0, zone_h),
            );
            tallest = tallest.max(zone_h);
            column_x += SUBNET_W + PAD * 3.0;
        }
        let width = (column_x - x).max(SUBNET_W + PAD * 3.0);
        let band = in_vpc.get(&vpc.id).map_or(&[][..], Vec::as_slice);
        let per_row = (((width - PAD * 2.0) / (NODE_W + GAP)) as usize).max(1);
        let band_y = top + HEADER + tallest + PAD;
        for (i, id) in band.iter().enumerate() {
            out.insert((*id).clone(), grid(x + PAD, band_y, per_row, i));
            placed.insert(id);
        }
        let height = HEADER + tallest + PAD * 2.0 + rows(band.len(), per_row) * (NODE_H + GAP);
        out.insert(vpc.id.clone(), Rect::new(x, top, width, height));
        x += width + 80.0;
    }
    let outside: Vec<&ResourceId> = design
        .resources
        .iter()
        .filter(|r| {
            !matches!(r.kind, Kind::AvailabilityZone(_) | Kind::Subnet(_))
                && !is_vpc(&r.kind)
                && !placed.contains(&r.id)
        })
        .map(|r| &r.id)
        .collect();
    let per_row = (outside.len() as f64).sqrt().ceil().max(1.0) as usize;
    for (i, id) in outside.iter().enumerate() {
        out.insert((*id).clone(), grid(x, top, per_row.min(8), i));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::cfn::import;
    use crate::model::{Rect, ResourceId};

    fn inside(inner: &Rect, outer: &Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn subnets_of_an_existing_vpc_are_drawn_inside_it() {
        let template = r#"
Parameters:
  VpcId: {Type: "AWS::EC2::VPC::Id"}
Resources:
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VpcId, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VpcId, CidrBlock: 10.0.2.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}
  FnSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref VpcId}
  Queue: {Type: AWS::SQS::Queue}
"#;
        let design = import(template).unwrap().design;
        let at = |id: &str| design.layout.positions[&ResourceId::new(id)];
        let vpc = at("vpc-id");
        for held in ["subnet-a", "subnet-b", "fn-sg"] {
            assert!(inside(&at(held), &vpc), "{held} {:?} is not inside {vpc:?}", at(held));
        }
        let zones: Vec<_> = design
            .resources
            .iter()
            .filter(|r| r.kind.tag() == crate::model::KindTag::AvailabilityZone)
            .map(|r| at(r.id.as_str()))
            .collect();
        assert_eq!(zones.len(), 2);
        assert!(zones.iter().all(|z| inside(z, &vpc)));
        assert!(!inside(&at("queue"), &vpc), "the queue is regional");
    }
}
