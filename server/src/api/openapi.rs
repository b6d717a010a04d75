//! The OpenAPI description of the whole HTTP API, generated from the
//! handlers' `#[utoipa::path]` annotations and served at
//! `GET /api/openapi.json`. The schemas here describe the JSON the handlers
//! write; `schemathesis` checks every response against them.

use super::{
    aws_import, comments, compare, designs, export, health, history, import, members, people,
    reviews, session, validate,
};
use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

/// The OpenAPI document as JSON.
pub fn document() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap_or_default()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "vpcraft",
        description = "Design, validate, export and import AWS VPC architectures. Errors of every \
                       status are `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(
        health::health,
        designs::list,
        designs::create,
        designs::read,
        designs::save,
        designs::remove,
        compare::compare,
        history::list,
        history::restore,
        validate::validate,
        export::export,
        import::import_template,
        aws_import::settings,
        aws_import::list_vpcs,
        aws_import::list_stacks,
        aws_import::start,
        aws_import::status,
        aws_import::cancel,
        aws_import::events,
        session::current,
        session::sign_in,
        session::sign_out,
        session::setup,
        people::create_user,
        people::list_tokens,
        people::create_token,
        people::delete_token,
        members::list_members,
        members::set_member,
        members::remove_member,
        members::list_shares,
        members::create_share,
        members::revoke_share,
        members::open_shared,
        comments::list,
        comments::create,
        comments::resolve,
        comments::list_shared,
        reviews::list,
        reviews::create,
        reviews::decide,
    )
)]
struct ApiDoc;

/// A design file: `schema_version`, `name`, `region`, `resources`, `flows`
/// and `layout` (see the README); older schema versions are migrated.
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)]
pub struct DesignFile(Value);

/// The changes between two revisions (see `vpcraft_core::diff::DesignDiff`):
/// `id`, `from`, `to`, `design`, `resources`, `flows`, `moved`, `fixed` and
/// `introduced`.
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)]
pub struct DesignDiffJson(Value);

/// A finding: `rule`, `severity`, `message`, `resources` and what fixes it.
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)]
pub struct FindingJson(Value);

/// Every error response.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// A stable code: `bad_request`, `not_found`, `stale_revision`, ...
    code: String,
    /// What went wrong, in a sentence.
    message: String,
    /// With `stale_revision`: the latest revision.
    latest_revision: Option<i64>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Health {
    status: String,
    version: String,
}

/// A design with its findings, as created or read.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StoredDesign {
    id: String,
    revision: i64,
    design: DesignFile,
    findings: Vec<FindingJson>,
    /// The caller's role on the design (`shared` through a share link).
    role: String,
    /// The design's review state (`none`, `in_review`,
    /// `changes_requested`, `approved`, `approval_stale`); absent through a
    /// share link.
    review: Option<String>,
    /// The last live edit the design includes: connect to the design's
    /// room with `since` set to it to continue from here.
    seq: i64,
}

/// A save: the revision it builds on and the design.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SaveRequest {
    base_revision: i64,
    design: DesignFile,
    /// What changed (at most 500 characters), shown in the history.
    message: Option<String>,
}

/// A page of a design's history.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RevisionList {
    id: String,
    /// Newest first.
    revisions: Vec<crate::db::RevisionSummary>,
    /// The `before` of the next page; null on the last.
    next_before: Option<i64>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Saved {
    id: String,
    revision: i64,
    findings: Vec<FindingJson>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Findings {
    findings: Vec<FindingJson>,
}

/// A template with the parameter values to read it with and the templates
/// of its nested stacks.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TemplateWithParameters {
    /// The template's text, YAML or JSON.
    template: String,
    parameters: Option<std::collections::HashMap<String, String>>,
    /// Child templates by the `TemplateURL` the parent writes or by file
    /// name: each nested stack they match is drawn with its resources.
    children: Option<std::collections::HashMap<String, String>>,
}

