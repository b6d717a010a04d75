//! CloudFormation both ways: export a design as a template (YAML with short
//! intrinsics, or JSON) and import a template as a design.
//!
//! The export maps every resource kind to its CloudFormation resources with
//! readable logical IDs derived from the names, and keeps what only the
//! drawing knows (IDs, names, zones, flows, layout) in the template's
//! `Metadata.vpcraft`, so that a re-import restores the design. The import
//! reads any template, resolving intrinsics and inferring flows when that
//! metadata is absent.

mod export;
mod import;
pub mod json;
pub mod logical_id;
mod metadata;
mod nesting;
mod split;
pub mod tree;
pub mod yaml;
mod yaml_fast;
mod yaml_read;
mod yaml_scalar;

pub use export::{Exported, export, render, template};
pub use import::{
    ImportError, ImportOptions, ImportWarning, Imported, import, import_with, infer_wiring_flows,
    kind_of_type, nested_template_urls, template_resource_count,
};
pub use split::{Part, PartTemplate, export_per_vpc, split_by_vpc};

/// The text format of a template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yaml" | "yml" => Some(Self::Yaml),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// The media type a server sends the template with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Yaml => "application/yaml",
            Self::Json => "application/json",
        }
    }
}

/// Whether a text looks like a CloudFormation template rather than a design
/// file: a design has `schema_version` at its top level, a template has
/// `Resources` or `AWSTemplateFormatVersion`.
pub fn looks_like_template(text: &str) -> bool {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) {
        return !map.contains_key("schema_version")
            && (map.contains_key("Resources") || map.contains_key("AWSTemplateFormatVersion"));
    }
    // Not JSON: a YAML template has one of its top-level keys at column 0.
    text.lines()
        .any(|line| line.starts_with("Resources:") || line.starts_with("AWSTemplateFormatVersion:"))
}
