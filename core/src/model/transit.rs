//! Connecting VPCs to each other and to other networks: transit gateways
//! and their VPC attachments, virtual private gateways, customer gateways
//! and site-to-site VPN connections; VPC flow logs.

use super::ResourceId;
use super::network::yes;
use serde::{Deserialize, Serialize};

/// A transit gateway: a regional hub that routes between the VPCs attached
/// to it. With its default route table association and propagation on (as
/// AWS creates it), every attachment reaches every other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitGateway {
    /// The private ASN of the Amazon side of BGP sessions (64512 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<u32>,
    #[serde(default = "yes")]
    pub default_route_table_association: bool,
    #[serde(default = "yes")]
    pub default_route_table_propagation: bool,
}

impl Default for TransitGateway {
    fn default() -> Self {
        Self {
            amazon_side_asn: None,
            default_route_table_association: true,
            default_route_table_propagation: true,
        }
    }
}

impl TransitGateway {
    /// Whether the gateway routes between its attachments by itself (its
    /// default route table associates and propagates every attachment).
    pub fn routes_between_attachments(&self) -> bool {
        self.default_route_table_association && self.default_route_table_propagation
    }
}

/// A transit gateway's attachment to a VPC, through one subnet per
/// availability zone: traffic of a zone without one cannot reach the
/// gateway.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitGatewayAttachment {
    pub transit_gateway: ResourceId,
    pub vpc: ResourceId,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
}

/// A virtual private gateway: the VPN end on the VPC's side, attached to at
/// most one VPC (`AWS::EC2::VPCGatewayAttachment` with `VpnGatewayId`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpnGateway {
    #[serde(default)]
    pub vpc: Option<ResourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<u32>,
}

/// A customer gateway: the device at the other end of a VPN, by its public
/// address and BGP ASN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerGateway {
    pub ip_address: String,
    pub bgp_asn: u32,
}

impl Default for CustomerGateway {
    fn default() -> Self {
        Self { ip_address: "203.0.113.10".into(), bgp_asn: 65000 }
    }
}

/// A site-to-site VPN connection between a customer gateway and a virtual
/// private gateway or a transit gateway.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpnConnection {
    pub customer_gateway: ResourceId,
    #[serde(default)]
    pub vpn_gateway: Option<ResourceId>,
    #[serde(default)]
    pub transit_gateway: Option<ResourceId>,
    #[serde(default)]
    pub static_routes_only: bool,
}

/// Which traffic a flow log records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowLogTraffic {
    #[default]
    All,
    Accept,
    Reject,
}

/// A VPC flow log (`AWS::EC2::FlowLog`): the traffic of a VPC or subnet,
/// recorded to a CloudWatch log group or an S3 bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowLog {
    /// The VPC or subnet whose traffic it records.
    pub resource: ResourceId,
    #[serde(default)]
    pub traffic_type: FlowLogTraffic,
    /// The log group or bucket the records go to.
    pub destination: ResourceId,
}
