//! Synthetic designs of any size, for benchmarks and scale tests.
//!
//! [`design`] is pure and deterministic: the same size always yields the same
//! design. The design is built from realistic cells rather than filler. Each
//! VPC spans three availability zones with a public and a private subnet per
//! zone, an internet gateway, one NAT gateway with its Elastic IP per zone,
//! a route table per private subnet, interface endpoints (SQS, Secrets
//! Manager, CloudWatch Logs) behind one security group and gateway endpoints
//! (S3, DynamoDB) on the private route tables, and an API Gateway invoking a
//! function. Each VPC then holds up to eight applications: an internal ALB
//! with its listener, target group and Lambda target, three caller functions,
//! an EC2 instance and an Auto Scaling group of a launch template calling
//! the load balancer too, a queue with its dead-letter queue consumed by a worker function, a
//! log group, and a data tier in the application's two private subnets (an
//! RDS database or, every other application, an Aurora cluster, an
//! ElastiCache cluster and an EFS file system behind one security group,
//! called by the instance, the worker and the Auto Scaling group), with
//! security groups referencing each other and about one flow per function. Shared storage (a bucket, a table, Secrets Manager) lives
//! outside the VPCs with a transit gateway every VPC attaches to and a log
//! group every VPC's flow log writes to; each VPC also has an internet-facing
//! classic load balancer in front of its first Auto Scaling group. Log groups
//! pad the design to exactly the size asked.

use crate::model::{
    ApiGateway, AutoScalingGroup, AvailabilityZone, AwsService, CacheCluster, ClassicListener,
    DbCluster, Design, DynamoDbTable, Ec2Instance, EfsFileSystem, ElasticIp, EndpointType,
    EventSourceMapping, Flow, FlowLog, FlowLogTraffic, InternetGateway, LambdaFunction,
    LambdaPermission, LaunchTemplate, ListenerProtocol, LoadBalancer, LoadBalancerListener,
    LoadBalancerType, LogGroup, NatConnectivity, NatGateway, PortRange, Protocol, RdsInstance,
    Rect, RedrivePolicy, Resource, ResourceId, Route, RouteDestination, RouteTable, S3Bucket,
    Scheme, SecurityGroup, SecurityGroupRule, SgPeer, SqsQueue, Subnet, TargetGroup, TargetType,
    TransitGateway, TransitGatewayAttachment, Vpc, VpcConfig, VpcEndpoint,
};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// The resources every VPC cell holds before its applications.
const VPC_RESOURCES: usize = 33;
/// The resources of one application.
const APP_RESOURCES: usize = 23;
/// The shared resources outside any VPC.
const SHARED_RESOURCES: usize = 6;
/// The applications of one VPC at most.
const APPS_PER_VPC: usize = 8;
/// The zone letters of every VPC.
const ZONES: [&str; 3] = ["a", "b", "c"];
/// The port every application load balancer listens on.
const LISTENER_PORT: u16 = 80;

/// A design of exactly `n_resources` resources (flows come on top), the
/// same for the same size.
pub fn design(n_resources: usize) -> Design {
    let mut b = Builder::new(n_resources);
    if n_resources >= SHARED_RESOURCES {
        b.shared();
    }
    let mut vpcs = 0;
    let mut apps_in_vpc = APPS_PER_VPC;
    loop {
        let left = n_resources - b.design.resources.len();
        if apps_in_vpc == APPS_PER_VPC || vpcs == 0 {
            if left < VPC_RESOURCES + APP_RESOURCES {
                break;
            }
            b.vpc(vpcs);
            vpcs += 1;
            apps_in_vpc = 0;
        } else if left < APP_RESOURCES {
            break;
        }
        b.app(vpcs - 1, apps_in_vpc);
        apps_in_vpc += 1;
    }
    let mut pad = 0;
    while b.design.resources.len() < n_resources {
        b.add(format!("logs-extra-{pad}"), LogGroup { retention_days: Some(14) });
        pad += 1;
    }
    b.design
}

/// The design under construction and the layout cursor.
struct Builder {
    design: Design,
    flows: usize,
}

impl Builder {
    fn new(n_resources: usize) -> Self {
        let mut design = Design::new(format!("synthetic design of {n_resources} resources"));
        design.region = "eu-west-1".to_owned();
        design.resources.reserve(n_resources);
        Self { design, flows: 0 }
    }

