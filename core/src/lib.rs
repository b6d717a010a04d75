//! vpcraft's pure domain: the design model, CIDR math and the rule engine.
//!
//! This crate does no I/O and cannot fail as a whole: parsing returns a
//! precise error for malformed input, and validation returns a list of
//! findings, skipping what it cannot judge. It builds for
//! `wasm32-unknown-unknown` so the browser, the server and the command line
//! all run the same code.

pub mod cancel;
pub mod cfn;
pub mod cidr;
pub mod collab;
pub mod comments;
pub mod cost;
pub mod diff;
pub mod finding;
pub mod fix;
pub mod index;
pub mod layout;
pub mod model;
pub mod reach;
pub mod reviews;
pub mod rules;
pub mod schema;
pub mod sort;
pub mod synth;

pub use finding::{Finding, ResourceRef, Severity};
pub use fix::{Edit, QuickFix};
pub use model::{Design, Kind, Resource, ResourceId};
pub use rules::{catalogue_markdown, validate};
pub use schema::{ParseError, parse_design, to_json};
