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

/// The resources of each VPC that call each AWS service, by (VPC, service
/// short name): the sources of flows whose target stands for the service
/// (or is an endpoint of it), in flow order and without repeats. The index
/// computes them once for the four rules that ask.
pub(crate) fn consumers<'i, 'd>(index: &'i Index<'d>) -> &'i Consumers<'d> {
    index.consumers()
}
