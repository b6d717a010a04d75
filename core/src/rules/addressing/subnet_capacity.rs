//! W1006: a subnet has enough free addresses for the network interfaces its
//! resources need.

use crate::cidr::usable_in_subnet;
use crate::finding::Severity;
use crate::index::{FastMap, FastSet, Index};
use crate::model::{Kind, LoadBalancerType, ResourceId};
use crate::rules::{Rule, Sink};
use crate::sort;

pub static RULE: Rule = Rule {
    id: "W1006",
    severity: Severity::Warning,
    title: "Subnet too small for its resources",
    description: "A subnet offers 2^(32-p) - 5 addresses. An application or classic load balancer \
                  needs at least 8 free addresses in each of its subnets and a /27 or larger; each \
                  interface endpoint and NAT gateway takes one; a Lambda function takes one per \
                  subnet and security-group combination; an ECS task and an EC2 instance take \
                  one; an Auto Scaling group or EKS node group at its maximum size takes its share \
                  of the instances spread evenly over its subnets; an EKS cluster needs six free \
                  addresses in each of its subnets.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer",
    check,
};

#[derive(Default)]
struct Demand<'d> {
    addresses: u64,
    needs_27: Vec<&'d ResourceId>,
    users: Vec<&'d ResourceId>,
}

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let mut demand: FastMap<&ResourceId, Demand<'_>> = FastMap::default();
    // The sorted security groups of each function, in design order, which
    // the set of interfaces below borrows.
    let lambda_groups: Vec<Vec<&ResourceId>> = index
        .design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::LambdaFunction(_)))
        .map(|r| {
            let mut groups: Vec<&ResourceId> = r.kind.security_groups().iter().collect();
            sort::sort(&mut groups);
            groups
        })
        .collect();
    let mut lambda_groups = lambda_groups.iter();
    let mut lambda_enis: FastSet<(&ResourceId, &[&ResourceId])> = FastSet::default();
    for resource in &index.design.resources {
        let per_subnet = match &resource.kind {
            Kind::NatGateway(_) | Kind::VpcEndpoint(_) => 1,
            Kind::LoadBalancer(lb) if lb.lb_type != LoadBalancerType::Network => 8,
            Kind::LoadBalancer(_) => 1,
            Kind::EcsService(svc) => u64::from(svc.desired_count),
            Kind::Ec2Instance(_) => 1,
            Kind::AutoScalingGroup(asg) if !asg.subnets.is_empty() => {
                u64::from(asg.max_size).div_ceil(asg.subnets.len() as u64)
            }
            Kind::EksNodeGroup(ng) if !ng.subnets.is_empty() => {
                u64::from(ng.max_size).div_ceil(ng.subnets.len() as u64)
            }
            // EKS asks for six free addresses in each of a cluster's subnets.
            Kind::EksCluster(_) => 6,
            Kind::LambdaFunction(_) => 0,
            _ => continue,
        };
        let groups: &[&ResourceId] = match resource.kind {
            Kind::LambdaFunction(_) => lambda_groups.next().map_or(&[], Vec::as_slice),
            _ => &[],
        };
        for subnet in resource.kind.subnets() {
            let entry = demand.entry(subnet).or_default();
            entry.users.push(&resource.id);
            if matches!(resource.kind, Kind::LambdaFunction(_)) {
                // Functions share one interface per subnet and group set.
                if lambda_enis.insert((subnet, groups)) {
                    entry.addresses += 1;
                }
                continue;
            }
            entry.addresses += per_subnet;
            if matches!(&resource.kind, Kind::LoadBalancer(lb) if lb.lb_type != LoadBalancerType::Network)
            {
                entry.needs_27.push(&resource.id);
            }
        }
    }
    for (resource, _, cidr) in index.subnet_blocks() {
        let Some(need) = demand.get(&resource.id) else {
            continue;
        };
        let usable = usable_in_subnet(&cidr);
        if need.addresses > usable {
            let mut ids = vec![&resource.id];
            ids.extend(need.users.iter().copied());
            sink.report(
                format!(
                    "subnet {:?} ({}) has {usable} usable addresses but its resources need {}",
                    resource.name, cidr, need.addresses
                ),
                ids,
                Some("Use a larger subnet or spread the resources over more subnets.".into()),
            );
        }
        if cidr.prefix_len() > 27 {
            for lb in &need.needs_27 {
                sink.report(
                    format!(
                        "subnet {:?} is a /{}; load balancer {:?} needs a /27 or larger",
                        resource.name,
                        cidr.prefix_len(),
                        index.name(lb)
                    ),
                    [&resource.id, *lb],
                    Some("Give the load balancer subnets of /27 or larger.".into()),
                );
            }
        }
    }
}