    /// Adds a resource named like its ID and gives it a place on the canvas.
    fn add(&mut self, id: String, kind: impl Into<crate::model::Kind>) -> ResourceId {
        let position = self.design.resources.len();
        let rect =
            Rect::new((position % 40) as f64 * 120.0, (position / 40) as f64 * 90.0, 100.0, 60.0);
        let resource = Resource::new(id.clone(), id, kind);
        self.design.layout.positions.insert(resource.id.clone(), rect);
        let id = resource.id.clone();
        self.design.resources.push(resource);
        id
    }

    fn flow(&mut self, source: &str, target: &str, port: Option<u16>) {
        self.flows += 1;
        self.design.flows.push(Flow {
            id: ResourceId::new(format!("flow-{}", self.flows)),
            source: ResourceId::new(source),
            target: ResourceId::new(target),
            protocol: Protocol::Tcp,
            port,
            inferred: false,
            label: format!("{source} → {target}"),
        });
    }

    fn shared(&mut self) {
        self.add("reports".into(), S3Bucket { versioning: true });
        self.add(
            "orders".into(),
            DynamoDbTable { partition_key: "id".into(), sort_key: Some("at".into()) },
        );
        self.add("secrets".into(), AwsService { service: "secretsmanager".into() });
        self.add("hub".into(), TransitGateway::default());
        self.add("internet".into(), AwsService { service: "internet".into() });
        self.add("flow-logs".into(), LogGroup { retention_days: Some(90) });
    }

