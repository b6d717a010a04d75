//! Which AWS service a flow target stands for, and how a flow from inside
//! a VPC reaches it: an interface endpoint with private DNS, a gateway
//! endpoint, or a NAT gateway to the service's public endpoint.

use super::network::{cidrs, to_network_target};
use super::peer::{Peer, tcp_cidr, tcp_from_group};
use super::route;
use super::security_group::{egress, group_or_cidr, ingress};
use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::model::{EndpointType, Kind, Resource, ResourceId, SecurityGroup, SgPeer, VpcEndpoint};

/// The endpoint short name of the AWS service a resource is reached
/// through (`sqs` for a queue, `lambda` for invoking a function), or `None`
/// for resources reached over the VPC network.
pub fn service_name(kind: &Kind) -> Option<&str> {
    Some(match kind {
        Kind::SqsQueue(_) => "sqs",
        Kind::S3Bucket(_) => "s3",
        Kind::DynamoDbTable(_) => "dynamodb",
        Kind::LogGroup(_) => "logs",
        Kind::LambdaFunction(_) => "lambda",
        Kind::ApiGateway(_) => "execute-api",
        Kind::AwsService(svc) if !is_internet(kind) => svc.service.as_str(),
        _ => return None,
    })
}

/// True for the node that stands for the public internet: an "AWS service"
/// named `internet`, or an imported resource of type `Internet`.
pub fn is_internet(kind: &Kind) -> bool {
    match kind {
        Kind::AwsService(svc) => svc.service.eq_ignore_ascii_case("internet") || is_internet6(kind),
        Kind::Generic(g) => g.resource_type.eq_ignore_ascii_case("internet"),
        _ => false,
    }
}

/// True for the internet reached over IPv6 (the `internet-ipv6` service):
/// flows to or from it are judged by IPv6 routes, ACL entries and rules.
pub fn is_internet6(kind: &Kind) -> bool {
    matches!(kind, Kind::AwsService(svc) if svc.service.eq_ignore_ascii_case("internet-ipv6"))
}

/// True for the services that gateway endpoints serve.
pub fn has_gateway_endpoint(service: &str) -> bool {
    matches!(service, "s3" | "dynamodb")
}

/// An in-VPC source calls an AWS service: through an interface endpoint
/// with private DNS, a gateway endpoint, or a NAT gateway to the internet.
pub(super) fn service_path<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    target: &'d Resource,
    service: &str,
) {
    let index = t.index;
    let Some(vpc) = index.vpc_of(&source.id) else {
        return;
    };
    let endpoints: Vec<(&Resource, &VpcEndpoint)> = index
        .endpoints_of(vpc)
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::VpcEndpoint(ep) if ep.service == service => Some((*r, ep)),
            _ => None,
        })
        .collect();
    let interface = endpoints.iter().find(|(_, ep)| ep.is_interface() && ep.private_dns);
    let gateway = endpoints.iter().find(|(_, ep)| ep.endpoint_type == EndpointType::Gateway);
    if let Some((r, ep)) = interface {
        via_interface(t, source, r, ep);
    } else if let Some((r, ep)) = gateway {
        via_gateway(t, source, r, ep, service);
    } else {
        // A NAT path, if the design has one; else every change it needs, and
        // the endpoint that would do instead.
        let mut nat = t.fork();
        route::internet_path(&mut nat, source);
        let nat_blocked = nat.is_blocked();
        t.merge(nat);
        if nat_blocked {
            if let Some((r, _)) = endpoints.iter().find(|(_, ep)| ep.is_interface()) {
                t.block(
                    format!("endpoint {:?} ({service}) has private DNS off, so calls to {service} do not use it", r.name),
                    vec![r.id.clone()],
                    Some(QuickFix::new(
                        format!("Turn on private DNS for {:?}", r.name),
                        vec![Edit::set(&r.id, "/private_dns", true)],
                    )),
                );
            } else if let Some(fix) = add_endpoint(t, source, vpc, service) {
                t.alternative(fix);
            }
        }
    }
    if !t.is_blocked() {
        t.hop(&target.id, "target");
    }
}

pub(super) fn via_interface<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    endpoint: &'d Resource,
    ep: &'d VpcEndpoint,
) {
    let index = t.index;
    if ep.private_dns
        && let Some((vpc_resource, vpc)) = index.vpc(&ep.vpc)
        && !(vpc.enable_dns_support && vpc.enable_dns_hostnames)
    {
        t.block(
            format!(
                "private DNS of endpoint {:?} is inactive: VPC {:?} needs DNS support and DNS hostnames on",
                endpoint.name, vpc_resource.name
            ),
            vec![endpoint.id.clone(), vpc_resource.id.clone()],
            Some(QuickFix::new(
                format!("Turn on DNS support and DNS hostnames for VPC {:?}", vpc_resource.name),
                vec![
                    Edit::set(&vpc_resource.id, "/enable_dns_support", true),
                    Edit::set(&vpc_resource.id, "/enable_dns_hostnames", true),
                ],
            )),
        );
    }
    to_network_target(t, source, endpoint);
    let from = Peer::of_resource(index, &source.id);
    let fix_from = |t: &Trace<'_, '_>| group_or_cidr(t, source);
    ingress(t, endpoint, &ep.security_groups, &from, &source.name, fix_from);
    t.hop(&endpoint.id, format_args!("interface endpoint for {}", ep.service));
}

