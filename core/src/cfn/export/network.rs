//! Network resources: VPCs and their extra CIDR blocks, subnets, gateways,
//! Elastic IPs, route tables, network ACLs, endpoints and peering, with IPv6
//! blocks (`AWS::EC2::VPCCidrBlock`, a subnet's n-th /64) and routes.
//!
//! Two things a design says have no CloudFormation resource of their own:
//!
//! - The main route table. CloudFormation cannot designate the main route
//!   table of a VPC (the VPC's own, created with it, stays main), so a table
//!   with `main: true` exports as an ordinary `AWS::EC2::RouteTable`
//!   explicitly associated with every subnet of its VPC that would use it
//!   implicitly (those without an association of their own). The deployed
//!   VPC routes exactly as drawn; `main` is kept in `Metadata.vpcraft.extra`
//!   and the added associations are listed as implied, so that a re-import
//!   restores `main: true` and the design's own associations only.
//! - Routes to a gateway endpoint. A gateway endpoint's routes are made by
//!   AWS from the endpoint's `RouteTableIds`; an `AWS::EC2::Route` cannot
//!   target one. The design's canonical form is the endpoint's
//!   `route_tables`; a route a table holds to a gateway endpoint (as an
//!   import from a live account shows them) attaches that table to the
//!   endpoint in `RouteTableIds`, and the route itself, with its position,
//!   is kept in the metadata (as is the endpoint's own list, when the
//!   routes added to it), so the round trip gives back the same design.

use super::Exporter;
use crate::cfn::tree::Node;
use crate::model::{
    EgressOnlyInternetGateway, EndpointType, InternetGateway, Ipv6Block, Kind, NatConnectivity,
    NatGateway, NetworkAcl, Protocol, ResourceId, RouteDestination, RouteTable, RuleAction, Subnet,
    SubnetIpv6, Vpc, VpcEndpoint, VpcPeering,
};

/// What CloudFormation checks a CIDR block parameter against.
const CIDR_PATTERN: &str = r"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$";

