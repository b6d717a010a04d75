//! VPC endpoints with their policies.

use super::Mapper;
use aws_sdk_ec2::types as ec2;
use vpcraft_core::model::*;

impl Mapper<'_> {
    pub(super) fn endpoints(&mut self) {
        for endpoint in &self.snapshot.vpc_endpoints {
            self.endpoint(endpoint);
        }
    }

    fn endpoint(&mut self, endpoint: &ec2::VpcEndpoint) {
        use ec2::State;
        let (Some(id), Some(vpc)) = (endpoint.vpc_endpoint_id(), endpoint.vpc_id()) else { return };
        let gone = matches!(
            endpoint.state(),
            Some(State::Deleted | State::Deleting | State::Failed | State::Rejected)
        );
        let Some(vpc) = self.known(vpc).filter(|v| self.vpcs.contains(v.as_str()) && !gone) else {
            return;
        };
        let full = endpoint.service_name().unwrap_or_default();
        let prefix = format!("com.amazonaws.{}.", self.snapshot.region);
        let service = full.strip_prefix(&prefix).unwrap_or(full).to_owned();
        let endpoint_type = match endpoint.vpc_endpoint_type() {
            Some(ec2::VpcEndpointType::Gateway) => EndpointType::Gateway,
            _ => EndpointType::Interface,
        };
        let policy = endpoint.policy_document().map(|text| {
            serde_json::from_str(text)
                .unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
        });
        let kind = VpcEndpoint {
            vpc,
            service: service.clone(),
            endpoint_type,
            subnets: endpoint.subnet_ids().iter().filter_map(|s| self.known(s)).collect(),
            security_groups: endpoint
                .groups()
                .iter()
                .filter_map(|g| self.known(g.group_id()?))
                .collect(),
            private_dns: endpoint.private_dns_enabled().unwrap_or(false),
            route_tables: endpoint.route_table_ids().iter().map(ResourceId::new).collect(),
            policy,
        };
        let name = super::name_tag(endpoint.tags(), |t| t.key(), |t| t.value()).unwrap_or(&service);
        self.push(id, name.to_owned(), kind);
    }
}