fn via_gateway<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    endpoint: &'d Resource,
    ep: &VpcEndpoint,
    service: &str,
) {
    let index = t.index;
    let to = Peer { service: Some(service), ..Peer::default() };
    let list = format!("com.amazonaws.{}.{service}", index.design.region);
    egress(t, source, &to, &format!("prefix list {list}"), |_| SgPeer::PrefixList(list.clone()));
    for subnet in source.kind.subnets() {
        let Some((table, _)) = index.route_table_of(subnet) else {
            continue;
        };
        if ep.route_tables.contains(&table.id) {
            t.hop(&table.id, format_args!("route to gateway endpoint {:?}", endpoint.name));
            continue;
        }
        // A subnet the endpoint does not serve still reaches the service's
        // public addresses through a NAT gateway (W2008 warns about it).
        let mut nat = t.fork();
        route::subnet_to_internet(&mut nat, source, subnet);
        if !nat.is_blocked() {
            t.merge(nat);
            continue;
        }
        t.block(
            format!(
                "route table {:?} of subnet {:?} is not attached to gateway endpoint {:?} ({service})",
                table.name,
                index.name(subnet),
                endpoint.name
            ),
            vec![table.id.clone(), endpoint.id.clone()],
            Some(QuickFix::new(
                format!("Attach route table {:?} to {:?}", table.name, endpoint.name),
                vec![Edit::push(&endpoint.id, "/route_tables", &table.id)],
            )),
        );
    }
    t.hop(&endpoint.id, format_args!("gateway endpoint for {service}"));
}

/// A quick fix adding an endpoint for `service`: a gateway endpoint on the
/// source's route tables for S3 and DynamoDB, else an interface endpoint
/// with private DNS in the source's subnets (one per zone) with a security
/// group admitting tcp/443 from the source.
fn add_endpoint(
    t: &Trace<'_, '_>,
    source: &Resource,
    vpc: &ResourceId,
    service: &str,
) -> Option<QuickFix> {
    let index = t.index;
    let design = index.design;
    let id = design.fresh_id("vpce");
    let name = design.fresh_name(&format!("{service}-endpoint"));
    if has_gateway_endpoint(service) {
        let mut tables: Vec<ResourceId> = source
            .kind
            .subnets()
            .iter()
            .filter_map(|s| index.route_table_of(s).map(|(r, _)| r.id.clone()))
            .collect();
        tables.dedup();
        let ep = VpcEndpoint {
            vpc: vpc.clone(),
            service: service.to_owned(),
            endpoint_type: EndpointType::Gateway,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            private_dns: false,
            route_tables: tables,
            policy: None,
        };
        return Some(QuickFix::new(
            format!(
                "Add a gateway endpoint for {service} on the route tables of {:?}",
                source.name
            ),
            vec![Edit::AddResource { resource: Resource::new(id.as_str(), name, ep) }],
        ));
    }
    let mut subnets: Vec<ResourceId> = Vec::new();
    let mut zones: Vec<&ResourceId> = Vec::new();
    for s in source.kind.subnets() {
        if let Some(az) = index.az_of_subnet(s)
            && !zones.contains(&az)
        {
            zones.push(az);
            subnets.push(s.clone());
        }
    }
    let sg_id = ResourceId::new(format!("{}-sg", id.as_str()));
    let mut sg = SecurityGroup::new(vpc.clone());
    sg.description = format!("{service} endpoint");
    sg.ingress = index
        .security_groups_of(source)
        .iter()
        .map(|g| tcp_from_group(443, g, &format!("HTTPS from {}", index.name(g))))
        .collect();
    if sg.ingress.is_empty() {
        sg.ingress = cidrs(t, source).iter().map(|c| tcp_cidr(443, *c, "HTTPS")).collect();
    }
    let mut edits = vec![Edit::AddResource {
        resource: Resource::new(
            sg_id.as_str(),
            design.fresh_name(&format!("{service}-endpoint-sg")),
            sg,
        ),
    }];
    if let Some((vpc_resource, v)) = index.vpc(vpc)
        && !(v.enable_dns_support && v.enable_dns_hostnames)
    {
        edits.push(Edit::set(&vpc_resource.id, "/enable_dns_support", true));
        edits.push(Edit::set(&vpc_resource.id, "/enable_dns_hostnames", true));
    }
    let ep = VpcEndpoint {
        vpc: vpc.clone(),
        service: service.to_owned(),
        endpoint_type: EndpointType::Interface,
        subnets,
        security_groups: vec![sg_id],
        private_dns: true,
        route_tables: Vec::new(),
        policy: None,
    };
    edits.push(Edit::AddResource { resource: Resource::new(id.as_str(), name, ep) });
    Some(QuickFix::new(format!("Add an interface endpoint for {service} with private DNS"), edits))
}
