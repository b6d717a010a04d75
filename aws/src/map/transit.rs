//! Transit gateways with their VPC attachments, virtual private gateways,
//! customer gateways and VPN connections, and flow logs. What a selected
//! resource names but the import did not read (a customer gateway, a flow
//! log's log group or bucket) is an external resource.

use super::{Mapper, ec2_name};
use aws_sdk_ec2::types as ec2;
use vpcraft_core::model::*;

/// The ASN AWS gives the Amazon side of a transit or virtual private
/// gateway unless told otherwise: left implicit, as a template leaves it.
const DEFAULT_ASN: i64 = 64512;

/// A gateway's Amazon-side ASN, unless it is the default.
fn asn(value: Option<i64>) -> Option<u32> {
    value.filter(|a| *a != DEFAULT_ASN).and_then(|a| u32::try_from(a).ok())
}

/// The design ID of a log group outside the design (`log-group-vpc-flows`
/// for `/vpc/flows`).
fn log_group_id(name: &str) -> String {
    format!("log-group-{}", name.trim_matches('/').replace(['/', ':'], "-"))
}

/// The name of the log group a CloudWatch Logs ARN names
/// (`arn:aws:logs:us-east-1:123456789012:log-group:flows:*` is `flows`).
fn log_group_name(arn: &str) -> Option<&str> {
    let rest = arn.splitn(6, ':').nth(5)?.strip_prefix("log-group:")?;
    Some(rest.strip_suffix(":*").unwrap_or(rest))
}

