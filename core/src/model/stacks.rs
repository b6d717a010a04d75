//! Nested stacks (`AWS::CloudFormation::Stack`): one box that stands for
//! the stack a template deploys inside the parent's, with the parameters
//! the parent passes and the outputs it reads.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A nested stack: the template it deploys, the parameters passed to it
/// (as the parent's template writes them, references included) and its
/// outputs. When the child template was read (a local file beside the
/// parent), `resources` lists what it creates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NestedStack {
    /// The template's URL as the parent writes it; `${Name}` where it
    /// comes from a parameter or another value known at deploy time.
    #[serde(default)]
    pub template_url: String,
    /// The parameter values passed, each a string or a CloudFormation
    /// intrinsic function in its JSON form (`{"Ref": "Vpc"}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, serde_json::Value>,
    /// The outputs: those the child template declares when it was read,
    /// else those the parent reads (`!GetAtt Stack.Outputs.Name`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<String>,
    /// The resources the child template creates, when it was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<StackResource>,
}

/// One resource of a nested stack's template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackResource {
    pub logical_id: String,
    pub resource_type: String,
}
