//! Endpoint rules: private DNS, subnets and zones, security groups and
//! policies of VPC endpoints.

pub mod consumer_zones;
pub mod endpoint_type_fields;
pub mod no_policy;
pub mod one_subnet_per_zone;
pub mod open_security_group;
pub mod private_dns_unique;
pub mod private_dns_vpc;
pub mod security_group_https;

use crate::index::{Consumers, Index};
use crate::model::{Kind, KindTag, Resource, VpcEndpoint};

/// The resources of each VPC that call each AWS service, by (VPC, service
/// short name): the sources of flows whose target stands for the service
/// (or is an endpoint of it), in flow order and without repeats. The index
/// computes them once for the four rules that ask.
pub(crate) fn consumers<'i, 'd>(index: &'i Index<'d>) -> &'i Consumers<'d> {
    index.consumers()
}

/// The interface endpoints of the design, in design order, with their
/// settings.
pub(crate) fn interface_endpoints<'d>(
    index: &Index<'d>,
) -> impl Iterator<Item = (&'d Resource, &'d VpcEndpoint)> {
    index.of_kind(KindTag::VpcEndpoint).iter().filter_map(|&resource| match &resource.kind {
        Kind::VpcEndpoint(ep) if ep.is_interface() => Some((resource, ep)),
        _ => None,
    })
}