/// An imported template.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Imported {
    design: DesignFile,
    /// What could not be carried over exactly, by logical ID.
    #[schema(value_type = Vec<Object>)]
    warnings: Vec<Value>,
    /// The template's parameters with the values used.
    #[schema(value_type = Vec<Object>)]
    parameters: Vec<Value>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_described() {
        let document = super::document();
        assert!(
            document["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            document["openapi"]
        );
        let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
        assert_eq!(
            paths,
            [
                "/api/aws",
                "/api/aws/stacks",
                "/api/aws/vpcs",
                "/api/designs",
                "/api/designs/{id}",
                "/api/designs/{id}/comments",
                "/api/designs/{id}/comments/{thread}/resolved",
                "/api/designs/{id}/compare",
                "/api/designs/{id}/members",
                "/api/designs/{id}/members/{user}",
                "/api/designs/{id}/reviews",
                "/api/designs/{id}/reviews/{review}/verdict",
                "/api/designs/{id}/revisions",
                "/api/designs/{id}/revisions/{revision}/restore",
                "/api/designs/{id}/shares",
                "/api/designs/{id}/shares/{share}",
                "/api/export",
                "/api/health",
                "/api/import/aws",
                "/api/import/aws/{job}",
                "/api/import/aws/{job}/events",
                "/api/import/template",
                "/api/session",
                "/api/setup",
                "/api/shared",
                "/api/shared/comments",
                "/api/tokens",
                "/api/tokens/{id}",
                "/api/users",
                "/api/validate"
            ]
        );
        let read = &document["paths"]["/api/designs/{id}"]["get"];
        assert_eq!(
            read["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/StoredDesign"
        );
    }
}

/// An account.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UserJson {
    id: String,
    email: String,
    /// Whether the account administers the server.
    admin: bool,
}

/// Who is signed in.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SessionInfo {
    /// The signed-in account; null when none.
    user: Option<UserJson>,
    /// True while the server has no account: the first one made becomes
    /// its administrator.
    setup_required: bool,
    /// The identity provider the sign-in page offers ("Sign in with
    /// NAME", through `/api/auth/oidc/start`); null when none is
    /// configured.
    oidc: Option<ProviderJson>,
}

/// The company's identity provider (OpenID Connect).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ProviderJson {
    /// Its name on the sign-in button.
    name: String,
}

/// An email and a password.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LoginRequest {
    email: String,
    password: String,
}

/// An access token as listed.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TokenJson {
    id: String,
    name: String,
    created_at: String,
    last_used_at: Option<String>,
}

/// A new access token's name.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewTokenRequest {
    name: String,
}

/// A new access token, shown once.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewTokenJson {
    id: String,
    name: String,
    /// Send as `Authorization: Bearer TOKEN`.
    token: String,
}

/// A member of a design.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MemberJson {
    user_id: String,
    email: String,
    /// `owner`, `editor`, `reviewer` or `viewer`.
    role: String,
}

/// Who to invite and as what.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct InviteRequest {
    /// The email of an existing account.
    email: String,
    /// `owner`, `editor`, `reviewer` or `viewer`.
    role: String,
}

/// A share link as listed.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ShareJson {
    id: String,
    /// The email of who made it.
    created_by: String,
    created_at: String,
    expires_at: Option<String>,
    revoked_at: Option<String>,
}

/// A new share link's expiry.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewShareRequest {
    /// Hours until the link stops working (at least 1); never when absent.
    expires_in_hours: Option<u32>,
}

/// A new share link, its token shown once.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewShareJson {
    id: String,
    /// Send as the `X-Share-Token` header to `GET /api/shared`.
    token: String,
    expires_at: Option<String>,
}

/// What a thread is attached to: a resource by its stable ID
/// (`{"resource": "fn-1"}`) or a point of the canvas (`{"x": 10, "y": 20}`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AnchorJson {
    resource: Option<String>,
    x: Option<f64>,
    y: Option<f64>,
}

/// One comment.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CommentJson {
    id: String,
    /// The author's email.
    author: String,
    body: String,
    created_at: String,
}

