//! The resources a reference field may point at, labelled for a list.

use vpcraft_core::model::{Kind, KindTag};
use vpcraft_core::{Design, ResourceId};

/// `(id, label)` pairs of the resources whose kind is one of `tags`
/// (existing resources outside the design included).
fn of_kinds(
    design: &Design,
    tags: &[KindTag],
    except: Option<&ResourceId>,
) -> Vec<(ResourceId, String)> {
    design
        .resources
        .iter()
        .filter(|r| tags.contains(&r.kind.acts_as()) && Some(&r.id) != except)
        .map(|r| (r.id.clone(), label(design, &r.id)))
        .collect()
}

/// A resource's name with what tells it apart: a subnet's CIDR and zone.
fn label(design: &Design, id: &ResourceId) -> String {
    let Some(r) = design.resource(id) else {
        return id.to_string();
    };
    match &r.kind {
        Kind::Subnet(s) => {
            let zone = match design.resource(&s.az).map(|a| &a.kind) {
                Some(Kind::AvailabilityZone(az)) => format!(" · AZ {}", az.zone),
                _ => String::new(),
            };
            format!("{} · {}{zone}", r.name, s.cidr_label())
        }
        Kind::VpcEndpoint(ep) => format!("{} ({})", r.name, ep.service),
        _ => r.name.clone(),
    }
}

pub fn vpcs(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::Vpc], None)
}

pub fn transit_gateways(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::TransitGateway], None)
}

pub fn vpn_gateways(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::VpnGateway], None)
}

pub fn customer_gateways(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::CustomerGateway], None)
}

pub fn flow_log_resources(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::Vpc, KindTag::Subnet], None)
}

pub fn log_destinations(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::LogGroup, KindTag::S3Bucket], None)
}

pub fn zones(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    d.resources
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::AvailabilityZone(az) => {
                let vpc = d.resource(&az.vpc).map_or("?", |v| v.name.as_str());
                Some((r.id.clone(), format!("{vpc} · AZ {}", az.zone)))
            }
            _ => None,
        })
        .collect()
}

pub fn subnets(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::Subnet], None)
}

pub fn security_groups(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::SecurityGroup], None)
}

pub fn route_tables(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::RouteTable], None)
}

pub fn launch_templates(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::LaunchTemplate], None)
}

pub fn eks_clusters(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::EksCluster], None)
}

pub fn elastic_ips(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::ElasticIp], None)
}

pub fn load_balancers(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::LoadBalancer], None)
}

pub fn target_groups(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::TargetGroup], None)
}

pub fn targets(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(
        d,
        &[
            KindTag::LambdaFunction,
            KindTag::EcsService,
            KindTag::Ec2Instance,
            KindTag::AutoScalingGroup,
        ],
        None,
    )
}

pub fn instances(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::Ec2Instance, KindTag::AutoScalingGroup], None)
}

pub fn functions(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::LambdaFunction], None)
}

pub fn invokers(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::TargetGroup, KindTag::ApiGateway, KindTag::S3Bucket], None)
}

pub fn event_sources(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::SqsQueue, KindTag::DynamoDbTable], None)
}

pub fn other_queues(d: &Design, id: &ResourceId) -> Vec<(ResourceId, String)> {
    of_kinds(d, &[KindTag::SqsQueue], Some(id))
}

/// What a route of this table may send traffic to: gateways, NAT
/// gateways, peerings and endpoints.
pub fn route_targets(d: &Design, _: &ResourceId) -> Vec<(ResourceId, String)> {
    let tags = [
        KindTag::InternetGateway,
        KindTag::EgressOnlyInternetGateway,
        KindTag::NatGateway,
        KindTag::VpcPeering,
        KindTag::VpcEndpoint,
        KindTag::TransitGateway,
        KindTag::VpnGateway,
    ];
    of_kinds(d, &tags, None)
        .into_iter()
        .map(|(id, name)| {
            let kind = d.resource(&id).map_or("", |r| r.kind.tag().title());
            (id, format!("{name} ({kind})"))
        })
        .collect()
}
