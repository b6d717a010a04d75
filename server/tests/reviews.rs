//! Review requests: a revision submitted to named reviewers, every reviewer
//! approving (approved), one requesting changes (changes requested), a new
//! revision after an approval (approval stale, in the design's answer, the
//! designs list and the reviews list), a re-request superseding the old
//! one, who may give a verdict, a missing revision (404) and bad bodies
//! with their messages. On SQLite and PostgreSQL; who may call what is in
//! `authz.rs`.

#[path = "common/both.rs"]
#[macro_use]
mod both;
#[path = "common/call.rs"]
mod call;
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/signed_in.rs"]
mod signed_in;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use call::call;
use serde_json::{Value, json};
use vpcraft_core::reviews::{RequestState, ReviewRequest, Verdict};
use vpcraft_server::db::Role;
use vpcraft_server::{AppState, Db, app};

const SLICE: &str = include_str!("fixtures/slice.json");

on_both_databases!(
    every_named_reviewer_approves_then_the_design_is_approved,
    one_request_for_changes_then_a_new_request_supersedes_it,
    a_new_revision_after_an_approval_makes_it_stale,
    only_a_named_reviewer_gives_a_verdict,
    a_revision_the_design_does_not_have_is_404,
    bad_bodies_are_refused_with_clear_messages,
);

/// A design owned by one account, with an editor, two reviewers (Ann and
/// Bob), a viewer and a stranger: the app as each, and the design's ID.
struct Setup {
    owner: Router,
    editor: Router,
    ann: Router,
    bob: Router,
    viewer: Router,
    stranger: Router,
    id: String,
}

async fn setup(db: Db) -> Setup {
    let (_, owner) = signed_in::account(&db, "owner@example.com").await;
    let as_ = |token: &str| signed_in::with_token(app(AppState::new(db.clone())), token);
    let owner = as_(&owner);
    let (status, created) = call(&owner, Method::POST, "/api/designs", SLICE).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["review"], "none");
    let id = created["id"].as_str().unwrap().to_owned();
    let mut members = Vec::new();
    for (who, role) in [
        ("editor", Some(Role::Editor)),
        ("ann", Some(Role::Reviewer)),
        ("bob", Some(Role::Reviewer)),
        ("viewer", Some(Role::Viewer)),
        ("stranger", None),
    ] {
        let (user, token) = signed_in::account(&db, &format!("{who}@example.com")).await;
        if let Some(role) = role {
            db.set_member(&id, &user, role).await.unwrap();
        }
        members.push(as_(&token));
    }
    let [editor, ann, bob, viewer, stranger] = members.try_into().unwrap();
    Setup { owner, editor, ann, bob, viewer, stranger, id }
}

impl Setup {
    fn reviews(&self) -> String {
        format!("/api/designs/{}/reviews", self.id)
    }

    /// Requests a review of `revision` by `reviewers` as `who`.
    async fn request(&self, who: &Router, body: Value) -> (StatusCode, Value) {
        call(who, Method::POST, &self.reviews(), body.to_string()).await
    }

    /// The owner requests a review of `revision` by `reviewers` and gets
    /// the new request.
    async fn submit(&self, revision: i64, reviewers: &[&str]) -> ReviewRequest {
        let emails: Vec<String> = reviewers.iter().map(|r| format!("{r}@example.com")).collect();
        let body = json!({ "revision": revision, "reviewers": emails, "message": "please look" });
        let (status, answer) = self.request(&self.owner, body).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        serde_json::from_value(answer).unwrap()
    }

    async fn verdict(
        &self,
        who: &Router,
        review: &str,
        verdict: &str,
        message: &str,
    ) -> (StatusCode, Value) {
        let uri = format!("{}/{review}/verdict", self.reviews());
        let body = json!({ "verdict": verdict, "message": message }).to_string();
        call(who, Method::PUT, &uri, body).await
    }

    /// Gives a verdict that must go through and returns the request.
    async fn decide(
        &self,
        who: &Router,
        review: &str,
        verdict: &str,
        message: &str,
    ) -> ReviewRequest {
        let (status, answer) = self.verdict(who, review, verdict, message).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        serde_json::from_value(answer).unwrap()
    }

    /// The design's review state as its GET answer, the designs list (as
    /// the owner) and the reviews list each give it; they must agree.
    async fn state(&self) -> String {
        let (_, design) =
            call(&self.owner, Method::GET, &format!("/api/designs/{}", self.id), Body::empty())
                .await;
        let (_, list) = call(&self.owner, Method::GET, "/api/designs", Body::empty()).await;
        let (status, reviews) =
            call(&self.viewer, Method::GET, &self.reviews(), Body::empty()).await;
        assert_eq!(status, StatusCode::OK, "{reviews}");
        assert_eq!(design["review"], list[0]["review"], "the design's answer and the list agree");
        assert_eq!(design["review"], reviews["state"], "the design's answer and its reviews agree");
        design["review"].as_str().unwrap().to_owned()
    }

