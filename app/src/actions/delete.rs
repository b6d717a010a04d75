//! Deleting resources, with what cannot exist without them.
//!
//! Deleting a container deletes what it contains, both semantically (the
//! zones of a VPC, the subnets of a zone, a NAT gateway in its subnet) and
//! on the canvas (whatever is drawn inside it). References from resources
//! that survive are removed, so the design stays free of dangling IDs.

use super::{Action, Applied, Refusal, UndoPolicy};
use crate::geometry;
use std::collections::BTreeSet;
use vpcraft_core::index::container_of;
use vpcraft_core::model::{Kind, SgPeer};
use vpcraft_core::sort;
use vpcraft_core::{Design, ResourceId};

/// Deletes the given resources and everything inside them.
#[derive(Clone, Debug)]
pub struct DeleteResources {
    pub ids: Vec<ResourceId>,
}

impl Action for DeleteResources {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let doomed = closure(design, &self.ids);
        let flows_before = design.flows.len();
        design.flows.retain(|f| !self.ids.contains(&f.id));
        if doomed.is_empty() && design.flows.len() == flows_before {
            return Err(Refusal::new("Nothing to delete"));
        }
        design.resources.retain(|r| !doomed.contains(&r.id));
        design.flows.retain(|f| !doomed.contains(&f.source) && !doomed.contains(&f.target));
        design.layout.positions.retain(|id, _| !doomed.contains(id));
        for resource in &mut design.resources {
            detach(&mut resource.kind, &doomed);
        }
        Ok(Applied { select: Some(Vec::new()), ..Applied::default() })
    }
}

/// The given resources plus everything that lives or is drawn inside them,
/// and everything that holds a required reference to one of them.
fn closure(design: &Design, ids: &[ResourceId]) -> BTreeSet<ResourceId> {
    let mut doomed: BTreeSet<ResourceId> =
        sort::set(ids.iter().filter(|id| design.resource(id).is_some()).cloned());
    for id in ids {
        if holds_others(design, id) {
            doomed.extend(geometry::contained_in(&design.layout, id));
        }
    }
    loop {
        let before = doomed.len();
        for r in &design.resources {
            let parent_gone = container_of(&r.kind).is_some_and(|p| doomed.contains(p));
            if !doomed.contains(&r.id) && (parent_gone || loses_required(&r.kind, &doomed)) {
                doomed.insert(r.id.clone());
            }
        }
        if doomed.len() == before {
            return doomed;
        }
    }
}

fn holds_others(design: &Design, id: &ResourceId) -> bool {
    design.resource(id).is_some_and(|r| geometry::is_container(&r.kind))
}

/// True when a resource cannot exist without one of the doomed resources.
fn loses_required(kind: &Kind, doomed: &BTreeSet<ResourceId>) -> bool {
    match kind {
        Kind::Listener(l) => doomed.contains(&l.load_balancer),
        Kind::LambdaPermission(p) => doomed.contains(&p.function),
        Kind::EventSourceMapping(m) => doomed.contains(&m.source) || doomed.contains(&m.function),
        Kind::VpcPeering(p) => doomed.contains(&p.requester) || doomed.contains(&p.accepter),
        Kind::TransitGatewayAttachment(a) => {
            doomed.contains(&a.transit_gateway) || doomed.contains(&a.vpc)
        }
        Kind::VpnConnection(c) => doomed.contains(&c.customer_gateway),
        Kind::FlowLog(f) => doomed.contains(&f.resource) || doomed.contains(&f.destination),
        Kind::EksNodeGroup(ng) => doomed.contains(&ng.cluster),
        _ => false,
    }
}

