//! Transit gateways and their VPC attachments; routes to a transit gateway
//! wait for the attachment in their VPC (`DependsOn`), as CloudFormation
//! refuses a route to a gateway not yet attached.

use super::Exporter;
use crate::cfn::tree::Node;
use crate::model::{Kind, KindTag, ResourceId, TransitGateway, TransitGatewayAttachment};

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
