//! Transit gateways and their VPC attachments
//! (`AWS::EC2::TransitGatewayAttachment` and its newer name
//! `AWS::EC2::TransitGatewayVpcAttachment`), each attachment in its subnets;
//! virtual private gateways, customer gateways and VPN connections.

use super::Builder;
use crate::cfn::import::Entry;
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
            _ => return None,
        })
    }
}