    /// One VPC cell: containers, gateways, route tables, endpoints and an API.
    fn vpc(&mut self, v: usize) {
        let p = format!("v{v}");
        // Beyond 256 VPCs the blocks repeat; no rule compares unpeered VPCs.
        let second = (v % 256) as u8;
        let vpc = self.add(
            format!("{p}-vpc"),
            Vpc {
                cidr_blocks: vec![net(Ipv4Addr::new(10, second, 0, 0), 16)],
                cidr_at_deploy: false,
                enable_dns_support: true,
                enable_dns_hostnames: true,
                ipv6: None,
            },
        );
        let azs: Vec<ResourceId> = ZONES
            .iter()
            .map(|zone| {
                self.add(
                    format!("{p}-az-{zone}"),
                    AvailabilityZone { vpc: vpc.clone(), zone: (*zone).into() },
                )
            })
            .collect();
        let subnet = |b: &mut Self, kind: &str, z: usize, third: u8, public: bool| {
            b.add(
                format!("{p}-{kind}-{}", ZONES[z]),
                Subnet {
                    az: azs[z].clone(),
                    cidr: Some(net(Ipv4Addr::new(10, second, third, 0), 20)),
                    map_public_ip_on_launch: public,
                    ipv6: None,
                },
            )
        };
        let public: Vec<ResourceId> =
            (0..ZONES.len()).map(|z| subnet(self, "public", z, 16 * z as u8, true)).collect();
        let private: Vec<ResourceId> = (0..ZONES.len())
            .map(|z| subnet(self, "private", z, 64 + 16 * z as u8, false))
            .collect();
        let igw = self.add(format!("{p}-igw"), InternetGateway { vpc: Some(vpc.clone()) });
        self.add(
            format!("{p}-public-rt"),
            RouteTable {
                vpc: vpc.clone(),
                main: false,
                routes: vec![default_route(&igw)],
                associations: public.clone(),
            },
        );
        let mut private_tables = Vec::new();
        for (z, zone) in ZONES.iter().enumerate() {
            let eip = self.add(format!("{p}-eip-{zone}"), ElasticIp {});
            let nat = self.add(
                format!("{p}-nat-{zone}"),
                NatGateway {
                    subnet: public[z].clone(),
                    connectivity: NatConnectivity::Public,
                    elastic_ip: Some(eip),
                },
            );
            private_tables.push(self.add(
                format!("{p}-private-rt-{zone}"),
                RouteTable {
                    vpc: vpc.clone(),
                    main: false,
                    routes: vec![default_route(&nat)],
                    associations: vec![private[z].clone()],
                },
            ));
        }
        // Its ingress grows as applications join the VPC.
        let endpoint_sg = self.add(
            format!("{p}-endpoint-sg"),
            SecurityGroup {
                vpc: vpc.clone(),
                description: "HTTPS from the functions of this VPC".into(),
                ingress: Vec::new(),
                egress: Vec::new(),
            },
        );
        for service in ["sqs", "secretsmanager", "logs"] {
            self.add(
                format!("{p}-{service}-endpoint"),
                VpcEndpoint {
                    vpc: vpc.clone(),
                    service: service.into(),
                    endpoint_type: EndpointType::Interface,
                    subnets: private.clone(),
                    security_groups: vec![endpoint_sg.clone()],
                    private_dns: true,
                    route_tables: Vec::new(),
                    policy: Some(policy(service)),
                },
            );
        }
        for service in ["s3", "dynamodb"] {
            self.add(
                format!("{p}-{service}-endpoint"),
                VpcEndpoint {
                    vpc: vpc.clone(),
                    service: service.into(),
                    endpoint_type: EndpointType::Gateway,
                    subnets: Vec::new(),
                    security_groups: Vec::new(),
                    private_dns: false,
                    route_tables: private_tables.clone(),
                    policy: Some(policy(service)),
                },
            );
        }
        // Every VPC joins the shared transit gateway from its private
        // subnets and logs its traffic to the shared log group; a classic
        // load balancer in its public subnets serves the VPC's first
        // Auto Scaling group.
        self.add(
            format!("{p}-hub-attachment"),
            TransitGatewayAttachment {
                transit_gateway: ResourceId::new("hub"),
                vpc: vpc.clone(),
                subnets: private.clone(),
            },
        );
        self.add(
            format!("{p}-flow-log"),
            FlowLog {
                resource: vpc.clone(),
                traffic_type: FlowLogTraffic::All,
                destination: ResourceId::new("flow-logs"),
            },
        );
        let web_sg = self.add(
            format!("{p}-web-sg"),
            SecurityGroup {
                ingress: vec![SecurityGroupRule {
                    protocol: Protocol::Tcp,
                    ports: Some(PortRange::single(LISTENER_PORT)),
                    peer: SgPeer::Cidr(net(Ipv4Addr::UNSPECIFIED, 0)),
                    description: String::new(),
                }],
                egress: vec![SecurityGroupRule {
                    protocol: Protocol::Tcp,
                    ports: Some(PortRange::single(8080)),
                    peer: SgPeer::Cidr(net(Ipv4Addr::new(10, second, 0, 0), 16)),
                    description: String::new(),
                }],
                ..SecurityGroup::new(vpc.clone())
            },
        );
        self.add(
            format!("{p}-web"),
            LoadBalancer {
                lb_type: LoadBalancerType::Classic,
                scheme: Scheme::InternetFacing,
                subnets: public.clone(),
                security_groups: vec![web_sg],
                classic_listeners: vec![ClassicListener {
                    instance_port: 8080,
                    ..ClassicListener::new(LISTENER_PORT, ListenerProtocol::Http)
                }],
                instances: vec![ResourceId::new(format!("{p}-app0-fleet"))],
            },
        );
        self.flow("internet", &format!("{p}-web"), Some(LISTENER_PORT));
        // The API invokes the target function of the VPC's first application.
        let api = self.add(format!("{p}-api"), ApiGateway::default());
        self.add(
            format!("{p}-api-invoke"),
            LambdaPermission {
                function: ResourceId::new(format!("{p}-app0-target")),
                principal: "apigateway.amazonaws.com".into(),
                source: Some(api.clone()),
            },
        );
        self.flow(api.as_str(), &format!("{p}-app0-target"), None);
    }

