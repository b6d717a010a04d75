//! Load balancers, their listeners and target groups.

use super::ResourceId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadBalancerType {
    #[default]
    Application,
    Network,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    #[default]
    Internal,
    InternetFacing,
}

/// An application or network load balancer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    #[serde(default)]
    pub lb_type: LoadBalancerType,
    #[serde(default)]
    pub scheme: Scheme,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ListenerProtocol {
    #[default]
    Http,
    Https,
    Tcp,
    Tls,
    Udp,
}

impl ListenerProtocol {
    /// HTTPS and TLS listeners terminate TLS and need a certificate.
    pub fn needs_certificate(self) -> bool {
        matches!(self, Self::Https | Self::Tls)
    }
}

/// A listener on a load balancer, forwarding to a target group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerListener {
    pub load_balancer: ResourceId,
    pub port: u16,
    #[serde(default)]
    pub protocol: ListenerProtocol,
    /// The ACM certificate ARN for HTTPS and TLS listeners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    #[serde(default)]
    pub default_target_group: Option<ResourceId>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetType {
    #[default]
    Lambda,
    Ip,
    Instance,
}

/// A target group and its registered targets (functions, services).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    #[serde(default)]
    pub target_type: TargetType,
    /// The VPC, for ip and instance targets.
    #[serde(default)]
    pub vpc: Option<ResourceId>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub targets: Vec<ResourceId>,
}
