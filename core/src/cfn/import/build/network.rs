//! The network primaries: VPCs, subnets, gateways, route tables, network
//! ACLs, security groups with their rules, endpoints and peerings.

use super::Builder;
use crate::cfn::export::NO_EGRESS_CIDR;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::Val;
use crate::model::*;

impl Builder<'_, '_> {
    /// The design kind of a network entry; `None` for any other type.
    pub(super) fn network_kind(&mut self, e: &Entry<'_>) -> Option<Kind> {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        Some(match e.resource_type {
            "AWS::EC2::VPC" => {
                let cidr = v!("CidrBlock").as_str().and_then(|s| s.parse().ok());
                if cidr.is_none() {
                    self.warn(
                        e.logical_id,
                        "the VPC's IPv4 block is known only at deploy time (a parameter or an \
                         IPAM pool); rules that need it skip the VPC",
                    );
                }
                Vpc {
                    cidr_blocks: cidr.into_iter().collect(),
                    cidr_at_deploy: cidr.is_none(),
                    enable_dns_support: v!("EnableDnsSupport").as_bool().unwrap_or(true),
                    enable_dns_hostnames: v!("EnableDnsHostnames").as_bool().unwrap_or(false),
                    ipv6: None,
                }
                .into()
            }
            "AWS::EC2::Subnet" => {
                let cidr = v!("CidrBlock").as_str().and_then(|s| s.parse().ok());
                if cidr.is_none() {
                    self.warn(
                        e.logical_id,
                        "the subnet's IPv4 block is known only at deploy time (or it has none); \
                         rules that need it skip the subnet",
                    );
                }
                let vpc = self.vpc_ref(&v!("VpcId"));
                let zone = self.zone_letter(e.logical_id, &vpc, &v!("AvailabilityZone"));
                Subnet {
                    az: self.zone(&vpc, &zone),
                    cidr,
                    map_public_ip_on_launch: v!("MapPublicIpOnLaunch").as_bool().unwrap_or(false),
                    ipv6: self.subnet_ipv6(e),
                }
                .into()
            }
            "AWS::EC2::InternetGateway" => InternetGateway { vpc: None }.into(),
            "AWS::EC2::EgressOnlyInternetGateway" => {
                EgressOnlyInternetGateway { vpc: self.vpc_ref(&v!("VpcId")) }.into()
            }
            "AWS::EC2::EIP" => ElasticIp {}.into(),
            "AWS::EC2::NatGateway" => {
                let private = v!("ConnectivityType").as_str() == Some("private");
                NatGateway {
                    subnet: self.required_ref(KindTag::Subnet, &v!("SubnetId")),
                    connectivity: if private {
                        NatConnectivity::Private
                    } else {
                        NatConnectivity::Public
                    },
                    elastic_ip: self.id_of(&v!("AllocationId")),
                }
                .into()
            }
            "AWS::EC2::RouteTable" => RouteTable {
                vpc: self.vpc_ref(&v!("VpcId")),
                main: self.extra(e.logical_id, "main").and_then(|m| m.as_bool()) == Some(true),
                routes: Vec::new(),
                associations: Vec::new(),
            }
            .into(),
            "AWS::EC2::NetworkAcl" => NetworkAcl {
                vpc: self.vpc_ref(&v!("VpcId")),
                entries: Vec::new(),
                associations: Vec::new(),
            }
            .into(),
            "AWS::EC2::SecurityGroup" => {
                let description = v!("GroupDescription").to_text().unwrap_or_default();
                let name = self.name(e);
                let vpc = match v!("VpcId") {
                    Val::Null => self.default_vpc(),
                    value => self.vpc_ref(&value),
                };
                let mut sg = SecurityGroup {
                    vpc,
                    description: if description == name { String::new() } else { description },
                    ingress: Vec::new(),
                    egress: Vec::new(),
                };
                for rule in v!("SecurityGroupIngress").items() {
                    if let Some(rule) = self.rule(e.logical_id, rule, false) {
                        sg.ingress.push(rule);
                    }
                }
                match v!("SecurityGroupEgress") {
                    Val::Null => sg.egress = SecurityGroup::new(sg.vpc.clone()).egress,
                    rules => {
                        for rule in rules.items() {
                            let no_egress = rule.get("CidrIp").and_then(Val::as_str)
                                == Some(NO_EGRESS_CIDR)
                                && protocol(rule.get("IpProtocol")) == Some(Protocol::All);
                            if !no_egress && let Some(rule) = self.rule(e.logical_id, rule, true) {
                                sg.egress.push(rule);
                            }
                        }
                    }
                }
                sg.into()
            }
            "AWS::EC2::VPCEndpoint" => {
                let service = v!("ServiceName").to_text().unwrap_or_default();
                let short = service
                    .strip_prefix("com.amazonaws.")
                    .and_then(|rest| rest.split_once('.'))
                    .map_or(service.clone(), |(_, s)| s.to_owned());
                let gateway = v!("VpcEndpointType").as_str() == Some("Gateway")
                    || (v!("VpcEndpointType") == Val::Null
                        && matches!(short.as_str(), "s3" | "dynamodb"));
                let policy = match v!("PolicyDocument") {
                    Val::Null => None,
                    Val::Str(s) => serde_json::from_str(&s).ok(),
                    other => Some(other.to_json()),
                };
                VpcEndpoint {
                    vpc: self.vpc_ref(&v!("VpcId")),
                    service: short,
                    endpoint_type: if gateway {
                        EndpointType::Gateway
                    } else {
                        EndpointType::Interface
                    },
                    subnets: self.refs_to(KindTag::Subnet, &v!("SubnetIds")),
                    security_groups: self.refs_to(KindTag::SecurityGroup, &v!("SecurityGroupIds")),
                    private_dns: v!("PrivateDnsEnabled").as_bool().unwrap_or(false),
                    route_tables: match self.extra(e.logical_id, "route_tables") {
                        Some(own) => own
                            .items()
                            .iter()
                            .filter_map(|t| t.as_str().map(ResourceId::new))
                            .collect(),
                        None => self.refs_to(KindTag::RouteTable, &v!("RouteTableIds")),
                    },
                    policy,
                }
                .into()
            }
            "AWS::EC2::VPCPeeringConnection" => VpcPeering {
                requester: self.vpc_ref(&v!("VpcId")),
                accepter: self.vpc_ref(&v!("PeerVpcId")),
            }
            .into(),
            _ => return None,
        })
    }

    /// A security-group rule as the design holds it; `None`, with a warning,
    /// for a rule the design cannot hold.
    pub(super) fn rule(
        &mut self,
        logical_id: &str,
        rule: &Val,
        egress: bool,
    ) -> Option<SecurityGroupRule> {
        let Some(protocol) = protocol(rule.get("IpProtocol")) else {
            self.warn(logical_id, "a rule with an unsupported protocol was not imported");
            return None;
        };
        let from = rule.get("FromPort").and_then(Val::as_i64);
        let to = rule.get("ToPort").and_then(Val::as_i64);
        let ports = match (protocol, from, to) {
            (Protocol::All, _, _) | (Protocol::Icmp, Some(-1) | None, _) => None,
            (_, Some(from), Some(to)) if from >= 0 && to >= 0 => Some(PortRange {
                from: u16::try_from(from).unwrap_or(0),
                to: u16::try_from(to).unwrap_or(u16::MAX),
            }),
            _ => Some(PortRange::ALL),
        };
        let (sg_key, pl_key) = if egress {
            ("DestinationSecurityGroupId", "DestinationPrefixListId")
        } else {
            ("SourceSecurityGroupId", "SourcePrefixListId")
        };
        let peer = if let Some(cidr) = rule.get("CidrIp").and_then(Val::as_str) {
            SgPeer::Cidr(cidr.parse().ok()?)
        } else if let Some(cidr) = rule.get("CidrIpv6").and_then(Val::as_str) {
            SgPeer::Cidr6(cidr.to_owned())
        } else if let Some(sg) = rule.get(sg_key) {
            match self.ref_to(KindTag::SecurityGroup, sg) {
                Some(id) => SgPeer::SecurityGroup(id),
                None => {
                    self.warn(
                        logical_id,
                        "a rule naming a security group outside the template was not imported",
                    );
                    return None;
                }
            }
        } else if let Some(pl) = rule.get(pl_key).and_then(Val::to_text) {
            SgPeer::PrefixList(pl)
        } else {
            self.warn(logical_id, "a rule without a peer was not imported");
            return None;
        };
        Some(SecurityGroupRule {
            protocol,
            ports,
            peer,
            description: rule.get("Description").and_then(Val::to_text).unwrap_or_default(),
        })
    }
}

/// The protocol of a rule or entry, by name or number.
pub(super) fn protocol(value: Option<&Val>) -> Option<Protocol> {
    let text = value?.to_text()?;
    match text.to_ascii_lowercase().as_str() {
        "-1" | "all" => Some(Protocol::All),
        "tcp" | "6" => Some(Protocol::Tcp),
        "udp" | "17" => Some(Protocol::Udp),
        "icmp" | "1" => Some(Protocol::Icmp),
        _ => None,
    }
}
