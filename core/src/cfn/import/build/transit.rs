//! Transit gateways and their VPC attachments
//! (`AWS::EC2::TransitGatewayAttachment` and its newer name
//! `AWS::EC2::TransitGatewayVpcAttachment`), each attachment in its subnets.

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
            _ => return None,
        })
    }
}