    /// One application in VPC `v`, in two of its three zones.
    fn app(&mut self, v: usize, a: usize) {
        let vpc = ResourceId::new(format!("v{v}-vpc"));
        let p = format!("v{v}-app{a}");
        let zones = [ZONES[a % ZONES.len()], ZONES[(a + 1) % ZONES.len()]];
        let subnets: Vec<ResourceId> =
            zones.iter().map(|z| ResourceId::new(format!("v{v}-private-{z}"))).collect();
        // The first application's fleet also serves the VPC's classic load
        // balancer on 8080.
        let caller_sg = SecurityGroup {
            ingress: if a == 0 {
                vec![ingress(8080, &ResourceId::new(format!("v{v}-web-sg")))]
            } else {
                Vec::new()
            },
            ..SecurityGroup::new(vpc.clone())
        };
        let caller_sg = self.add(format!("{p}-caller-sg"), caller_sg);
        let function_sg = self.add(format!("{p}-function-sg"), SecurityGroup::new(vpc.clone()));
        let lb_sg = self.add(
            format!("{p}-alb-sg"),
            SecurityGroup {
                ingress: vec![ingress(LISTENER_PORT, &caller_sg)],
                ..SecurityGroup::new(vpc.clone())
            },
        );
        let endpoint_sg = ResourceId::new(format!("v{v}-endpoint-sg"));
        if let Some(crate::model::Kind::SecurityGroup(sg)) =
            self.design.resource_mut(&endpoint_sg).map(|r| &mut r.kind)
        {
            sg.ingress.push(ingress(443, &caller_sg));
            sg.ingress.push(ingress(443, &function_sg));
        }
        let in_vpc = |sg: &ResourceId, timeout_s: u32| LambdaFunction {
            timeout_s,
            vpc_config: Some(VpcConfig {
                subnets: subnets.clone(),
                security_groups: vec![sg.clone()],
            }),
            ..LambdaFunction::default()
        };
        let lb = self.add(
            format!("{p}-alb"),
            LoadBalancer {
                scheme: Scheme::Internal,
                subnets: subnets.clone(),
                security_groups: vec![lb_sg],
                ..LoadBalancer::default()
            },
        );
        let target = self.add(format!("{p}-target"), in_vpc(&function_sg, 10));
        let tg = self.add(
            format!("{p}-tg"),
            TargetGroup {
                target_type: TargetType::Lambda,
                vpc: None,
                port: None,
                targets: vec![target.clone()],
            },
        );
        self.add(
            format!("{p}-listener"),
            LoadBalancerListener {
                load_balancer: lb.clone(),
                port: LISTENER_PORT,
                protocol: ListenerProtocol::Http,
                certificate: None,
                default_target_group: Some(tg.clone()),
            },
        );
        self.add(
            format!("{p}-elb-invoke"),
            LambdaPermission {
                function: target.clone(),
                principal: "elasticloadbalancing.amazonaws.com".into(),
                source: Some(tg),
            },
        );
        let callers: Vec<ResourceId> =
            (0..3).map(|c| self.add(format!("{p}-caller-{c}"), in_vpc(&caller_sg, 10))).collect();
        let host = self.add(
            format!("{p}-host"),
            Ec2Instance {
                subnet: Some(subnets[0].clone()),
                security_groups: vec![caller_sg.clone()],
                ..Ec2Instance::default()
            },
        );
        let template = self.add(
            format!("{p}-template"),
            LaunchTemplate {
                security_groups: vec![caller_sg.clone()],
                ..LaunchTemplate::default()
            },
        );
        let fleet = self.add(
            format!("{p}-fleet"),
            AutoScalingGroup {
                launch_template: Some(template),
                subnets: subnets.clone(),
                min_size: 2,
                max_size: 4,
                desired_capacity: None,
            },
        );
        let dlq = self
            .add(format!("{p}-dlq"), SqsQueue { visibility_timeout_s: 60, ..SqsQueue::default() });
        let queue = self.add(
            format!("{p}-queue"),
            SqsQueue {
                fifo: false,
                visibility_timeout_s: 180,
                redrive: Some(RedrivePolicy { dead_letter_queue: dlq, max_receive_count: 5 }),
            },
        );
        let worker = self.add(format!("{p}-worker"), in_vpc(&function_sg, 30));
        self.add(
            format!("{p}-queue-to-worker"),
            EventSourceMapping { source: queue.clone(), function: worker.clone(), batch_size: 10 },
        );
        let logs = self.add(format!("{p}-logs"), LogGroup { retention_days: Some(30) });
        let data_port = if a.is_multiple_of(2) { 5432 } else { 3306 };
        let data_sg = self.add(
            format!("{p}-data-sg"),
            SecurityGroup {
                ingress: vec![
                    ingress(data_port, &caller_sg),
                    ingress(data_port, &function_sg),
                    ingress(6379, &caller_sg),
                    ingress(2049, &caller_sg),
                ],
                egress: Vec::new(),
                ..SecurityGroup::new(vpc.clone())
            },
        );
        let data = (subnets.clone(), vec![data_sg.clone()]);
        let database = if a.is_multiple_of(2) {
            let db = RdsInstance {
                subnets: data.0.clone(),
                security_groups: data.1.clone(),
                publicly_accessible: Some(false),
                multi_az: true,
                ..RdsInstance::default()
            };
            self.add(format!("{p}-db"), db)
        } else {
            let db = DbCluster {
                engine: "aurora-mysql".into(),
                subnets: data.0.clone(),
                security_groups: data.1.clone(),
                publicly_accessible: Some(false),
                ..DbCluster::default()
            };
            self.add(format!("{p}-db"), db)
        };
        let cache = self.add(
            format!("{p}-cache"),
            CacheCluster {
                subnets: data.0.clone(),
                security_groups: data.1.clone(),
                ..CacheCluster::default()
            },
        );
        let (subnets, security_groups) = data;
        let files = self.add(
            format!("{p}-files"),
            EfsFileSystem { subnets, security_groups, ..EfsFileSystem::default() },
        );

        self.flow(callers[0].as_str(), lb.as_str(), Some(LISTENER_PORT));
        self.flow(callers[1].as_str(), lb.as_str(), Some(LISTENER_PORT));
        self.flow(callers[2].as_str(), queue.as_str(), None);
        self.flow(host.as_str(), lb.as_str(), Some(LISTENER_PORT));
        self.flow(fleet.as_str(), lb.as_str(), Some(LISTENER_PORT));
        self.flow(target.as_str(), "secrets", None);
        self.flow(worker.as_str(), if a.is_multiple_of(2) { "reports" } else { "orders" }, None);
        self.flow(worker.as_str(), logs.as_str(), None);
        self.flow(host.as_str(), database.as_str(), None);
        self.flow(worker.as_str(), database.as_str(), None);
        self.flow(fleet.as_str(), cache.as_str(), None);
        self.flow(host.as_str(), files.as_str(), None);
    }
}

