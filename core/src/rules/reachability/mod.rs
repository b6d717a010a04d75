//! Reachability rules: blocked flows, and the logs endpoint that Lambda's
//! own logging does not need.

pub mod flow_blocked;
pub mod logs_endpoint;
