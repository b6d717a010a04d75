//! Comments on a design: threads anchored to a resource (by its stable ID,
//! so the anchor survives renames and moves) or to a point of the canvas,
//! each a first comment with replies, resolved and reopened as a whole.
//!
//! The server stores them and the browser shows them; what both must agree
//! on lives here: the shapes exchanged as JSON, the limits of a comment's
//! text and of an anchor, and when a thread is outdated (its resource is no
//! longer in the design).

use crate::model::{Design, ResourceId};
use serde::{Deserialize, Serialize};

/// The longest comment, in characters.
pub const MAX_BODY_CHARS: usize = 4000;
/// How far from the origin a point anchor may be, in canvas units (in
/// either direction): far beyond any drawing, and a bound for the database.
pub const MAX_COORDINATE: f64 = 1_000_000.0;

/// What a thread is attached to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Anchor {
    /// A resource, by its stable ID: `{"resource": "fn-1"}`.
    Resource { resource: ResourceId },
    /// A point of the canvas, in canvas coordinates: `{"x": 10, "y": 20}`.
    Point { x: f64, y: f64 },
}

impl Anchor {
    /// Builds an anchor from the parts a request may carry: a resource ID,
    /// or both coordinates of a point, never both kinds nor neither.
    pub fn from_parts(
        resource: Option<&str>,
        x: Option<f64>,
        y: Option<f64>,
    ) -> Result<Self, String> {
        match (resource, x, y) {
            (Some(id), None, None) => {
                let id = id.trim();
                if id.is_empty() || id.len() > 200 {
                    return Err("the anchor's resource ID must be 1 to 200 characters".into());
                }
                Ok(Self::Resource { resource: ResourceId::new(id) })
            }
            (None, Some(x), Some(y)) => {
                let inside = |v: f64| v.is_finite() && v.abs() <= MAX_COORDINATE;
                if !(inside(x) && inside(y)) {
                    return Err(format!(
                        "the anchor's point must have finite coordinates within ±{MAX_COORDINATE}"
                    ));
                }
                Ok(Self::Point { x, y })
            }
            (None, None, None) => {
                Err("a new thread needs an anchor: a resource or a point (x and y)".into())
            }
            (Some(_), _, _) => Err("an anchor is a resource or a point (x and y), not both".into()),
            (None, _, _) => Err("a point anchor needs both x and y".into()),
        }
    }

    /// The anchored resource, if the anchor is one.
    pub fn resource(&self) -> Option<&ResourceId> {
        match self {
            Self::Resource { resource } => Some(resource),
            Self::Point { .. } => None,
        }
    }
}

/// A comment's text, checked: not blank and at most [`MAX_BODY_CHARS`]
/// characters. Surrounding blank lines and spaces are dropped.
pub fn check_body(body: &str) -> Result<String, String> {
    let body = body.trim();
    if body.is_empty() {
        return Err("a comment cannot be empty".into());
    }
    let chars = body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(format!(
            "a comment has at most {MAX_BODY_CHARS} characters; this one has {chars}"
        ));
    }
    Ok(body.to_owned())
}

/// One comment of a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    /// Who wrote it (their email).
    pub author: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A thread: the first comment (whose ID is the thread's), its anchor,
/// whether it is resolved, and the replies, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    pub id: String,
    pub anchor: Anchor,
    pub resolved: bool,
    /// Who resolved it and when, while it is resolved.
    #[serde(default)]
    pub resolved_by: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    /// The first comment, then the replies.
    pub comments: Vec<Comment>,
}

impl Thread {
    /// True when the thread's resource is no longer in the design: the
    /// thread stays, marked outdated, and shows again if the resource
    /// comes back (an undo).
    pub fn outdated(&self, design: &Design) -> bool {
        self.anchor.resource().is_some_and(|id| design.resource(id).is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_anchor_is_a_resource_or_a_point() {
        assert_eq!(
            Anchor::from_parts(Some(" fn-1 "), None, None),
            Ok(Anchor::Resource { resource: "fn-1".into() })
        );
        assert_eq!(
            Anchor::from_parts(None, Some(1.5), Some(-2.0)),
            Ok(Anchor::Point { x: 1.5, y: -2.0 })
        );
        assert!(Anchor::from_parts(None, None, None).unwrap_err().contains("needs an anchor"));
        assert!(Anchor::from_parts(Some("a"), Some(1.0), None).unwrap_err().contains("not both"));
        assert!(Anchor::from_parts(None, Some(1.0), None).unwrap_err().contains("both x and y"));
        assert!(Anchor::from_parts(Some(""), None, None).is_err());
        assert!(Anchor::from_parts(None, Some(f64::NAN), Some(0.0)).is_err());
        assert!(Anchor::from_parts(None, Some(0.0), Some(2e6)).is_err());
    }

    #[test]
    fn anchors_are_plain_json() {
        let resource = Anchor::Resource { resource: "fn-1".into() };
        assert_eq!(serde_json::to_value(&resource).unwrap(), json!({ "resource": "fn-1" }));
        let point: Anchor = serde_json::from_value(json!({ "x": 3, "y": 4.5 })).unwrap();
        assert_eq!(point, Anchor::Point { x: 3.0, y: 4.5 });
    }

    #[test]
    fn a_body_is_neither_blank_nor_too_long() {
        assert_eq!(check_body("  looks good\n"), Ok("looks good".into()));
        assert!(check_body(" \n\t").is_err());
        assert!(check_body(&"é".repeat(MAX_BODY_CHARS)).is_ok());
        let long = check_body(&"x".repeat(MAX_BODY_CHARS + 1)).unwrap_err();
        assert!(long.contains("4001"), "{long}");
    }

    #[test]
    fn a_thread_on_a_removed_resource_is_outdated() {
        let design: Design = crate::parse_design(
            r#"{"schema_version": 2, "name": "d", "resources": [
                {"id": "vpc-1", "name": "main", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"]}]}"#,
        )
        .unwrap();
        let thread = |anchor| Thread {
            id: "t".into(),
            anchor,
            resolved: false,
            resolved_by: None,
            resolved_at: None,
            comments: Vec::new(),
        };
        assert!(!thread(Anchor::Resource { resource: "vpc-1".into() }).outdated(&design));
        assert!(thread(Anchor::Resource { resource: "vpc-2".into() }).outdated(&design));
        assert!(!thread(Anchor::Point { x: 0.0, y: 0.0 }).outdated(&design));
    }
}
