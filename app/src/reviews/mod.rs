//! Review requests of the stored design: an owner or editor submits the
//! latest revision to named reviewers, each of whom approves it or requests
//! changes with a message; the design's review state shows as a badge in
//! the top bar (and in the designs list).
//!
//! [`Reviews`] is the state (part of the editor): the design's review
//! state and requests as the server last told them. They are read when a
//! design opens, when the room welcomes the tab (after a reconnect too),
//! when the panel opens and after this person's own request or verdict;
//! in between the room pushes them (`ServerMsg::Reviews`) whenever a
//! request, a verdict or a saved revision changes them, so nothing polls. Answers are read from the JSON
//! tree by hand, as the people endpoints' are (`api.rs`), to keep derived
//! deserializers out of the wasm. `panel.rs` has the top bar's button with
//! the badge and the panel.

mod panel;

pub use panel::{ReviewBadge, ReviewButton, ReviewPanel};

use crate::api::{self, ApiError};
use crate::state::Editor;
use leptos::prelude::*;
use serde_json::{Value, json};
use vpcraft_core::reviews::{RequestState, ReviewRequest, ReviewState, ReviewerVerdict, Verdict};

#[derive(Clone, Copy)]
pub struct Reviews {
    /// The design's review state.
    pub state: RwSignal<ReviewState>,
    /// Its requests, newest first.
    pub requests: RwSignal<Vec<ReviewRequest>>,
    /// Whether this person may request a review (editors and owners).
    pub can_request: RwSignal<bool>,
    /// Whether the panel is open.
    pub open: RwSignal<bool>,
    /// True while a request or a verdict is being sent.
    pub busy: RwSignal<bool>,
    /// Why the last request or verdict failed.
    pub error: RwSignal<Option<String>>,
}

impl Reviews {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(ReviewState::None),
            requests: RwSignal::new(Vec::new()),
            can_request: RwSignal::new(false),
            open: RwSignal::new(false),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Reads the reviews of the design the editor has open whenever it
    /// changes.
    pub fn follow(self, editor: Editor) {
        Effect::new(move |previous: Option<Option<String>>| {
            let id = stored_id(editor);
            if previous.as_ref() != Some(&id) {
                self.state.set(ReviewState::None);
                self.requests.set(Vec::new());
                self.can_request.set(false);
                self.error.set(None);
                self.reload(editor);
            }
            id
        });
    }

    /// The reviews as the room pushed them.
    pub fn received(self, state: ReviewState, requests: Vec<ReviewRequest>) {
        if self.state.get_untracked() != state {
            self.state.set(state);
        }
        if self.requests.with_untracked(|r| *r != requests) {
            self.requests.set(requests);
        }
    }

    /// Reads the design's reviews again (not for guests, nor for a design
    /// not stored yet), by the wasm module of the editor's panels (see
    /// `crate::lazy`).
    pub fn reload(self, editor: Editor) {
        if stored_id(editor).is_none() || editor.room.is_guest() {
            return;
        }
        crate::lazy::spawn("cannot read the reviews", move || read_reviews(self, editor));
    }

    fn read(self, editor: Editor) {
        let Some(id) = stored_id(editor) else { return };
        if editor.room.is_guest() {
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = list(&id).await;
            if stored_id(editor).as_deref() != Some(id.as_str()) {
                return;
            }
            match answer {
                Ok((state, requests, can_request)) => {
                    if self.state.get_untracked() != state {
                        self.state.set(state);
                    }
                    if self.requests.with_untracked(|r| *r != requests) {
                        self.requests.set(requests);
                    }
                    self.can_request.set(can_request);
                }
                Err(e) => web_sys::console::warn_1(
                    &format!("vpcraft: cannot read the reviews: {}", e.detail()).into(),
                ),
            }
        });
    }

    /// Opens or closes the panel (closing the other panels over the canvas).
    pub fn toggle(self, editor: Editor) {
        let open = !self.open.get_untracked();
        self.open.set(open);
        if open {
            editor.comments.open.set(false);
            editor.revisions.open.set(false);
            self.error.set(None);
            self.reload(editor);
        }
    }

    /// Submits the latest revision for review by `reviewers` (emails);
    /// true when it went through.
    pub async fn request(self, editor: Editor, reviewers: Vec<String>, message: String) -> bool {
        let Some(id) = stored_id(editor) else { return false };
        let body = json!({ "reviewers": reviewers, "message": message });
        self.send(editor, "POST", format!("/api/designs/{}/reviews", api::encode(&id)), body).await
    }

    /// This reviewer's verdict on a request; true when it went through.
    pub async fn decide(
        self,
        editor: Editor,
        review: String,
        verdict: Verdict,
        message: String,
    ) -> bool {
        let Some(id) = stored_id(editor) else { return false };
        let url =
            format!("/api/designs/{}/reviews/{}/verdict", api::encode(&id), api::encode(&review));
        let body = json!({ "verdict": verdict.as_str(), "message": message });
        self.send(editor, "PUT", url, body).await
    }

    async fn send(self, editor: Editor, method: &str, url: String, body: Value) -> bool {
        self.busy.set(true);
        let answer = api::send(method, &url, Some(body.to_string())).await;
        self.busy.set(false);
        let outcome = answer.and_then(|(status, text)| api::expect_ok(status, &text));
        match outcome {
            Ok(()) => {
                self.error.set(None);
                self.reload(editor);
                true
            }
            Err(e) => {
                self.error.set(Some(e.detail()));
                false
            }
        }
    }
}

