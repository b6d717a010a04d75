//! Dropping moved resources: the rectangles move, and a resource that lands
//! in another container changes membership as an AWS engineer expects, or
//! the whole drop is refused and nothing changes.
//!
//! Where a resource may go follows the rules of a palette drop
//! ([`super::add_resource`]): a Lambda function, NAT gateway, load balancer,
//! ECS service or interface endpoint moved from subnet A into subnet B
//! replaces A by B in its subnets (keeping the others it spans); a subnet
//! moved into another zone column of its VPC changes zone and keeps its
//! CIDR; an internet gateway moved onto another VPC is attached to it; a
//! VPC belongs to no container and moves freely. A NAT gateway or subnet on
//! the open canvas, a subnet or zone in another VPC, a regional service in a
//! VPC are refused with the reason.

#[cfg(test)]
mod tests;

use super::add_resource::{
    self, Home, SUBNET_OUTSIDE_VPC, ZONE_OUTSIDE_VPC, check_home, home, home_within, name_of,
};
use super::{Action, Applied, Refusal, UndoPolicy};
use crate::geometry::{self, Containers, DropProbe};
use std::collections::HashSet;
use vpcraft_core::model::{EndpointType, Kind, KindTag, Rect, VpcConfig};
use vpcraft_core::{Design, ResourceId};

/// Moves the carried resources by (`dx`, `dy`) and re-homes the grabbed
/// ones that land in another container. One undo step.
#[derive(Clone, Debug)]
pub struct MoveInto {
    /// Everything the drag carries: the grabbed resources and all that is
    /// drawn inside them.
    pub ids: Vec<ResourceId>,
    /// The resources the user grabbed (the selection). Only these can
    /// change container; what they carry stays in them.
    pub grabbed: Vec<ResourceId>,
    pub dx: f64,
    pub dy: f64,
}

/// A change of membership decided for one moved resource.
struct Rehome {
    id: ResourceId,
    kind: Kind,
    /// Where an icon is drawn after the move, kept wholly inside (or
    /// outside) the containers it now belongs to.
    rect: Option<Rect>,
}

impl Action for MoveInto {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let moved: HashSet<&ResourceId> = self.ids.iter().collect();
        let mut rehomed = Vec::new();
        for id in roots(design, &self.grabbed) {
            if let Some(change) = rehome(design, &id, &moved, self.dx, self.dy)? {
                rehomed.push(change);
            }
        }
        for id in &self.ids {
            if let Some(rect) = design.layout.positions.get_mut(id) {
                *rect = rect.translate(self.dx, self.dy);
            }
        }
        let layout_only = rehomed
            .iter()
            .all(|r| design.resource(&r.id).is_none_or(|resource| resource.kind == r.kind));
        for Rehome { id, kind, rect } in rehomed {
            if let Some(rect) = rect {
                design.layout.positions.insert(id.clone(), rect);
            }
            if let Some(resource) = design.resource_mut(&id) {
                resource.kind = kind;
            }
        }
        Ok(Applied { select: None, layout_only })
    }
}

/// The grabbed resources that are not drawn inside another grabbed one
/// (which carries them along, so they stay where they belong).
fn roots(design: &Design, grabbed: &[ResourceId]) -> Vec<ResourceId> {
    let rects: Vec<(&ResourceId, Rect)> =
        grabbed.iter().filter_map(|id| design.layout.positions.get(id).map(|r| (id, *r))).collect();
    rects
        .iter()
        .filter(|(id, rect)| {
            !rects.iter().any(|(other, outer)| {
                other != id && outer.contains(rect) && outer.w * outer.h > rect.w * rect.h
            })
        })
        .map(|(id, _)| (*id).clone())
        .collect()
}

