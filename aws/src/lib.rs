//! Reads live AWS accounts into vpcraft designs: every AWS SDK call of
//! vpcraft lives in this crate, so the pure core and the app never wait on
//! the SDK's build.
//!
//! [`read`] fetches what a selection of VPCs holds into a [`map::Snapshot`]
//! of the SDK's own shapes, and [`map::design`] turns a snapshot into a
//! [`vpcraft_core::Design`] without I/O, so the mapping is tested on
//! constructed responses. A call that is denied or fails leaves the rest of
//! the import intact and becomes a [`Warning`] naming the IAM action it
//! needs. [`read_stack`] draws a deployed CloudFormation stack from its
//! template, its parameter values and its resources.

pub mod account;
pub mod config;
pub mod map;
pub mod ops;
pub mod read;
pub mod stack;
mod warning;

pub use account::{AccessError, StackSummary, VpcSummary};
pub use aws_config::SdkConfig;
pub use aws_credential_types::Credentials;
pub use config::{ConfigError, ConnectOptions, sdk_config};
pub use map::{Snapshot, design};
pub use ops::Op;
pub use read::{Concurrency, Imported, Selection, read, read_with};
pub use stack::{StackError, StackImport, read_stack};
pub use warning::Warning;
