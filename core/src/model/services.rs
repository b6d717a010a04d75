//! Managed services outside the VPC: APIs, queues, logs, storage, and the
//! generic "AWS service" node.

use super::ResourceId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiType {
    Rest,
    #[default]
    Http,
}

/// An API Gateway API; its integrations are the flows leaving it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiGateway {
    #[serde(default)]
    pub api_type: ApiType,
}

/// A dead-letter target and how many receives move a message there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedrivePolicy {
    pub dead_letter_queue: ResourceId,
    pub max_receive_count: u32,
}

/// An SQS queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqsQueue {
    #[serde(default)]
    pub fifo: bool,
    #[serde(default = "default_visibility")]
    pub visibility_timeout_s: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive: Option<RedrivePolicy>,
}

fn default_visibility() -> u32 {
    30
}

impl Default for SqsQueue {
    fn default() -> Self {
        Self { fifo: false, visibility_timeout_s: default_visibility(), redrive: None }
    }
}

/// A Lambda event source mapping: the function polls the source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSourceMapping {
    pub source: ResourceId,
    pub function: ResourceId,
    #[serde(default = "default_batch")]
    pub batch_size: u32,
}

fn default_batch() -> u32 {
    10
}

/// A CloudWatch Logs log group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogGroup {
    #[serde(default)]
    pub retention_days: Option<u32>,
}

/// An S3 bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Bucket {
    #[serde(default)]
    pub versioning: bool,
}

/// A DynamoDB table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamoDbTable {
    pub partition_key: String,
    #[serde(default)]
    pub sort_key: Option<String>,
}

impl Default for DynamoDbTable {
    fn default() -> Self {
        Self { partition_key: "pk".to_owned(), sort_key: None }
    }
}

/// Any AWS service reached through an endpoint or the internet, by its
/// endpoint short name (`secretsmanager`, `qldb.session`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsService {
    pub service: String,
}

/// A resource of a type vpcraft does not model, kept from an import so that
/// nothing is dropped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericResource {
    pub resource_type: String,
    #[serde(default)]
    pub properties: serde_json::Value,
}
