//! Reachability: whether the network lets each flow through, hop by hop,
//! and the helpers rules share to ask about security groups and services.

pub mod peer;
pub mod service;

pub use service::{is_internet, service_name};