/// Decides what a move by (`dx`, `dy`) does to the membership of `id`:
/// nothing, a change, or a refusal.
fn rehome(
    design: &Design,
    id: &ResourceId,
    moved: &HashSet<&ResourceId>,
    dx: f64,
    dy: f64,
) -> Result<Option<Rehome>, Refusal> {
    let (Some(resource), Some(rect)) = (design.resource(id), design.layout.positions.get(id))
    else {
        return Ok(None);
    };
    let landed = rect.translate(dx, dy);
    let containers = |r: &Rect| {
        geometry::containers_at_except(design, geometry::centre(r), |id| moved.contains(id))
    };
    let to = containers(&landed);
    let kind = match &resource.kind {
        // A VPC belongs to no container: where it is drawn is layout only,
        // even over another VPC (which a palette drop avoids).
        kind if geometry::is_vpc(kind) => return Ok(None),
        Kind::AvailabilityZone(az) => {
            return match &to.vpc {
                None => Err(Refusal::new(ZONE_OUTSIDE_VPC)),
                Some(vpc) if *vpc != az.vpc => Err(Refusal::new(format!(
                    "Availability zone \"{}\" belongs to VPC \"{}\": a zone cannot move to \
                     another VPC",
                    resource.name,
                    name_of(design, &az.vpc)
                ))),
                Some(_) => Ok(None),
            };
        }
        Kind::Subnet(subnet) => {
            let own_vpc = geometry::vpc_of_az(design, &subnet.az);
            let mut subnet = subnet.clone();
            match (&to.vpc, &to.az) {
                (None, _) => return Err(Refusal::new(SUBNET_OUTSIDE_VPC)),
                (Some(vpc), _) if Some(vpc) != own_vpc.as_ref() => {
                    return Err(Refusal::new(format!(
                        "Subnet \"{}\" belongs to VPC \"{}\": a subnet cannot move to another VPC",
                        resource.name,
                        own_vpc.as_ref().map_or_else(String::new, |v| name_of(design, v))
                    )));
                }
                (Some(_), None) => {
                    return Err(Refusal::new(
                        "A subnet must be placed inside one of its VPC's availability zones",
                    ));
                }
                (Some(_), Some(az)) if *az == subnet.az => return Ok(None),
                (Some(_), Some(az)) => subnet.az = az.clone(),
            }
            Kind::Subnet(subnet)
        }
        kind => {
            let tag = kind.tag();
            let from = home_within(tag, containers(rect));
            let to = home_within(tag, to.clone());
            if from == to {
                return Ok(None);
            }
            check_home(design, tag, &to)?;
            let mut kind = kind.clone();
            rehome_icon(design, &resource.name, &mut kind, &from, &to)?;
            kind
        }
    };
    let rect = match (&resource.kind, &to.subnet) {
        (Kind::Subnet(_), _) => None,
        (_, Some(subnet)) if kind.subnets().contains(subnet) => design
            .layout
            .positions
            .get(subnet)
            .map(|outer| add_resource::clamp_inside(landed, outer)),
        (_, None) if to.vpc.is_none() => Some(add_resource::outside_containers(design, landed)),
        _ => None,
    };
    Ok(Some(Rehome { id: id.clone(), kind, rect }))
}

