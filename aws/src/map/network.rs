//! VPCs with their IPv4 and IPv6 blocks, zones, subnets, internet,
//! egress-only and NAT gateways, Elastic IPs, route tables, network ACLs
//! and peering connections.

use super::{Mapper, ec2_name};
use aws_sdk_ec2::types as ec2;
use ipnet::{Ipv4Net, Ipv6Net};
use std::collections::BTreeSet;
use vpcraft_core::model::*;

/// The ID of a VPC's zone container (`vpc-0abc-us-east-1a`).
pub(super) fn zone_id(vpc: &str, zone: &str) -> String {
    format!("{vpc}-{zone}")
}

/// The letter a design keeps for a zone: what follows the region in its
/// name (`us-east-1a` → `a`), else the name's last character.
fn zone_letter(region: &str, zone: &str) -> String {
    match zone.strip_prefix(region) {
        Some(rest) if !rest.is_empty() => rest.trim_start_matches('-').to_owned(),
        _ => zone.chars().last().map(String::from).unwrap_or_default(),
    }
}

/// A protocol as EC2 names it (`-1`, `tcp`, `6`), when vpcraft models it.
pub(super) fn protocol(name: &str) -> Option<Protocol> {
    match name.to_ascii_lowercase().as_str() {
        "-1" | "all" => Some(Protocol::All),
        "tcp" | "6" => Some(Protocol::Tcp),
        "udp" | "17" => Some(Protocol::Udp),
        "icmp" | "1" => Some(Protocol::Icmp),
        _ => None,
    }
}

/// The rule number of the default entry every network ACL ends with (and
/// 32768 the IPv6 one of a VPC with an IPv6 block).
const DEFAULT_ENTRY: i32 = 32767;

/// The pool AWS names for the IPv6 blocks it provides.
const AMAZON_POOL: &str = "Amazon";

/// A VPC's IPv6 blocks that are not (being) taken away.
fn ipv6_blocks(vpc: &ec2::Vpc) -> impl Iterator<Item = &ec2::VpcIpv6CidrBlockAssociation> {
    use ec2::VpcCidrBlockStateCode as Code;
    vpc.ipv6_cidr_block_association_set().iter().filter(|a| {
        let state = a.ipv6_cidr_block_state().and_then(|s| s.state());
        !matches!(
            state,
            Some(Code::Disassociated | Code::Disassociating | Code::Failed | Code::Failing)
        )
    })
}

/// The block of Amazon's pool a VPC has, when it has one first.
fn amazon_block(vpc: &ec2::Vpc) -> Option<Ipv6Net> {
    let first = ipv6_blocks(vpc).next()?;
    if first.ipv6_pool() != Some(AMAZON_POOL) {
        return None;
    }
    first.ipv6_cidr_block()?.parse().ok()
}

