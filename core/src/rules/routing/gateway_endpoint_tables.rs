//! W2008: a gateway endpoint serves only the subnets whose route tables it
//! is attached to.

use crate::index::{FastMap, FastSet};
use crate::model::EndpointType;
use crate::reach::service_name;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W2008",
    severity: Severity::Warning,
    title: "Gateway endpoint not attached where it is used",
    description: "A gateway endpoint (S3, DynamoDB) adds a route to the route tables it is \
                  attached to and serves only their subnets; other subnets reach the service \
                  through a NAT gateway, if at all.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let gateways: Vec<(&Resource, &crate::model::VpcEndpoint)> = index
        .of_kind(KindTag::VpcEndpoint)
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::VpcEndpoint(ep) if ep.endpoint_type == EndpointType::Gateway => Some((*r, ep)),
            _ => None,
        })
        .collect();
    if gateways.is_empty() {
        return;
    }
    let calls = calls_by_vpc_and_service(index, &gateways);
    for (resource, ep) in gateways {
        if ep.route_tables.is_empty() {
            sink.report(
                format!(
                    "gateway endpoint {:?} ({}) is attached to no route table and serves no subnet",
                    resource.name, ep.service
                ),
                [&resource.id],
                Some("Attach it to the route tables of the subnets that use the service.".into()),
            );
        }
        let mut reported = FastSet::default();
        // Flows from this VPC to the endpoint's service, from subnets whose
        // route table the endpoint does not serve.
        let Some(calls) = calls.get(&(&ep.vpc, ep.service.as_str())) else {
            continue;
        };
        for &(source, target, subnet) in calls {
            let Some((table, _)) = index.route_table_of(subnet) else {
                continue;
            };
            if ep.route_tables.contains(&table.id) || !reported.insert(&table.id) {
                continue;
            }
            sink.report(
                format!(
                    "{:?} calls {} {:?} from subnet {:?}, whose route table {:?} is not \
                     attached to gateway endpoint {:?}",
                    source.name,
                    ep.service,
                    target.name,
                    index.name(subnet),
                    table.name,
                    resource.name
                ),
                [&resource.id, &table.id, &source.id],
                Some(format!("Attach route table {:?} to the endpoint.", table.name)),
            )
            .quick_fix(QuickFix::new(
                format!("Attach route table {:?} to {:?}", table.name, resource.name),
                vec![Edit::push(&resource.id, "/route_tables", &table.id)],
            ));
        }
    }
}

/// A call to a service from one subnet: the flow's source, its target and
/// the subnet.
type Call<'d> = (&'d Resource, &'d Resource, &'d ResourceId);

/// The calls to the services of the gateway endpoints, by the subnet's VPC
/// and the service, in design order of the targets, then flow order, then
/// subnet order; one pass over the design instead of one per endpoint.
fn calls_by_vpc_and_service<'d>(
    index: &Index<'d>,
    gateways: &[(&'d Resource, &'d crate::model::VpcEndpoint)],
) -> FastMap<(&'d ResourceId, &'d str), Vec<Call<'d>>> {
    let services: FastSet<&str> = gateways.iter().map(|(_, ep)| ep.service.as_str()).collect();
    let mut calls: FastMap<(&ResourceId, &str), Vec<Call<'d>>> = FastMap::default();
    for target in &index.design.resources {
        let Some(service) = service_name(&target.kind) else {
            continue;
        };
        let Some(&service) = services.get(service) else {
            continue;
        };
        for flow in index.flows_to(&target.id) {
            let Some(source) = index.get(&flow.source) else {
                continue;
            };
            for subnet in source.kind.subnets() {
                let Some(vpc) = index.vpc_of(subnet) else {
                    continue;
                };
                calls.entry((vpc, service)).or_default().push((source, target, subnet));
            }
        }
    }
    calls
}
