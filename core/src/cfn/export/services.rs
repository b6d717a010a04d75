//! Managed services: API Gateway (REST or HTTP API) with its Lambda
//! integrations, SQS with redrive, event source mappings, log groups, S3,
//! DynamoDB, and generic resources kept as they were imported.

use super::Exporter;
use crate::cfn::logical_id::kebab_case;
use crate::cfn::tree::{Key, Node, sub_names};
use crate::model::{
    ApiGateway, ApiType, DynamoDbTable, EventSourceMapping, External, ExternalSource,
    GenericResource, Kind, KindTag, LogGroup, NestedStack, ResourceId, S3Bucket, SqsQueue,
};

impl Exporter<'_> {
    /// The Lambda functions an API integrates with: the targets of its flows.
    pub(super) fn api_targets(&self, api: &ResourceId) -> Vec<ResourceId> {
        let mut out: Vec<ResourceId> = Vec::new();
        for flow in self.index.flows_from(api) {
            let is_function = matches!(
                self.index.get(&flow.target).map(|r| &r.kind),
                Some(Kind::LambdaFunction(_))
            );
            if is_function && !out.contains(&flow.target) {
                out.push(flow.target.clone());
            }
        }
        out
    }

    pub(super) fn api_gateway(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        api: &ApiGateway,
    ) {
        let targets = self.api_targets(design_id);
        match api.api_type {
            ApiType::Rest => self.rest_api(&id, name, &targets),
            ApiType::Http => self.http_api(&id, name, &targets),
        }
        self.emit_implied_permissions(design_id);
    }

    fn rest_api(&mut self, id: &str, name: &str, targets: &[ResourceId]) {
        self.add(
            id.to_owned(),
            "AWS::ApiGateway::RestApi",
            vec![("Name", Node::str(name))],
            vec![],
        );
        let mut methods = Vec::new();
        for target in targets {
            let function = self.id(target);
            let resource_id = if targets.len() == 1 {
                Node::get_att(id, "RootResourceId")
            } else {
                let resource = self.claim(&format!("{id}{function}Resource"));
                self.add(
                    resource.clone(),
                    "AWS::ApiGateway::Resource",
                    vec![
                        ("RestApiId", Node::reference(id)),
                        ("ParentId", Node::get_att(id, "RootResourceId")),
                        ("PathPart", Node::Str(kebab_case(&function))),
                    ],
                    vec![],
                );
                Node::reference(&resource)
            };
            let method = self.claim(&format!("{id}{function}Method"));
            let uri = format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function}.Arn}}/invocations"
            );
            self.add(
                method.clone(),
                "AWS::ApiGateway::Method",
                vec![
                    ("RestApiId", Node::reference(id)),
                    ("ResourceId", resource_id),
                    ("HttpMethod", Node::str("ANY")),
                    ("AuthorizationType", Node::str("NONE")),
                    (
                        "Integration",
                        Node::Map(vec![
                            ("Type".into(), Node::str("AWS_PROXY")),
                            ("IntegrationHttpMethod".into(), Node::str("POST")),
                            ("Uri".into(), Node::sub(uri)),
                        ]),
                    ),
                ],
                vec![],
            );
            methods.push(method);
        }
        if !methods.is_empty() {
            let deployment = self.claim(&format!("{id}Deployment"));
            self.add(
                deployment,
                "AWS::ApiGateway::Deployment",
                vec![("RestApiId", Node::reference(id)), ("StageName", Node::str("api"))],
                methods,
            );
        }
    }

    fn http_api(&mut self, id: &str, name: &str, targets: &[ResourceId]) {
        self.add(
            id.to_owned(),
            "AWS::ApiGatewayV2::Api",
            vec![("Name", Node::str(name)), ("ProtocolType", Node::str("HTTP"))],
            vec![],
        );
        for target in targets {
            let function = self.id(target);
            let integration = self.claim(&format!("{id}{function}Integration"));
            self.add(
                integration.clone(),
                "AWS::ApiGatewayV2::Integration",
                vec![
                    ("ApiId", Node::reference(id)),
                    ("IntegrationType", Node::str("AWS_PROXY")),
                    ("IntegrationUri", Node::get_att(&function, "Arn")),
                    ("PayloadFormatVersion", Node::str("2.0")),
                ],
                vec![],
            );
            let route_key = if targets.len() == 1 {
                "$default".to_owned()
            } else {
                format!("ANY /{}", kebab_case(&function))
            };
            let route = self.claim(&format!("{id}{function}Route"));
            self.add(
                route,
                "AWS::ApiGatewayV2::Route",
                vec![
                    ("ApiId", Node::reference(id)),
                    ("RouteKey", Node::Str(route_key)),
                    ("Target", Node::sub(format!("integrations/${{{integration}}}"))),
                ],
                vec![],
            );
        }
        let stage = self.claim(&format!("{id}DefaultStage"));
        self.add(
            stage,
            "AWS::ApiGatewayV2::Stage",
            vec![
                ("ApiId", Node::reference(id)),
                ("StageName", Node::str("$default")),
                ("AutoDeploy", Node::Bool(true)),
            ],
            vec![],
        );
    }

    pub(super) fn sqs_queue(&mut self, id: String, q: &SqsQueue) {
        let mut props = Vec::new();
        if q.fifo {
            props.push(("FifoQueue", Node::Bool(true)));
        }
        props.push(("VisibilityTimeout", Node::Int(i64::from(q.visibility_timeout_s))));
        if let Some(redrive) = &q.redrive {
            props.push((
                "RedrivePolicy",
                Node::Map(vec![
                    ("deadLetterTargetArn".into(), self.get_att(&redrive.dead_letter_queue, "Arn")),
                    ("maxReceiveCount".into(), Node::Int(i64::from(redrive.max_receive_count))),
                ]),
            ));
        }
        self.add(id, "AWS::SQS::Queue", props, vec![]);
    }

    pub(super) fn event_source_mapping(&mut self, id: String, m: &EventSourceMapping) {
        let source = match self.index.get(&m.source).map(|r| &r.kind) {
            Some(Kind::DynamoDbTable(_)) => self.get_att(&m.source, "StreamArn"),
            Some(Kind::SqsQueue(_)) => self.get_att(&m.source, "Arn"),
            _ => self.reference(&m.source),
        };
        self.add(
            id,
            "AWS::Lambda::EventSourceMapping",
            vec![
                ("EventSourceArn", source),
                ("FunctionName", self.reference(&m.function)),
                ("BatchSize", Node::Int(i64::from(m.batch_size))),
            ],
            vec![],
        );
    }

    pub(super) fn log_group(&mut self, id: String, g: &LogGroup) {
        let props = match g.retention_days {
            Some(days) => vec![("RetentionInDays", Node::Int(i64::from(days)))],
            None => vec![],
        };
        self.add(id, "AWS::Logs::LogGroup", props, vec![]);
    }

    pub(super) fn s3_bucket(&mut self, id: String, b: &S3Bucket) {
        let props = if b.versioning {
            vec![(
                "VersioningConfiguration",
                Node::Map(vec![("Status".into(), Node::str("Enabled"))]),
            )]
        } else {
            vec![]
        };
        self.add(id, "AWS::S3::Bucket", props, vec![]);
    }

    pub(super) fn dynamodb_table(&mut self, id: String, design_id: &ResourceId, t: &DynamoDbTable) {
        let attribute = |name: &str| {
            Node::Map(vec![
                ("AttributeName".into(), Node::str(name)),
                ("AttributeType".into(), Node::str("S")),
            ])
        };
        let key = |name: &str, kind: &str| {
            Node::Map(vec![
                ("AttributeName".into(), Node::str(name)),
                ("KeyType".into(), Node::str(kind)),
            ])
        };
        let mut attributes = vec![attribute(&t.partition_key)];
        let mut keys = vec![key(&t.partition_key, "HASH")];
        if let Some(sort) = &t.sort_key {
            attributes.push(attribute(sort));
            keys.push(key(sort, "RANGE"));
        }
        let mut props = vec![
            ("BillingMode", Node::str("PAY_PER_REQUEST")),
            ("AttributeDefinitions", Node::List(attributes)),
            ("KeySchema", Node::List(keys)),
        ];
        if !self.index.mappings_of_source(design_id).is_empty() {
            props.push((
                "StreamSpecification",
                Node::Map(vec![("StreamViewType".into(), Node::str("NEW_AND_OLD_IMAGES"))]),
            ));
        }
        self.add(id, "AWS::DynamoDB::Table", props, vec![]);
    }

    pub(super) fn generic(&mut self, id: String, g: &GenericResource) {
        let props: Vec<(Key, Node)> = match Node::from_json(&g.properties) {
            Node::Map(entries) => entries,
            _ => vec![],
        };
        self.add(id, &g.resource_type, props, vec![]);
    }

    /// A nested stack: its template URL and parameters as the parent
    /// passes them; the metadata keeps its outputs and resources, which
    /// the template does not say.
    pub(super) fn nested_stack(&mut self, id: String, stack: &NestedStack) {
        let url = if stack.template_url.contains("${") {
            Node::sub(&stack.template_url)
        } else {
            Node::str(&stack.template_url)
        };
        let mut props = vec![("TemplateURL", url)];
        // A value passed by reference to a parameter of the parent that the
        // design does not hold becomes a parameter of the exported template.
        let mut names = Vec::new();
        for value in stack.parameters.values() {
            referenced_names(value, &mut names);
        }
        for name in names {
            let is_resource = self.index.design.resources.iter().any(|r| self.id(&r.id) == name);
            if !is_resource {
                self.parameter(
                    &name,
                    vec![
                        ("Type", Node::str("String")),
                        ("Description", Node::Str(format!("Passed to nested stack {id}"))),
                    ],
                );
            }
        }
        if !stack.parameters.is_empty() {
            let map: serde_json::Map<String, serde_json::Value> =
                stack.parameters.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            props.push(("Parameters", Node::from_json(&serde_json::Value::Object(map))));
        }
        if !stack.outputs.is_empty() {
            let outputs = stack.outputs.iter().map(Node::str).collect();
            self.remember(&id, "outputs", Node::List(outputs));
        }
        if !stack.resources.is_empty() {
            let resources = stack
                .resources
                .iter()
                .map(|r| Node::List(vec![Node::str(&r.logical_id), Node::str(&r.resource_type)]))
                .collect();
            self.remember(&id, "resources", Node::List(resources));
        }
        self.add(id, "AWS::CloudFormation::Stack", props, vec![]);
    }

    /// The `!GetAtt Stack.Outputs.Name` an external resource stands for,
    /// when it is an output of a nested stack of the design.
    pub(super) fn stack_output(&self, id: &ResourceId) -> Option<Node> {
        let Kind::External(ext) = &self.index.get(id)?.kind else {
            return None;
        };
        let ExternalSource::StackOutput(source) = &ext.source else {
            return None;
        };
        let (stack, output) = source.split_once(".Outputs.")?;
        let resource = self
            .index
            .of_kind(KindTag::NestedStack)
            .iter()
            .copied()
            .find(|r| r.logical_id.as_deref() == Some(stack) || self.id(&r.id) == stack)?;
        Some(Node::get_att(&self.id(&resource.id), &format!("Outputs.{output}")))
    }

    /// An external resource is a parameter the deployer fills in, typed so
    /// that the console offers the account's resources of that kind; a
    /// literal physical ID is its default.
    pub(super) fn external(
        &mut self,
        id: String,
        design_id: &ResourceId,
        name: &str,
        ext: &External,
    ) {
        if self.stack_output(design_id).is_some() {
            // References read the stack's output instead.
            return;
        }
        let aws_type = match (ext.of, ext.many) {
            (KindTag::Vpc, _) => "AWS::EC2::VPC::Id",
            (KindTag::Subnet, false) => "AWS::EC2::Subnet::Id",
            (KindTag::Subnet, true) => "List<AWS::EC2::Subnet::Id>",
            (KindTag::SecurityGroup, false) => "AWS::EC2::SecurityGroup::Id",
            (KindTag::SecurityGroup, true) => "List<AWS::EC2::SecurityGroup::Id>",
            (_, true) => "CommaDelimitedList",
            (_, false) => "String",
        };
        let mut entries = vec![
            ("Type", Node::str(aws_type)),
            ("Description", Node::Str(format!("{name}: {} ({}).", ext.of.title(), ext.source))),
        ];
        if let ExternalSource::PhysicalId(physical) = &ext.source {
            entries.push(("Default", Node::Str(physical.clone())));
        }
        self.parameter(&id, entries);
    }
}

/// The names a JSON value refers to with `Ref` or `${Name}` in a `Sub`,
/// other than pseudo parameters and attributes.
fn referenced_names(value: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    fn push(out: &mut Vec<String>, name: &str) {
        let name = name.trim();
        if !name.is_empty() && !name.contains([':', '.', '!']) && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    }
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("Ref", Value::String(name)) => push(out, name),
                    ("Fn::Sub", Value::String(text)) => {
                        sub_names(text).for_each(|name| push(out, name));
                    }
                    _ => referenced_names(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| referenced_names(v, out)),
        _ => {}
    }
}
