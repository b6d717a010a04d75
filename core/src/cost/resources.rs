//! Pricing each kind of resource: the lines a resource adds to the
//! estimate, from the region's prices, the design's usage and the flows'
//! traffic. A kind with no charge of its own gets one line at zero, so the
//! estimate lists every resource.

use super::defaults::*;
use super::traffic::Totals;
use super::{CostCategory as C, CostLine, RegionPrices, cents};
use crate::index::Index;
use crate::model::{ApiType, EndpointType, Kind, Resource, ResourceId, ResourceUsage};
use crate::reach::public_ip;
use crate::sort;
use std::collections::BTreeSet;

mod databases;
mod load_balancers;

pub(super) struct Pricer<'a, 'd> {
    index: &'a Index<'d>,
    prices: &'a RegionPrices,
    hours: f64,
    totals: &'a Totals,
    lines: Vec<CostLine>,
    assumptions: Vec<String>,
    not_priced: Vec<String>,
    /// The unconfirmed prices the lines used, by key.
    unconfirmed: BTreeSet<String>,
    databases_said: bool,
}

impl<'a, 'd> Pricer<'a, 'd> {
    pub fn new(
        index: &'a Index<'d>,
        prices: &'a RegionPrices,
        hours: f64,
        totals: &'a Totals,
    ) -> Self {
        Self {
            index,
            prices,
            hours,
            totals,
            lines: Vec::new(),
            assumptions: Vec::new(),
            not_priced: Vec::new(),
            unconfirmed: BTreeSet::new(),
            databases_said: false,
        }
    }

    pub fn finish(mut self) -> (Vec<CostLine>, Vec<String>) {
        if !self.not_priced.is_empty() {
            self.assumptions.push(format!(
                "Not priced (billed by their own usage, which the design does not model): {}.",
                self.not_priced.join(", ")
            ));
        }
        if !self.unconfirmed.is_empty() {
            let keys: Vec<&str> = self.unconfirmed.iter().map(String::as_str).collect();
            self.assumptions.push(format!(
                "Unconfirmed prices (the best-known figures, not confirmed on the pricing page \
                 when read): {}.",
                keys.join(", ")
            ));
        }
        (self.lines, self.assumptions)
    }

    /// Adds a line of `quantity` units priced under `key`.
    fn line(
        &mut self,
        r: &Resource,
        category: C,
        description: impl Into<String>,
        quantity: f64,
        unit: &str,
        key: &str,
    ) {
        let unit_price = self.prices.usd(key);
        if self.prices.get(key).is_some_and(|p| p.unconfirmed) && quantity > 0.0 {
            self.unconfirmed.insert(key.to_owned());
        }
        self.push(r, category, description.into(), quantity, unit, unit_price);
    }

    fn push(
        &mut self,
        r: &Resource,
        category: C,
        description: String,
        quantity: f64,
        unit: &str,
        unit_price: f64,
    ) {
        self.lines.push(CostLine {
            resource: r.id.clone(),
            resource_name: r.name.clone(),
            category,
            description,
            quantity,
            unit: unit.to_owned(),
            unit_price_usd: unit_price,
            monthly_usd: cents(quantity * unit_price),
        });
    }

    /// An assumption stated once.
    fn say(&mut self, text: String) {
        if !self.assumptions.contains(&text) {
            self.assumptions.push(text);
        }
    }

    /// A kind the price table does not cover yet: a $0 line, named among
    /// the assumptions.
    fn unpriced_kind(&mut self, r: &Resource, what: &str) {
        self.not_priced.push(format!("{:?} ({what})", r.name));
        self.push(r, C::NotPriced, format!("{what} is not priced yet"), 1.0, "resource", 0.0);
    }

    fn free(&mut self, r: &Resource, what: &str) {
        self.push(r, C::NoCharge, format!("{what}: no charge of its own"), 1.0, "resource", 0.0);
    }