#[wasm_split_helpers::wasm_split(panels, fallible)]
fn read_reviews(
    reviews: Reviews,
    editor: Editor,
) -> Result<(), wasm_split_helpers::SplitLoaderError> {
    reviews.read(editor);
    Ok(())
}

impl Default for Reviews {
    fn default() -> Self {
        Self::new()
    }
}

fn stored_id(editor: Editor) -> Option<String> {
    editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone()))
}

/// The design's review state, requests and whether this person may request
/// a review.
async fn list(id: &str) -> Result<(ReviewState, Vec<ReviewRequest>, bool), ApiError> {
    let (status, text) =
        api::send("GET", &format!("/api/designs/{}/reviews", api::encode(id)), None).await?;
    api::expect_ok(status, &text)?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    read_answer(&value).ok_or_else(|| ApiError::BadAnswer("not a list of reviews".into()))
}

/// The answer of `GET .../reviews`, read from its JSON tree.
fn read_answer(value: &Value) -> Option<(ReviewState, Vec<ReviewRequest>, bool)> {
    let requests =
        value["requests"].as_array()?.iter().map(read_request).collect::<Option<Vec<_>>>()?;
    Some((state_of(value["state"].as_str()?), requests, value["can_request"].as_bool()?))
}

/// A review state by its name in the API (`none` for one it does not know).
pub fn state_of(name: &str) -> ReviewState {
    [
        ReviewState::InReview,
        ReviewState::ChangesRequested,
        ReviewState::Approved,
        ReviewState::ApprovalStale,
    ]
    .into_iter()
    .find(|s| s.as_str() == name)
    .unwrap_or(ReviewState::None)
}

fn text(value: &Value, name: &str) -> Option<String> {
    value[name].as_str().map(str::to_owned)
}

fn read_request(value: &Value) -> Option<ReviewRequest> {
    Some(ReviewRequest {
        id: text(value, "id")?,
        revision: value["revision"].as_i64()?,
        requested_by: text(value, "requested_by")?,
        message: text(value, "message").unwrap_or_default(),
        created_at: text(value, "created_at")?,
        state: RequestState::parse(value["state"].as_str()?)?,
        superseded: value["superseded"].as_bool()?,
        reviewers: value["reviewers"]
            .as_array()?
            .iter()
            .map(|r| {
                Some(ReviewerVerdict {
                    reviewer: text(r, "reviewer")?,
                    verdict: Verdict::parse(r["verdict"].as_str()?)?,
                    message: text(r, "message"),
                    decided_at: text(r, "decided_at"),
                })
            })
            .collect::<Option<Vec<_>>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_answer_reads_as_requests() {
        let value: Value = serde_json::from_str(
            r#"{"state":"changes_requested","can_request":true,"requests":[{"id":"r1","revision":3,
            "requested_by":"owner@example.com","message":"zones?","created_at":"2025-01-05T10:00:00.000Z",
            "state":"changes_requested","superseded":false,"reviewers":[{"reviewer":"ann@example.com",
            "verdict":"changes_requested","message":"a second zone","decided_at":"2025-01-05T11:00:00.000Z"},
            {"reviewer":"bob@example.com","verdict":"pending","message":null,"decided_at":null}]}]}"#,
        )
        .unwrap();
        let (state, requests, can_request) = read_answer(&value).unwrap();
        assert_eq!(state, ReviewState::ChangesRequested);
        assert!(can_request);
        assert_eq!(requests[0].revision, 3);
        assert_eq!(requests[0].reviewers[0].message.as_deref(), Some("a second zone"));
        assert_eq!(requests[0].reviewers[1].verdict, Verdict::Pending);
        assert_eq!(requests[0].reviewers[1].decided_at, None);
    }

    #[test]
    fn states_read_by_name() {
        assert_eq!(state_of("approval_stale"), ReviewState::ApprovalStale);
        assert_eq!(state_of("in_review"), ReviewState::InReview);
        assert_eq!(state_of("none"), ReviewState::None);
        assert_eq!(state_of("something new"), ReviewState::None);
    }
}
