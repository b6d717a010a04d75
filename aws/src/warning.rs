//! What an import could not read or carry over, with the IAM action a
//! denied call needs.

use crate::ops::Op;
use std::fmt;

/// One thing the import left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// What was not read or not drawn: an AWS resource ID or what a call lists.
    pub subject: String,
    pub message: String,
    /// The IAM action whose call failed, when a call failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'static str>,
}

impl Warning {
    /// A resource that was read but cannot be drawn as it is.
    pub fn note(subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self { subject: subject.into(), message: message.into(), action: None }
    }

    /// A call that failed, so what it lists was not read.
    pub fn call(op: Op, denied: bool, detail: impl fmt::Display) -> Self {
        let message = if denied {
            format!("not read: access denied ({detail}); the policy needs {}", op.action())
        } else {
            format!("not read: the call failed ({detail}); it needs {}", op.action())
        };
        Self { subject: op.what().to_owned(), message, action: Some(op.action()) }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}
