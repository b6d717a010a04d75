//! Adding a resource dropped from the palette: where it may go, which
//! container it joins, and the resources and layout it creates.
//!
//! Containers accept only what AWS allows: a VPC sits on the open canvas, a
//! subnet in one of a VPC's availability zones, NAT gateways, load balancers
//! and ECS services in a subnet, a Lambda function either in a subnet or
//! outside every VPC, an interface endpoint in a subnet and a gateway
//! endpoint on its VPC, one internet gateway per VPC, route tables, network
//! ACLs and security groups on their VPC, a peering connection between two
//! VPCs, and regional services outside VPCs.

mod home;
mod plan;
#[cfg(test)]
mod tests;

use super::{Action, Applied, Refusal, UndoPolicy};
use crate::geometry::{
    self, AZ_HEADER, AZ_W, Containers, ICON_NODE_H, ICON_NODE_W, INITIAL_ROWS, Point, VPC_HEADER,
    VPC_PAD, az_height, snap, subnet_row,
};
pub use home::in_palette;
pub(crate) use home::*;
use ipnet::Ipv4Net;
pub(crate) use plan::*;
pub use plan::{Placement, plan_placement};
use vpcraft_core::cidr;
use vpcraft_core::layout::auto as auto_layout;
use vpcraft_core::model::{EndpointType, Kind, KindTag, Rect, TargetType, VpcConfig, VpcPeering};
use vpcraft_core::sort;
use vpcraft_core::{Design, Resource, ResourceId};

/// Adds a resource of kind `tag` dropped at `at` (canvas coordinates).
#[derive(Clone, Debug)]
pub struct AddResource {
    pub tag: KindTag,
    pub at: Point,
}

/// Adds a resource with a fresh ID and name and its rectangle.
fn push(design: &mut Design, tag: KindTag, kind: Kind, rect: Rect) -> ResourceId {
    let id = design.fresh_id(tag.prefix());
    let name = design.fresh_name(tag.prefix());
    design.resources.push(Resource {
        id: id.clone(),
        name,
        logical_id: None,
        physical_id: None,
        kind,
    });
    design.layout.positions.insert(id.clone(), rect);
    id
}

fn add_az(design: &mut Design, vpc: &ResourceId, zone: &str, rect: Rect) -> ResourceId {
    let mut kind =
        Kind::default_for(KindTag::AvailabilityZone, Some(vpc)).expect("AZs have defaults");
    if let Kind::AvailabilityZone(az) = &mut kind {
        az.zone = zone.to_owned();
    }
    push(design, KindTag::AvailabilityZone, kind, rect)
}

impl Action for AddResource {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let tag = self.tag;
        let placement = plan_placement(design, tag, self.at)?;
        let id = match placement {
            Placement::Vpc { rect } => {
                let cidr = next_vpc_cidr(design)?;
                let mut kind = Kind::default_for(tag, None).expect("VPCs have defaults");
                if let Kind::Vpc(vpc) = &mut kind {
                    vpc.cidr_blocks = vec![cidr];
                }
                let vpc = push(design, tag, kind, rect);
                for (column, zone) in ["a", "b"].into_iter().enumerate() {
                    let x = rect.x + VPC_PAD + column as f64 * (AZ_W + VPC_PAD);
                    let az_rect = Rect::new(x, rect.y + VPC_HEADER, AZ_W, az_height(INITIAL_ROWS));
                    add_az(design, &vpc, zone, az_rect);
                }
                vpc
            }
            Placement::AvailabilityZone { vpc, zone, rect, vpc_rect } => {
                design.layout.positions.insert(vpc.clone(), vpc_rect);
                add_az(design, &vpc, &zone, rect)
            }
            Placement::Subnet { az, cidr, rect, resized, .. } => {
                insert_subnet(design, &az, cidr, rect, resized)
            }
            Placement::Node { within, associate, rect, resized } => {
                let kind = node_kind(design, tag, &within, associate)?;
                for (id, grown) in resized {
                    auto_layout::grow_vpc(design, &id, grown);
                }
                push(design, tag, kind, rect)
            }
            Placement::Peering { requester, accepter, rect } => {
                push(design, tag, VpcPeering { requester, accepter }.into(), rect)
            }
        };
        Ok(Applied { select: Some(vec![id]), ..Applied::default() })
    }
}