fn net(addr: Ipv4Addr, prefix: u8) -> Ipv4Net {
    Ipv4Net::new(addr, prefix).expect("synthetic prefixes are at most 32")
}

fn default_route(target: &ResourceId) -> Route {
    Route { destination: RouteDestination::Cidr(Ipv4Net::default()), target: target.clone() }
}

/// TCP on one port from the members of a security group.
fn ingress(port: u16, from: &ResourceId) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::Tcp,
        ports: Some(PortRange::single(port)),
        peer: SgPeer::SecurityGroup(from.clone()),
        description: format!("from {from}"),
    }
}

/// A least-privilege endpoint policy for one service.
fn policy(service: &str) -> serde_json::Value {
    serde_json::json!({
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": format!("{service}:*"),
            "Resource": format!("arn:aws:{service}:eu-west-1:123456789012:*"),
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn sizes_are_exact_and_deterministic() {
        for n in [0, 2, 3, 47, 48, 100, 1000] {
            assert_eq!(design(n).resources.len(), n, "size {n}");
        }
        assert_eq!(design(300), design(300));
    }

    #[test]
    fn a_thousand_resources_validate_without_dangling_references() {
        let design = design(1000);
        assert_eq!(design.resources.len(), 1000);
        let functions = design
            .resources
            .iter()
            .filter(|r| matches!(r.kind, crate::model::Kind::LambdaFunction(_)))
            .count();
        assert!(
            design.flows.len() >= functions,
            "{} flows for {functions} functions",
            design.flows.len()
        );
        let findings = crate::validate(&design);
        let dangling: Vec<_> = findings.iter().filter(|f| f.rule == "E0001").collect();
        assert!(dangling.is_empty(), "{dangling:#?}");
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // The network kinds of issue #10 are there, and the classic load
        // balancers' flows pass to their fleets.
        for tag in [
            crate::model::KindTag::TransitGatewayAttachment,
            crate::model::KindTag::FlowLog,
            crate::model::KindTag::TransitGateway,
        ] {
            assert!(design.resources.iter().any(|r| r.kind.tag() == tag), "no {tag:?}");
        }
        let web: Vec<_> = crate::reach::analyze(&design)
            .into_iter()
            .filter(|r| {
                design.flows.iter().any(|f| f.id == r.flow && f.target.as_str().ends_with("-web"))
            })
            .collect();
        assert!(!web.is_empty());
        assert!(web.iter().all(|r| r.is_permitted()), "{web:#?}");
    }

    #[test]
    fn the_json_round_trips() {
        let design = design(200);
        let json = crate::to_json(&design);
        assert_eq!(crate::parse_design(&json).unwrap(), design);
    }
}