/// A thread: its anchor, whether it is resolved (by whom and when), and
/// its comments, the first one's ID being the thread's, then the replies.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ThreadJson {
    id: String,
    anchor: AnchorJson,
    resolved: bool,
    resolved_by: Option<String>,
    resolved_at: Option<String>,
    comments: Vec<CommentJson>,
}

/// A design's threads, oldest first.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CommentsJson {
    threads: Vec<ThreadJson>,
    /// Whether the caller may comment, reply, resolve and reopen (owners,
    /// editors and reviewers).
    can_comment: bool,
}

/// A new thread, with `anchor`, or a reply, with `thread`; `body` is 1 to
/// 4,000 characters.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewCommentRequest {
    body: String,
    /// The thread replied to.
    thread: Option<String>,
    /// Where a new thread is attached.
    anchor: Option<AnchorJson>,
}

/// Resolve (`true`) or reopen (`false`) a thread.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ResolvedRequest {
    resolved: bool,
}

/// One named reviewer's verdict on a request.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReviewerVerdictJson {
    /// The reviewer's email.
    reviewer: String,
    /// `pending`, `approved` or `changes_requested`.
    verdict: String,
    message: Option<String>,
    /// When the verdict was given; null while pending.
    decided_at: Option<String>,
}

/// A request to review one revision of a design.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReviewRequestJson {
    id: String,
    /// The revision submitted.
    revision: i64,
    /// The email of who asked.
    requested_by: String,
    message: String,
    created_at: String,
    /// `in_review`, `approved` (by every reviewer) or `changes_requested`
    /// (by at least one).
    state: String,
    /// True when a newer request replaced this one.
    superseded: bool,
    reviewers: Vec<ReviewerVerdictJson>,
}

/// A design's review state and requests.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReviewsJson {
    /// `none`, `in_review`, `changes_requested`, `approved` or
    /// `approval_stale` (approved, but the design has a newer revision).
    state: String,
    /// Newest first.
    requests: Vec<ReviewRequestJson>,
    /// Whether the caller may request a review (owners and editors).
    can_request: bool,
}

/// A revision to review, by whom (emails of members with the reviewer role
/// or above, not the caller), and what to look at (at most 2,000
/// characters).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewReviewRequest {
    /// The revision to review; the design's latest when absent.
    revision: Option<i64>,
    reviewers: Vec<String>,
    message: Option<String>,
}

/// A named reviewer's verdict: `approved` or `changes_requested` (which
/// needs a message).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct VerdictRequest {
    verdict: String,
    message: Option<String>,
}

/// The server's AWS settings the import dialog needs.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsSettings {
    /// The region the dialog starts from.
    default_region: String,
}

/// One VPC of the account.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsVpc {
    id: String,
    /// The `Name` tag.
    name: Option<String>,
    /// The IPv4 blocks, the primary first.
    cidrs: Vec<String>,
    is_default: bool,
    /// Counts by what they count (`subnets`, `security groups`, `Lambda
    /// functions`); a count that could not be read is absent.
    counts: std::collections::HashMap<String, usize>,
}

/// The VPCs of a region.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsVpcList {
    region: String,
    vpcs: Vec<AwsVpc>,
}

/// One stack of the account.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsStack {
    name: String,
    /// `CREATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, ...
    status: String,
}

/// The stacks of a region.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsStackList {
    region: String,
    stacks: Vec<AwsStack>,
}

/// What to import, and from which region: exactly one of `vpc_ids`, `all`
/// and `stack`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsImportRequest {
    /// The server's default region when absent.
    region: Option<String>,
    vpc_ids: Option<Vec<String>>,
    all: Option<bool>,
    stack: Option<String>,
}

/// A started import job.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsJobStarted {
    id: String,
    /// The job's Server-Sent Events.
    events: String,
}

/// An import job's events so far: `progress` (`line`, `calls`), `warning`
/// (`subject`, `message`, `action`), then `done` (`design`, `name`,
/// `resources`, `warnings`) or `failed` (`message`), each with its `type`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AwsJobStatus {
    id: String,
    finished: bool,
    #[schema(value_type = Vec<Object>)]
    events: Vec<Value>,
}
