//! Turning template resources into design resources: primaries first (each
//! becomes one design resource), then the secondaries folded into them
//! (routes, associations, rules, attachments, roles, clusters, API parts).

use super::resolve::{Resolver, Val};
use super::{Entry, ImportWarning, Imported};
use crate::cfn::export::NO_EGRESS_CIDR;
use crate::cfn::logical_id::{LogicalIds, kebab_case};
use crate::cfn::metadata::Saved;
use crate::model::*;
use std::collections::HashMap;

/// The types folded into another resource rather than drawn on their own.
const SECONDARY: &[&str] = &[
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::ECS::Cluster",
    "AWS::ECS::TaskDefinition",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
];

pub(super) struct Builder<'a, 't> {
    pub resolver: &'a Resolver<'t>,
    pub entries: &'a [Entry<'t>],
    /// Logical ID → the design ID of the resource it became.
    pub ids: HashMap<&'t str, ResourceId>,
    pub resources: Vec<Resource>,
    position: HashMap<ResourceId, usize>,
    pub warnings: Vec<ImportWarning>,
    pub saved: Option<Saved>,
    /// Roles used by functions: folded into them.
    roles: HashMap<&'t str, &'a Entry<'t>>,
    taken: LogicalIds,
    /// The zone container of each (VPC, zone letter) made so far.
    zone_ids: HashMap<(ResourceId, String), ResourceId>,
    /// Zone containers in the order they were made, placed after their VPC
    /// once every resource is in: inserting each into `resources` as it
    /// came would shift (and re-index) everything after it, a quadratic
    /// cost for templates with thousands of subnets.
    zones: Vec<Resource>,
}

