//! Transit gateways and their VPC attachments; routes to a transit gateway
//! wait for the attachment in their VPC (`DependsOn`), as CloudFormation
//! refuses a route to a gateway not yet attached. Virtual private gateways
//! with their VPC attachment, customer gateways and VPN connections. Flow
//! logs, with the delivery role a log group destination needs.

use super::Exporter;
use crate::cfn::tree::Node;
use crate::model::{
    CustomerGateway, FlowLog, FlowLogTraffic, Kind, KindTag, ResourceId, TransitGateway,
    TransitGatewayAttachment, VpnConnection, VpnGateway,
};

fn enable(on: bool) -> Node {
    Node::str(if on { "enable" } else { "disable" })
}

impl Exporter<'_> {
    pub(super) fn transit_gateway(&mut self, id: String, name: &str, tgw: &TransitGateway) {
        let mut props = Vec::with_capacity(5);
        props.push(("Description", Node::Str(format!("Transit gateway {name}"))));
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

/// `{"Key": value, ...}` from static keys.
fn map(entries: Vec<(&'static str, Node)>) -> Node {
    Node::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

impl Exporter<'_> {
    /// A flow log; one to a log group gets the role that lets the service
    /// deliver to it, which the export adds (a re-import skips it).
    pub(super) fn flow_log(&mut self, id: String, f: &FlowLog) {
        let resource_type = match self.index.get(&f.resource).map(|r| r.kind.acts_as()) {
            Some(KindTag::Subnet) => "Subnet",
            _ => "VPC",
        };
        let traffic = match f.traffic_type {
            FlowLogTraffic::All => "ALL",
            FlowLogTraffic::Accept => "ACCEPT",
            FlowLogTraffic::Reject => "REJECT",
        };
        let mut props = vec![
            ("ResourceId", self.reference(&f.resource)),
            ("ResourceType", Node::str(resource_type)),
            ("TrafficType", Node::str(traffic)),
        ];
        match self.index.get(&f.destination).map(|r| r.kind.acts_as()) {
            Some(KindTag::S3Bucket) => {
                props.push(("LogDestinationType", Node::str("s3")));
                props.push(("LogDestination", self.get_att(&f.destination, "Arn")));
            }
            _ => {
                let role = self.claim(&format!("{id}Role"));
                self.flow_log_role(&role);
                props.push(("LogDestinationType", Node::str("cloud-watch-logs")));
                props.push(("LogGroupName", self.reference(&f.destination)));
                props.push(("DeliverLogsPermissionArn", Node::get_att(&role, "Arn")));
            }
        }
        self.add(id, "AWS::EC2::FlowLog", props, vec![]);
    }

    fn flow_log_role(&mut self, logical: &str) {
        let trust = map(vec![
            ("Version", Node::str("2012-10-17")),
            (
                "Statement",
                Node::List(vec![map(vec![
                    ("Effect", Node::str("Allow")),
                    ("Principal", map(vec![("Service", Node::str("vpc-flow-logs.amazonaws.com"))])),
                    ("Action", Node::str("sts:AssumeRole")),
                ])]),
            ),
        ]);
        let actions = [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams",
        ];
        let policy = map(vec![
            ("PolicyName", Node::str("deliver-flow-logs")),
            (
                "PolicyDocument",
                map(vec![
                    ("Version", Node::str("2012-10-17")),
                    (
                        "Statement",
                        Node::List(vec![map(vec![
                            ("Effect", Node::str("Allow")),
                            ("Action", Node::List(actions.into_iter().map(Node::str).collect())),
                            ("Resource", Node::str("*")),
                        ])]),
                    ),
                ]),
            ),
        ]);
        let props =
            vec![("AssumeRolePolicyDocument", trust), ("Policies", Node::List(vec![policy]))];
        self.add(logical.to_owned(), "AWS::IAM::Role", props, vec![]);
        self.implied.push(logical.to_owned());
    }
}
