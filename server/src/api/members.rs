//! A design's people: `/api/designs/{id}/members` (the owner invites
//! accounts by email with a role) and `/api/designs/{id}/shares` (read-only
//! share links: an unguessable token shown once, revocable, with an optional
//! expiry), and `/api/shared`, which opens the design of a share link. The
//! link's token travels in the `X-Share-Token` header (the app keeps it in
//! the URL's fragment), so it never appears in a request line or a log.

use super::body::JsonBody;
use crate::AppState;
use crate::auth::share::SharedLink;
use crate::auth::{Caller, require, secret};
use crate::db::Role;
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/designs/{id}/members", get(list_members).put(set_member))
        .route("/designs/{id}/members/{user}", delete(remove_member))
        .route("/designs/{id}/shares", get(list_shares).post(create_share))
        .route("/designs/{id}/shares/{share}", delete(revoke_share))
        .route("/shared", get(open_shared))
}

#[utoipa::path(get, path = "/api/designs/{id}/members", tag = "members",
    params(("id" = String, Path, description = "The design's ID")),
    responses((status = 200, description = "The members with their roles, owners first", body = Vec<super::openapi::MemberJson>), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list_members(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require(&state, &caller, &id, Role::Viewer, "seeing the members").await?;
    Ok(Json(json!(state.db.members(&id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Invite {
    email: String,
    role: Role,
}

#[utoipa::path(put, path = "/api/designs/{id}/members", tag = "members",
    params(("id" = String, Path, description = "The design's ID")),
    request_body(content = super::openapi::InviteRequest, content_type = "application/json"),
    responses((status = 200, description = "The members after the change", body = Vec<super::openapi::MemberJson>), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn set_member(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(invite): JsonBody<Invite>,
) -> Result<Json<Value>, ApiError> {
    require(&state, &caller, &id, Role::Owner, "inviting members").await?;
    let user = state.db.user_by_email(&invite.email).await?.ok_or_else(|| {
        ApiError::NotFound(format!(
            "no account for {}: an administrator adds accounts first",
            invite.email.trim()
        ))
    })?;
    if !state.db.set_member(&id, &user.id, invite.role).await? {
        return Err(last_owner());
    }
    tracing::info!(design = %id, member = %user.id, role = invite.role.as_str(), "member set");
    Ok(Json(json!(state.db.members(&id).await?)))
}

fn last_owner() -> ApiError {
    ApiError::Conflict("a design keeps at least one owner: make someone else owner first".into())
}

#[utoipa::path(delete, path = "/api/designs/{id}/members/{user}", tag = "members",
    params(("id" = String, Path, description = "The design's ID"), ("user" = String, Path, description = "The member's account ID")),
    responses((status = 204, description = "No longer a member"), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, user)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    require(&state, &caller, &id, Role::Owner, "removing members").await?;
    match state.db.remove_member(&id, &user).await? {
        Some(true) => Ok(StatusCode::NO_CONTENT),
        Some(false) => Err(last_owner()),
        None => Err(ApiError::NotFound(format!("no member {user:?}"))),
    }
}

#[utoipa::path(get, path = "/api/designs/{id}/shares", tag = "members",
    params(("id" = String, Path, description = "The design's ID")),
    responses((status = 200, description = "The design's share links (never their tokens)", body = Vec<super::openapi::ShareJson>), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list_shares(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require(&state, &caller, &id, Role::Owner, "seeing share links").await?;
    Ok(Json(json!(state.db.shares(&id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewShare {
    /// Hours until the link stops working; never when absent.
    expires_in_hours: Option<u32>,
}

#[utoipa::path(post, path = "/api/designs/{id}/shares", tag = "members",
    params(("id" = String, Path, description = "The design's ID")),
    request_body(content = super::openapi::NewShareRequest, content_type = "application/json"),
    responses((status = 201, description = "The new link's ID, token (shown this once) and expiry", body = super::openapi::NewShareJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn create_share(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<NewShare>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    require(&state, &caller, &id, Role::Owner, "sharing a link").await?;
    let expires_at = match request.expires_in_hours {
        Some(0) => return Err(ApiError::BadRequest("expires_in_hours must be at least 1".into())),
        Some(hours) => Some(crate::db::at(
            chrono::Utc::now() + chrono::Duration::hours(i64::from(hours.min(24 * 366))),
        )),
        None => None,
    };
    let share = uuid::Uuid::new_v4().simple().to_string();
    let token = secret::generate("");
    state
        .db
        .create_share(&share, &secret::hash(&token), &id, &caller.user.id, expires_at.as_deref())
        .await?;
    tracing::info!(design = %id, share = %share, "share link created");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": share, "token": token, "expires_at": expires_at })),
    ))
}

#[utoipa::path(delete, path = "/api/designs/{id}/shares/{share}", tag = "members",
    params(("id" = String, Path, description = "The design's ID"), ("share" = String, Path, description = "The share link's ID")),
    responses((status = 204, description = "Revoked: the link no longer opens the design"), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn revoke_share(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, share)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    require(&state, &caller, &id, Role::Owner, "revoking a share link").await?;
    if state.db.revoke_share(&id, &share).await? {
        state.hub.share_revoked();
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no live share link {share:?}")))
    }
}

#[utoipa::path(get, path = "/api/shared", tag = "members",
    params(("X-Share-Token" = String, Header, description = "The share link's token")),
    responses((status = 200, description = "The shared design's latest revision, read-only", body = super::openapi::StoredDesign), (status = "4XX", description = "A client error (401 without a token, 404 for a revoked, expired or unknown link)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn open_shared(
    State(state): State<AppState>,
    link: SharedLink,
) -> Result<Json<Value>, ApiError> {
    let stored = state.db.load(&link.design, None).await?.ok_or_else(|| {
        ApiError::NotFound("this share link was revoked, has expired or never existed".into())
    })?;
    let mut value = super::designs::answer_head(&state, stored).await?;
    value["role"] = json!("shared");
    Ok(Json(value))
}
