//! Compute: Lambda functions, their invoke permissions, and ECS services.

use super::ResourceId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Subnets and security groups of a resource placed in a VPC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcConfig {
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
}

/// The execution role of a function: an existing role ARN, or a generated
/// role allowed these actions (the VPC access policy is always added).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
}

/// A Lambda function; `vpc_config` absent means it runs outside any VPC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaFunction {
    pub runtime: String,
    pub handler: String,
    #[serde(default = "default_memory")]
    pub memory_mb: u32,
    #[serde(default = "default_timeout")]
    pub timeout_s: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    #[serde(default)]
    pub role: IamRole,
}

fn default_memory() -> u32 {
    128
}

fn default_timeout() -> u32 {
    3
}

impl Default for LambdaFunction {
    fn default() -> Self {
        Self {
            runtime: "python3.12".to_owned(),
            handler: "index.handler".to_owned(),
            memory_mb: default_memory(),
            timeout_s: default_timeout(),
            environment: BTreeMap::new(),
            vpc_config: None,
            role: IamRole::default(),
        }
    }
}

/// A resource-based permission letting a service principal invoke a function
/// (`elasticloadbalancing.amazonaws.com` for an ALB target group).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaPermission {
    pub function: ResourceId,
    pub principal: String,
    /// The resource allowed to invoke (a target group, an API).
    #[serde(default)]
    pub source: Option<ResourceId>,
}

/// An ECS service with awsvpc networking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcsService {
    #[serde(default = "default_cluster")]
    pub cluster: String,
    #[serde(default = "default_desired")]
    pub desired_count: u32,
    #[serde(default)]
    pub assign_public_ip: bool,
    #[serde(default)]
    pub network: VpcConfig,
}

fn default_cluster() -> String {
    "default".to_owned()
}

fn default_desired() -> u32 {
    1
}

impl Default for EcsService {
    fn default() -> Self {
        Self {
            cluster: default_cluster(),
            desired_count: default_desired(),
            assign_public_ip: false,
            network: VpcConfig::default(),
        }
    }
}
