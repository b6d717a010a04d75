//! The one layout engine of vpcraft, pure and shared by every shell: the
//! automatic layout ([`auto`]) that draws a design without positions (a
//! starter template, an imported template, stack or AWS account) as VPCs
//! with availability zone columns, public and private subnet rows and the
//! regional services outside; the geometry it and the canvas share
//! ([`geometry`]); the orthogonal routing of flow arrows ([`routing`],
//! [`flows`]); where a resource in several subnets shows a replica
//! ([`spanning`]); the box of a nested stack with its resources
//! ([`stack_box`]); and a grid for "what is near here" ([`buckets`]). The
//! CLI, the server and the browser all call it, so they draw the same
//! picture.

pub mod auto;
pub mod buckets;
pub mod chips;
pub mod flows;
pub mod geometry;
pub mod routing;
pub mod spanning;
pub mod stack_box;

pub use auto::place_missing;