impl Mapper<'_> {
    pub(super) fn transit(&mut self) {
        let s = self.snapshot;
        for attachment in &s.transit_gateway_attachments {
            self.transit_gateway_attachment(attachment);
        }
        for gateway in &s.vpn_gateways {
            self.vpn_gateway(gateway);
        }
        for connection in &s.vpn_connections {
            self.vpn_connection(connection);
        }
        for log in &s.flow_logs {
            self.flow_log(log);
        }
    }

    fn transit_gateway_attachment(&mut self, attachment: &ec2::TransitGatewayVpcAttachment) {
        use ec2::TransitGatewayAttachmentState as State;
        let (Some(id), Some(tgw), Some(vpc)) = (
            attachment.transit_gateway_attachment_id(),
            attachment.transit_gateway_id(),
            attachment.vpc_id(),
        ) else {
            return;
        };
        let gone = matches!(
            attachment.state(),
            Some(
                State::Deleted
                    | State::Deleting
                    | State::Failed
                    | State::Failing
                    | State::Rejected
                    | State::Rejecting
            )
        );
        let Some(vpc) = self.known(vpc).filter(|v| self.vpcs.contains(v.as_str()) && !gone) else {
            return;
        };
        let transit_gateway = self.transit_gateway(tgw);
        let subnets = attachment.subnet_ids().iter().filter_map(|s| self.known(s)).collect();
        let kind = TransitGatewayAttachment { transit_gateway, vpc, subnets };
        self.push(id, ec2_name(attachment.tags(), id), kind);
    }

    /// The transit gateway an attachment names, drawn on first use. One the
    /// import could not read is drawn as AWS creates one, with a note.
    fn transit_gateway(&mut self, id: &str) -> ResourceId {
        if let Some(known) = self.known(id) {
            return known;
        }
        let read =
            self.snapshot.transit_gateways.iter().find(|t| t.transit_gateway_id() == Some(id));
        let Some(tgw) = read else {
            self.note(
                id,
                "its settings were not read: drawn with the defaults AWS creates one with",
            );
            self.push(id, id, TransitGateway::default());
            return ResourceId::new(id);
        };
        let options = tgw.options();
        let kind = TransitGateway {
            amazon_side_asn: asn(options.and_then(|o| o.amazon_side_asn())),
            default_route_table_association: options
                .and_then(|o| o.default_route_table_association())
                .is_none_or(|v| *v != ec2::DefaultRouteTableAssociationValue::Disable),
            default_route_table_propagation: options
                .and_then(|o| o.default_route_table_propagation())
                .is_none_or(|v| *v != ec2::DefaultRouteTablePropagationValue::Disable),
        };
        self.push(id, ec2_name(tgw.tags(), id), kind);
        ResourceId::new(id)
    }

    fn vpn_gateway(&mut self, gateway: &ec2::VpnGateway) {
        use ec2::AttachmentStatus as Status;
        let Some(id) = gateway.vpn_gateway_id() else { return };
        if matches!(gateway.state(), Some(ec2::VpnState::Deleted | ec2::VpnState::Deleting)) {
            return;
        }
        let vpc = gateway
            .vpc_attachments()
            .iter()
            .filter(|a| matches!(a.state(), Some(Status::Attached | Status::Attaching) | None))
            .find_map(|a| a.vpc_id().filter(|v| self.vpcs.contains(v)));
        let Some(vpc) = vpc.and_then(|v| self.known(v)) else { return };
        let kind = VpnGateway { vpc: Some(vpc), amazon_side_asn: asn(gateway.amazon_side_asn()) };
        self.push(id, ec2_name(gateway.tags(), id), kind);
    }

    /// A VPN connection to a drawn virtual private or transit gateway.
    fn vpn_connection(&mut self, connection: &ec2::VpnConnection) {
        let (Some(id), Some(customer)) =
            (connection.vpn_connection_id(), connection.customer_gateway_id())
        else {
            return;
        };
        if matches!(connection.state(), Some(ec2::VpnState::Deleted | ec2::VpnState::Deleting)) {
            return;
        }
        let vpn_gateway = connection.vpn_gateway_id().and_then(|g| self.known(g));
        let transit_gateway = connection.transit_gateway_id().and_then(|g| self.known(g));
        if vpn_gateway.is_none() && transit_gateway.is_none() {
            return;
        }
        let kind = VpnConnection {
            customer_gateway: self.customer_gateway(customer),
            vpn_gateway,
            transit_gateway,
            static_routes_only: connection
                .options()
                .and_then(|o| o.static_routes_only())
                .unwrap_or(false),
        };
        self.push(id, ec2_name(connection.tags(), id), kind);
    }

    /// The customer gateway a connection names, drawn on first use; one the
    /// import could not read is external.
    fn customer_gateway(&mut self, id: &str) -> ResourceId {
        if let Some(known) = self.known(id) {
            return known;
        }
        let read =
            self.snapshot.customer_gateways.iter().find(|g| g.customer_gateway_id() == Some(id));
        let Some(gateway) = read else { return self.external(id, KindTag::CustomerGateway) };
        let asn = gateway.bgp_asn().or(gateway.bgp_asn_extended());
        let bgp_asn = match asn.map(|a| a.parse::<u32>()) {
            Some(Ok(asn)) => asn,
            _ => {
                let fallback = CustomerGateway::default().bgp_asn;
                let shown = asn.unwrap_or("none");
                self.note(
                    id,
                    format!("its BGP ASN ({shown}) is not one vpcraft reads: drawn as {fallback}"),
                );
                fallback
            }
        };
        let kind = CustomerGateway {
            ip_address: gateway.ip_address().unwrap_or_default().to_owned(),
            bgp_asn,
        };
        let name = super::name_tag(gateway.tags(), |t| t.key(), |t| t.value())
            .or(gateway.device_name().filter(|n| !n.is_empty()))
            .unwrap_or(id);
        self.push(id, name.to_owned(), kind);
        ResourceId::new(id)
    }

    /// A flow log of a selected VPC or a drawn subnet, to a log group or an
    /// S3 bucket (external: the import does not read them).
    fn flow_log(&mut self, log: &ec2::FlowLog) {
        let (Some(id), Some(resource)) = (log.flow_log_id(), log.resource_id()) else { return };
        let subnet = self.snapshot.subnets.iter().any(|s| s.subnet_id() == Some(resource));
        let Some(resource) =
            self.known(resource).filter(|_| subnet || self.vpcs.contains(resource))
        else {
            return;
        };
        let destination = match log.log_destination_type() {
            Some(ec2::LogDestinationType::S3) => {
                // `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/prefix/`.
                let arn = log.log_destination().unwrap_or_default();
                let Some((prefix, path)) = arn.split_once(":::") else {
                    self.note(id, format!("left out: its destination {arn:?} is not a bucket"));
                    return;
                };
                let bucket = path.split('/').next().unwrap_or(path);
                self.service_node(&format!("{prefix}:::{bucket}"))
            }
            Some(ec2::LogDestinationType::CloudWatchLogs) | None => {
                let name =
                    log.log_group_name().or_else(|| log.log_destination().and_then(log_group_name));
                let Some(name) = name else {
                    self.note(id, "left out: its log group is not named");
                    return;
                };
                self.log_group(name)
            }
            Some(other) => {
                let other = other.as_str();
                self.note(
                    id,
                    format!(
                        "left out: it delivers to {other}, and vpcraft draws flow logs to log groups and buckets"
                    ),
                );
                return;
            }
        };
        let traffic_type = match log.traffic_type() {
            Some(ec2::TrafficType::Accept) => FlowLogTraffic::Accept,
            Some(ec2::TrafficType::Reject) => FlowLogTraffic::Reject,
            _ => FlowLogTraffic::All,
        };
        let kind = FlowLog { resource, traffic_type, destination };
        self.push(id, ec2_name(log.tags(), id), kind);
    }

    /// The node of a log group outside the design, made on first use.
    fn log_group(&mut self, name: &str) -> ResourceId {
        let id = log_group_id(name);
        if !self.has(&id) {
            let source = ExternalSource::PhysicalId(name.to_owned());
            self.push(&id, name, External { of: KindTag::LogGroup, source, many: false });
        }
        ResourceId::new(id)
    }
}
