//! What the NAT cost rules (I2010 to I2012) share: the design's estimate
//! and the traffic of its flows, computed only when the design has NAT
//! gateways, and the edits that add endpoints or take NAT gateways out.

use crate::cost::traffic::FlowTraffic;
use crate::cost::{PriceTable, RegionPrices};
use crate::fix::Edit;
use crate::index::Index;
use crate::model::{
    EndpointType, Kind, NatConnectivity, NatGateway, Resource, ResourceId, SecurityGroup,
    VpcEndpoint,
};
use crate::reach::peer::tcp_from_group;

pub(crate) struct NatCosts<'i, 'd> {
    pub index: &'i Index<'d>,
    pub prices: &'static RegionPrices,
    pub hours: f64,
    pub priced: &'i crate::cost::NatCosts,
    pub flows: &'i [FlowTraffic],
}

impl<'i, 'd> NatCosts<'i, 'd> {
    /// The costs of a design with NAT gateways; `None` without any.
    pub fn of(index: &'i Index<'d>) -> Option<Self> {
        if index.of_kind(crate::model::KindTag::NatGateway).is_empty() {
            return None;
        }
        let table = PriceTable::builtin();
        let priced = index.nat_costs();
        let prices = table.region(&index.design.region).1;
        Some(Self { index, prices, hours: table.hours_per_month, priced, flows: &priced.flows })
    }

    /// The monthly cost of a NAT gateway with its Elastic IP, its data and
    /// the cross-zone transfer to it.
    pub fn nat_usd(&self, nat: &Resource, gw: &NatGateway) -> f64 {
        let eip = gw.elastic_ip.as_ref().map_or(0.0, |e| self.priced.of_resource(e));
        self.priced.of_resource(&nat.id) + eip
    }

    /// The fixed monthly cost of one NAT gateway with an Elastic IP.
    pub fn nat_fixed_usd(&self, gw: &NatGateway) -> f64 {
        let eip = if gw.elastic_ip.is_some() { self.prices.usd("public_ipv4.hour") } else { 0.0 };
        (self.prices.usd("nat_gateway.hour") + eip) * self.hours
    }

