//! The service primaries: APIs, queues and their event sources, log
//! groups, buckets and tables, and a generic node for any other type.

use super::Builder;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::Val;
use crate::cfn::tree::Node;
use crate::model::*;

impl Builder<'_, '_> {
    /// The design kind of a service entry, or a generic node for a type the
    /// design has no kind for.
    pub(super) fn service_kind(&mut self, e: &Entry<'_>) -> Kind {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        match e.resource_type {
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
                function: self.required_ref(KindTag::LambdaFunction, &v!("FunctionName")),
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
            "AWS::CloudFormation::Stack" => self.nested_stack(e).into(),
            other => {
                if !other.starts_with("AWS::") && !other.starts_with("Custom::") {
                    self.warn(
                        e.logical_id,
                        format!("unknown resource type {other}, kept as a generic node"),
                    );
                }
                let properties = e.properties.to_json();
                GenericResource { resource_type: other.to_owned(), properties }.into()
            }
        }
    }

    /// A nested stack as the parent writes it: its template URL and the
    /// parameters passed, with what the export kept of its outputs and
    /// resources (the caller's child template, when given, replaces them).
    fn nested_stack(&mut self, e: &Entry<'_>) -> NestedStack {
        let template_url = match e.properties.get("TemplateURL") {
            Some(Node::Str(url)) => url.clone(),
            Some(Node::Fn(name, arg)) if name == "Ref" => {
                format!("${{{}}}", arg.as_str().unwrap_or(""))
            }
            Some(Node::Fn(name, arg)) if name == "Sub" => match &**arg {
                Node::Str(text) => text.clone(),
                other => other.to_json().to_string(),
            },
            Some(other) => other.to_json().to_string(),
            None => String::new(),
        };
        // A value the parent's parameters fix is passed as that value, as
        // CloudFormation deploys it; references to resources, outputs and
        // values known only at deploy time are kept as written.
        let parameters = match e.properties.get("Parameters") {
            Some(Node::Map(entries)) => entries
                .iter()
                .map(|(key, node)| {
                    let value = match (node, self.resolver.resolve(node)) {
                        (Node::Fn(..), Val::Str(s)) if !s.contains("${") => {
                            serde_json::Value::String(s)
                        }
                        (Node::Fn(..), Val::Num(n)) => serde_json::json!(n),
                        (Node::Fn(..), Val::Bool(b)) => serde_json::Value::Bool(b),
                        _ => node.to_json(),
                    };
                    (key.to_string(), value)
                })
                .collect(),
            _ => Default::default(),
        };
        let texts = |v: Option<Val>| -> Vec<Val> {
            match v {
                Some(Val::List(items)) => items,
                _ => Vec::new(),
            }
        };
        let outputs =
            texts(self.extra(e.logical_id, "outputs")).iter().filter_map(Val::to_text).collect();
        let resources = texts(self.extra(e.logical_id, "resources"))
            .iter()
            .filter_map(|pair| match pair {
                Val::List(p) => Some(StackResource {
                    logical_id: p.first()?.to_text()?,
                    resource_type: p.get(1)?.to_text()?,
                }),
                _ => None,
            })
            .collect();
        NestedStack { template_url, parameters, outputs, resources }
    }
}
