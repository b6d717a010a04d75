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

use crate::index::Index;
use crate::model::{Resource, ResourceId};
use crate::reach::service_name;
use std::collections::HashMap;

/// The resources of each VPC that call each AWS service, by (VPC, service
/// short name): the sources of flows whose target stands for the service
/// (or is an endpoint of it), in flow order and without repeats.
pub(crate) fn consumers<'d>(
    index: &Index<'d>,
) -> HashMap<(&'d ResourceId, &'d str), Vec<&'d Resource>> {
    let mut out: HashMap<(&ResourceId, &str), Vec<&Resource>> = HashMap::new();
    for flow in &index.design.flows {
        let (Some(source), Some(target)) = (index.get(&flow.source), index.get(&flow.target))
        else {
            continue;
        };
        let service = match &target.kind {
            crate::model::Kind::VpcEndpoint(ep) => Some(ep.service.as_str()),
            kind => service_name(kind),
        };
        let (Some(service), false) = (service, source.kind.subnets().is_empty()) else { continue };
        let Some(vpc) = index.vpc_of(&source.id) else { continue };
        let list = out.entry((vpc, service)).or_default();
        if !list.iter().any(|r| r.id == source.id) {
            list.push(source);
        }
    }
    out
}