    /// The public NAT gateways of each VPC, in design order.
    pub fn nats_by_vpc(&self) -> Vec<(&'d ResourceId, Vec<(&'d Resource, &'d NatGateway)>)> {
        let mut out: Vec<(&'d ResourceId, Vec<(&'d Resource, &'d NatGateway)>)> = Vec::new();
        for r in self.index.of_kind(crate::model::KindTag::NatGateway) {
            let Kind::NatGateway(gw) = &r.kind else {
                continue;
            };
            if gw.connectivity != NatConnectivity::Public {
                continue;
            }
            let Some(vpc) = self.index.vpc_of(&r.id) else {
                continue;
            };
            match out.iter_mut().find(|(v, _)| *v == vpc) {
                Some((_, list)) => list.push((*r, gw)),
                None => out.push((vpc, vec![(*r, gw)])),
            }
        }
        out
    }
}

/// `"a"`, `"a" and "b"`, `"a", "b" and "c"`.
pub(crate) fn names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.into_iter().map(|n| format!("{n:?}")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Takes NAT gateways out: the routes to them, then the gateways and
/// their Elastic IPs.
pub(crate) fn remove_nats(index: &Index<'_>, nats: &[&Resource]) -> Vec<Edit> {
    let ids: Vec<&ResourceId> = nats.iter().map(|r| &r.id).collect();
    let mut edits = Vec::new();
    for table in index.of_kind(crate::model::KindTag::RouteTable) {
        let Kind::RouteTable(rt) = &table.kind else {
            continue;
        };
        for route in rt.routes.iter().filter(|r| ids.contains(&&r.target)) {
            edits.push(Edit::pull(&table.id, "/routes", route));
        }
    }
    for nat in nats {
        edits.push(Edit::RemoveResource { id: nat.id.clone() });
        if let Kind::NatGateway(NatGateway { elastic_ip: Some(eip), .. }) = &nat.kind
            && index.get(eip).is_some()
        {
            edits.push(Edit::RemoveResource { id: eip.clone() });
        }
    }
    edits
}

/// Serves `service` (S3 or DynamoDB) through a gateway endpoint on
/// `tables`: the VPC's own endpoint for it attached to them, or a new one.
pub(crate) fn gateway_endpoint(
    index: &Index<'_>,
    vpc: &ResourceId,
    service: &str,
    tables: &[ResourceId],
    taken: &mut Vec<ResourceId>,
) -> Vec<Edit> {
    let existing = index.endpoints_of(vpc).iter().find(|r| {
        matches!(&r.kind, Kind::VpcEndpoint(ep)
            if ep.service == service && ep.endpoint_type == EndpointType::Gateway)
    });
    if let Some(ep) = existing {
        return tables.iter().map(|t| Edit::push(&ep.id, "/route_tables", t)).collect();
    }
    let id = fresh(index, "vpce", taken);
    let ep = VpcEndpoint {
        vpc: vpc.clone(),
        service: service.to_owned(),
        endpoint_type: EndpointType::Gateway,
        subnets: Vec::new(),
        security_groups: Vec::new(),
        private_dns: false,
        route_tables: tables.to_vec(),
        policy: None,
    };
    let name = index.design.fresh_name(&format!("{service}-gateway-endpoint"));
    vec![Edit::AddResource { resource: Resource::new(id.as_str(), name, ep) }]
}

/// Serves `service` through an interface endpoint with private DNS in one
/// subnet of each zone of `subnets`, with a security group admitting
/// tcp/443 from `groups`.
pub(crate) fn interface_endpoint(
    index: &Index<'_>,
    vpc: &ResourceId,
    service: &str,
    subnets: &[ResourceId],
    groups: &[ResourceId],
    taken: &mut Vec<ResourceId>,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    if let Some((vpc_resource, v)) = index.vpc(vpc)
        && !(v.enable_dns_support && v.enable_dns_hostnames)
    {
        edits.push(Edit::set(&vpc_resource.id, "/enable_dns_support", true));
        edits.push(Edit::set(&vpc_resource.id, "/enable_dns_hostnames", true));
    }
    let existing = index.endpoints_of(vpc).iter().find(
        |r| matches!(&r.kind, Kind::VpcEndpoint(ep) if ep.service == service && ep.is_interface()),
    );
    if let Some(ep) = existing {
        edits.push(Edit::set(&ep.id, "/private_dns", true));
        return edits;
    }
    let id = fresh(index, "vpce", taken);
    let sg_id = ResourceId::new(format!("{id}-sg"));
    let mut sg = SecurityGroup::new(vpc.clone());
    sg.description = format!("{service} endpoint");
    sg.ingress = groups
        .iter()
        .map(|g| tcp_from_group(443, g, &format!("HTTPS from {}", index.name(g))))
        .collect();
    edits.push(Edit::AddResource {
        resource: Resource::new(
            sg_id.as_str(),
            index.design.fresh_name(&format!("{service}-endpoint-sg")),
            sg,
        ),
    });
    let ep = VpcEndpoint {
        vpc: vpc.clone(),
        service: service.to_owned(),
        endpoint_type: EndpointType::Interface,
        subnets: subnets.to_vec(),
        security_groups: vec![sg_id],
        private_dns: true,
        route_tables: Vec::new(),
        policy: None,
    };
    let name = index.design.fresh_name(&format!("{service}-endpoint"));
    edits.push(Edit::AddResource { resource: Resource::new(id.as_str(), name, ep) });
    edits
}

/// An ID for a new resource, distinct from the design's and from those
/// this fix already took.
fn fresh(index: &Index<'_>, prefix: &str, taken: &mut Vec<ResourceId>) -> ResourceId {
    let mut n = index.design.resources.len() + index.design.flows.len() + 1;
    loop {
        let candidate = ResourceId::new(format!("{prefix}-{n}"));
        let used = index.get(&candidate).is_some()
            || index.flow(&candidate).is_some()
            || taken.contains(&candidate)
            || index.get(&ResourceId::new(format!("{candidate}-sg"))).is_some();
        if !used {
            taken.push(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}
