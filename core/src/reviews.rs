//! Review requests: an owner or editor submits one revision of a design to
//! named reviewers, each of whom approves it or requests changes with a
//! message. The server stores them and the browser shows them; what both
//! must agree on lives here: the shapes exchanged as JSON, the limits of a
//! message, the state of one request from its verdicts
//! ([`RequestState::of`]) and the design's review state from its latest
//! request and current revision ([`ReviewState::of`]), which is how an
//! approval becomes stale when a newer revision is saved.

use serde::{Deserialize, Serialize};

/// The longest message of a request or a verdict, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// The most reviewers one request names.
pub const MAX_REVIEWERS: usize = 20;

/// One reviewer's answer to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Not answered yet.
    Pending,
    Approved,
    ChangesRequested,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            "changes_requested" => Some(Self::ChangesRequested),
            _ => None,
        }
    }
}

/// Where one request stands, from its verdicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Some reviewers have not answered and none requested changes.
    InReview,
    /// Every named reviewer approved.
    Approved,
    /// At least one reviewer requested changes (whatever the others said).
    ChangesRequested,
}

impl RequestState {
    /// The state of a request with these verdicts: changes requested when
    /// any reviewer requested them, approved when every reviewer approved
    /// (and there is at least one), in review otherwise.
    pub fn of(verdicts: impl IntoIterator<Item = Verdict>) -> Self {
        let mut any = false;
        let mut all_approved = true;
        for verdict in verdicts {
            any = true;
            match verdict {
                Verdict::ChangesRequested => return Self::ChangesRequested,
                Verdict::Pending => all_approved = false,
                Verdict::Approved => {}
            }
        }
        if any && all_approved { Self::Approved } else { Self::InReview }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "in_review" => Some(Self::InReview),
            "approved" => Some(Self::Approved),
            "changes_requested" => Some(Self::ChangesRequested),
            _ => None,
        }
    }
}

/// A design's review state, shown as a badge in the designs list and the
/// top bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// No review was ever requested.
    #[default]
    None,
    /// The latest request waits for verdicts.
    InReview,
    /// A reviewer of the latest request asked for changes.
    ChangesRequested,
    /// Every reviewer of the latest request approved, and the revision they
    /// approved is the design's current one.
    Approved,
    /// Every reviewer of the latest request approved, but the design has a
    /// newer revision than the one they approved.
    ApprovalStale,
}

impl ReviewState {
    /// The design's review state from its latest request (the revision it
    /// submitted and its state), if any, and the design's current revision.
    pub fn of(latest: Option<(i64, RequestState)>, current_revision: i64) -> Self {
        match latest {
            None => Self::None,
            Some((_, RequestState::InReview)) => Self::InReview,
            Some((_, RequestState::ChangesRequested)) => Self::ChangesRequested,
            Some((approved, RequestState::Approved)) if current_revision > approved => {
                Self::ApprovalStale
            }
            Some((_, RequestState::Approved)) => Self::Approved,
        }
    }

    /// What the badge says.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "Not reviewed",
            Self::InReview => "In review",
            Self::ChangesRequested => "Changes requested",
            Self::Approved => "Approved",
            Self::ApprovalStale => "Approval stale",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::InReview => "in_review",
            Self::ChangesRequested => "changes_requested",
            Self::Approved => "approved",
            Self::ApprovalStale => "approval_stale",
        }
    }
}

/// One named reviewer of a request and their verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerVerdict {
    /// The reviewer's email.
    pub reviewer: String,
    pub verdict: Verdict,
    /// What they said with their verdict, if anything.
    #[serde(default)]
    pub message: Option<String>,
    /// When they gave it (RFC 3339 UTC); null while pending.
    #[serde(default)]
    pub decided_at: Option<String>,
}

/// A request to review one revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRequest {
    pub id: String,
    /// The revision submitted.
    pub revision: i64,
    /// The email of who asked (or "a former member").
    pub requested_by: String,
    /// What the author asks the reviewers to look at; may be empty.
    pub message: String,
    pub created_at: String,
    pub state: RequestState,
    /// True when a newer request of the design replaced this one: its
    /// verdicts are history and can no longer change.
    pub superseded: bool,
    /// The named reviewers in the order they were named.
    pub reviewers: Vec<ReviewerVerdict>,
}

/// A request's or a verdict's message, checked: at most
/// [`MAX_MESSAGE_CHARS`] characters, surrounding space dropped.
pub fn check_message(message: &str) -> Result<String, String> {
    let message = message.trim();
    let chars = message.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(format!("the message is {chars} characters long: at most {MAX_MESSAGE_CHARS}"));
    }
    Ok(message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::{Approved, ChangesRequested, Pending};

    #[test]
    fn a_request_is_approved_only_when_every_reviewer_approved() {
        assert_eq!(RequestState::of([Approved, Approved]), RequestState::Approved);
        assert_eq!(RequestState::of([Approved, Pending]), RequestState::InReview);
        assert_eq!(RequestState::of([Pending]), RequestState::InReview);
        assert_eq!(RequestState::of([]), RequestState::InReview, "nobody approved nothing");
    }

    #[test]
    fn one_request_for_changes_outweighs_every_approval() {
        assert_eq!(
            RequestState::of([Approved, ChangesRequested, Approved]),
            RequestState::ChangesRequested
        );
        assert_eq!(RequestState::of([Pending, ChangesRequested]), RequestState::ChangesRequested);
    }

    #[test]
    fn an_approval_is_stale_once_a_newer_revision_exists() {
        let approved_3 = Some((3, RequestState::Approved));
        assert_eq!(ReviewState::of(approved_3, 3), ReviewState::Approved);
        assert_eq!(ReviewState::of(approved_3, 4), ReviewState::ApprovalStale);
        assert_eq!(ReviewState::of(approved_3, 9), ReviewState::ApprovalStale);
        // Only an approval goes stale: a review in progress or a request for
        // changes stays what it is while the author saves.
        assert_eq!(ReviewState::of(Some((3, RequestState::InReview)), 5), ReviewState::InReview);
        assert_eq!(
            ReviewState::of(Some((3, RequestState::ChangesRequested)), 5),
            ReviewState::ChangesRequested
        );
        assert_eq!(ReviewState::of(None, 7), ReviewState::None);
    }

    #[test]
    fn states_read_as_json_strings() {
        assert_eq!(serde_json::to_value(ReviewState::ApprovalStale).unwrap(), "approval_stale");
        assert_eq!(serde_json::to_value(ChangesRequested).unwrap(), "changes_requested");
        for state in
            [RequestState::InReview, RequestState::Approved, RequestState::ChangesRequested]
        {
            assert_eq!(RequestState::parse(state.as_str()), Some(state));
        }
        for verdict in [Pending, Approved, ChangesRequested] {
            assert_eq!(Verdict::parse(verdict.as_str()), Some(verdict));
        }
    }

    #[test]
    fn messages_are_trimmed_and_bounded() {
        assert_eq!(check_message("  look at the NAT  \n"), Ok("look at the NAT".to_owned()));
        assert_eq!(check_message(""), Ok(String::new()));
        assert_eq!(
            check_message(&"x".repeat(2001)),
            Err("the message is 2001 characters long: at most 2000".to_owned())
        );
    }
}
