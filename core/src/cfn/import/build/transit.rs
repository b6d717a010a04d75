//! Transit gateways and their VPC attachments
//! (`AWS::EC2::TransitGatewayAttachment` and its newer name
//! `AWS::EC2::TransitGatewayVpcAttachment`), each attachment in its subnets;
//! virtual private gateways, customer gateways and VPN connections; flow
//! logs of VPCs and subnets; network interfaces.

use super::Builder;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::Val;
use crate::model::*;

impl Builder<'_, '_> {
    /// The design kind of a transit entry; `None` for any other type.
    pub(super) fn transit_kind(&mut self, e: &Entry<'_>) -> Option<Kind> {
        Some(match e.resource_type {
            "AWS::EC2::TransitGateway" => {
                let on = |key: &str| self.val(e, key).as_str() != Some("disable");
                TransitGateway {
                    amazon_side_asn: self.num(e, "AmazonSideAsn").and_then(|n| n.try_into().ok()),
                    default_route_table_association: on("DefaultRouteTableAssociation"),
                    default_route_table_propagation: on("DefaultRouteTablePropagation"),
                }
                .into()
            }
            "AWS::EC2::TransitGatewayAttachment" | "AWS::EC2::TransitGatewayVpcAttachment" => {
                let tgw = self.val(e, "TransitGatewayId");
                let vpc = self.val(e, "VpcId");
                let subnets = self.val(e, "SubnetIds");
                TransitGatewayAttachment {
                    transit_gateway: self.required_ref(KindTag::TransitGateway, &tgw),
                    vpc: self.vpc_ref(&vpc),
                    subnets: self.refs_to(KindTag::Subnet, &subnets),
                }
                .into()
            }
            "AWS::EC2::NetworkInterface" => {
                let (subnet, groups) = (self.val(e, "SubnetId"), self.val(e, "GroupSet"));
                NetworkInterface {
                    subnet: self.ref_to(KindTag::Subnet, &subnet),
                    security_groups: self.refs_to(KindTag::SecurityGroup, &groups),
                    private_ip: self.val(e, "PrivateIpAddress").as_str().map(str::to_owned),
                    description: self.val(e, "Description").to_text().unwrap_or_default(),
                }
                .into()
            }
            "AWS::EC2::VPNGateway" => VpnGateway {
                vpc: None,
                amazon_side_asn: self.num(e, "AmazonSideAsn").and_then(|n| n.try_into().ok()),
            }
            .into(),
            "AWS::EC2::CustomerGateway" => CustomerGateway {
                ip_address: self.val(e, "IpAddress").to_text().unwrap_or_default(),
                bgp_asn: self.num(e, "BgpAsn").and_then(|n| n.try_into().ok()).unwrap_or(65000),
            }
            .into(),
            "AWS::EC2::VPNConnection" => {
                let (cgw, vgw) = (self.val(e, "CustomerGatewayId"), self.val(e, "VpnGatewayId"));
                let tgw = self.val(e, "TransitGatewayId");
                VpnConnection {
                    customer_gateway: self.required_ref(KindTag::CustomerGateway, &cgw),
                    vpn_gateway: self.ref_to(KindTag::VpnGateway, &vgw),
                    transit_gateway: self.ref_to(KindTag::TransitGateway, &tgw),
                    static_routes_only: self.val(e, "StaticRoutesOnly").as_bool().unwrap_or(false),
                }
                .into()
            }
            "AWS::EC2::FlowLog" => {
                let wanted = match self.val(e, "ResourceType").as_str() {
                    Some("VPC") => KindTag::Vpc,
                    Some("Subnet") => KindTag::Subnet,
                    // Flow logs of interfaces and gateways stay generic.
                    _ => return None,
                };
                let resource = self.val(e, "ResourceId");
                let (wanted_dest, dest) = match self.val(e, "LogDestinationType").as_str() {
                    Some("s3") => (KindTag::S3Bucket, self.val(e, "LogDestination")),
                    _ => match self.val(e, "LogGroupName") {
                        Val::Null => (KindTag::LogGroup, self.val(e, "LogDestination")),
                        name => (KindTag::LogGroup, name),
                    },
                };
                let traffic = match self.val(e, "TrafficType").as_str() {
                    Some("ACCEPT") => FlowLogTraffic::Accept,
                    Some("REJECT") => FlowLogTraffic::Reject,
                    _ => FlowLogTraffic::All,
                };
                FlowLog {
                    resource: self.required_ref(wanted, &resource),
                    traffic_type: traffic,
                    destination: self.required_ref(wanted_dest, &dest),
                }
                .into()
            }
            _ => return None,
        })
    }
}
