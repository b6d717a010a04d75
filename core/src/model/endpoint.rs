//! VPC endpoints: interface endpoints in subnets and gateway endpoints on
//! route tables.

use super::ResourceId;
use serde::{Deserialize, Serialize};

/// Interface endpoints live in subnets; gateway endpoints (S3, DynamoDB) are
/// routes in route tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointType {
    #[default]
    Interface,
    Gateway,
}

/// A VPC endpoint for one AWS service, named by its short name (`sqs`,
/// `logs`, `s3`); the full `com.amazonaws.REGION.sqs` form is derived.
///
/// As in CloudFormation the shape is flat: `subnets`, `security_groups` and
/// `private_dns` apply to interface endpoints, `route_tables` to gateway
/// endpoints, and a rule reports fields set on the wrong type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcEndpoint {
    pub vpc: ResourceId,
    pub service: String,
    #[serde(default)]
    pub endpoint_type: EndpointType,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<ResourceId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<ResourceId>,
    #[serde(default)]
    pub private_dns: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<ResourceId>,
    /// The endpoint policy document; absent grants full access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
}

impl VpcEndpoint {
    pub fn full_service_name(&self, region: &str) -> String {
        format!("com.amazonaws.{region}.{}", self.service)
    }

    pub fn is_interface(&self) -> bool {
        self.endpoint_type == EndpointType::Interface
    }
}
