//! External values: resources that exist outside the design and are named
//! only at deploy time (a parameter naming an existing VPC, an imported
//! value, a literal physical ID, the region's default VPC).
//!
//! An external resource stands in for what it names so that references stay
//! typed, but it carries no properties: rules never judge it, and rules that
//! would need its properties skip what depends on it (rule I0002 says which
//! assumption each such resource is).

use super::KindTag;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an external resource's identity comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExternalSource {
    /// A template parameter without a value known before deployment.
    Parameter(String),
    /// An `Fn::ImportValue` of another stack's export.
    Import(String),
    /// A literal physical ID or ARN (`vpc-0abc…`, an ACM certificate ARN).
    PhysicalId(String),
    /// The region's default VPC, where AWS puts a security group or
    /// function whose template names no VPC.
    DefaultVpc,
    /// An output of a nested stack (`Stack.Outputs.Name`).
    StackOutput(String),
    /// A value built by a function whose inputs are known only at deploy
    /// time (for example `Fn::Split` of an imported value).
    Computed(String),
}

impl fmt::Display for ExternalSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parameter(name) => write!(f, "parameter {name}"),
            Self::Import(name) => write!(f, "imported value {name}"),
            Self::PhysicalId(id) => write!(f, "existing {id}"),
            Self::DefaultVpc => f.write_str("the region's default VPC"),
            Self::StackOutput(name) => write!(f, "nested stack output {name}"),
            Self::Computed(what) => write!(f, "{what}"),
        }
    }
}

/// A resource outside the design that the design refers to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct External {
    /// What kind of resource it is.
    pub of: KindTag,
    pub source: ExternalSource,
    /// Whether it stands for a list of such resources (a
    /// `List<AWS::EC2::Subnet::Id>` parameter).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub many: bool,
}
