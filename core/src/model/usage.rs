//! Expected usage: how much data a flow or resource carries and how many
//! requests it serves each month, for the cost estimate.
//!
//! Usage is optional everywhere: what a design does not say takes the
//! estimate's stated default (`cost::defaults`), so files without a `usage`
//! section read as before and no schema migration is needed.

use super::ResourceId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The usage a design states, by flow ID and by resource ID.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<ResourceId, FlowUsage>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<ResourceId, ResourceUsage>,
}

impl Usage {
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty() && self.resources.is_empty()
    }
}

/// What one flow carries each month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowUsage {
    /// Gigabytes sent and received over the flow each month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gb_per_month: Option<f64>,
    /// Requests (calls, messages) made over the flow each month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_month: Option<f64>,
}

/// What one resource serves each month, beyond what its flows say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceUsage {
    /// Requests served each month: invocations of a function, API calls to
    /// a queue, table, bucket or API, requests to a load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_month: Option<f64>,
    /// Gigabytes each month: processed by a NAT gateway, endpoint or load
    /// balancer on top of its flows, stored in a bucket, table, Aurora
    /// cluster or EFS file system (in EFS Standard), ingested by a log
    /// group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gb_per_month: Option<f64>,
    /// The mean duration of a function's invocation, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// Storage I/O requests each month, which an Aurora Standard cluster
    /// pays for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io_requests_per_month: Option<f64>,
    /// Gigabytes an EFS file system keeps in Infrequent Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infrequent_access_gb: Option<f64>,
    /// The instances an Auto Scaling group or EKS node group runs on
    /// average over the month (its desired capacity or size when not
    /// stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<f64>,
}