    /// Saves the design again as the owner: the next revision.
    async fn save(&self, base: i64) {
        let design: Value = serde_json::from_str(SLICE).unwrap();
        let body = json!({ "base_revision": base, "design": design }).to_string();
        let (status, saved) =
            call(&self.owner, Method::PUT, &format!("/api/designs/{}", self.id), body).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["revision"], base + 1);
    }
}

/// The verdicts of a request, by reviewer.
fn verdicts(request: &ReviewRequest) -> Vec<(&str, Verdict, Option<&str>)> {
    request
        .reviewers
        .iter()
        .map(|r| (r.reviewer.as_str(), r.verdict, r.message.as_deref()))
        .collect()
}

async fn every_named_reviewer_approves_then_the_design_is_approved(db: Db) {
    let s = setup(db).await;
    assert_eq!(s.state().await, "none");
    let request = s.submit(1, &["ann", "bob"]).await;
    assert_eq!(request.revision, 1);
    assert_eq!(request.requested_by, "owner@example.com");
    assert_eq!(request.message, "please look");
    assert_eq!(request.state, RequestState::InReview);
    assert!(!request.superseded);
    assert_eq!(
        verdicts(&request),
        [("ann@example.com", Verdict::Pending, None), ("bob@example.com", Verdict::Pending, None)]
    );
    assert!(request.reviewers.iter().all(|r| r.decided_at.is_none()));
    assert_eq!(s.state().await, "in_review");

    let after_ann = s.decide(&s.ann, &request.id, "approved", "").await;
    assert_eq!(after_ann.state, RequestState::InReview, "Bob has not answered");
    assert_eq!(s.state().await, "in_review");
    let after_bob = s.decide(&s.bob, &request.id, "approved", "  looks good \n").await;
    assert_eq!(after_bob.state, RequestState::Approved);
    assert_eq!(
        verdicts(&after_bob),
        [
            ("ann@example.com", Verdict::Approved, None),
            ("bob@example.com", Verdict::Approved, Some("looks good")),
        ]
    );
    assert!(after_bob.reviewers.iter().all(|r| r.decided_at.is_some()));
    assert_eq!(s.state().await, "approved");

    let (_, reviews) = call(&s.owner, Method::GET, &s.reviews(), Body::empty()).await;
    assert_eq!(reviews["can_request"], true);
    assert_eq!(reviews["requests"].as_array().unwrap().len(), 1);
    assert_eq!(reviews["requests"][0]["state"], "approved");
    let (_, as_reviewer) = call(&s.ann, Method::GET, &s.reviews(), Body::empty()).await;
    assert_eq!(
        as_reviewer["can_request"], false,
        "reviewers answer requests, they do not make them"
    );
}