impl Mapper<'_> {
    pub(super) fn network(&mut self) {
        let s = self.snapshot;
        for vpc in &s.vpcs {
            self.vpc(vpc);
            let Some(vpc_id) = vpc.vpc_id() else { continue };
            let zones: BTreeSet<&str> = s
                .subnets
                .iter()
                .filter(|sn| sn.vpc_id() == Some(vpc_id))
                .filter_map(|sn| sn.availability_zone())
                .collect();
            for zone in zones {
                let az = AvailabilityZone {
                    vpc: ResourceId::new(vpc_id),
                    zone: zone_letter(&s.region, zone),
                };
                self.push(zone_id(vpc_id, zone), zone, az);
            }
        }
        let mut subnets: Vec<&ec2::Subnet> = s
            .subnets
            .iter()
            .filter(|sn| sn.vpc_id().is_some_and(|v| self.vpcs.contains(v)))
            .collect();
        subnets.sort_by_key(|sn| (sn.vpc_id(), sn.availability_zone(), sn.cidr_block()));
        for subnet in subnets {
            self.subnet(subnet);
        }
        for igw in &s.internet_gateways {
            self.internet_gateway(igw);
        }
        for gateway in &s.egress_only_internet_gateways {
            self.egress_only_gateway(gateway);
        }
        for peering in &s.peering_connections {
            self.peering(peering);
        }
        for nat in &s.nat_gateways {
            self.nat_gateway(nat);
        }
    }

    /// Route tables and network ACLs come after the endpoints, which routes
    /// and associations may name.
    pub(super) fn tables(&mut self) {
        for table in &self.snapshot.route_tables {
            self.route_table(table);
        }
        for acl in &self.snapshot.network_acls {
            self.network_acl(acl);
        }
        // A gateway endpoint names its tables before they are read: keep
        // the names that became tables.
        let ids = &self.ids;
        for resource in &mut self.design.resources {
            if let Kind::VpcEndpoint(endpoint) = &mut resource.kind {
                endpoint.route_tables.retain(|t| ids.contains(t));
            }
        }
    }

    fn vpc(&mut self, vpc: &ec2::Vpc) {
        let Some(id) = vpc.vpc_id() else { return };
        let primary = vpc.cidr_block().and_then(|c| c.parse::<Ipv4Net>().ok());
        let associated = vpc.cidr_block_association_set().iter().filter(|a| {
            a.cidr_block_state()
                .and_then(|s| s.state())
                .is_none_or(|s| *s == ec2::VpcCidrBlockStateCode::Associated)
        });
        let mut cidr_blocks: Vec<Ipv4Net> = primary.into_iter().collect();
        for block in associated.filter_map(|a| a.cidr_block()?.parse().ok()) {
            if !cidr_blocks.contains(&block) {
                cidr_blocks.push(block);
            }
        }
        let dns = self.snapshot.vpc_dns.get(id).copied().unwrap_or_default();
        let kind = Vpc {
            cidr_blocks,
            cidr_at_deploy: false,
            enable_dns_support: dns.support.unwrap_or(true),
            enable_dns_hostnames: dns.hostnames.unwrap_or(true),
            ipv6: self.vpc_ipv6(id, vpc),
        };
        self.push(id, ec2_name(vpc.tags(), id), kind);
    }

    /// A VPC's IPv6 block. One of Amazon's pool is `amazon_provided`, as a
    /// template asks for it: its address is Amazon's choice, so a design
    /// that wrote it out would not deploy again (its subnets are numbered
    /// within it instead). Any other block (BYOIP, IPAM) is written out.
    /// vpcraft models one block per VPC: the others are noted.
    fn vpc_ipv6(&mut self, id: &str, vpc: &ec2::Vpc) -> Option<Ipv6Block> {
        let mut blocks = ipv6_blocks(vpc);
        let first = blocks.next()?;
        for other in blocks {
            let shown = other.ipv6_cidr_block().unwrap_or("an IPv6 block");
            self.note(id, format!("{shown} left out: vpcraft models one IPv6 block per VPC"));
        }
        if first.ipv6_pool() == Some(AMAZON_POOL) {
            return Some(Ipv6Block::AmazonProvided);
        }
        let block = first.ipv6_cidr_block().and_then(|c| c.parse().ok());
        if block.is_none() {
            self.note(id, "its IPv6 block left out: AWS has not yet given its address");
        }
        block.map(Ipv6Block::Cidr)
    }

    fn subnet(&mut self, subnet: &ec2::Subnet) {
        let (Some(id), Some(vpc), Some(zone)) =
            (subnet.subnet_id(), subnet.vpc_id(), subnet.availability_zone())
        else {
            return;
        };
        let kind = Subnet {
            az: ResourceId::new(zone_id(vpc, zone)),
            cidr: subnet.cidr_block().and_then(|c| c.parse().ok()),
            map_public_ip_on_launch: subnet.map_public_ip_on_launch().unwrap_or(false),
            ipv6: self.subnet_ipv6(subnet, vpc),
        };
        self.push(id, ec2_name(subnet.tags(), id), kind);
    }

    /// A subnet's IPv6 block (unless it is being taken away): within its
    /// VPC's Amazon-provided /56, the n-th /64 of it (as a template carves
    /// the block); otherwise the block itself.
    fn subnet_ipv6(&self, subnet: &ec2::Subnet, vpc: &str) -> Option<SubnetIpv6> {
        use ec2::SubnetCidrBlockStateCode as Code;
        let block: Ipv6Net = subnet
            .ipv6_cidr_block_association_set()
            .iter()
            .filter(|a| {
                let state = a.ipv6_cidr_block_state().and_then(|s| s.state());
                !matches!(
                    state,
                    Some(Code::Disassociated | Code::Disassociating | Code::Failed | Code::Failing)
                )
            })
            .find_map(|a| a.ipv6_cidr_block()?.parse().ok())?;
        let parent = self
            .snapshot
            .vpcs
            .iter()
            .find(|v| v.vpc_id() == Some(vpc))
            .and_then(amazon_block)
            .filter(|p| p.prefix_len() == 56 && block.prefix_len() == 64 && p.contains(&block));
        let Some(parent) = parent else { return Some(SubnetIpv6::Cidr(block)) };
        let offset = u128::from(block.network()) - u128::from(parent.network());
        u16::try_from(offset >> 64).ok().map(SubnetIpv6::Index)
    }

    fn internet_gateway(&mut self, igw: &ec2::InternetGateway) {
        let Some(id) = igw.internet_gateway_id() else { return };
        let Some(vpc) = igw.attachments().iter().find_map(|a| self.known(a.vpc_id()?)) else {
            return;
        };
        self.push(id, ec2_name(igw.tags(), id), InternetGateway { vpc: Some(vpc) });
    }

    /// An egress-only internet gateway attached to a selected VPC (the
    /// listing is the region's).
    fn egress_only_gateway(&mut self, gateway: &ec2::EgressOnlyInternetGateway) {
        use ec2::AttachmentStatus as Status;
        let Some(id) = gateway.egress_only_internet_gateway_id() else { return };
        let vpc = gateway
            .attachments()
            .iter()
            .filter(|a| !matches!(a.state(), Some(Status::Detached | Status::Detaching)))
            .find_map(|a| a.vpc_id().filter(|v| self.vpcs.contains(v)));
        let Some(vpc) = vpc.and_then(|v| self.known(v)) else { return };
        self.push(id, ec2_name(gateway.tags(), id), EgressOnlyInternetGateway { vpc });
    }

    fn nat_gateway(&mut self, nat: &ec2::NatGateway) {
        use ec2::NatGatewayState as State;
        let (Some(id), Some(subnet)) = (nat.nat_gateway_id(), nat.subnet_id()) else { return };
        let gone = matches!(nat.state(), Some(State::Deleted | State::Deleting | State::Failed));
        let Some(subnet) = self.known(subnet).filter(|_| !gone) else { return };
        let connectivity = match nat.connectivity_type() {
            Some(ec2::ConnectivityType::Private) => NatConnectivity::Private,
            _ => NatConnectivity::Public,
        };
        let address = nat.nat_gateway_addresses().iter().find(|a| a.allocation_id().is_some());
        let elastic_ip = address.and_then(|a| {
            let allocation = a.allocation_id()?;
            let tags = self
                .snapshot
                .addresses
                .iter()
                .find(|e| e.allocation_id() == Some(allocation))
                .map(|e| e.tags())
                .unwrap_or_default();
            let fallback = a.public_ip().unwrap_or(allocation);
            let name = super::name_tag(tags, |t| t.key(), |t| t.value()).unwrap_or(fallback);
            self.push(allocation, name.to_owned(), ElasticIp {});
            Some(ResourceId::new(allocation))
        });
        let kind = NatGateway { subnet, connectivity, elastic_ip };
        self.push(id, ec2_name(nat.tags(), id), kind);
    }

    fn peering(&mut self, peering: &ec2::VpcPeeringConnection) {
        use ec2::VpcPeeringConnectionStateReasonCode as Code;
        let Some(id) = peering.vpc_peering_connection_id() else { return };
        let requester = peering.requester_vpc_info().and_then(|i| i.vpc_id());
        let accepter = peering.accepter_vpc_info().and_then(|i| i.vpc_id());
        let (Some(requester), Some(accepter)) = (requester, accepter) else { return };
        let live = peering.status().and_then(|s| s.code()).is_none_or(|c| {
            matches!(c, Code::Active | Code::PendingAcceptance | Code::Provisioning)
        });
        if !live || !(self.vpcs.contains(requester) || self.vpcs.contains(accepter)) {
            return;
        }
        let requester = self.external(requester, KindTag::Vpc);
        let accepter = self.external(accepter, KindTag::Vpc);
        self.push(id, ec2_name(peering.tags(), id), VpcPeering { requester, accepter });
    }

    fn route_table(&mut self, table: &ec2::RouteTable) {
        let (Some(id), Some(vpc)) = (table.route_table_id(), table.vpc_id()) else { return };
        let Some(vpc) = self.known(vpc).filter(|v| self.vpcs.contains(v.as_str())) else { return };
        let main = table.associations().iter().any(|a| a.main() == Some(true));
        let associations =
            table.associations().iter().filter_map(|a| self.known(a.subnet_id()?)).collect();
        let routes = table.routes().iter().filter_map(|r| self.route(id, r)).collect();
        let kind = RouteTable { vpc, main, routes, associations };
        self.push(id, ec2_name(table.tags(), id), kind);
    }

    /// A route of a table, when vpcraft can draw it: the local route is
    /// implicit, and routes to what vpcraft does not model are noted.
    fn route(&mut self, table: &str, route: &ec2::Route) -> Option<Route> {
        if route.gateway_id() == Some("local") {
            return None;
        }
        let destination = if let Some(cidr) = route.destination_cidr_block() {
            RouteDestination::Cidr(cidr.parse().ok()?)
        } else if let Some(cidr) = route.destination_ipv6_cidr_block() {
            RouteDestination::Cidr6(cidr.parse().ok()?)
        } else {
            RouteDestination::PrefixList(route.destination_prefix_list_id()?.to_owned())
        };
        let target = route
            .gateway_id()
            .or(route.nat_gateway_id())
            .or(route.vpc_peering_connection_id())
            .or(route.transit_gateway_id())
            .or(route.network_interface_id())
            .or(route.instance_id())
            .or(route.egress_only_internet_gateway_id())
            .or(route.local_gateway_id())
            .or(route.carrier_gateway_id())
            .unwrap_or("an unknown target");
        let shown = match &destination {
            RouteDestination::Cidr(c) => c.to_string(),
            RouteDestination::Cidr6(c) => c.to_string(),
            RouteDestination::PrefixList(p) => p.clone(),
        };
        match self.known(target) {
            Some(target) => Some(Route { destination, target }),
            None => {
                let why = if route.state() == Some(&ec2::RouteState::Blackhole) {
                    "its target no longer exists"
                } else {
                    "vpcraft does not model its target"
                };
                self.note(table, format!("route to {shown} through {target} left out: {why}"));
                None
            }
        }
    }

    fn network_acl(&mut self, acl: &ec2::NetworkAcl) {
        let (Some(id), Some(vpc)) = (acl.network_acl_id(), acl.vpc_id()) else { return };
        let Some(vpc) = self.known(vpc).filter(|v| self.vpcs.contains(v.as_str())) else { return };
        let entries: Vec<NetworkAclEntry> =
            acl.entries().iter().filter_map(|e| self.acl_entry(id, e)).collect();
        // A default ACL that still allows everything changes nothing: it is
        // left out, as a template leaves it out.
        if acl.is_default() == Some(true) && entries.iter().all(allows_everything) {
            return;
        }
        let associations =
            acl.associations().iter().filter_map(|a| self.known(a.subnet_id()?)).collect();
        let kind = NetworkAcl { vpc, entries, associations };
        self.push(id, ec2_name(acl.tags(), id), kind);
    }

    fn acl_entry(&mut self, acl: &str, entry: &ec2::NetworkAclEntry) -> Option<NetworkAclEntry> {
        let number = entry.rule_number()?;
        if number >= DEFAULT_ENTRY {
            return None;
        }
        let cidr = entry.cidr_block().or(entry.ipv6_cidr_block())?.parse().ok()?;
        let Some(protocol) = entry.protocol().and_then(protocol) else {
            let named = entry.protocol().unwrap_or("?");
            self.note(acl, format!("entry {number} left out: protocol {named} is not modelled"));
            return None;
        };
        let ports = match protocol {
            Protocol::Tcp | Protocol::Udp => entry.port_range().and_then(|p| {
                Some(PortRange { from: p.from()?.try_into().ok()?, to: p.to()?.try_into().ok()? })
            }),
            Protocol::Icmp | Protocol::All => None,
        };
        Some(NetworkAclEntry {
            rule_number: number.try_into().ok()?,
            egress: entry.egress().unwrap_or(false),
            protocol,
            ports,
            cidr,
            action: match entry.rule_action() {
                Some(ec2::RuleAction::Allow) => RuleAction::Allow,
                _ => RuleAction::Deny,
            },
        })
    }
}

fn allows_everything(entry: &NetworkAclEntry) -> bool {
    entry.action == RuleAction::Allow
        && entry.protocol == Protocol::All
        && entry.cidr.prefix_len() == 0
}
