//! Flows: directed "A calls B" edges with a protocol and port.

use super::ResourceId;
use super::security::Protocol;
use serde::{Deserialize, Serialize};

/// Flows share the ID space of resources so findings can point at either.
pub type FlowId = ResourceId;

/// "`source` calls `target`" on a protocol and port.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: FlowId,
    pub source: ResourceId,
    pub target: ResourceId,
    #[serde(default)]
    pub protocol: Protocol,
    /// The port; absent means the target's default (443 for AWS services,
    /// the listener port for a load balancer).
    #[serde(default)]
    pub port: Option<u16>,
    /// Set when an import inferred the flow rather than a person drawing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}
