//! `/api/session` and `/api/setup`: who is signed in, signing in and out,
//! and creating the first account (the administrator) on an empty server.
//! Bodies holding a password are parsed with a fixed error message, so that
//! no part of them is ever echoed back.

use crate::AppState;
use crate::auth::{self, Caller, password, secret};
use crate::db::people::{CreateUserError, User, normalize_email};
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", get(current).post(sign_in).delete(sign_out))
        .route("/setup", post(setup))
}

/// An email and a password.
#[derive(Deserialize)]
pub(super) struct Login {
    pub email: String,
    pub password: String,
}

/// Parses a body that holds a secret; the error never quotes the body.
pub(super) async fn secret_body<T: DeserializeOwned>(
    request: Request,
    state: &AppState,
    shape: &str,
) -> Result<T, ApiError> {
    let bytes = super::body::read(request, state).await?;
    serde_json::from_slice(&bytes)
        .map_err(|_| ApiError::BadRequest(format!("the body must be a JSON object {shape}")))
}

/// A plausible email: something@something, no spaces, a sane length.
pub(super) fn check_email(email: &str) -> Result<String, ApiError> {
    let email = normalize_email(email);
    let plausible = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
    if plausible {
        Ok(email)
    } else {
        Err(ApiError::BadRequest("the email is not an email address".into()))
    }
}

#[utoipa::path(get, path = "/api/session", tag = "session",
    responses((status = 200, description = "The signed-in account (null when none) and whether the server still needs its first account", body = super::openapi::SessionInfo), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn current(
    State(state): State<AppState>,
    caller: Option<Caller>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let setup_required = state.db.count_users().await? == 0;
    Ok(Json(session_json(&state, caller.map(|c| c.user), setup_required)))
}

impl axum::extract::OptionalFromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match <Caller as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            parts, state,
        )
        .await
        {
            Ok(caller) => Ok(Some(caller)),
            Err(ApiError::Unauthorized(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[utoipa::path(post, path = "/api/session", tag = "session",
    request_body(content = super::openapi::LoginRequest, content_type = "application/json"),
    responses((status = 200, description = "Signed in: a new session cookie", body = super::openapi::SessionInfo), (status = "4XX", description = "A client error (401 invalid_credentials whether or not the account exists; 429 after too many failures)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn sign_in(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let headers = request.headers().clone();
    auth::require_origin(&headers)?;
    let login: Login =
        secret_body(request, &state, r#"{"email": "...", "password": "..."}"#).await?;
    let key = normalize_email(&login.email);
    state
        .sign_in_limit
        .check(&key)
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
    let credentials = state.db.credentials(&key).await?;
    // An account made by signing in with the identity provider has no
    // password; it is checked like a missing account, taking as long.
    let stored =
        credentials.as_ref().map(|c| c.password_hash.clone()).filter(|hash| !hash.is_empty());
    let Login { password, .. } = login;
    let matches = state.workers.run(move || password::verify(&password, stored.as_deref())).await?;
    let user = match credentials {
        Some(credentials) if matches => credentials.user,
        _ => {
            state.sign_in_limit.failed(&key);
            tracing::info!("a sign-in failed");
            return Err(ApiError::InvalidCredentials);
        }
    };
    state.sign_in_limit.succeeded(&key);
    start_session(&state, user, &headers, StatusCode::OK).await
}

/// Ends any session the request carries and starts a new one for `user`
/// with a new ID (never one the client chose).
async fn start_session(
    state: &AppState,
    user: User,
    headers: &HeaderMap,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let cookie = new_session(state, &user, headers).await?;
    let mut response = (status, Json(session_json(state, Some(user), false))).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Ends any session the request carries, stores a new one for `user` and
/// returns the `Set-Cookie` value that hands its ID to the browser.
pub(super) async fn new_session(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
) -> Result<HeaderValue, ApiError> {
    if let Some(old) = auth::session_id(headers) {
        state.db.delete_session(&secret::hash(old)).await?;
    }
    let id = secret::generate("");
    let expires = chrono::Utc::now()
        + chrono::Duration::from_std(auth::SESSION_TTL).map_err(anyhow::Error::from)?;
    state.db.create_session(&secret::hash(&id), &user.id, &crate::db::at(expires)).await?;
    tracing::info!(user = %user.id, "signed in");
    Ok(auth::session_cookie(Some(&id), headers))
}

/// The body of `GET /api/session`: the account, whether the server needs
/// its first one, and the identity provider to sign in with (null when
/// none is configured).
fn session_json(state: &AppState, user: Option<User>, setup_required: bool) -> serde_json::Value {
    let oidc = state.oidc.as_ref().map(|oidc| json!({ "name": oidc.display_name() }));
    json!({ "user": user, "setup_required": setup_required, "oidc": oidc })
}

#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Signed out: the session ended and its cookie cleared"), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(id) = auth::session_id(&headers) {
        auth::require_origin(&headers)?;
        state.db.delete_session(&secret::hash(id)).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, auth::session_cookie(None, &headers));
    Ok(response)
}

#[utoipa::path(post, path = "/api/setup", tag = "session",
    request_body(content = super::openapi::LoginRequest, content_type = "application/json"),
    responses((status = 201, description = "The first account, the server's administrator, signed in", body = super::openapi::SessionInfo), (status = "4XX", description = "A client error (409 once the server has an account)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn setup(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let headers = request.headers().clone();
    auth::require_origin(&headers)?;
    let login: Login =
        secret_body(request, &state, r#"{"email": "...", "password": "..."}"#).await?;
    let email = check_email(&login.email)?;
    password::check_new(&login.password).map_err(ApiError::BadRequest)?;
    if state.db.count_users().await? > 0 {
        return Err(already_set_up());
    }
    let Login { password, .. } = login;
    let hash = state.workers.run(move || password::hash(&password)).await??;
    let user = state.db.create_user(&email, &hash, true, true).await.map_err(|e| match e {
        CreateUserError::NotEmpty | CreateUserError::Exists => already_set_up(),
        CreateUserError::Db(e) => e.into(),
    })?;
    tracing::info!(user = %user.id, "the first account (administrator) was created");
    start_session(&state, user, &headers, StatusCode::CREATED).await
}

fn already_set_up() -> ApiError {
    ApiError::Conflict("the server already has an administrator: sign in".into())
}
