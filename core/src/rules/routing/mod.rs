//! Routing and gateway rules: NAT placement and addresses, route targets,
//! route-table associations, gateway endpoints, one internet gateway per
//! VPC, and what NAT gateways cost against the endpoints or the shared
//! gateway that would do the same job (`nat_costs.rs` holds what those
//! share).

pub mod cross_az_nat;
pub mod duplicate_route;
pub mod elastic_ip_quota;
pub mod endpoints_instead_of_nat;
pub mod gateway_endpoint_saving;
pub mod gateway_endpoint_tables;
mod nat_costs;
pub mod nat_elastic_ip;
pub mod nat_in_public_subnet;
pub mod one_internet_gateway;
pub mod route_target_vpc;
pub mod shared_nat;
pub mod subnet_association;

use crate::index::Index;
use crate::model::{ResourceId, RouteDestination, RouteTable};

/// The default route of a table (0.0.0.0/0), if it has one.
pub(crate) fn default_route_target(table: &RouteTable) -> Option<&ResourceId> {
    table.routes.iter().find_map(|r| match &r.destination {
        RouteDestination::Cidr(c) if c.prefix_len() == 0 => Some(&r.target),
        _ => None,
    })
}

/// The subnets of `vpc` in availability zone `az` that are public (or
/// private), in design order.
pub(crate) fn subnets_in_az<'d>(
    index: &Index<'d>,
    vpc: &ResourceId,
    az: &ResourceId,
    public: bool,
) -> Vec<&'d ResourceId> {
    index
        .subnets_of_vpc(vpc)
        .filter(|(r, s)| &s.az == az && index.is_public(&r.id) == public)
        .map(|(r, _)| &r.id)
        .collect()
}