pub(super) fn build(
    name: String,
    entries: &[Entry<'_>],
    resolver: &Resolver<'_>,
    saved: Option<Saved>,
) -> Imported {
    let mut b = Builder {
        resolver,
        entries,
        ids: HashMap::new(),
        resources: Vec::new(),
        position: HashMap::new(),
        warnings: Vec::new(),
        saved,
        roles: HashMap::new(),
        taken: LogicalIds::default(),
        zone_ids: HashMap::new(),
        zones: Vec::new(),
    };
    b.find_roles();
    b.assign_ids();
    b.primaries();
    b.secondaries();
    b.endpoint_routes();
    b.zones_and_services();
    b.place_zones();
    let mut design = Design::new(name);
    if let Some(region) = b.saved.as_ref().and_then(|s| s.region.clone()) {
        design.region = region;
    }
    design.resources = std::mem::take(&mut b.resources);
    match b.saved.as_mut() {
        Some(saved) => {
            design.flows = std::mem::take(&mut saved.flows);
            design.layout.positions = std::mem::take(&mut saved.layout);
        }
        None => {
            design.flows = super::flows::infer(&b, &mut design);
            design.layout.positions = super::layout::auto(&design);
        }
    }
    Imported { design, warnings: b.warnings }
}

impl<'a, 't> Builder<'a, 't> {
    fn warn(&mut self, logical_id: &str, message: impl Into<String>) {
        self.warnings
            .push(ImportWarning { logical_id: logical_id.to_owned(), message: message.into() });
    }

    pub fn val(&self, entry: &Entry<'_>, key: &str) -> Val {
        entry.properties.get(key).map_or(Val::Null, |n| self.resolver.resolve(n))
    }

    /// The design ID a value points at.
    pub fn id_of(&self, value: &Val) -> Option<ResourceId> {
        self.ids.get(value.target()?).cloned()
    }

    fn ids_of(&self, value: &Val) -> Vec<ResourceId> {
        value.items().iter().filter_map(|v| self.id_of(v)).collect()
    }

    fn find_roles(&mut self) {
        let entries = self.entries;
        let roles: HashMap<&str, &'a Entry<'t>> = entries
            .iter()
            .filter(|e| e.resource_type == "AWS::IAM::Role")
            .map(|e| (e.logical_id, e))
            .collect();
        for entry in entries {
            if entry.resource_type == "AWS::Lambda::Function"
                && let Some(role) = self.val(entry, "Role").target().map(str::to_owned)
                && let Some(&role_entry) = roles.get(role.as_str())
            {
                self.roles.insert(role_entry.logical_id, role_entry);
            }
        }
    }

    fn is_primary(&self, entry: &Entry<'_>) -> bool {
        let implied =
            self.saved.as_ref().is_some_and(|s| s.implied.iter().any(|i| i == entry.logical_id));
        !implied
            && !SECONDARY.contains(&entry.resource_type)
            && !self.roles.contains_key(entry.logical_id)
    }

    fn assign_ids(&mut self) {
        let entries = self.entries;
        for entry in entries {
            if !self.is_primary(entry) {
                continue;
            }
            let saved = self
                .saved
                .as_ref()
                .and_then(|s| s.resources.get(entry.logical_id))
                .map(|(id, _)| id.clone());
            let id = self.taken.claim(&saved.unwrap_or_else(|| kebab_case(entry.logical_id)));
            self.ids.insert(entry.logical_id, ResourceId::new(id));
        }
    }

    /// The name of an imported resource: the saved one, a `Name` tag, the
    /// physical name property, or the logical ID.
    fn name(&self, entry: &Entry<'_>) -> String {
        if let Some((_, name)) = self.saved.as_ref().and_then(|s| s.resources.get(entry.logical_id))
        {
            return name.clone();
        }
        let tag = self.val(entry, "Tags").items().iter().find_map(|t| {
            (t.get("Key").and_then(Val::as_str) == Some("Name"))
                .then(|| t.get("Value")?.to_text())?
        });
        let physical = [
            "FunctionName",
            "QueueName",
            "BucketName",
            "TableName",
            "Name",
            "LogGroupName",
            "ServiceName",
        ]
        .iter()
        .filter(|k| !(entry.resource_type == "AWS::EC2::VPCEndpoint" && **k == "ServiceName"))
        .find_map(|k| self.val(entry, k).as_str().map(str::to_owned));
        tag.or(physical).unwrap_or_else(|| entry.logical_id.to_owned())
    }

    fn push(&mut self, id: ResourceId, name: String, kind: Kind) {
        self.position.insert(id.clone(), self.resources.len());
        self.resources.push(Resource { id, name, kind });
    }

    fn get_mut(&mut self, id: &ResourceId) -> Option<&mut Kind> {
        let i = *self.position.get(id)?;
        Some(&mut self.resources[i].kind)
    }

    fn primaries(&mut self) {
        let entries = self.entries;
        for entry in entries {
            let Some(id) = self.ids.get(entry.logical_id).cloned() else {
                continue;
            };
            let name = self.name(entry);
            let kind = self.kind(entry, &id);
            self.push(id, name, kind);
        }
    }

    fn num(&self, entry: &Entry<'_>, key: &str) -> Option<i64> {
        self.val(entry, key).as_i64()
    }

    fn kind(&mut self, e: &Entry<'_>, id: &ResourceId) -> Kind {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        match e.resource_type {
            "AWS::EC2::VPC" => {
                let cidr = v!("CidrBlock").as_str().and_then(|s| s.parse().ok());
                if cidr.is_none() {
                    self.warn(e.logical_id, "the VPC's CidrBlock is not a literal IPv4 CIDR");
                }
                Vpc {
                    cidr_blocks: cidr.into_iter().collect(),
                    enable_dns_support: v!("EnableDnsSupport").as_bool().unwrap_or(true),
                    enable_dns_hostnames: v!("EnableDnsHostnames").as_bool().unwrap_or(false),
                }
                .into()
            }
            "AWS::EC2::Subnet" => {
                let cidr = v!("CidrBlock").as_str().and_then(|s| s.parse().ok());
                if cidr.is_none() {
                    self.warn(e.logical_id, "the subnet's CidrBlock is not a literal IPv4 CIDR");
                }
                let vpc = self.id_of(&v!("VpcId")).unwrap_or_else(|| ResourceId::new(""));
                let zone = match v!("AvailabilityZone") {
                    Val::Str(s) if s.ends_with(|c: char| c.is_ascii_lowercase()) => {
                        s.chars().last().map(String::from).unwrap_or_default()
                    }
                    Val::Null => "a".to_owned(),
                    _ => {
                        self.warn(
                            e.logical_id,
                            "the availability zone is not known before deployment; zone a assumed",
                        );
                        "a".to_owned()
                    }
                };
                Subnet {
                    az: self.zone(&vpc, &zone),
                    cidr: cidr.unwrap_or_else(|| "0.0.0.0/32".parse().expect("valid")),
                    map_public_ip_on_launch: v!("MapPublicIpOnLaunch").as_bool().unwrap_or(false),
                }
                .into()
            }
            "AWS::EC2::InternetGateway" => InternetGateway { vpc: None }.into(),
            "AWS::EC2::EIP" => ElasticIp {}.into(),
            "AWS::EC2::NatGateway" => {
                let private = v!("ConnectivityType").as_str() == Some("private");
                NatGateway {
                    subnet: self.id_of(&v!("SubnetId")).unwrap_or_else(|| ResourceId::new("")),
                    connectivity: if private {
                        NatConnectivity::Private
                    } else {
                        NatConnectivity::Public
                    },
                    elastic_ip: self.id_of(&v!("AllocationId")),
                }
                .into()
            }
            "AWS::EC2::RouteTable" => RouteTable {
                vpc: self.id_of(&v!("VpcId")).unwrap_or_else(|| ResourceId::new("")),
                main: self.extra(e.logical_id, "main").and_then(|m| m.as_bool()) == Some(true),
                routes: Vec::new(),
                associations: Vec::new(),
            }
            .into(),
            "AWS::EC2::NetworkAcl" => NetworkAcl {
                vpc: self.id_of(&v!("VpcId")).unwrap_or_else(|| ResourceId::new("")),
                entries: Vec::new(),
                associations: Vec::new(),
            }
            .into(),
            "AWS::EC2::SecurityGroup" => {
                let description = v!("GroupDescription").to_text().unwrap_or_default();
                let name = self.name(e);
                let mut sg = SecurityGroup {
                    vpc: self.id_of(&v!("VpcId")).unwrap_or_else(|| ResourceId::new("")),
                    description: if description == name { String::new() } else { description },
                    ingress: Vec::new(),
                    egress: Vec::new(),
                };
                for rule in v!("SecurityGroupIngress").items() {
                    if let Some(rule) = self.rule(e.logical_id, rule, false) {
                        sg.ingress.push(rule);
                    }
                }
                match v!("SecurityGroupEgress") {
                    Val::Null => sg.egress = SecurityGroup::new(sg.vpc.clone()).egress,
                    rules => {
                        for rule in rules.items() {
                            let no_egress = rule.get("CidrIp").and_then(Val::as_str)
                                == Some(NO_EGRESS_CIDR)
                                && protocol(rule.get("IpProtocol")) == Some(Protocol::All);
                            if !no_egress && let Some(rule) = self.rule(e.logical_id, rule, true) {
                                sg.egress.push(rule);
                            }
                        }
                    }
                }
                sg.into()
            }
            "AWS::EC2::VPCEndpoint" => {
                let service = v!("ServiceName").to_text().unwrap_or_default();
                let short = service
                    .strip_prefix("com.amazonaws.")
                    .and_then(|rest| rest.split_once('.'))
                    .map_or(service.clone(), |(_, s)| s.to_owned());
                let gateway = v!("VpcEndpointType").as_str() == Some("Gateway")
                    || (v!("VpcEndpointType") == Val::Null
                        && matches!(short.as_str(), "s3" | "dynamodb"));
                let policy = match v!("PolicyDocument") {
                    Val::Null => None,
                    Val::Str(s) => serde_json::from_str(&s).ok(),
                    other => Some(other.to_json()),
                };
                VpcEndpoint {
                    vpc: self.id_of(&v!("VpcId")).unwrap_or_else(|| ResourceId::new("")),
                    service: short,
                    endpoint_type: if gateway {
                        EndpointType::Gateway
                    } else {
                        EndpointType::Interface
                    },
                    subnets: self.ids_of(&v!("SubnetIds")),
                    security_groups: self.ids_of(&v!("SecurityGroupIds")),
                    private_dns: v!("PrivateDnsEnabled").as_bool().unwrap_or(false),
                    route_tables: match self.extra(e.logical_id, "route_tables") {
                        Some(own) => own
                            .items()
                            .iter()
                            .filter_map(|t| t.as_str().map(ResourceId::new))
                            .collect(),
                        None => self.ids_of(&v!("RouteTableIds")),
                    },
                    policy,
                }
                .into()
            }
            "AWS::EC2::VPCPeeringConnection" => VpcPeering {
                requester: self.id_of(&v!("VpcId")).unwrap_or_else(|| ResourceId::new("")),
                accepter: self.id_of(&v!("PeerVpcId")).unwrap_or_else(|| ResourceId::new("")),
            }
            .into(),
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
                let mut subnets = self.ids_of(&v!("Subnets"));
                for mapping in v!("SubnetMappings").items() {
                    subnets.extend(mapping.get("SubnetId").and_then(|s| self.id_of(s)));
                }
                LoadBalancer {
                    lb_type: if v!("Type").as_str() == Some("network") {
                        LoadBalancerType::Network
                    } else {
                        LoadBalancerType::Application
                    },
                    scheme: if v!("Scheme").as_str() == Some("internal") {
                        Scheme::Internal
                    } else {
                        Scheme::InternetFacing
                    },
                    subnets,
                    security_groups: self.ids_of(&v!("SecurityGroups")),
                }
                .into()
            }
            "AWS::ElasticLoadBalancingV2::Listener" => {
                let protocol = match v!("Protocol").as_str() {
                    Some("HTTPS") => ListenerProtocol::Https,
                    Some("TCP") => ListenerProtocol::Tcp,
                    Some("TLS") => ListenerProtocol::Tls,
                    Some("UDP") => ListenerProtocol::Udp,
                    _ => ListenerProtocol::Http,
                };
                let certificate = v!("Certificates")
                    .items()
                    .first()
                    .and_then(|c| c.get("CertificateArn"))
                    .and_then(Val::as_str)
                    .map(str::to_owned);
                let actions = v!("DefaultActions");
                let target_group = actions.items().iter().find_map(|a| {
                    a.get("TargetGroupArn").and_then(|t| self.id_of(t)).or_else(|| {
                        let groups = a.get("ForwardConfig")?.get("TargetGroups")?;
                        self.id_of(groups.items().first()?.get("TargetGroupArn")?)
                    })
                });
                LoadBalancerListener {
                    load_balancer: self
                        .id_of(&v!("LoadBalancerArn"))
                        .unwrap_or_else(|| ResourceId::new("")),
                    port: v!("Port").as_i64().and_then(|p| u16::try_from(p).ok()).unwrap_or(80),
                    protocol,
                    certificate,
                    default_target_group: target_group,
                }
                .into()
            }
            "AWS::ElasticLoadBalancingV2::TargetGroup" => {
                let target_type = match v!("TargetType").as_str() {
                    Some("lambda") => TargetType::Lambda,
                    Some("ip") => TargetType::Ip,
                    _ => TargetType::Instance,
                };
                let derived = self.extra(e.logical_id, "derived_port").and_then(|d| d.as_bool());
                let port = if target_type == TargetType::Lambda {
                    self.extra(e.logical_id, "port").and_then(|p| p.as_i64())
                } else if derived == Some(true) {
                    None
                } else {
                    v!("Port").as_i64()
                };
                TargetGroup {
                    target_type,
                    vpc: self.id_of(&v!("VpcId")),
                    port: port.and_then(|p| u16::try_from(p).ok()),
                    targets: v!("Targets")
                        .items()
                        .iter()
                        .filter_map(|t| self.id_of(t.get("Id")?))
                        .collect(),
                }
                .into()
            }
            "AWS::Lambda::Function" => self.function(e),
            "AWS::Lambda::Permission" => {
                let source = match self.extra(e.logical_id, "source") {
                    Some(Val::Str(s)) => Some(ResourceId::new(s)),
                    _ => self.source_of(&v!("SourceArn"), e),
                };
                LambdaPermission {
                    function: self
                        .id_of(&v!("FunctionName"))
                        .unwrap_or_else(|| ResourceId::new("")),
                    principal: v!("Principal").to_text().unwrap_or_default(),
                    source,
                }
                .into()
            }
            "AWS::ECS::Service" => {
                let cluster = match v!("Cluster") {
                    Val::Ref(c) | Val::Att(c, _) => self
                        .entries
                        .iter()
                        .find(|x| x.logical_id == c)
                        .and_then(|x| self.val(x, "ClusterName").as_str().map(str::to_owned))
                        .unwrap_or(c),
                    Val::Str(s) => s.rsplit('/').next().unwrap_or(&s).to_owned(),
                    _ => "default".to_owned(),
                };
                let network = v!("NetworkConfiguration");
                let awsvpc = network.get("AwsvpcConfiguration").cloned().unwrap_or(Val::Null);
                EcsService {
                    cluster,
                    desired_count: v!("DesiredCount")
                        .as_i64()
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(1),
                    assign_public_ip: awsvpc.get("AssignPublicIp").and_then(Val::as_str)
                        == Some("ENABLED"),
                    network: VpcConfig {
                        subnets: awsvpc.get("Subnets").map(|s| self.ids_of(s)).unwrap_or_default(),
                        security_groups: awsvpc
                            .get("SecurityGroups")
                            .map(|s| self.ids_of(s))
                            .unwrap_or_default(),
                    },
                }
                .into()
            }
            "AWS::ApiGateway::RestApi" => ApiGateway { api_type: ApiType::Rest }.into(),
            "AWS::ApiGatewayV2::Api" => ApiGateway { api_type: ApiType::Http }.into(),
            "AWS::SQS::Queue" => {
                let redrive = match v!("RedrivePolicy") {
                    Val::Map(_) => {
                        let policy = v!("RedrivePolicy");
                        let dlq = policy.get("deadLetterTargetArn").and_then(|d| self.id_of(d));
                        let count =
                            policy.get("maxReceiveCount").and_then(Val::as_i64).unwrap_or(1);
                        dlq.map(|dead_letter_queue| RedrivePolicy {
                            dead_letter_queue,
                            max_receive_count: u32::try_from(count).unwrap_or(1),
                        })
                    }
                    Val::Null => None,
                    _ => {
                        self.warn(
                            e.logical_id,
                            "the redrive policy is not a mapping and was not imported",
                        );
                        None
                    }
                };
                SqsQueue {
                    fifo: v!("FifoQueue").as_bool().unwrap_or(false),
                    visibility_timeout_s: self
                        .num(e, "VisibilityTimeout")
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(30),
                    redrive,
                }
                .into()
            }
            "AWS::Lambda::EventSourceMapping" => EventSourceMapping {
                source: self.id_of(&v!("EventSourceArn")).unwrap_or_else(|| ResourceId::new("")),
                function: self.id_of(&v!("FunctionName")).unwrap_or_else(|| ResourceId::new("")),
                batch_size: self
                    .num(e, "BatchSize")
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(10),
            }
            .into(),
            "AWS::Logs::LogGroup" => LogGroup {
                retention_days: self.num(e, "RetentionInDays").and_then(|n| u32::try_from(n).ok()),
            }
            .into(),
            "AWS::S3::Bucket" => S3Bucket {
                versioning: v!("VersioningConfiguration").get("Status").and_then(Val::as_str)
                    == Some("Enabled"),
            }
            .into(),
            "AWS::DynamoDB::Table" => {
                let keys = v!("KeySchema");
                let key = |kind: &str| {
                    keys.items().iter().find_map(|k| {
                        (k.get("KeyType").and_then(Val::as_str) == Some(kind))
                            .then(|| k.get("AttributeName")?.to_text())?
                    })
                };
                DynamoDbTable {
                    partition_key: key("HASH").unwrap_or_default(),
                    sort_key: key("RANGE"),
                }
                .into()
            }
            other => {
                if !other.starts_with("AWS::") && !other.starts_with("Custom::") {
                    self.warn(
                        e.logical_id,
                        format!("unknown resource type {other}, kept as a generic node"),
                    );
                }
                let properties = e.properties.to_json();
                let _ = id;
                GenericResource { resource_type: other.to_owned(), properties }.into()
            }
        }
    }

    fn extra(&self, logical_id: &str, key: &str) -> Option<Val> {
        let node = self.saved.as_ref()?.extra.get(logical_id)?.get(key)?;
        Some(self.resolver.resolve(node))
    }

    /// The resource a permission's `SourceArn` names: a reference, or a
    /// `${Resource}` inside an ARN built with `!Sub`.
    fn source_of(&self, value: &Val, e: &Entry<'_>) -> Option<ResourceId> {
        if let Some(id) = self.id_of(value) {
            return Some(id);
        }
        let node = e.properties.get("SourceArn")?;
        let mut refs = Vec::new();
        super::resolve::references(node, &mut refs);
        refs.iter().find_map(|r| self.ids.get(r.as_str()).cloned())
    }

    fn function(&mut self, e: &Entry<'_>) -> Kind {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        let environment = match v!("Environment").get("Variables") {
            Some(Val::Map(vars)) => {
                vars.iter().filter_map(|(k, v)| Some((k.clone(), v.to_text()?))).collect()
            }
            _ => Default::default(),
        };
        let vpc_config = match v!("VpcConfig") {
            Val::Null => None,
            cfg => Some(VpcConfig {
                subnets: cfg.get("SubnetIds").map(|s| self.ids_of(s)).unwrap_or_default(),
                security_groups: cfg
                    .get("SecurityGroupIds")
                    .map(|s| self.ids_of(s))
                    .unwrap_or_default(),
            }),
        };
        let role = match v!("Role") {
            Val::Att(role, _) | Val::Ref(role) if self.roles.contains_key(role.as_str()) => {
                let entry = self.roles[role.as_str()];
                IamRole { arn: None, actions: self.role_actions(entry) }
            }
            other => IamRole { arn: other.to_text(), actions: Vec::new() },
        };
        LambdaFunction {
            runtime: v!("Runtime").to_text().unwrap_or_else(|| "python3.12".into()),
            handler: v!("Handler").to_text().unwrap_or_else(|| "index.handler".into()),
            memory_mb: self.num(e, "MemorySize").and_then(|n| u32::try_from(n).ok()).unwrap_or(128),
            timeout_s: self.num(e, "Timeout").and_then(|n| u32::try_from(n).ok()).unwrap_or(3),
            environment,
            vpc_config,
            role,
        }
        .into()
    }

    /// The allowed actions of a role's inline policies, in order.
    pub fn role_actions(&self, role: &Entry<'_>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for statement in self.role_statements(role) {
            if statement.get("Effect").and_then(Val::as_str) != Some("Allow") {
                continue;
            }
            let actions = match statement.get("Action") {
                Some(Val::Str(a)) => vec![a.clone()],
                Some(list) => {
                    list.items().iter().filter_map(|a| a.as_str().map(str::to_owned)).collect()
                }
                None => vec![],
            };
            for action in actions {
                if !out.contains(&action) {
                    out.push(action);
                }
            }
        }
        out
    }

    /// The statements of a role's inline policies.
    pub fn role_statements(&self, role: &Entry<'_>) -> Vec<Val> {
        let mut out = Vec::new();
        for policy in self.val(role, "Policies").items() {
            let Some(document) = policy.get("PolicyDocument") else {
                continue;
            };
            match document.get("Statement") {
                Some(Val::List(items)) => out.extend(items.iter().cloned()),
                Some(single @ Val::Map(_)) => out.push(single.clone()),
                _ => {}
            }
        }
        out
    }

    /// The execution role entry of a function, when the template defines it.
    pub fn role_of(&self, function: &Entry<'_>) -> Option<&'a Entry<'t>> {
        let role = self.val(function, "Role");
        self.roles.get(role.target()?).copied()
    }

    fn rule(&mut self, logical_id: &str, rule: &Val, egress: bool) -> Option<SecurityGroupRule> {
        let Some(protocol) = protocol(rule.get("IpProtocol")) else {
            self.warn(logical_id, "a rule with an unsupported protocol was not imported");
            return None;
        };
        let from = rule.get("FromPort").and_then(Val::as_i64);
        let to = rule.get("ToPort").and_then(Val::as_i64);
        let ports = match (protocol, from, to) {
            (Protocol::All, _, _) | (Protocol::Icmp, Some(-1) | None, _) => None,
            (_, Some(from), Some(to)) if from >= 0 && to >= 0 => Some(PortRange {
                from: u16::try_from(from).unwrap_or(0),
                to: u16::try_from(to).unwrap_or(u16::MAX),
            }),
            _ => Some(PortRange::ALL),
        };
        let (sg_key, pl_key) = if egress {
            ("DestinationSecurityGroupId", "DestinationPrefixListId")
        } else {
            ("SourceSecurityGroupId", "SourcePrefixListId")
        };
        let peer = if let Some(cidr) = rule.get("CidrIp").and_then(Val::as_str) {
            SgPeer::Cidr(cidr.parse().ok()?)
        } else if let Some(cidr) = rule.get("CidrIpv6").and_then(Val::as_str) {
            SgPeer::Cidr6(cidr.to_owned())
        } else if let Some(sg) = rule.get(sg_key) {
            match self.id_of(sg) {
                Some(id) => SgPeer::SecurityGroup(id),
                None => {
                    self.warn(
                        logical_id,
                        "a rule naming a security group outside the template was not imported",
                    );
                    return None;
                }
            }
        } else if let Some(pl) = rule.get(pl_key).and_then(Val::to_text) {
            SgPeer::PrefixList(pl)
        } else {
            self.warn(logical_id, "a rule without a peer was not imported");
            return None;
        };
        Some(SecurityGroupRule {
            protocol,
            ports,
            peer,
            description: rule.get("Description").and_then(Val::to_text).unwrap_or_default(),
        })
    }

    /// Finds or makes the zone container of a VPC for a zone letter.
    fn zone(&mut self, vpc: &ResourceId, zone: &str) -> ResourceId {
        if let Some(id) = self.zone_ids.get(&(vpc.clone(), zone.to_owned())) {
            return id.clone();
        }
        let saved = self.saved.as_ref().and_then(|s| {
            s.zones
                .iter()
                .find(|z| z.vpc == vpc.as_str() && z.zone == zone)
                .map(|z| (z.id.clone(), z.name.clone()))
        });
        let (id, name) = saved.unwrap_or_else(|| (format!("{vpc}-az-{zone}"), zone.to_owned()));
        self.add_zone(vpc, zone, &id, name)
    }

    /// Records a new zone container, to be placed by [`Self::place_zones`].
    fn add_zone(&mut self, vpc: &ResourceId, zone: &str, id: &str, name: String) -> ResourceId {
        let id = ResourceId::new(self.taken.claim(id));
        self.zone_ids.insert((vpc.clone(), zone.to_owned()), id.clone());
        self.zones.push(Resource {
            id: id.clone(),
            name,
            kind: AvailabilityZone { vpc: vpc.clone(), zone: zone.to_owned() }.into(),
        });
        id
    }

    /// Puts the zones right after their VPC, as people draw them, in the
    /// order they were made; zones of a VPC the template lacks go last.
    fn place_zones(&mut self) {
        if self.zones.is_empty() {
            return;
        }
        let mut by_vpc: HashMap<ResourceId, Vec<Resource>> = HashMap::new();
        let mut order: Vec<ResourceId> = Vec::new();
        for zone in std::mem::take(&mut self.zones) {
            let Kind::AvailabilityZone(az) = &zone.kind else {
                continue;
            };
            let vpc = az.vpc.clone();
            if !by_vpc.contains_key(&vpc) {
                order.push(vpc.clone());
            }
            by_vpc.entry(vpc).or_default().push(zone);
        }
        let resources = std::mem::take(&mut self.resources);
        let mut placed = Vec::with_capacity(resources.len() + order.len());
        for resource in resources {
            let zones = matches!(resource.kind, Kind::Vpc(_))
                .then(|| by_vpc.remove(&resource.id))
                .flatten();
            placed.push(resource);
            placed.extend(zones.into_iter().flatten());
        }
        for vpc in order {
            placed.extend(by_vpc.remove(&vpc).into_iter().flatten());
        }
        self.position = placed.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        self.resources = placed;
    }

    fn secondaries(&mut self) {
        let entries = self.entries;
        let implied: std::collections::HashSet<String> =
            self.saved.as_ref().map(|s| s.implied.iter().cloned().collect()).unwrap_or_default();
        for e in entries {
            // What the export added on its own (a main route table's
            // associations) is not part of the design.
            if implied.contains(e.logical_id) {
                continue;
            }
            macro_rules! v {
                ($key:expr) => {
                    self.val(e, $key)
                };
            }
            match e.resource_type {
                "AWS::EC2::VPCCidrBlock" => {
                    let cidr = v!("CidrBlock").as_str().and_then(|s| s.parse().ok());
                    if let (Some(vpc), Some(cidr)) = (self.id_of(&v!("VpcId")), cidr)
                        && let Some(Kind::Vpc(vpc)) = self.get_mut(&vpc)
                    {
                        vpc.cidr_blocks.push(cidr);
                    }
                }
                "AWS::EC2::VPCGatewayAttachment" => {
                    let vpc = self.id_of(&v!("VpcId"));
                    if let Some(igw) = self.id_of(&v!("InternetGatewayId"))
                        && let Some(Kind::InternetGateway(igw)) = self.get_mut(&igw)
                    {
                        igw.vpc = vpc;
                    }
                }
                "AWS::EC2::Route" => {
                    let destination = if let Some(cidr) = v!("DestinationCidrBlock").as_str() {
                        cidr.parse().ok().map(RouteDestination::Cidr)
                    } else {
                        v!("DestinationPrefixListId").to_text().map(RouteDestination::PrefixList)
                    };
                    let target =
                        ["GatewayId", "NatGatewayId", "VpcPeeringConnectionId", "VpcEndpointId"]
                            .iter()
                            .find_map(|k| self.id_of(&v!(k)));
                    match (self.id_of(&v!("RouteTableId")), destination, target) {
                        (Some(rtb), Some(destination), Some(target)) => {
                            if let Some(Kind::RouteTable(rt)) = self.get_mut(&rtb) {
                                rt.routes.push(Route { destination, target });
                            }
                        }
                        _ => self.warn(e.logical_id, "a route whose destination or target is outside the template was not imported"),
                    }
                }
                "AWS::EC2::SubnetRouteTableAssociation" => {
                    if let (Some(rtb), Some(subnet)) =
                        (self.id_of(&v!("RouteTableId")), self.id_of(&v!("SubnetId")))
                        && let Some(Kind::RouteTable(rt)) = self.get_mut(&rtb)
                    {
                        rt.associations.push(subnet);
                    }
                }
                "AWS::EC2::SubnetNetworkAclAssociation" => {
                    if let (Some(acl), Some(subnet)) =
                        (self.id_of(&v!("NetworkAclId")), self.id_of(&v!("SubnetId")))
                        && let Some(Kind::NetworkAcl(acl)) = self.get_mut(&acl)
                    {
                        acl.associations.push(subnet);
                    }
                }
                "AWS::EC2::NetworkAclEntry" => self.acl_entry(e),
                "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
                    let egress = e.resource_type.ends_with("Egress");
                    let rule_val = Val::Map(match &self.resolver.resolve(e.properties) {
                        Val::Map(entries) => entries.clone(),
                        _ => vec![],
                    });
                    let group = self.id_of(&v!("GroupId"));
                    let rule = self.rule(e.logical_id, &rule_val, egress);
                    if let (Some(group), Some(rule)) = (group, rule)
                        && let Some(Kind::SecurityGroup(sg)) = self.get_mut(&group)
                    {
                        if egress { sg.egress.push(rule) } else { sg.ingress.push(rule) }
                    }
                }
                "AWS::ECS::Service" => {
                    let Some(service) = self.ids.get(e.logical_id).cloned() else {
                        continue;
                    };
                    for balancer in v!("LoadBalancers").items() {
                        if let Some(tg) = balancer.get("TargetGroupArn").and_then(|t| self.id_of(t))
                            && let Some(Kind::TargetGroup(group)) = self.get_mut(&tg)
                            && !group.targets.contains(&service)
                        {
                            group.targets.push(service.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Puts back the routes to gateway endpoints that the export kept in the
    /// metadata, at their places in their tables.
    fn endpoint_routes(&mut self) {
        let entries = self.entries;
        for e in entries {
            if e.resource_type != "AWS::EC2::RouteTable" {
                continue;
            }
            let Some(saved) = self.extra(e.logical_id, "endpoint_routes") else {
                continue;
            };
            let Some(table) = self.ids.get(e.logical_id).cloned() else {
                continue;
            };
            let mut routes: Vec<(usize, Route)> = saved
                .items()
                .iter()
                .filter_map(|item| {
                    let index = usize::try_from(item.get("index")?.as_i64()?).ok()?;
                    let route = serde_json::from_value(item.get("route")?.to_json()).ok()?;
                    Some((index, route))
                })
                .collect();
            routes.sort_by_key(|(index, _)| *index);
            if let Some(Kind::RouteTable(rt)) = self.get_mut(&table) {
                for (index, route) in routes {
                    let at = index.min(rt.routes.len());
                    rt.routes.insert(at, route);
                }
            }
        }
    }

    fn acl_entry(&mut self, e: &Entry<'_>) {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        let protocol = match v!("Protocol").as_i64() {
            Some(6) => Protocol::Tcp,
            Some(17) => Protocol::Udp,
            Some(1) => Protocol::Icmp,
            Some(-1) => Protocol::All,
            _ => {
                self.warn(
                    e.logical_id,
                    "a network ACL entry with an unsupported protocol was not imported",
                );
                return;
            }
        };
        let range = v!("PortRange");
        let ports = match (
            range.get("From").and_then(Val::as_i64),
            range.get("To").and_then(Val::as_i64),
        ) {
            (Some(from), Some(to)) => Some(PortRange {
                from: u16::try_from(from).unwrap_or(0),
                to: u16::try_from(to).unwrap_or(u16::MAX),
            }),
            _ => None,
        };
        let Some(cidr) = v!("CidrBlock").as_str().and_then(|s| s.parse().ok()) else {
            self.warn(
                e.logical_id,
                "a network ACL entry without an IPv4 CidrBlock was not imported",
            );
            return;
        };
        let entry = NetworkAclEntry {
            rule_number: v!("RuleNumber")
                .as_i64()
                .and_then(|n| u16::try_from(n).ok())
                .unwrap_or(100),
            egress: v!("Egress").as_bool().unwrap_or(false),
            protocol,
            ports,
            cidr,
            action: if v!("RuleAction").as_str() == Some("deny") {
                RuleAction::Deny
            } else {
                RuleAction::Allow
            },
        };
        if let Some(acl) = self.id_of(&v!("NetworkAclId"))
            && let Some(Kind::NetworkAcl(acl)) = self.get_mut(&acl)
        {
            acl.entries.push(entry);
        }
    }

    /// Restores the saved zones no subnet needed and the saved AWS services.
    fn zones_and_services(&mut self) {
        let Some(saved) = self.saved.take() else {
            return;
        };
        for zone in &saved.zones {
            let vpc = ResourceId::new(zone.vpc.clone());
            let exists = self.zone_ids.contains_key(&(vpc.clone(), zone.zone.clone()));
            if self.position.contains_key(&vpc) && !exists {
                self.add_zone(&vpc, &zone.zone, &zone.id, zone.name.clone());
            }
        }
        for (id, name, service) in &saved.services {
            let id = ResourceId::new(self.taken.claim(id));
            self.push(id, name.clone(), AwsService { service: service.clone() }.into());
        }
        self.saved = Some(saved);
    }
}

fn protocol(value: Option<&Val>) -> Option<Protocol> {
    let text = value?.to_text()?;
    match text.to_ascii_lowercase().as_str() {
        "-1" | "all" => Some(Protocol::All),
        "tcp" | "6" => Some(Protocol::Tcp),
        "udp" | "17" => Some(Protocol::Udp),
        "icmp" | "1" => Some(Protocol::Icmp),
        _ => None,
    }
}
