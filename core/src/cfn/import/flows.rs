//! Inferring flows from a template without vpcraft metadata: what a Lambda
//! function's environment names, what its role allows, event source
//! mappings and API Gateway integrations. Every inferred flow is marked
//! `inferred` so the user can tell it from a drawn one and delete it.

use super::build::Builder;
use super::resolve::{Val, references};
use crate::model::{AwsService, Design, Flow, Kind, KindTag, Protocol, Resource, ResourceId};
use std::collections::{HashMap, HashSet};

/// The action prefixes every execution role carries for its own plumbing;
/// they are not calls the code makes.
const PLUMBING: &[&str] = &["logs", "ec2", "xray", "cloudwatch", "iam", "sts"];

struct Inference<'d> {
    design: &'d mut Design,
    flows: Vec<Flow>,
    seen: HashSet<(ResourceId, ResourceId)>,
}

impl Inference<'_> {
    fn tag(&self, id: &ResourceId) -> Option<KindTag> {
        self.design.resources.iter().find(|r| &r.id == id).map(|r| r.kind.tag())
    }

    fn add(&mut self, source: &ResourceId, target: &ResourceId, label: &str) {
        if source == target || !self.seen.insert((source.clone(), target.clone())) {
            return;
        }
        let port = match self.tag(target) {
            Some(KindTag::LoadBalancer) => self.listener_port(target),
            _ => Some(443),
        };
        let mut id = self.design.fresh_id("flow");
        while self.flows.iter().any(|f| f.id == id) {
            id = ResourceId::new(format!("{id}-1"));
        }
        self.flows.push(Flow {
            id,
            source: source.clone(),
            target: target.clone(),
            protocol: Protocol::Tcp,
            port,
            inferred: true,
            label: label.to_owned(),
        });
    }

    fn listener_port(&self, lb: &ResourceId) -> Option<u16> {
        self.design.resources.iter().find_map(|r| match &r.kind {
            Kind::Listener(l) if &l.load_balancer == lb => Some(l.port),
            _ => None,
        })
    }

    /// The AWS service node for an action prefix, made on first use.
    fn service(&mut self, service: &str) -> ResourceId {
        let existing = self.design.resources.iter().find_map(|r| match &r.kind {
            Kind::AwsService(s) if s.service == service => Some(r.id.clone()),
            _ => None,
        });
        existing.unwrap_or_else(|| {
            let id = ResourceId::new(format!("svc-{service}"));
            let id = if self.tag(&id).is_some() { self.design.fresh_id("svc") } else { id };
            self.design.resources.push(Resource {
                id: id.clone(),
                name: service.to_owned(),
                logical_id: None,
                physical_id: None,
                kind: AwsService { service: service.to_owned() }.into(),
            });
            id
        })
    }

    fn of_tag(&self, tag: KindTag) -> Vec<ResourceId> {
        self.design.resources.iter().filter(|r| r.kind.tag() == tag).map(|r| r.id.clone()).collect()
    }
}

