//! Flows inferred from what was read, as for templates: a function calls
//! the queues, tables and buckets its environment names, and the databases,
//! caches and file systems whose DNS names it holds, and polls its event
//! sources; the core's wiring inference adds security groups that
//! admit each other and listeners that forward to services.

use super::Mapper;
use vpcraft_core::cfn::infer_wiring_flows;
use vpcraft_core::model::*;

/// What a value names, when it is an SQS queue URL or an SQS, DynamoDB,
/// S3 or other ARN: the design ID and name of its node, and its kind.
pub(super) fn named(value: &str) -> Option<(String, String, KindTag)> {
    if let Some(rest) = value.strip_prefix("https://")
        && (rest.starts_with("sqs.") || rest.contains(".queue.amazonaws.com"))
    {
        let name = rest.trim_end_matches('/').rsplit('/').next()?;
        return Some((format!("queue-{name}"), name.to_owned(), KindTag::SqsQueue));
    }
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let (_, service, _, _, resource) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    match service {
        "sqs" => Some((format!("queue-{resource}"), resource.to_owned(), KindTag::SqsQueue)),
        "dynamodb" => {
            let table = resource.strip_prefix("table/")?.split('/').next()?;
            Some((format!("table-{table}"), table.to_owned(), KindTag::DynamoDbTable))
        }
        "s3" if !resource.contains('/') && !resource.is_empty() => {
            Some((format!("bucket-{resource}"), resource.to_owned(), KindTag::S3Bucket))
        }
        _ => None,
    }
}

impl Mapper<'_> {
    /// The node of an AWS resource outside the VPCs that a function calls
    /// or polls: an external queue, table or bucket (vpcraft did not read
    /// its settings), or a generic node for other sources.
    pub(super) fn service_node(&mut self, arn: &str) -> ResourceId {
        if let Some((id, name, of)) = named(arn) {
            if !self.has(&id) {
                let source = ExternalSource::PhysicalId(arn.to_owned());
                self.push(&id, name, External { of, source, many: false });
            }
            return ResourceId::new(id);
        }
        let id = super::arn_id("res", arn);
        let service = arn.split(':').nth(2).unwrap_or("aws");
        let properties = serde_json::json!({ "Arn": arn });
        let name = super::arn_resource(arn).rsplit('/').next().unwrap_or(arn).to_owned();
        self.push(&id, name, GenericResource { resource_type: service.to_owned(), properties });
        ResourceId::new(id)
    }

    /// The drawn data store or load balancer whose DNS name `value` holds
    /// (a bare name, `name:port`, or a URL such as
    /// `postgres://user@name:5432/db`), and the port a client connects to:
    /// the value's, else that of an `http` or `https` URL, else the
    /// resource's.
    fn host_named(&self, value: &str) -> Option<(ResourceId, u16)> {
        let scheme_port = match value.split_once("://") {
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => Some(443),
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("http") => Some(80),
            _ => None,
        };
        let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        let authority = rest.split('/').next()?;
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().ok()),
            None => (authority, None),
        };
        let (id, default) = self.hosts.get(&host.to_ascii_lowercase())?;
        Some((id.clone(), port.or(scheme_port).unwrap_or(*default)))
    }

    pub(super) fn flows(&mut self) {
        let mut found: Vec<(ResourceId, ResourceId, String, u16)> = Vec::new();
        let functions: Vec<(ResourceId, Vec<(String, String)>)> = self
            .design
            .resources
            .iter()
            .filter_map(|r| match &r.kind {
                Kind::LambdaFunction(f) => Some((
                    r.id.clone(),
                    f.environment.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                )),
                _ => None,
            })
            .collect();
        for (function, environment) in functions {
            for (key, value) in environment {
                if named(&value).is_some() {
                    let target = self.service_node(&value);
                    found.push((function.clone(), target, format!("environment {key}"), 443));
                } else if let Some((target, port)) = self.host_named(&value) {
                    found.push((function.clone(), target, format!("environment {key}"), port));
                }
            }
        }
        for resource in &self.design.resources {
            if let Kind::EventSourceMapping(m) = &resource.kind {
                found.push((
                    m.function.clone(),
                    m.source.clone(),
                    "event source mapping".into(),
                    443,
                ));
            }
        }
        let mut flows: Vec<Flow> = Vec::new();
        for (source, target, label, port) in found {
            if flows.iter().any(|f| f.source == source && f.target == target) {
                continue;
            }
            let id = ResourceId::new(format!("flow-{}", flows.len() + 1));
            let flow = Flow {
                id,
                source,
                target,
                protocol: Protocol::Tcp,
                port: Some(port),
                inferred: true,
                label,
            };
            flows.push(flow);
        }
        infer_wiring_flows(&self.design, &mut flows);
        self.design.flows = flows;
    }
}
