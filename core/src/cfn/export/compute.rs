//! Compute: Lambda functions with their execution roles and invoke
//! permissions, and ECS services with awsvpc networking (load balancers are
//! in `load_balancing.rs`).

use super::Exporter;
use crate::cfn::tree::{Key, Node};
use crate::model::{EcsService, Kind, LambdaFunction, LambdaPermission, ResourceId};

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