    fn usage(&self, id: &ResourceId) -> Option<&'d ResourceUsage> {
        self.index.design.usage.resources.get(id)
    }

    /// Requests a resource serves: its usage, else its flows', else the
    /// default.
    fn requests(&self, id: &ResourceId) -> f64 {
        self.usage(id)
            .and_then(|u| u.requests_per_month)
            .or_else(|| self.totals.requests_in.get(id).copied())
            .unwrap_or(RESOURCE_REQUESTS)
            .max(0.0)
    }

    /// Extra GB a resource's usage states.
    fn own_gb(&self, id: &ResourceId) -> Option<f64> {
        self.usage(id).and_then(|u| u.gb_per_month).map(|gb| gb.max(0.0))
    }

    fn public_ipv4(&mut self, r: &Resource, count: f64, what: &str) {
        if count > 0.0 {
            let hours = count * self.hours;
            self.line(
                r,
                C::PublicIpv4,
                what.to_owned(),
                hours,
                "address-hours",
                "public_ipv4.hour",
            );
        }
    }

    /// Processed data and cross-zone transfer through a NAT gateway or
    /// endpoint.
    fn processed(&mut self, r: &Resource, category: C, key: &str) {
        let gb = Totals::get(&self.totals.processed_gb, &r.id) + self.own_gb(&r.id).unwrap_or(0.0);
        self.line(r, category, "Data processed", gb, "GB", key);
        let cross = Totals::get(&self.totals.cross_az_gb, &r.id);
        if cross > 0.0 {
            let price = 2.0 * self.prices.usd("data_transfer.cross_az_gb");
            self.push(
                r,
                C::DataTransfer,
                "Data from other zones (charged out of one zone and into the other)".to_owned(),
                cross,
                "GB",
                price,
            );
        }
    }

    pub fn price(&mut self, r: &'d Resource) {
        let hours = self.hours;
        match &r.kind {
            Kind::NatGateway(_) => {
                self.line(
                    r,
                    C::NatGateways,
                    "NAT gateway hours",
                    hours,
                    "hours",
                    "nat_gateway.hour",
                );
                self.processed(r, C::NatGateways, "nat_gateway.gb");
            }
            Kind::ElasticIp(_) => {
                self.public_ipv4(r, 1.0, "Elastic IP address (public IPv4)");
            }
            Kind::VpcEndpoint(ep) if ep.endpoint_type == EndpointType::Gateway => {
                self.line(
                    r,
                    C::Endpoints,
                    "Gateway endpoint (no charge)",
                    hours,
                    "hours",
                    "gateway_endpoint.hour",
                );
            }
            Kind::VpcEndpoint(ep) => {
                let zones: BTreeSet<&str> =
                    sort::set(ep.subnets.iter().filter_map(|s| self.index.zone_of_subnet(s)));
                let n = zones.len() as f64;
                self.line(
                    r,
                    C::Endpoints,
                    format!(
                        "Interface endpoint hours in {} zone{}",
                        zones.len(),
                        plural(zones.len())
                    ),
                    n * hours,
                    "endpoint-hours",
                    "interface_endpoint.az_hour",
                );
                self.processed(r, C::Endpoints, "interface_endpoint.gb");
            }
            Kind::LoadBalancer(lb) => self.load_balancer(r, lb),
            Kind::Ec2Instance(i) => {
                let ty = i.instance_type.clone();
                self.instances(r, &ty, 1.0);
                let public = public_ip(self.index, r);
                self.public_ipv4(
                    r,
                    if public { 1.0 } else { 0.0 },
                    "Public IPv4 address of the instance",
                );
            }
            Kind::AutoScalingGroup(asg) => {
                let count = self.usage(&r.id).and_then(|u| u.instances).map_or_else(
                    || f64::from(asg.desired_capacity.unwrap_or(asg.min_size)),
                    |n| n.max(0.0),
                );
                let template = asg.launch_template.as_ref().and_then(|lt| self.index.get(lt));
                let ty = match template.map(|t| &t.kind) {
                    Some(Kind::LaunchTemplate(lt)) => lt.instance_type.clone(),
                    _ => {
                        self.assumptions.push(format!(
                            "Auto Scaling group {:?} names no launch template in the design: its \
                             instances are priced as t3.micro.",
                            r.name
                        ));
                        "t3.micro".to_owned()
                    }
                };
                self.instances(r, &ty, count);
                let public = public_ip(self.index, r);
                self.public_ipv4(
                    r,
                    if public { count } else { 0.0 },
                    "Public IPv4 addresses of the instances",
                );
            }
            Kind::EksCluster(_) => {
                let hours = self.hours;
                self.line(r, C::Compute, "EKS cluster hours", hours, "hours", "eks.cluster_hour");
            }
            Kind::EksNodeGroup(ng) => {
                let count = self
                    .usage(&r.id)
                    .and_then(|u| u.instances)
                    .map_or_else(|| f64::from(ng.desired_size), |n| n.max(0.0));
                self.instances(r, ng.instance_type(), count);
                let public = public_ip(self.index, r);
                self.public_ipv4(
                    r,
                    if public { count } else { 0.0 },
                    "Public IPv4 addresses of the nodes",
                );
            }
            Kind::EcsService(svc) => {
                let tasks = f64::from(svc.desired_count);
                self.line(
                    r,
                    C::Compute,
                    format!(
                        "Fargate vCPU: {} task{} × {FARGATE_VCPU} vCPU",
                        svc.desired_count,
                        plural(svc.desired_count as usize)
                    ),
                    tasks * FARGATE_VCPU * hours,
                    "vCPU-hours",
                    "fargate.vcpu_hour",
                );
                self.line(
                    r,
                    C::Compute,
                    format!(
                        "Fargate memory: {} task{} × {FARGATE_MEMORY_GB} GB",
                        svc.desired_count,
                        plural(svc.desired_count as usize)
                    ),
                    tasks * FARGATE_MEMORY_GB * hours,
                    "GB-hours",
                    "fargate.gb_hour",
                );
                let public = if svc.assign_public_ip { tasks } else { 0.0 };
                self.public_ipv4(r, public, "Public IPv4 addresses of the tasks");
            }
            Kind::LambdaFunction(f) => {
                let invocations = self.requests(&r.id);
                let ms = self
                    .usage(&r.id)
                    .and_then(|u| u.duration_ms)
                    .unwrap_or(LAMBDA_DURATION_MS)
                    .max(0.0);
                self.line(
                    r,
                    C::Compute,
                    "Lambda requests",
                    invocations,
                    "requests",
                    "lambda.request",
                );
                let gb_seconds = invocations * ms / 1000.0 * f64::from(f.memory_mb) / 1024.0;
                self.line(
                    r,
                    C::Compute,
                    format!("Lambda duration: {ms} ms at {} MB", f.memory_mb),
                    gb_seconds,
                    "GB-seconds",
                    "lambda.gb_second",
                );
            }
            Kind::SqsQueue(q) => {
                let key = if q.fifo { "sqs.fifo_request" } else { "sqs.standard_request" };
                let what = if q.fifo { "FIFO queue requests" } else { "Standard queue requests" };
                let requests = self.requests(&r.id);
                self.line(r, C::Integration, what, requests, "requests", key);
            }
            Kind::ApiGateway(api) => {
                let (key, what) = match api.api_type {
                    ApiType::Http => ("api_gateway.http_request", "HTTP API requests"),
                    ApiType::Rest => ("api_gateway.rest_request", "REST API requests"),
                };
                let requests = self.requests(&r.id);
                self.line(r, C::Integration, what, requests, "requests", key);
            }
            Kind::S3Bucket(_) => {
                let stored = self.own_gb(&r.id).unwrap_or(S3_STORED_GB);
                self.line(
                    r,
                    C::Storage,
                    "S3 Standard storage",
                    stored,
                    "GB-months",
                    "s3.standard_gb_month",
                );
                let requests = self.requests(&r.id);
                self.line(r, C::Storage, "S3 GET requests", requests, "requests", "s3.get_request");
            }
            Kind::DynamoDbTable(_) => {
                let requests = self.requests(&r.id);
                self.line(
                    r,
                    C::Storage,
                    "DynamoDB writes (half the requests)",
                    requests / 2.0,
                    "write request units",
                    "dynamodb.write_request",
                );
                self.line(
                    r,
                    C::Storage,
                    "DynamoDB reads (half the requests)",
                    requests / 2.0,
                    "read request units",
                    "dynamodb.read_request",
                );
                let stored = self.own_gb(&r.id).unwrap_or(DYNAMODB_STORED_GB);
                self.line(
                    r,
                    C::Storage,
                    "DynamoDB storage",
                    stored,
                    "GB-months",
                    "dynamodb.gb_month",
                );
            }
            Kind::LogGroup(_) => {
                let gb = self
                    .own_gb(&r.id)
                    .or_else(|| self.totals.gb_in.get(&r.id).copied())
                    .unwrap_or(LOGS_INGESTED_GB);
                self.line(r, C::Storage, "CloudWatch Logs ingestion", gb, "GB", "logs.ingested_gb");
            }
            Kind::AwsService(svc) if crate::reach::is_internet(&r.kind) => {
                let gb = Totals::get(&self.totals.internet_gb, &r.id);
                self.line(
                    r,
                    C::DataTransfer,
                    "Data out to the internet",
                    gb,
                    "GB",
                    "data_transfer.internet_out_gb",
                );
                let _ = svc;
            }
            Kind::Generic(_) if crate::reach::is_internet(&r.kind) => {
                let gb = Totals::get(&self.totals.internet_gb, &r.id);
                self.line(
                    r,
                    C::DataTransfer,
                    "Data out to the internet",
                    gb,
                    "GB",
                    "data_transfer.internet_out_gb",
                );
            }
            Kind::AwsService(svc) => {
                self.not_priced.push(format!("{:?} ({})", r.name, svc.service));
                self.push(
                    r,
                    C::NotPriced,
                    format!("AWS service {}: priced by its own usage", svc.service),
                    1.0,
                    "resource",
                    0.0,
                );
            }
            Kind::Generic(g) => {
                self.not_priced.push(format!("{:?} ({})", r.name, g.resource_type));
                self.push(
                    r,
                    C::NotPriced,
                    format!("{} is not priced", g.resource_type),
                    1.0,
                    "resource",
                    0.0,
                );
            }
            Kind::RdsInstance(db) => self.rds_instance(r, db),
            Kind::DbCluster(db) => self.db_cluster(r, db),
            Kind::CacheCluster(c) => self.cache_cluster(r, c),
            Kind::EfsFileSystem(fs) => self.efs(r, fs),
            Kind::NestedStack(_) => {
                self.not_priced.push(format!("{:?} (nested stack)", r.name));
                self.push(
                    r,
                    C::NotPriced,
                    "Nested stack: its resources are priced in its own template".to_owned(),
                    1.0,
                    "resource",
                    0.0,
                );
            }
            Kind::External(_) => {
                self.push(
                    r,
                    C::NotPriced,
                    "External: defined outside the design".to_owned(),
                    1.0,
                    "resource",
                    0.0,
                );
            }
            Kind::Vpc(_) => self.free(r, "VPC"),
            Kind::AvailabilityZone(_) => self.free(r, "Availability zone"),
            Kind::Subnet(_) => self.free(r, "Subnet"),
            Kind::InternetGateway(_) => self.free(r, "Internet gateway"),
            Kind::EgressOnlyInternetGateway(_) => self.free(r, "Egress-only internet gateway"),
            Kind::TransitGateway(_) => self.free(r, "Transit gateway (priced by its attachments)"),
            Kind::VpnGateway(_) => self.free(r, "Virtual private gateway"),
            Kind::CustomerGateway(_) => self.free(r, "Customer gateway"),
            Kind::VpnConnection(_) => self.line(
                r,
                C::Connectivity,
                "Site-to-Site VPN connection hours",
                self.hours,
                "hours",
                "vpn.connection_hour",
            ),
            Kind::FlowLog(log) => {
                // Vended logs: delivery to S3 costs less than to CloudWatch.
                let to_bucket = matches!(
                    self.index.get(&log.destination).map(|d| d.kind.acts_as()),
                    Some(crate::model::KindTag::S3Bucket)
                );
                let (what, key) = if to_bucket {
                    ("Flow log records delivered to S3", "flowlogs.s3_gb")
                } else {
                    ("Flow log records delivered to CloudWatch Logs", "flowlogs.logs_gb")
                };
                let gb = self.own_gb(&r.id).unwrap_or(LOGS_INGESTED_GB);
                self.line(r, C::Connectivity, what, gb, "GB", key);
            }
            Kind::NetworkInterface(_) => self.free(r, "Network interface"),
            Kind::TransitGatewayAttachment(_) => {
                let hours = self.hours;
                self.line(
                    r,
                    C::Connectivity,
                    "Transit gateway attachment hours",
                    hours,
                    "hours",
                    "tgw.attachment_hour",
                );
                let gb = self.own_gb(&r.id).unwrap_or(0.0);
                self.line(
                    r,
                    C::Connectivity,
                    "Data sent to the transit gateway",
                    gb,
                    "GB",
                    "tgw.gb",
                );
            }
            Kind::RouteTable(_) => self.free(r, "Route table"),
            Kind::NetworkAcl(_) => self.free(r, "Network ACL"),
            Kind::SecurityGroup(_) => self.free(r, "Security group"),
            Kind::VpcPeering(_) => self.free(r, "VPC peering connection"),
            Kind::Listener(_) => self.free(r, "Listener (priced with its load balancer)"),
            Kind::TargetGroup(_) => self.free(r, "Target group"),
            Kind::LambdaPermission(_) => self.free(r, "Lambda permission"),
            Kind::EventSourceMapping(_) => {
                self.free(r, "Event source mapping (its polls are queue requests)")
            }
            Kind::LaunchTemplate(_) => self.free(r, "Launch template (priced with its instances)"),
        }
    }

    fn instances(&mut self, r: &Resource, instance_type: &str, count: f64) {
        let key = format!("ec2.{instance_type}.hour");
        if self.prices.get(&key).is_none() {
            self.assumptions.push(format!(
                "The price table has no price for {instance_type} ({:?}): not counted.",
                r.name
            ));
        }
        let what = if count == 1.0 {
            format!("{instance_type} on-demand")
        } else {
            format!("{} × {instance_type} on-demand", count)
        };
        self.line(r, C::Compute, what, count * self.hours, "instance-hours", &key);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