async fn one_request_for_changes_then_a_new_request_supersedes_it(db: Db) {
    let s = setup(db).await;
    let first = s.submit(1, &["ann", "bob"]).await;
    s.decide(&s.ann, &first.id, "approved", "").await;
    let changes = s.decide(&s.bob, &first.id, "changes_requested", "add a second zone").await;
    assert_eq!(changes.state, RequestState::ChangesRequested);
    assert_eq!(changes.reviewers[1].message.as_deref(), Some("add a second zone"));
    assert_eq!(s.state().await, "changes_requested");
    // Saving does not clear a request for changes: only a new request does.
    s.save(1).await;
    assert_eq!(s.state().await, "changes_requested");

    let second = s.submit(2, &["bob"]).await;
    assert_eq!(s.state().await, "in_review");
    let (_, reviews) = call(&s.owner, Method::GET, &s.reviews(), Body::empty()).await;
    let requests: Vec<ReviewRequest> = serde_json::from_value(reviews["requests"].clone()).unwrap();
    let listed: Vec<(i64, bool, RequestState)> =
        requests.iter().map(|r| (r.revision, r.superseded, r.state)).collect();
    assert_eq!(
        listed,
        [(2, false, RequestState::InReview), (1, true, RequestState::ChangesRequested)],
        "newest first, the older one superseded and kept as it was"
    );
    let (status, error) = s.verdict(&s.bob, &first.id, "approved", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(
        error["error"]["message"],
        "a newer review request replaced this one: its verdicts can no longer change"
    );
    let approved = s.decide(&s.bob, &second.id, "approved", "zones fixed").await;
    assert_eq!(approved.state, RequestState::Approved);
    assert_eq!(s.state().await, "approved");
    // A reviewer may change their mind while the request is the latest.
    let reverted = s.decide(&s.bob, &second.id, "changes_requested", "one more thing").await;
    assert_eq!(reverted.state, RequestState::ChangesRequested);
    assert_eq!(s.state().await, "changes_requested");
}

async fn a_new_revision_after_an_approval_makes_it_stale(db: Db) {
    let s = setup(db).await;
    s.save(1).await;
    // Without a revision, the request is for the latest.
    let body = json!({ "reviewers": ["ann@example.com"], "message": "" });
    let (status, request) = s.request(&s.owner, body).await;
    assert_eq!(status, StatusCode::CREATED, "{request}");
    let request: ReviewRequest = serde_json::from_value(request).unwrap();
    assert_eq!((request.revision, request.message.as_str()), (2, ""));
    s.decide(&s.ann, &request.id, "approved", "").await;
    assert_eq!(s.state().await, "approved");
    s.save(2).await;
    assert_eq!(s.state().await, "approval_stale");
    // The request itself stays approved: it is the design that moved on.
    let (_, reviews) = call(&s.owner, Method::GET, &s.reviews(), Body::empty()).await;
    assert_eq!(reviews["requests"][0]["state"], "approved");
    assert_eq!(reviews["requests"][0]["revision"], 2);
    // An approval of an older revision is stale from the start.
    let old = s.submit(1, &["ann"]).await;
    s.decide(&s.ann, &old.id, "approved", "").await;
    assert_eq!(s.state().await, "approval_stale");
    // And approving the current revision makes it fresh again.
    let current = s.submit(3, &["ann"]).await;
    s.decide(&s.ann, &current.id, "approved", "").await;
    assert_eq!(s.state().await, "approved");
}

async fn only_a_named_reviewer_gives_a_verdict(db: Db) {
    let s = setup(db).await;
    let request = s.submit(1, &["ann"]).await;
    let not_named = "you are not a named reviewer of this request";
    for who in [&s.bob, &s.editor, &s.owner] {
        let (status, error) = s.verdict(who, &request.id, "approved", "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
        assert_eq!(error["error"]["message"], not_named);
    }
    let (status, error) = s.verdict(&s.viewer, &request.id, "approved", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        error["error"]["message"],
        "reviewing needs the reviewer role; yours on this design is viewer"
    );
    let (status, _) = s.verdict(&s.stranger, &request.id, "approved", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a stranger does not see the design");
    let (status, _) = s.verdict(&s.ann, "nope", "approved", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(s.state().await, "in_review", "no refused verdict counted");
    // An editor submits too; a reviewer does not.
    let body = json!({ "revision": 1, "reviewers": ["ann@example.com"] });
    assert_eq!(s.request(&s.editor, body.clone()).await.0, StatusCode::CREATED);
    assert_eq!(s.request(&s.ann, body).await.0, StatusCode::FORBIDDEN);
}

async fn a_revision_the_design_does_not_have_is_404(db: Db) {
    let s = setup(db).await;
    let (status, error) =
        s.request(&s.owner, json!({ "revision": 2, "reviewers": ["ann@example.com"] })).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{error}");
    assert_eq!(
        error["error"]["message"],
        format!("no revision 2 of design {:?} (it may have been pruned)", s.id)
    );
    assert_eq!(s.state().await, "none");
}

async fn bad_bodies_are_refused_with_clear_messages(db: Db) {
    let s = setup(db).await;
    let cases = [
        (json!({ "revision": 1, "reviewers": [] }), "name at least one reviewer (by email)"),
        (json!({ "revision": 1, "reviewers": ["  "] }), "name at least one reviewer (by email)"),
        (
            json!({ "revision": 0, "reviewers": ["ann@example.com"] }),
            "revision 0 does not exist: revisions count from 1",
        ),
        (
            json!({ "revision": 1, "reviewers": ["nobody@example.com"] }),
            "nobody@example.com is not a member of this design",
        ),
        (
            json!({ "revision": 1, "reviewers": ["stranger@example.com"] }),
            "stranger@example.com is not a member of this design",
        ),
        (
            json!({ "revision": 1, "reviewers": ["viewer@example.com"] }),
            "viewer@example.com is a viewer of this design: reviewers need the reviewer role or above",
        ),
        (
            json!({ "revision": 1, "reviewers": ["Owner@Example.com "] }),
            "you cannot review your own request: name other members",
        ),
        (
            json!({ "revision": 1, "reviewers": ["ann@example.com"], "message": "x".repeat(2001) }),
            "the message is 2001 characters long: at most 2000",
        ),
    ];
    for (body, message) in cases {
        let (status, error) = s.request(&s.owner, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {error}");
        assert_eq!(error["error"]["message"], message, "{body}");
    }
    for body in [
        json!({ "revision": 1 }),
        json!({ "revision": "1", "reviewers": ["ann@example.com"] }),
        json!({ "revision": 1, "reviewers": "ann@example.com" }),
        json!({ "revision": 1, "reviewers": ["ann@example.com"], "due": "friday" }),
    ] {
        let (status, error) = s.request(&s.owner, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("invalid JSON body: "), "{message}");
    }

    // Repeated and differently written names are one reviewer.
    let request = s.submit(1, &["ann", "ann"]).await;
    assert_eq!(request.reviewers.len(), 1);
    let cases = [
        ("pending", "", "a verdict is \"approved\" or \"changes_requested\""),
        ("changes_requested", "   ", "say which changes you request: the message cannot be empty"),
    ];
    for (verdict, text, message) in cases {
        let (status, error) = s.verdict(&s.ann, &request.id, verdict, text).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["error"]["message"], message);
    }
    let (status, error) = s.verdict(&s.ann, &request.id, "maybe", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("unknown variant `maybe`"), "{message}");
    let (status, _) = s.verdict(&s.ann, &request.id, "approved", &"x".repeat(2001)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(s.state().await, "in_review", "no refused verdict counted");
}
