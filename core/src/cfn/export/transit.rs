//! Transit gateways and their VPC attachments; routes to a transit gateway
//! wait for the attachment in their VPC (`DependsOn`), as CloudFormation
//! refuses a route to a gateway not yet attached. Virtual private gateways
//! with their VPC attachment, customer gateways and VPN connections.

use super::Exporter;
use crate::cfn::tree::Node;
use crate::model::{
    CustomerGateway, Kind, KindTag, ResourceId, TransitGateway, TransitGatewayAttachment,
    VpnConnection, VpnGateway,
};

fn enable(on: bool) -> Node {
    Node::str(if on { "enable" } else { "disable" })
}

impl Exporter<'_> {
    pub(super) fn transit_gateway(&mut self, id: String, name: &str, tgw: &TransitGateway) {
        let mut props = Vec::with_capacity(4);
        if let Some(asn) = tgw.amazon_side_asn {
            props.push(("AmazonSideAsn", Node::Int(i64::from(asn))));
        }
        props.push(("DefaultRouteTableAssociation", enable(tgw.default_route_table_association)));
        props.push(("DefaultRouteTablePropagation", enable(tgw.default_route_table_propagation)));
        props.push(("Tags", Self::name_tag(name)));
        self.add(id.clone(), "AWS::EC2::TransitGateway", props, vec![]);
        self.output(
            &format!("{id}Id"),
            format!("The ID of transit gateway {name}"),
            Node::reference(&id),
        );
    }

    pub(super) fn transit_gateway_attachment(
        &mut self,
        id: String,
        name: &str,
        a: &TransitGatewayAttachment,
    ) {
        let props = vec![
            ("TransitGatewayId", self.reference(&a.transit_gateway)),
            ("VpcId", self.reference(&a.vpc)),
            ("SubnetIds", self.refs(&a.subnets)),
            ("Tags", Self::name_tag(name)),
        ];
        self.add(id, "AWS::EC2::TransitGatewayAttachment", props, vec![]);
    }

    /// The logical IDs of the attachments of `tgw` in `vpc`: a route of the
    /// VPC to the gateway waits for them.
    pub(super) fn attachments_to(&self, tgw: &ResourceId, vpc: &ResourceId) -> Vec<String> {
        self.index
            .of_kind(KindTag::TransitGatewayAttachment)
            .iter()
            .filter(|r| {
                matches!(&r.kind, Kind::TransitGatewayAttachment(a)
                    if &a.transit_gateway == tgw && &a.vpc == vpc)
            })
            .map(|r| self.id(&r.id))
            .collect()
    }
}

impl Exporter<'_> {
    pub(super) fn vpn_gateway(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        g: &VpnGateway,
    ) {
        let mut props = vec![("Type", Node::str("ipsec.1"))];
        if let Some(asn) = g.amazon_side_asn {
            props.push(("AmazonSideAsn", Node::Int(i64::from(asn))));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id.clone(), "AWS::EC2::VPNGateway", props, vec![]);
        if let Some(vpc) = &g.vpc
            && let Some(logical) = self.attachments.get(design_id).cloned()
        {
            self.add(
                logical,
                "AWS::EC2::VPCGatewayAttachment",
                vec![("VpcId", self.reference(vpc)), ("VpnGatewayId", Node::reference(&id))],
                vec![],
            );
        }
    }

    pub(super) fn customer_gateway(&mut self, id: String, name: &str, g: &CustomerGateway) {
        let props = vec![
            ("Type", Node::str("ipsec.1")),
            ("IpAddress", Node::Str(g.ip_address.clone())),
            ("BgpAsn", Node::Int(i64::from(g.bgp_asn))),
            ("Tags", Self::name_tag(name)),
        ];
        self.add(id, "AWS::EC2::CustomerGateway", props, vec![]);
    }

    pub(super) fn vpn_connection(&mut self, id: String, name: &str, c: &VpnConnection) {
        let mut props = vec![
            ("Type", Node::str("ipsec.1")),
            ("CustomerGatewayId", self.reference(&c.customer_gateway)),
        ];
        if let Some(g) = &c.vpn_gateway {
            props.push(("VpnGatewayId", self.reference(g)));
        }
        if let Some(g) = &c.transit_gateway {
            props.push(("TransitGatewayId", self.reference(g)));
        }
        props.push(("StaticRoutesOnly", Node::Bool(c.static_routes_only)));
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::EC2::VPNConnection", props, vec![]);
    }
}
