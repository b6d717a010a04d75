//! Network containers and plumbing: VPCs, AZs, subnets, gateways, route
//! tables, network ACLs and peering, with their IPv6 blocks and routes.

use super::ResourceId;
use super::security::{PortRange, Protocol};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

/// A VPC with one or more IPv4 CIDR blocks (the first is the primary).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub cidr_blocks: Vec<Ipv4Net>,
    /// Set when the primary block is known only at deploy time (from a
    /// parameter or an IPAM pool): no block is then not a mistake.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cidr_at_deploy: bool,
    #[serde(default = "yes")]
    pub enable_dns_support: bool,
    #[serde(default = "yes")]
    pub enable_dns_hostnames: bool,
    /// The VPC's IPv6 block (`AWS::EC2::VPCCidrBlock`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<Ipv6Block>,
}

/// Where a VPC's IPv6 block comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ipv6Block {
    /// A /56 from Amazon's pool, known only at deploy time
    /// (`AmazonProvidedIpv6CidrBlock: true`).
    AmazonProvided,
    /// A block of the account's own (`Ipv6CidrBlock`, from BYOIP or IPAM).
    Cidr(Ipv6Net),
}

/// A subnet's IPv6 block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubnetIpv6 {
    /// The n-th /64 of its VPC's IPv6 block (`!Select [n, !Cidr [...]]`),
    /// as templates carve an Amazon-provided block known only at deploy time.
    Index(u16),
    /// A block written out.
    Cidr(Ipv6Net),
    /// Known only at deploy time in some other way (a parameter).
    AtDeploy,
}

impl Default for Vpc {
    fn default() -> Self {
        Self {
            cidr_blocks: vec!["10.0.0.0/16".parse().unwrap()],
            cidr_at_deploy: false,
            enable_dns_support: true,
            enable_dns_hostnames: true,
            ipv6: None,
        }
    }
}

pub(crate) fn yes() -> bool {
    true
}

/// An availability zone row inside a VPC, named by its letter ("a", "b").
///
/// Designs are region-independent: the export maps zone letters to real zones
/// through a parameter, so the same design deploys in any region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityZone {
    pub vpc: ResourceId,
    pub zone: String,
}

/// A subnet: a CIDR inside its VPC, in one availability zone.
///
/// Its route table and network ACL are given by the tables' associations,
/// as in AWS, so a subnet associated twice is a finding, not a parse error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub az: ResourceId,
    /// The IPv4 block; absent when it is known only at deploy time (from a
    /// parameter or an IPAM pool) or the subnet is IPv6-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Ipv4Net>,
    #[serde(default)]
    pub map_public_ip_on_launch: bool,
    /// The subnet's IPv6 block, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<SubnetIpv6>,
}

impl Subnet {
    /// The block as shown to a person; one known only at deploy time says so.
    pub fn cidr_label(&self) -> String {
        self.cidr.map_or_else(|| "CIDR at deploy time".to_owned(), |c| c.to_string())
    }
}

/// An internet gateway, attached to at most one VPC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternetGateway {
    #[serde(default)]
    pub vpc: Option<ResourceId>,
}

/// An egress-only internet gateway: IPv6 traffic out of its VPC to the
/// internet, and only the responses back in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EgressOnlyInternetGateway {
    pub vpc: ResourceId,
}

/// Whether a NAT gateway reaches the internet (public) or only other networks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatConnectivity {
    #[default]
    Public,
    Private,
}

/// A NAT gateway in one subnet; a public one needs an Elastic IP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    pub subnet: ResourceId,
    #[serde(default)]
    pub connectivity: NatConnectivity,
    #[serde(default)]
    pub elastic_ip: Option<ResourceId>,
}

/// An Elastic IP address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElasticIp {}

/// Where a route sends traffic for a destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteDestination {
    Cidr(Ipv4Net),
    /// An IPv6 destination (`DestinationIpv6CidrBlock`).
    Cidr6(Ipv6Net),
    PrefixList(String),
}

/// One route: a destination and the gateway, NAT, peering or endpoint it
/// goes to. The implicit `local` route of the VPC is never listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub destination: RouteDestination,
    pub target: ResourceId,
}

/// A route table of one VPC with its routes and subnet associations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    pub vpc: ResourceId,
    #[serde(default)]
    pub main: bool,
    #[serde(default)]
    pub routes: Vec<Route>,
    #[serde(default)]
    pub associations: Vec<ResourceId>,
}

/// Allow or deny, for network ACL entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    Allow,
    Deny,
}

/// One numbered network ACL entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkAclEntry {
    pub rule_number: u16,
    pub egress: bool,
    pub protocol: Protocol,
    #[serde(default)]
    pub ports: Option<PortRange>,
    /// An IPv4 block (`CidrBlock`) or an IPv6 one (`Ipv6CidrBlock`); an
    /// entry matches only traffic of its own family.
    pub cidr: IpNet,
    pub action: RuleAction,
}

/// An optional network ACL with its entries and subnet associations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkAcl {
    pub vpc: ResourceId,
    #[serde(default)]
    pub entries: Vec<NetworkAclEntry>,
    #[serde(default)]
    pub associations: Vec<ResourceId>,
}

/// A peering connection between two VPCs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcPeering {
    pub requester: ResourceId,
    pub accepter: ResourceId,
}