/// Removes optional references to doomed resources from a surviving one.
fn detach(kind: &mut Kind, doomed: &BTreeSet<ResourceId>) {
    let keep = |id: &ResourceId| !doomed.contains(id);
    match kind {
        Kind::LambdaFunction(f) => {
            if let Some(cfg) = &mut f.vpc_config {
                cfg.subnets.retain(keep);
                cfg.security_groups.retain(keep);
                if cfg.subnets.is_empty() && cfg.security_groups.is_empty() {
                    f.vpc_config = None;
                }
            }
        }
        Kind::EcsService(svc) => {
            svc.network.subnets.retain(keep);
            svc.network.security_groups.retain(keep);
        }
        Kind::NetworkInterface(n) => {
            n.subnet = n.subnet.take().filter(keep);
            n.security_groups.retain(keep);
        }
        Kind::Ec2Instance(i) => {
            i.subnet = i.subnet.take().filter(keep);
            i.security_groups.retain(keep);
        }
        Kind::LaunchTemplate(lt) => lt.security_groups.retain(keep),
        Kind::RdsInstance(db) => {
            db.subnets.retain(keep);
            db.security_groups.retain(keep);
        }
        Kind::DbCluster(db) => {
            db.subnets.retain(keep);
            db.security_groups.retain(keep);
        }
        Kind::CacheCluster(c) => {
            c.subnets.retain(keep);
            c.security_groups.retain(keep);
        }
        Kind::TransitGatewayAttachment(a) => a.subnets.retain(keep),
        Kind::EfsFileSystem(fs) => {
            fs.subnets.retain(keep);
            fs.security_groups.retain(keep);
        }
        Kind::AutoScalingGroup(asg) => {
            asg.subnets.retain(keep);
            asg.launch_template = asg.launch_template.take().filter(keep);
        }
        Kind::EksCluster(c) => {
            c.subnets.retain(keep);
            c.security_groups.retain(keep);
        }
        Kind::EksNodeGroup(ng) => ng.subnets.retain(keep),
        Kind::LoadBalancer(lb) => {
            lb.subnets.retain(keep);
            lb.security_groups.retain(keep);
            lb.instances.retain(keep);
        }
        Kind::VpcEndpoint(ep) => {
            ep.subnets.retain(keep);
            ep.security_groups.retain(keep);
            ep.route_tables.retain(keep);
        }
        Kind::RouteTable(rt) => {
            rt.associations.retain(keep);
            rt.routes.retain(|route| keep(&route.target));
        }
        Kind::NetworkAcl(acl) => acl.associations.retain(keep),
        Kind::SecurityGroup(sg) => {
            let peer_kept = |rule: &vpcraft_core::model::SecurityGroupRule| match &rule.peer {
                SgPeer::SecurityGroup(peer) => keep(peer),
                _ => true,
            };
            sg.ingress.retain(peer_kept);
            sg.egress.retain(peer_kept);
        }
        Kind::TargetGroup(tg) => {
            tg.targets.retain(keep);
            if tg.vpc.as_ref().is_some_and(|v| !keep(v)) {
                tg.vpc = None;
            }
        }
        Kind::InternetGateway(igw) if igw.vpc.as_ref().is_some_and(|v| !keep(v)) => igw.vpc = None,
        Kind::VpnGateway(g) if g.vpc.as_ref().is_some_and(|v| !keep(v)) => g.vpc = None,
        Kind::VpnConnection(c) => {
            c.vpn_gateway = c.vpn_gateway.take().filter(keep);
            c.transit_gateway = c.transit_gateway.take().filter(keep);
        }
        Kind::NatGateway(nat) if nat.elastic_ip.as_ref().is_some_and(|e| !keep(e)) => {
            nat.elastic_ip = None
        }
        Kind::Listener(l) if l.default_target_group.as_ref().is_some_and(|t| !keep(t)) => {
            l.default_target_group = None
        }
        Kind::LambdaPermission(p) if p.source.as_ref().is_some_and(|s| !keep(s)) => p.source = None,
        Kind::SqsQueue(q) if q.redrive.as_ref().is_some_and(|r| !keep(&r.dead_letter_queue)) => {
            q.redrive = None
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::AddResource;
    use crate::geometry::Point;
    use vpcraft_core::model::KindTag;

    #[test]
    fn deleting_a_vpc_deletes_its_zones_subnets_and_detaches_lambdas() {
        let mut design = Design::new("d");
        let add = |design: &mut Design, tag, x, y| {
            AddResource { tag, at: Point::new(x, y) }
                .apply(design)
                .unwrap()
                .select
                .unwrap()
                .remove(0)
        };
        let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0);
        let az = geometry::azs_of_vpc(&design, &vpc)[0].clone();
        let az_rect = design.layout.positions[&az];
        let subnet = add(&mut design, KindTag::Subnet, az_rect.x + 10.0, az_rect.y + 60.0);
        let s = design.layout.positions[&subnet];
        add(&mut design, KindTag::LambdaFunction, s.x + 100.0, s.y + 80.0);
        add(&mut design, KindTag::LambdaFunction, 3000.0, 3000.0);

        DeleteResources { ids: vec![subnet] }.apply(&mut design).unwrap();
        assert_eq!(design.resources.len(), 4, "the VPC, two zones and the outside Lambda stay");
        DeleteResources { ids: vec![vpc] }.apply(&mut design).unwrap();
        assert_eq!(design.resources.len(), 1);
        assert!(vpcraft_core::validate(&design).is_empty());
    }
}