/// Changes an icon's membership from the containers `from` to `to`, which
/// the palette's rules already accept for its kind.
fn rehome_icon(
    design: &Design,
    name: &str,
    kind: &mut Kind,
    from: &Containers,
    to: &Containers,
) -> Result<(), Refusal> {
    let tag = kind.tag();
    let belongs = |what: String| {
        Refusal::new(format!(
            "{} \"{name}\" {what}: move it within that VPC, or change it in the inspector",
            tag.title()
        ))
    };
    match kind {
        Kind::LambdaFunction(f) => match (&to.subnet, &mut f.vpc_config) {
            (None, config) => *config = None,
            (Some(subnet), None) => {
                f.vpc_config =
                    Some(VpcConfig { subnets: vec![subnet.clone()], security_groups: Vec::new() });
            }
            (Some(_), Some(config)) => {
                move_subnets(design, &mut config.subnets, &config.security_groups, from, to)
                    .map_err(belongs)?;
            }
        },
        Kind::NatGateway(nat) => {
            if let Some(subnet) = &to.subnet {
                nat.subnet = subnet.clone();
            }
        }
        Kind::LoadBalancer(lb) => {
            move_subnets(design, &mut lb.subnets, &lb.security_groups, from, to)
                .map_err(belongs)?;
        }
        Kind::EcsService(svc) => {
            let network = &mut svc.network;
            move_subnets(design, &mut network.subnets, &network.security_groups, from, to)
                .map_err(belongs)?;
        }
        Kind::AutoScalingGroup(asg) => {
            // Its groups are its launch template's, which is regional.
            move_subnets(design, &mut asg.subnets, &[], from, to).map_err(belongs)?;
        }
        Kind::EksCluster(c) => {
            move_subnets(design, &mut c.subnets, &c.security_groups, from, to).map_err(belongs)?;
        }
        Kind::EksNodeGroup(ng) => {
            // Its nodes are in its cluster's security group, so they stay in
            // the cluster's VPC.
            move_subnets(design, &mut ng.subnets, &[], from, to).map_err(belongs)?;
            let index = vpcraft_core::index::Index::new(design);
            if let Some(vpc) = index.vpc_of(&ng.cluster).filter(|v| Some(*v) != to.vpc.as_ref()) {
                return Err(belongs(in_vpc(design, "belongs to EKS cluster", &ng.cluster, vpc)));
            }
        }
        Kind::RdsInstance(db) => {
            move_subnets(design, &mut db.subnets, &db.security_groups, from, to)
                .map_err(belongs)?;
        }
        Kind::DbCluster(db) => {
            move_subnets(design, &mut db.subnets, &db.security_groups, from, to)
                .map_err(belongs)?;
        }
        Kind::CacheCluster(c) => {
            move_subnets(design, &mut c.subnets, &c.security_groups, from, to).map_err(belongs)?;
        }
        Kind::EfsFileSystem(fs) => {
            move_subnets(design, &mut fs.subnets, &fs.security_groups, from, to)
                .map_err(belongs)?;
        }
        Kind::TransitGatewayAttachment(a) => {
            move_subnets(design, &mut a.subnets, &[], from, to).map_err(belongs)?;
        }
        Kind::NetworkInterface(n) => {
            let mut subnets: Vec<ResourceId> = n.subnet.iter().cloned().collect();
            move_subnets(design, &mut subnets, &n.security_groups, from, to).map_err(belongs)?;
            n.subnet = subnets.into_iter().next();
        }
        Kind::Ec2Instance(i) => {
            let mut subnets: Vec<ResourceId> = i.subnet.iter().cloned().collect();
            move_subnets(design, &mut subnets, &i.security_groups, from, to).map_err(belongs)?;
            i.subnet = subnets.into_iter().next();
        }
        Kind::VpcEndpoint(ep) => match (ep.endpoint_type, &to.subnet) {
            (EndpointType::Interface, None) => {
                return Err(Refusal::new("An interface endpoint must be placed inside a subnet"));
            }
            (EndpointType::Gateway, Some(_)) => {
                return Err(Refusal::new(
                    "A gateway endpoint is not in a subnet: place it on its VPC outside the subnets",
                ));
            }
            (endpoint_type, _) => {
                if endpoint_type == EndpointType::Interface {
                    move_subnets(design, &mut ep.subnets, &ep.security_groups, from, to)
                        .map_err(belongs)?;
                }
                // A gateway endpoint is on its VPC alone: outside the
                // subnets, only a move to another VPC changes anything.
                if let Some(vpc) = to.vpc.as_ref().filter(|v| **v != ep.vpc) {
                    if let Some(table) = ep.route_tables.first() {
                        return Err(belongs(in_vpc(design, "serves route table", table, &ep.vpc)));
                    }
                    ep.vpc = vpc.clone();
                }
            }
        },
        Kind::InternetGateway(igw) => igw.vpc = to.vpc.clone(),
        Kind::VpnGateway(g) => g.vpc = to.vpc.clone(),
        Kind::EgressOnlyInternetGateway(g) => {
            if let Some(vpc) = &to.vpc {
                g.vpc = vpc.clone();
            }
        }
        Kind::RouteTable(rt) => {
            return Err(belongs(format!("belongs to VPC \"{}\"", name_of(design, &rt.vpc))));
        }
        Kind::NetworkAcl(acl) => {
            return Err(belongs(format!("belongs to VPC \"{}\"", name_of(design, &acl.vpc))));
        }
        Kind::SecurityGroup(sg) => {
            return Err(belongs(format!("belongs to VPC \"{}\"", name_of(design, &sg.vpc))));
        }
        Kind::TargetGroup(tg) => {
            return Err(match &tg.vpc {
                Some(vpc) => belongs(format!("has ip targets in VPC \"{}\"", name_of(design, vpc))),
                None => Refusal::new(format!(
                    "Target group \"{name}\" sends to a Lambda function and is not part of a \
                     VPC: place it outside every VPC"
                )),
            });
        }
        _ => {}
    }
    Ok(())
}

