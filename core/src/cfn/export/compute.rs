//! Compute and load balancing: Lambda functions with their execution roles
//! and invoke permissions, ECS services with awsvpc networking, load
//! balancers, listeners and target groups.

use super::Exporter;
use crate::cfn::tree::{Key, Node};
use crate::model::{
    EcsService, Kind, LambdaFunction, LambdaPermission, ListenerProtocol, LoadBalancer,
    LoadBalancerListener, LoadBalancerType, ResourceId, Scheme, TargetGroup, TargetType,
};

/// The principal an ALB or NLB invokes a function as.
pub(crate) const ELB_PRINCIPAL: &str = "elasticloadbalancing.amazonaws.com";
/// The principal API Gateway invokes a function as.
pub(crate) const API_PRINCIPAL: &str = "apigateway.amazonaws.com";
/// The AWS-managed policy every generated execution role gets.
pub(crate) const VPC_ACCESS_POLICY: &str =
    "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
const SQS_POLLER_POLICY: &str =
    "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
const DYNAMODB_POLLER_POLICY: &str =
    "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole";
/// The container every generated ECS task definition runs.
pub(crate) const CONTAINER_NAME: &str = "app";

impl Exporter<'_> {
    pub(super) fn lambda_function(
        &mut self,
        id: String,
        design_id: &ResourceId,
        f: &LambdaFunction,
    ) {
        let role = match &f.role.arn {
            Some(arn) if arn.contains("${") => Node::sub(arn),
            Some(arn) => Node::str(arn),
            None => {
                let role_id = self.claim(&format!("{id}Role"));
                self.execution_role(&role_id, design_id, f);
                Node::get_att(&role_id, "Arn")
            }
        };
        let mut props = vec![
            ("Runtime", Node::str(&f.runtime)),
            ("Handler", Node::str(&f.handler)),
            ("MemorySize", Node::Int(i64::from(f.memory_mb))),
            ("Timeout", Node::Int(i64::from(f.timeout_s))),
            ("Role", role),
            ("Code", Node::Map(vec![("ZipFile".into(), Node::Str(placeholder_code(f)))])),
        ];
        if !f.environment.is_empty() {
            let vars = f
                .environment
                .iter()
                .map(|(k, v)| {
                    let value = if v.contains("${") { Node::sub(v) } else { Node::str(v) };
                    (k.clone().into(), value)
                })
                .collect();
            props.push(("Environment", Node::Map(vec![("Variables".into(), Node::Map(vars))])));
        }
        if let Some(cfg) = &f.vpc_config {
            props.push((
                "VpcConfig",
                Node::Map(vec![
                    ("SubnetIds".into(), self.refs(&cfg.subnets)),
                    ("SecurityGroupIds".into(), self.refs(&cfg.security_groups)),
                ]),
            ));
        }
        self.add(id, "AWS::Lambda::Function", props, vec![]);
    }

    /// A role Lambda can assume, with the VPC access policy, the pollers'
    /// policies for its event sources, and the design's actions scoped to the
    /// resources its flows reach.
    fn execution_role(&mut self, role_id: &str, function: &ResourceId, f: &LambdaFunction) {
        let mut managed = vec![Node::sub(VPC_ACCESS_POLICY)];
        let mut pollers: Vec<&str> = Vec::new();
        for mapping in self.index.mappings_of_function(function) {
            if let Kind::EventSourceMapping(m) = &mapping.kind {
                match self.index.get(&m.source).map(|r| &r.kind) {
                    Some(Kind::SqsQueue(_)) => pollers.push(SQS_POLLER_POLICY),
                    Some(Kind::DynamoDbTable(_)) => pollers.push(DYNAMODB_POLLER_POLICY),
                    _ => {}
                }
            }
        }
        pollers.dedup();
        managed.extend(pollers.into_iter().map(Node::sub));

        let mut props = vec![
            ("AssumeRolePolicyDocument", assume_role_policy()),
            ("ManagedPolicyArns", Node::List(managed)),
        ];
        if !f.role.actions.is_empty() {
            let statements = self.action_statements(function, &f.role.actions);
            props.push((
                "Policies",
                Node::List(vec![Node::Map(vec![
                    ("PolicyName".into(), Node::str("vpcraft-actions")),
                    (
                        "PolicyDocument".into(),
                        Node::Map(vec![
                            ("Version".into(), Node::str("2012-10-17")),
                            ("Statement".into(), Node::List(statements)),
                        ]),
                    ),
                ])]),
            ));
        }
        self.add(role_id.to_owned(), "AWS::IAM::Role", props, vec![]);
    }

    /// One statement per service prefix, in the order the actions first
    /// name it, on the resources of that service the function's flows reach
    /// (every resource when none do).
    fn action_statements(&self, function: &ResourceId, actions: &[String]) -> Vec<Node> {
        let mut groups: Vec<(&str, Vec<&String>)> = Vec::new();
        for action in actions {
            let prefix = action.split(':').next().unwrap_or_default();
            match groups.iter_mut().find(|(p, _)| *p == prefix) {
                Some((_, list)) => list.push(action),
                None => groups.push((prefix, vec![action])),
            }
        }
        groups
            .into_iter()
            .map(|(prefix, list)| {
                let mut resources = Vec::new();
                for flow in self.index.flows_from(function) {
                    let Some(target) = self.index.get(&flow.target) else {
                        continue;
                    };
                    let id = self.id(&target.id);
                    match (&target.kind, prefix) {
                        (Kind::SqsQueue(_), "sqs") | (Kind::DynamoDbTable(_), "dynamodb") => {
                            resources.push(Node::get_att(&id, "Arn"));
                        }
                        (Kind::S3Bucket(_), "s3") => {
                            resources.push(Node::get_att(&id, "Arn"));
                            resources.push(Node::sub(format!("${{{id}.Arn}}/*")));
                        }
                        _ => {}
                    }
                }
                if resources.is_empty() {
                    resources.push(Node::str("*"));
                }
                Node::Map(vec![
                    ("Effect".into(), Node::str("Allow")),
                    ("Action".into(), Node::List(list.into_iter().map(Node::str).collect())),
                    ("Resource".into(), Node::List(resources)),
                ])
            })
            .collect()
    }

    pub(super) fn lambda_permission(&mut self, id: String, p: &LambdaPermission) {
        let source_arn = p.source.as_ref().and_then(|source| self.source_arn(source));
        if let Some(source) = &p.source {
            self.extra
                .entry(id.clone())
                .or_default()
                .push(("source".into(), Node::str(source.as_str())));
        }
        self.permission(id, &p.function, &p.principal, source_arn);
    }

    /// A permission for `principal` to invoke `function`.
    pub(super) fn permission(
        &mut self,
        id: String,
        function: &ResourceId,
        principal: &str,
        source_arn: Option<Node>,
    ) {
        let mut props = vec![
            ("FunctionName", self.get_att(function, "Arn")),
            ("Action", Node::str("lambda:InvokeFunction")),
            ("Principal", Node::str(principal)),
        ];
        if let Some(arn) = source_arn {
            props.push(("SourceArn", arn));
        }
        self.add(id, "AWS::Lambda::Permission", props, vec![]);
    }

    /// The ARN a permission names its invoker by. A target group has none:
    /// it must wait for the permission, so the permission cannot wait for it.
    fn source_arn(&self, source: &ResourceId) -> Option<Node> {
        let id = self.id(source);
        match self.index.get(source).map(|r| &r.kind)? {
            Kind::ApiGateway(_) => Some(Node::sub(format!(
                "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}/*"
            ))),
            Kind::S3Bucket(_) => Some(Node::get_att(&id, "Arn")),
            _ => None,
        }
    }

    pub(super) fn load_balancer(&mut self, id: String, name: &str, lb: &LoadBalancer) {
        let lb_type = match lb.lb_type {
            LoadBalancerType::Application => "application",
            LoadBalancerType::Network => "network",
            LoadBalancerType::Classic => return self.classic_load_balancer(id, name, lb),
        };
        let mut props = vec![
            ("Type", Node::str(lb_type)),
            (
                "Scheme",
                Node::str(match lb.scheme {
                    Scheme::Internal => "internal",
                    Scheme::InternetFacing => "internet-facing",
                }),
            ),
            ("Subnets", self.refs(&lb.subnets)),
        ];
        if !lb.security_groups.is_empty() {
            props.push(("SecurityGroups", self.refs(&lb.security_groups)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::ElasticLoadBalancingV2::LoadBalancer", props, vec![]);
    }

    /// A classic load balancer: its listeners and instances are its own
    /// properties (Auto Scaling groups name it in `LoadBalancerNames`).
    fn classic_load_balancer(&mut self, id: String, name: &str, lb: &LoadBalancer) {
        let mut listeners = Vec::new();
        for l in &lb.classic_listeners {
            let mut listener = vec![
                ("LoadBalancerPort".into(), Node::Str(l.port.to_string())),
                ("InstancePort".into(), Node::Str(l.instance_port.to_string())),
                ("Protocol".into(), Node::str(classic_protocol(l.protocol))),
            ];
            if let Some(back) = l.instance_protocol {
                listener.push(("InstanceProtocol".into(), Node::str(classic_protocol(back))));
            }
            if l.protocol.needs_certificate() {
                let certificate = match &l.certificate {
                    Some(arn) => Node::str(arn),
                    None => {
                        let parameter = format!("{id}Port{}CertificateArn", l.port);
                        self.parameter(
                            &parameter,
                            vec![
                                ("Type", Node::str("String")),
                                (
                                    "Description",
                                    Node::Str(format!(
                                        "The certificate ARN of {id}'s listener on port {}",
                                        l.port
                                    )),
                                ),
                            ],
                        );
                        Node::reference(&parameter)
                    }
                };
                listener.push(("SSLCertificateId".into(), certificate));
            }
            listeners.push(Node::Map(listener));
        }
        let mut props = vec![];
        if lb.scheme == Scheme::Internal {
            props.push(("Scheme", Node::str("internal")));
        }
        props.push(("Subnets", self.refs(&lb.subnets)));
        if !lb.security_groups.is_empty() {
            props.push(("SecurityGroups", self.refs(&lb.security_groups)));
        }
        props.push(("Listeners", Node::List(listeners)));
        let instances: Vec<ResourceId> = lb
            .instances
            .iter()
            .filter(|i| matches!(self.index.get(i).map(|r| &r.kind), Some(Kind::Ec2Instance(_))))
            .cloned()
            .collect();
        if !instances.is_empty() {
            props.push(("Instances", self.refs(&instances)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::ElasticLoadBalancing::LoadBalancer", props, vec![]);
    }

    /// The port of an ip or instance target group: its own, else the port
    /// of the first listener that forwards to it. `None` when neither says.
    pub(super) fn target_group_port(
        &self,
        design_id: &ResourceId,
        tg: &TargetGroup,
    ) -> Option<u16> {
        tg.port.or_else(|| {
            self.index.listeners_of_tg(design_id).iter().find_map(|l| match &l.kind {
                Kind::Listener(l) => Some(l.port),
                _ => None,
            })
        })
    }

    pub(super) fn listener(
        &mut self,
        id: String,
        design_id: &ResourceId,
        l: &LoadBalancerListener,
    ) {
        let network = matches!(
            self.index.get(&l.load_balancer).map(|r| &r.kind),
            Some(Kind::LoadBalancer(lb)) if lb.lb_type == LoadBalancerType::Network
        );
        if network && l.default_target_group.is_none() {
            // A network load balancer's listeners can only forward: there is
            // no fixed response to fall back on.
            self.note(
                "X002",
                "NLB listener without a target group not exported",
                format!(
                    "listener {:?} of network load balancer {:?} forwards to no target group, and \
                     NLB listeners support no other action; it was left out of the template",
                    self.index.name(design_id),
                    self.index.name(&l.load_balancer)
                ),
                design_id,
            );
            return;
        }
        let protocol = match l.protocol {
            ListenerProtocol::Http => "HTTP",
            ListenerProtocol::Https => "HTTPS",
            ListenerProtocol::Tcp => "TCP",
            ListenerProtocol::Tls => "TLS",
            ListenerProtocol::Udp => "UDP",
        };
        let action = match &l.default_target_group {
            Some(tg) => Node::Map(vec![
                ("Type".into(), Node::str("forward")),
                ("TargetGroupArn".into(), self.reference(tg)),
            ]),
            None => Node::Map(vec![
                ("Type".into(), Node::str("fixed-response")),
                (
                    "FixedResponseConfig".into(),
                    Node::Map(vec![("StatusCode".into(), Node::str("404"))]),
                ),
            ]),
        };
        let mut props = vec![
            ("LoadBalancerArn", self.reference(&l.load_balancer)),
            ("Port", Node::Int(i64::from(l.port))),
            ("Protocol", Node::str(protocol)),
        ];
        if l.protocol.needs_certificate() {
            let certificate = match &l.certificate {
                Some(arn) => Node::str(arn),
                None => {
                    let parameter = format!("{id}CertificateArn");
                    self.parameter(
                        &parameter,
                        vec![
                            ("Type", Node::str("String")),
                            (
                                "Description",
                                Node::Str(format!("The ACM certificate ARN of listener {id}")),
                            ),
                        ],
                    );
                    Node::reference(&parameter)
                }
            };
            props.push((
                "Certificates",
                Node::List(vec![Node::Map(vec![("CertificateArn".into(), certificate)])]),
            ));
        }
        props.push(("DefaultActions", Node::List(vec![action])));
        self.add(id, "AWS::ElasticLoadBalancingV2::Listener", props, vec![]);
    }

    pub(super) fn target_group(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        tg: &TargetGroup,
    ) {
        let mut props = vec![(
            "TargetType",
            Node::str(match tg.target_type {
                TargetType::Lambda => "lambda",
                TargetType::Ip => "ip",
                TargetType::Instance => "instance",
            }),
        )];
        let mut depends = Vec::new();
        if tg.target_type == TargetType::Lambda {
            let targets: Vec<Node> = tg
                .targets
                .iter()
                .filter(|t| {
                    matches!(self.index.get(t).map(|r| &r.kind), Some(Kind::LambdaFunction(_)))
                })
                .map(|t| Node::Map(vec![("Id".into(), self.get_att(t, "Arn"))]))
                .collect();
            for target in &tg.targets {
                depends.extend(
                    self.elb_permissions
                        .get(&(design_id.clone(), target.clone()))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            if !targets.is_empty() {
                props.push(("Targets", Node::List(targets)));
            }
        } else {
            let network = self.index.listeners_of_tg(design_id).iter().any(|l| {
                let Kind::Listener(l) = &l.kind else {
                    return false;
                };
                matches!(
                    self.index.get(&l.load_balancer).map(|r| &r.kind),
                    Some(Kind::LoadBalancer(lb)) if lb.lb_type == LoadBalancerType::Network
                )
            });
            let port = match self.target_group_port(design_id, tg) {
                Some(port) => port,
                None => {
                    self.note(
                        "X001",
                        "Target group without a port",
                        format!(
                            "target group {name:?} has no port and no listener forwards to it; \
                             the template uses port 80: set the port in the design"
                        ),
                        design_id,
                    );
                    80
                }
            };
            if tg.port.is_none() {
                // The design leaves the port to the listener: keep it so.
                self.remember(&id, "derived_port", Node::Bool(true));
            }
            props.push(("Port", Node::Int(i64::from(port))));
            props.push(("Protocol", Node::str(if network { "TCP" } else { "HTTP" })));
            if let Some(vpc) = &tg.vpc {
                props.push(("VpcId", self.reference(vpc)));
            }
            // Instances are registered by the group; services register
            // their own tasks.
            let instances: Vec<Node> = tg
                .targets
                .iter()
                .filter(|t| {
                    matches!(self.index.get(t).map(|r| &r.kind), Some(Kind::Ec2Instance(_)))
                })
                .map(|t| Node::Map(vec![("Id".into(), self.reference(t))]))
                .collect();
            if !instances.is_empty() {
                props.push(("Targets", Node::List(instances)));
            }
        }
        if tg.target_type == TargetType::Lambda
            && let Some(port) = tg.port
        {
            self.extra
                .entry(id.clone())
                .or_default()
                .push(("port".into(), Node::Int(i64::from(port))));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::ElasticLoadBalancingV2::TargetGroup", props, depends);
        self.emit_implied_permissions(design_id);
    }

    pub(super) fn ecs_service(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        svc: &EcsService,
    ) {
        let cluster = match self.clusters.iter().find(|(n, _)| *n == svc.cluster) {
            Some((_, logical)) => logical.clone(),
            None => {
                let base = crate::cfn::logical_id::pascal_case(&svc.cluster, "Ecs");
                let logical = self.claim(&format!("{base}Cluster"));
                self.add(
                    logical.clone(),
                    "AWS::ECS::Cluster",
                    vec![("ClusterName", Node::str(&svc.cluster))],
                    vec![],
                );
                self.clusters.push((svc.cluster.clone(), logical.clone()));
                logical
            }
        };
        let image = format!("{id}Image");
        self.parameter(
            &image,
            vec![
                ("Type", Node::str("String")),
                ("Default", Node::str("public.ecr.aws/docker/library/nginx:stable")),
                ("Description", Node::Str(format!("The container image of ECS service {name}"))),
            ],
        );
        let mut balancers = Vec::new();
        let mut depends = Vec::new();
        let mut port_mappings = Vec::new();
        for tg in self.index.target_groups_of(design_id) {
            let Kind::TargetGroup(group) = &tg.kind else {
                continue;
            };
            let port = i64::from(self.target_group_port(&tg.id, group).unwrap_or(80));
            balancers.push(Node::Map(vec![
                ("ContainerName".into(), Node::str(CONTAINER_NAME)),
                ("ContainerPort".into(), Node::Int(port)),
                ("TargetGroupArn".into(), self.reference(&tg.id)),
            ]));
            port_mappings.push(Node::Map(vec![("ContainerPort".into(), Node::Int(port))]));
            depends.extend(self.index.listeners_of_tg(&tg.id).iter().map(|l| self.id(&l.id)));
        }
        let mut container: Vec<(Key, Node)> = vec![
            ("Name".into(), Node::str(CONTAINER_NAME)),
            ("Image".into(), Node::reference(&image)),
            ("Essential".into(), Node::Bool(true)),
        ];
        if !port_mappings.is_empty() {
            container.push(("PortMappings".into(), Node::List(port_mappings)));
        }
        let task = self.claim(&format!("{id}TaskDefinition"));
        self.add(
            task.clone(),
            "AWS::ECS::TaskDefinition",
            vec![
                ("RequiresCompatibilities", Node::List(vec![Node::str("FARGATE")])),
                ("NetworkMode", Node::str("awsvpc")),
                ("Cpu", Node::str("256")),
                ("Memory", Node::str("512")),
                ("ContainerDefinitions", Node::List(vec![Node::Map(container)])),
            ],
            vec![],
        );
        let mut props = vec![
            ("Cluster", Node::reference(&cluster)),
            ("LaunchType", Node::str("FARGATE")),
            ("DesiredCount", Node::Int(i64::from(svc.desired_count))),
            ("TaskDefinition", Node::reference(&task)),
            (
                "NetworkConfiguration",
                Node::Map(vec![(
                    "AwsvpcConfiguration".into(),
                    Node::Map(vec![
                        (
                            "AssignPublicIp".into(),
                            Node::str(if svc.assign_public_ip { "ENABLED" } else { "DISABLED" }),
                        ),
                        ("Subnets".into(), self.refs(&svc.network.subnets)),
                        ("SecurityGroups".into(), self.refs(&svc.network.security_groups)),
                    ]),
                )]),
            ),
        ];
        if !balancers.is_empty() {
            props.push(("LoadBalancers", Node::List(balancers)));
        }
        self.add(id, "AWS::ECS::Service", props, depends);
    }
}

/// The trust policy that lets Lambda assume a role.
fn assume_role_policy() -> Node {
    Node::Map(vec![
        ("Version".into(), Node::str("2012-10-17")),
        (
            "Statement".into(),
            Node::List(vec![Node::Map(vec![
                ("Effect".into(), Node::str("Allow")),
                (
                    "Principal".into(),
                    Node::Map(vec![("Service".into(), Node::str("lambda.amazonaws.com"))]),
                ),
                ("Action".into(), Node::str("sts:AssumeRole")),
            ])]),
        ),
    ])
}

/// Inline code that deploys and answers, to be replaced by the real package:
/// the handler's function name comes from the design's `handler`.
fn placeholder_code(f: &LambdaFunction) -> String {
    let function = f.handler.rsplit('.').next().unwrap_or("handler");
    if f.runtime.starts_with("nodejs") {
        format!(
            "// Placeholder generated by vpcraft: replace with the function's code.\nexports.{function} = async () => ({{ statusCode: 200, body: 'ok' }});\n"
        )
    } else {
        format!(
            "# Placeholder generated by vpcraft: replace with the function's code.\ndef {function}(event, context):\n    return {{'statusCode': 200, 'body': 'ok'}}\n"
        )
    }
}

/// How a classic load balancer's listener names a protocol.
fn classic_protocol(protocol: ListenerProtocol) -> &'static str {
    match protocol {
        ListenerProtocol::Http => "HTTP",
        ListenerProtocol::Https => "HTTPS",
        ListenerProtocol::Tls => "SSL",
        ListenerProtocol::Tcp | ListenerProtocol::Udp => "TCP",
    }
}
