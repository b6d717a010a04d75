//! Findings: what a rule reports about a design.

use crate::fix::QuickFix;
use crate::model::ResourceId;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resource as a finding names it: the stable ID to highlight and the
/// name to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRef {
    pub id: ResourceId,
    pub name: String,
    /// The template's logical ID of an imported resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
}

/// One finding: the rule, the concrete message, the resources involved, the
/// documentation it rests on and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub resources: Vec<ResourceRef>,
    pub doc_url: String,
    /// What to change, in words, when the rule can say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Design patches that resolve the finding, the preferred one first; a
    /// blocked flow offers one per setting in its way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick_fixes: Vec<QuickFix>,
}

impl Finding {
    /// `E1002 error: message [name, name]`, the one-line form used in tests
    /// and the command line's text output.
    pub fn summary(&self) -> String {
        let names: Vec<&str> = self.resources.iter().map(|r| r.name.as_str()).collect();
        format!("{} {}: {} [{}]", self.rule, self.severity, self.message, names.join(", "))
    }

    /// Adds a quick fix, for chaining after [`crate::rules::Sink::report`].
    pub fn quick_fix(&mut self, fix: QuickFix) -> &mut Self {
        self.quick_fixes.push(fix);
        self
    }
}