/// "uses security group "sg" of VPC "main"", for a refusal.
fn in_vpc(design: &Design, what: &str, id: &ResourceId, vpc: &ResourceId) -> String {
    format!("{what} \"{}\" of VPC \"{}\"", name_of(design, id), name_of(design, vpc))
}

/// Replaces the subnet an icon was drawn in (`from`) by the one it lands
/// in (`to`), keeping its other subnets. When it leaves its VPC, nothing
/// else may tie it there: no other subnet and no security group. Returns
/// what ties it, for the refusal.
fn move_subnets(
    design: &Design,
    subnets: &mut Vec<ResourceId>,
    security_groups: &[ResourceId],
    from: &Containers,
    to: &Containers,
) -> Result<(), String> {
    let Some(target) = &to.subnet else {
        return Ok(());
    };
    if subnets.contains(target) {
        return Ok(());
    }
    match from.subnet.as_ref().and_then(|f| subnets.iter().position(|s| s == f)) {
        Some(i) => subnets[i] = target.clone(),
        // Drawn outside its subnets: with one, that one is meant; with
        // several, the new one is added to them.
        None if subnets.len() <= 1 => *subnets = vec![target.clone()],
        None => subnets.push(target.clone()),
    }
    let vpc_of_subnet = |s: &ResourceId| match design.resource(s).map(|r| &r.kind) {
        Some(Kind::Subnet(subnet)) => geometry::vpc_of_az(design, &subnet.az),
        _ => None,
    };
    for subnet in subnets.iter() {
        if let Some(vpc) = vpc_of_subnet(subnet).filter(|v| Some(v) != to.vpc.as_ref()) {
            return Err(format!("is also in {}", in_vpc(design, "subnet", subnet, &vpc)));
        }
    }
    for sg in security_groups {
        if let Some(Kind::SecurityGroup(group)) = design.resource(sg).map(|r| &r.kind)
            && Some(&group.vpc) != to.vpc.as_ref()
        {
            return Err(in_vpc(design, "uses security group", sg, &group.vpc));
        }
    }
    Ok(())
}

/// The containers an icon being moved alone could land in, for the canvas
/// to mark as the drop target while it is dragged: subnets for what lives
/// in one, VPCs for what belongs to a VPC as a whole. `None` for
/// containers, for what is refused in every VPC, and for unplaced IDs.
pub fn drop_probe(design: &Design, id: &ResourceId) -> Option<DropProbe> {
    let resource = design.resource(id)?;
    let rect = design.layout.positions.get(id)?;
    let tag = resource.kind.tag();
    let (subnets, vpcs) = match (home(tag), &resource.kind) {
        (_, Kind::VpcEndpoint(ep)) => {
            let interface = ep.endpoint_type == EndpointType::Interface;
            (interface, !interface)
        }
        (_, kind) if geometry::is_container(kind) => return None,
        (Home::Subnet | Home::SubnetOrRegion | Home::SubnetOrVpc, _) => (true, false),
        (Home::Vpc, _)
            if !matches!(
                tag,
                KindTag::InternetGateway | KindTag::EgressOnlyInternetGateway | KindTag::VpnGateway
            ) =>
        {
            return None;
        }
        (Home::Vpc, _) => (false, true),
        (Home::Region | Home::VpcOrRegion | Home::BetweenVpcs, _) => return None,
    };
    Some(DropProbe::new(design, rect, subnets, vpcs))
}