/// Infers the flows of an imported design, adding the AWS service nodes
/// that role actions name.
pub(super) fn infer(b: &Builder<'_, '_>, design: &mut Design) -> Vec<Flow> {
    let mut inf = Inference { design, flows: Vec::new(), seen: HashSet::new() };
    let targets = [
        KindTag::SqsQueue,
        KindTag::DynamoDbTable,
        KindTag::S3Bucket,
        KindTag::LoadBalancer,
        KindTag::VpcEndpoint,
        KindTag::ApiGateway,
    ];
    for e in b.entries {
        match e.resource_type {
            "AWS::Lambda::Function" => {
                let Some(function) = b.ids.get(e.logical_id).cloned() else {
                    continue;
                };
                if let Some(vars) = e.properties.get("Environment").and_then(|n| n.get("Variables"))
                {
                    let mut refs = Vec::new();
                    references(vars, &mut refs);
                    for r in refs {
                        let Some(target) = b.ids.get(r.as_str()) else {
                            continue;
                        };
                        if inf.tag(target).is_some_and(|t| targets.contains(&t)) {
                            inf.add(&function, target, "environment");
                        }
                    }
                }
                if let Some(role) = b.role_of(e) {
                    role_flows(b, &mut inf, &function, role);
                }
            }
            "AWS::Lambda::EventSourceMapping" => {
                let function = b.id_of(&b.val(e, "FunctionName"));
                let source = b.id_of(&b.val(e, "EventSourceArn"));
                if let (Some(function), Some(source)) = (function, source) {
                    inf.add(&function, &source, "event source mapping");
                }
            }
            "AWS::ApiGateway::Method" | "AWS::ApiGatewayV2::Integration" => {
                let (api_key, uri) = if e.resource_type == "AWS::ApiGateway::Method" {
                    ("RestApiId", e.properties.get("Integration").and_then(|i| i.get("Uri")))
                } else {
                    ("ApiId", e.properties.get("IntegrationUri"))
                };
                let Some(api) = b.id_of(&b.val(e, api_key)) else {
                    continue;
                };
                let mut refs = Vec::new();
                if let Some(uri) = uri {
                    references(uri, &mut refs);
                }
                for r in refs {
                    if let Some(target) = b.ids.get(r.as_str())
                        && inf.tag(target) == Some(KindTag::LambdaFunction)
                    {
                        inf.add(&api, target, "integration");
                    }
                }
            }
            _ => {}
        }
    }
    inf.flows
}

/// Flows for what an execution role allows: to the statement's resources
/// in the template, to every resource of that service when the statement
/// says `*`, or to an AWS service node.
fn role_flows(
    b: &Builder<'_, '_>,
    inf: &mut Inference<'_>,
    function: &ResourceId,
    role: &super::Entry<'_>,
) {
    let mut by_prefix: HashMap<String, Vec<ResourceId>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for statement in b.role_statements(role) {
        if statement.get("Effect").and_then(Val::as_str) != Some("Allow") {
            continue;
        }
        let actions: Vec<String> = match statement.get("Action") {
            Some(Val::Str(a)) => vec![a.clone()],
            Some(list) => {
                list.items().iter().filter_map(|a| a.as_str().map(str::to_owned)).collect()
            }
            None => vec![],
        };
        let resources: Vec<ResourceId> = match statement.get("Resource") {
            Some(Val::List(items)) => items.iter().filter_map(|r| resource_of(b, r)).collect(),
            Some(single) => resource_of(b, single).into_iter().collect(),
            None => vec![],
        };
        for action in actions {
            let prefix = action.split(':').next().unwrap_or_default().to_ascii_lowercase();
            if PLUMBING.contains(&prefix.as_str()) || prefix.is_empty() || prefix == "*" {
                continue;
            }
            if !order.contains(&prefix) {
                order.push(prefix.clone());
            }
            by_prefix.entry(prefix).or_default().extend(resources.iter().cloned());
        }
    }
    for prefix in order {
        let named = &by_prefix[&prefix];
        let tag = match prefix.as_str() {
            "sqs" => Some(KindTag::SqsQueue),
            "dynamodb" => Some(KindTag::DynamoDbTable),
            "s3" => Some(KindTag::S3Bucket),
            _ => None,
        };
        let mut targets: Vec<ResourceId> =
            named.iter().filter(|id| tag.is_some() && inf.tag(id) == tag).cloned().collect();
        if targets.is_empty()
            && let Some(tag) = tag
        {
            targets = inf.of_tag(tag);
        }
        if targets.is_empty() {
            targets.push(inf.service(&prefix));
        }
        for target in targets {
            inf.add(function, &target, &format!("{prefix} actions of the execution role"));
        }
    }
}

/// The template resource an IAM `Resource` entry names, through `Ref`,
/// `GetAtt` or a `Sub` built on one.
fn resource_of(b: &Builder<'_, '_>, value: &Val) -> Option<ResourceId> {
    if let Some(id) = b.id_of(value) {
        return Some(id);
    }
    let text = value.as_str()?;
    let start = text.find("${")? + 2;
    let end = text[start..].find('}')? + start;
    let logical = text[start..end].split('.').next()?;
    b.ids.get(logical).cloned()
}