/// The properties of an icon resource placed in the given containers.
fn node_kind(
    design: &Design,
    tag: KindTag,
    within: &Containers,
    associate: Option<ResourceId>,
) -> Result<Kind, Refusal> {
    let parent = match tag {
        KindTag::NatGateway => within.subnet.as_ref(),
        _ => within.vpc.as_ref(),
    };
    let mut kind = Kind::default_for(tag, parent).ok_or_else(|| {
        Refusal::new(format!("{} cannot be added from the palette yet", tag.title()))
    })?;
    let subnets: Vec<ResourceId> = within.subnet.iter().cloned().collect();
    match &mut kind {
        Kind::LambdaFunction(f) if !subnets.is_empty() => {
            f.vpc_config = Some(VpcConfig { subnets, security_groups: Vec::new() });
        }
        Kind::EcsService(svc) => svc.network.subnets = subnets,
        Kind::Ec2Instance(i) => i.subnet = subnets.into_iter().next(),
        Kind::NetworkInterface(n) => n.subnet = subnets.into_iter().next(),
        Kind::AutoScalingGroup(asg) => asg.subnets = subnets,
        Kind::EksCluster(c) => c.subnets = subnets,
        // A node group joins the first EKS cluster of its VPC, which the
        // inspector can change.
        Kind::EksNodeGroup(ng) => {
            ng.subnets = subnets;
            let index = vpcraft_core::index::Index::new(design);
            ng.cluster = design
                .resources
                .iter()
                .find(|r| {
                    r.kind.acts_as() == KindTag::EksCluster
                        && index.vpc_of(&r.id) == within.vpc.as_ref()
                })
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        "An EKS node group needs an EKS cluster in its VPC: add one to a subnet \
                         of the VPC first",
                    )
                })?;
        }
        Kind::RdsInstance(db) => db.subnets = subnets,
        Kind::DbCluster(db) => db.subnets = subnets,
        Kind::CacheCluster(c) => c.subnets = subnets,
        Kind::EfsFileSystem(fs) => fs.subnets = subnets,
        Kind::LoadBalancer(lb) => lb.subnets = subnets,
        // An attachment joins the design's first transit gateway, which
        // the inspector can change.
        Kind::TransitGatewayAttachment(a) => {
            a.subnets = subnets;
            a.transit_gateway = design
                .resources
                .iter()
                .find(|r| r.kind.acts_as() == KindTag::TransitGateway)
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        "A transit gateway attachment needs a transit gateway: add one outside \
                         the VPCs first",
                    )
                })?;
        }
        // A flow log records the VPC it is dropped on to the design's first
        // log group or bucket.
        Kind::FlowLog(f) => {
            f.destination = design
                .resources
                .iter()
                .find(|r| matches!(r.kind.acts_as(), KindTag::LogGroup | KindTag::S3Bucket))
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        "A VPC flow log needs a destination: add a CloudWatch log group or an \
                         S3 bucket first",
                    )
                })?;
        }
        // A VPN connection joins the design's first customer gateway to its
        // first virtual private gateway (else transit gateway).
        Kind::VpnConnection(c) => {
            let first = |tag: KindTag| {
                design.resources.iter().find(|r| r.kind.acts_as() == tag).map(|r| r.id.clone())
            };
            c.customer_gateway = first(KindTag::CustomerGateway).ok_or_else(|| {
                Refusal::new("A VPN connection needs a customer gateway: add one first")
            })?;
            c.vpn_gateway = first(KindTag::VpnGateway);
            c.transit_gateway =
                c.vpn_gateway.is_none().then(|| first(KindTag::TransitGateway)).flatten();
            if c.vpn_gateway.is_none() && c.transit_gateway.is_none() {
                return Err(Refusal::new(
                    "A VPN connection ends at a virtual private gateway or a transit gateway: add one first",
                ));
            }
        }
        // An endpoint in a subnet is an interface endpoint there; one on the
        // VPC outside its subnets is a gateway endpoint, which AWS offers
        // only for S3 and DynamoDB, which takes no subnets and which serves
        // the subnets of the route tables it is added to: all of the VPC's.
        Kind::VpcEndpoint(ep) if subnets.is_empty() => {
            ep.endpoint_type = EndpointType::Gateway;
            ep.service = "s3".into();
            ep.private_dns = false;
            ep.route_tables = design
                .resources
                .iter()
                .filter(|r| matches!(&r.kind, Kind::RouteTable(rt) if rt.vpc == ep.vpc))
                .map(|r| r.id.clone())
                .collect();
        }
        Kind::VpcEndpoint(ep) => ep.subnets = subnets,
        // A target group in a VPC takes ip targets (such as ECS tasks); a
        // Lambda target group has no VPC.
        Kind::TargetGroup(tg) if within.vpc.is_some() => {
            tg.target_type = TargetType::Ip;
            tg.vpc = within.vpc.clone();
        }
        Kind::RouteTable(rt) => rt.associations = associate.into_iter().collect(),
        _ => {}
    }
    Ok(kind)
}