impl Exporter<'_> {
    /// A parameter for an IPv4 CIDR block known only at deploy time, and
    /// the reference to it.
    fn cidr_parameter(&mut self, id: &str, what: &str) -> Node {
        let parameter = format!("{id}CidrBlock");
        self.parameter(
            &parameter,
            vec![
                ("Type", Node::str("String")),
                ("Description", Node::Str(format!("The IPv4 CIDR block of {what}."))),
                ("AllowedPattern", Node::str(CIDR_PATTERN)),
            ],
        );
        Node::reference(&parameter)
    }

    pub(super) fn vpc(&mut self, id: String, name: &str, design_id: &ResourceId, vpc: &Vpc) {
        // A block known only at deploy time is the deployer's to give.
        let mut props = Vec::with_capacity(4);
        if let Some(primary) = vpc.cidr_blocks.first() {
            props.push(("CidrBlock", Node::Str(primary.to_string())));
        } else {
            props.push(("CidrBlock", self.cidr_parameter(&id, &format!("VPC {name}"))));
        }
        props.extend([
            ("EnableDnsSupport", Node::Bool(vpc.enable_dns_support)),
            ("EnableDnsHostnames", Node::Bool(vpc.enable_dns_hostnames)),
            ("Tags", Self::name_tag(name)),
        ]);
        self.add(id.clone(), "AWS::EC2::VPC", props, vec![]);
        let logicals = self.cidr_blocks.get(design_id).cloned().unwrap_or_default();
        for (logical, block) in logicals.into_iter().zip(vpc.cidr_blocks.iter().skip(1)) {
            self.add(
                logical,
                "AWS::EC2::VPCCidrBlock",
                vec![("VpcId", Node::reference(&id)), ("CidrBlock", Node::Str(block.to_string()))],
                vec![],
            );
        }
        if let Some(logical) = self.ipv6_blocks.get(design_id).cloned() {
            let block = match &vpc.ipv6 {
                Some(Ipv6Block::Cidr(net)) => ("Ipv6CidrBlock", Node::Str(net.to_string())),
                _ => ("AmazonProvidedIpv6CidrBlock", Node::Bool(true)),
            };
            let props = vec![("VpcId", Node::reference(&id)), block];
            self.add(logical, "AWS::EC2::VPCCidrBlock", props, vec![]);
        }
        self.output(&format!("{id}Id"), format!("The ID of VPC {name}"), Node::reference(&id));
    }

    /// A subnet's IPv6 block: written out, the n-th /64 of its VPC's block,
    /// or a parameter; and the VPC's block resource it waits for.
    fn subnet_ipv6(&mut self, id: &str, name: &str, vpc: &ResourceId, ipv6: &SubnetIpv6) -> Node {
        match ipv6 {
            SubnetIpv6::Cidr(net) => Node::Str(net.to_string()),
            SubnetIpv6::Index(n) => {
                let blocks = self.get_att(vpc, "Ipv6CidrBlocks");
                let first =
                    Node::Fn("Select".into(), Box::new(Node::List(vec![Node::Int(0), blocks])));
                let cidr = Node::Fn(
                    "Cidr".into(),
                    Box::new(Node::List(vec![first, Node::Int(256), Node::Int(64)])),
                );
                Node::Fn(
                    "Select".into(),
                    Box::new(Node::List(vec![Node::Int(i64::from(*n)), cidr])),
                )
            }
            SubnetIpv6::AtDeploy => {
                let parameter = format!("{id}Ipv6CidrBlock");
                self.parameter(
                    &parameter,
                    vec![
                        ("Type", Node::str("String")),
                        (
                            "Description",
                            Node::Str(format!("The IPv6 CIDR block of subnet {name}.")),
                        ),
                    ],
                );
                Node::reference(&parameter)
            }
        }
    }

    pub(super) fn egress_only_gateway(&mut self, id: String, g: &EgressOnlyInternetGateway) {
        let props = vec![("VpcId", self.reference(&g.vpc))];
        self.add(id, "AWS::EC2::EgressOnlyInternetGateway", props, vec![]);
    }

    pub(super) fn subnet(&mut self, id: String, name: &str, subnet: &Subnet) {
        let (vpc, zone) = match self.index.get(&subnet.az).map(|r| &r.kind) {
            Some(Kind::AvailabilityZone(az)) => (Some(az.vpc.clone()), az.zone.clone()),
            _ => (None, "a".to_owned()),
        };
        let zone_index = zone_index(&zone);
        let vpc = vpc.unwrap_or_else(|| ResourceId::new("missing-vpc"));
        let in_secondary = match self.index.get(&vpc).map(|r| &r.kind) {
            Some(Kind::Vpc(v)) => subnet.cidr.is_some_and(|cidr| {
                !v.cidr_blocks.first().is_some_and(|primary| primary.contains(&cidr))
            }),
            _ => false,
        };
        let mut depends = if in_secondary {
            self.cidr_blocks.get(&vpc).cloned().unwrap_or_default()
        } else {
            vec![]
        };
        let ipv6 = subnet.ipv6.as_ref().map(|ipv6| self.subnet_ipv6(&id, name, &vpc, ipv6));
        if ipv6.is_some() {
            depends.extend(self.ipv6_blocks.get(&vpc).cloned());
        }
        let mut props = vec![("VpcId", self.reference(&vpc))];
        // A subnet whose block is known only at deploy time takes it from a
        // parameter the deployer fills in.
        let cidr = match subnet.cidr {
            Some(cidr) => Node::Str(cidr.to_string()),
            None => self.cidr_parameter(&id, &format!("subnet {name}")),
        };
        props.push(("CidrBlock", cidr));
        if let Some(ipv6) = ipv6 {
            props.push(("Ipv6CidrBlock", ipv6));
        }
        props.push(("AvailabilityZone", Node::zone(zone_index)));
        if subnet.map_public_ip_on_launch {
            props.push(("MapPublicIpOnLaunch", Node::Bool(true)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id.clone(), "AWS::EC2::Subnet", props, depends);
        self.output(&format!("{id}Id"), format!("The ID of subnet {name}"), Node::reference(&id));
    }

    pub(super) fn internet_gateway(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        igw: &InternetGateway,
    ) {
        self.add(
            id.clone(),
            "AWS::EC2::InternetGateway",
            vec![("Tags", Self::name_tag(name))],
            vec![],
        );
        if let Some(vpc) = &igw.vpc
            && let Some(logical) = self.attachments.get(design_id).cloned()
        {
            self.add(
                logical,
                "AWS::EC2::VPCGatewayAttachment",
                vec![("VpcId", self.reference(vpc)), ("InternetGatewayId", Node::reference(&id))],
                vec![],
            );
        }
    }

    /// The attachment logical IDs of the internet gateways of a VPC: routes
    /// to them and public NAT gateways must wait for the attachment.
    fn attachments_of(&self, vpc: Option<&ResourceId>) -> Vec<String> {
        let Some(vpc) = vpc else { return vec![] };
        self.index
            .igws_of(vpc)
            .iter()
            .filter_map(|igw| self.attachments.get(&igw.id).cloned())
            .collect()
    }

    pub(super) fn elastic_ip(&mut self, id: String, name: &str) {
        self.add(
            id,
            "AWS::EC2::EIP",
            vec![("Domain", Node::str("vpc")), ("Tags", Self::name_tag(name))],
            vec![],
        );
    }

    pub(super) fn nat_gateway(&mut self, id: String, name: &str, nat: &NatGateway) {
        let mut props = vec![("SubnetId", self.reference(&nat.subnet))];
        let mut depends = vec![];
        match nat.connectivity {
            NatConnectivity::Public => {
                if let Some(eip) = &nat.elastic_ip {
                    props.push(("AllocationId", self.get_att(eip, "AllocationId")));
                }
                depends = self.attachments_of(self.index.vpc_of(&nat.subnet));
            }
            NatConnectivity::Private => props.push(("ConnectivityType", Node::str("private"))),
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::EC2::NatGateway", props, depends);
    }

    pub(super) fn route_table(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        rt: &RouteTable,
    ) {
        self.add(
            id.clone(),
            "AWS::EC2::RouteTable",
            vec![("VpcId", self.reference(&rt.vpc)), ("Tags", Self::name_tag(name))],
            vec![],
        );
        let mut endpoint_routes = Vec::new();
        for (n, route) in rt.routes.iter().enumerate() {
            let mut props = vec![("RouteTableId", Node::reference(&id))];
            match &route.destination {
                RouteDestination::Cidr(cidr) => {
                    props.push(("DestinationCidrBlock", Node::Str(cidr.to_string())));
                }
                RouteDestination::Cidr6(cidr) => {
                    props.push(("DestinationIpv6CidrBlock", Node::Str(cidr.to_string())));
                }
                RouteDestination::PrefixList(pl) => {
                    props.push(("DestinationPrefixListId", Node::str(pl)));
                }
            }
            let mut depends = vec![];
            match self.index.get(&route.target).map(|r| &r.kind) {
                Some(Kind::InternetGateway(_) | Kind::VpnGateway(_)) => {
                    props.push(("GatewayId", self.reference(&route.target)));
                    depends = self.attachments.get(&route.target).cloned().into_iter().collect();
                }
                Some(Kind::NatGateway(_)) => {
                    props.push(("NatGatewayId", self.reference(&route.target)))
                }
                Some(Kind::External(ext)) if ext.of == crate::model::KindTag::TransitGateway => {
                    props.push(("TransitGatewayId", self.reference(&route.target)));
                }
                Some(Kind::TransitGateway(_)) => {
                    props.push(("TransitGatewayId", self.reference(&route.target)));
                    depends = self.attachments_to(&route.target, &rt.vpc);
                }
                Some(Kind::EgressOnlyInternetGateway(_)) => {
                    props.push(("EgressOnlyInternetGatewayId", self.reference(&route.target)))
                }
                Some(Kind::VpcPeering(_)) => {
                    props.push(("VpcPeeringConnectionId", self.reference(&route.target)));
                }
                Some(Kind::VpcEndpoint(ep)) if ep.endpoint_type == EndpointType::Gateway => {
                    // A gateway endpoint's routes come from its RouteTableIds
                    // (see the module comment); the metadata keeps this one.
                    let route = serde_json::to_value(route).expect("routes serialize");
                    endpoint_routes.push(Node::Map(vec![
                        ("index".into(), Node::Int(n as i64)),
                        ("route".into(), Node::from_json(&route)),
                    ]));
                    continue;
                }
                _ => props.push(("VpcEndpointId", self.reference(&route.target))),
            }
            let logical = self.claim(&format!("{id}Route{}", n + 1));
            self.add(logical, "AWS::EC2::Route", props, depends);
        }
        for subnet in &rt.associations {
            let logical = self.claim(&format!("{}RouteTableAssociation", self.id(subnet)));
            self.add(
                logical,
                "AWS::EC2::SubnetRouteTableAssociation",
                vec![("SubnetId", self.reference(subnet)), ("RouteTableId", Node::reference(&id))],
                vec![],
            );
        }
        if rt.main {
            self.remember(&id, "main", Node::Bool(true));
            let is_main =
                self.index.main_route_table(&rt.vpc).is_some_and(|(r, _)| &r.id == design_id);
            if is_main {
                let implicit: Vec<ResourceId> = self
                    .index
                    .subnets_of_vpc(&rt.vpc)
                    .filter(|(s, _)| self.index.route_tables_of(&s.id).is_empty())
                    .map(|(s, _)| s.id.clone())
                    .collect();
                for subnet in implicit {
                    let logical = self.claim(&format!("{}RouteTableAssociation", self.id(&subnet)));
                    self.add(
                        logical.clone(),
                        "AWS::EC2::SubnetRouteTableAssociation",
                        vec![
                            ("SubnetId", self.reference(&subnet)),
                            ("RouteTableId", Node::reference(&id)),
                        ],
                        vec![],
                    );
                    self.implied.push(logical);
                }
            }
        }
        if !endpoint_routes.is_empty() {
            self.remember(&id, "endpoint_routes", Node::List(endpoint_routes));
        }
    }

    pub(super) fn network_acl(&mut self, id: String, name: &str, acl: &NetworkAcl) {
        self.add(
            id.clone(),
            "AWS::EC2::NetworkAcl",
            vec![("VpcId", self.reference(&acl.vpc)), ("Tags", Self::name_tag(name))],
            vec![],
        );
        for entry in &acl.entries {
            let direction = if entry.egress { "Egress" } else { "Ingress" };
            let logical = self.claim(&format!("{id}{direction}{}", entry.rule_number));
            let mut props = vec![
                ("NetworkAclId", Node::reference(&id)),
                ("RuleNumber", Node::Int(i64::from(entry.rule_number))),
                ("Protocol", Node::Int(protocol_number(entry.protocol))),
                (
                    "RuleAction",
                    Node::str(match entry.action {
                        RuleAction::Allow => "allow",
                        RuleAction::Deny => "deny",
                    }),
                ),
                ("Egress", Node::Bool(entry.egress)),
                (
                    if entry.cidr.network().is_ipv4() { "CidrBlock" } else { "Ipv6CidrBlock" },
                    Node::Str(entry.cidr.to_string()),
                ),
            ];
            match entry.protocol {
                Protocol::Tcp | Protocol::Udp => {
                    let ports = entry.ports.unwrap_or(crate::model::PortRange::ALL);
                    props.push((
                        "PortRange",
                        Node::Map(vec![
                            ("From".into(), Node::Int(i64::from(ports.from))),
                            ("To".into(), Node::Int(i64::from(ports.to))),
                        ]),
                    ));
                }
                Protocol::Icmp => props.push((
                    "Icmp",
                    Node::Map(vec![("Code".into(), Node::Int(-1)), ("Type".into(), Node::Int(-1))]),
                )),
                Protocol::All => {}
            }
            self.add(logical, "AWS::EC2::NetworkAclEntry", props, vec![]);
        }
        for subnet in &acl.associations {
            let logical = self.claim(&format!("{}NetworkAclAssociation", self.id(subnet)));
            self.add(
                logical,
                "AWS::EC2::SubnetNetworkAclAssociation",
                vec![("SubnetId", self.reference(subnet)), ("NetworkAclId", Node::reference(&id))],
                vec![],
            );
        }
    }

    pub(super) fn vpc_endpoint(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        ep: &VpcEndpoint,
    ) {
        let mut props = vec![
            ("VpcId", self.reference(&ep.vpc)),
            ("ServiceName", Node::sub(format!("com.amazonaws.${{AWS::Region}}.{}", ep.service))),
        ];
        match ep.endpoint_type {
            EndpointType::Interface => {
                props.push(("VpcEndpointType", Node::str("Interface")));
                props.push(("SubnetIds", self.refs(&ep.subnets)));
                props.push(("SecurityGroupIds", self.refs(&ep.security_groups)));
                props.push(("PrivateDnsEnabled", Node::Bool(ep.private_dns)));
            }
            EndpointType::Gateway => {
                props.push(("VpcEndpointType", Node::str("Gateway")));
                let mut tables = ep.route_tables.clone();
                for table in self.index.of_kind(crate::model::KindTag::RouteTable) {
                    let Kind::RouteTable(rt) = &table.kind else {
                        continue;
                    };
                    if rt.routes.iter().any(|r| &r.target == design_id)
                        && !tables.contains(&table.id)
                    {
                        tables.push(table.id.clone());
                    }
                }
                if tables.len() != ep.route_tables.len() {
                    let own = ep.route_tables.iter().map(|t| Node::str(t.as_str())).collect();
                    self.remember(&id, "route_tables", Node::List(own));
                }
                props.push(("RouteTableIds", self.refs(&tables)));
            }
        }
        if let Some(policy) = &ep.policy {
            props.push(("PolicyDocument", policy_node(policy)));
        }
        self.add(id.clone(), "AWS::EC2::VPCEndpoint", props, vec![]);
        self.output(
            &format!("{id}Id"),
            format!("The ID of VPC endpoint {name}"),
            Node::reference(&id),
        );
    }

    pub(super) fn vpc_peering(&mut self, id: String, name: &str, p: &VpcPeering) {
        self.add(
            id,
            "AWS::EC2::VPCPeeringConnection",
            vec![
                ("VpcId", self.reference(&p.requester)),
                ("PeerVpcId", self.reference(&p.accepter)),
                ("Tags", Self::name_tag(name)),
            ],
            vec![],
        );
    }
}

/// A policy document as a node: strings with `${...}` become `!Sub` so that
/// `${AWS::AccountId}` or `${Role.Arn}` resolve at deployment.
pub(crate) fn policy_node(policy: &serde_json::Value) -> Node {
    fn walk(node: Node) -> Node {
        match node {
            Node::Str(s) if s.contains("${") => Node::sub(s),
            Node::List(items) => Node::List(items.into_iter().map(walk).collect()),
            Node::Map(entries) => {
                Node::Map(entries.into_iter().map(|(k, v)| (k, walk(v))).collect())
            }
            other => other,
        }
    }
    walk(Node::from_json(policy))
}

/// `a` → 0, `b` → 1: the index of a zone letter in the region's zone list.
pub(crate) fn zone_index(zone: &str) -> usize {
    zone.chars().last().filter(char::is_ascii_lowercase).map_or(0, |c| (c as u8 - b'a') as usize)
}

/// The IP protocol number network ACL entries use.
pub(crate) fn protocol_number(protocol: Protocol) -> i64 {
    match protocol {
        Protocol::Tcp => 6,
        Protocol::Udp => 17,
        Protocol::Icmp => 1,
        Protocol::All => -1,
    }
}
