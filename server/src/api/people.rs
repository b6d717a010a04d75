//! `/api/users` (accounts, for administrators) and `/api/tokens` (each
//! person's access tokens for the CLI and CI). A token is shown once, when
//! it is made; the server keeps only its hash.

use super::body::JsonBody;
use super::session::{Login, check_email, secret_body};
use crate::AppState;
use crate::auth::{Caller, password, secret};
use crate::db::people::CreateUserError;
use crate::error::ApiError;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", axum::routing::post(create_user))
        .route("/tokens", get(list_tokens).post(create_token))
        .route("/tokens/{id}", delete(delete_token))
}

#[utoipa::path(post, path = "/api/users", tag = "people",
    request_body(content = super::openapi::LoginRequest, content_type = "application/json"),
    responses((status = 201, description = "The new account (administrators only)", body = super::openapi::UserJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    request: Request,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if !caller.user.admin {
        return Err(ApiError::Forbidden("only an administrator adds accounts".into()));
    }
    let login: Login =
        secret_body(request, &state, r#"{"email": "...", "password": "..."}"#).await?;
    let email = check_email(&login.email)?;
    password::check_new(&login.password).map_err(ApiError::BadRequest)?;
    let Login { password, .. } = login;
    let hash = state.workers.run(move || password::hash(&password)).await??;
    let user = state.db.create_user(&email, &hash, false, false).await.map_err(|e| match e {
        CreateUserError::Exists | CreateUserError::NotEmpty => {
            ApiError::Conflict(format!("an account for {email} exists"))
        }
        CreateUserError::Db(e) => e.into(),
    })?;
    tracing::info!(user = %user.id, by = %caller.user.id, "account created");
    Ok((StatusCode::CREATED, Json(json!(user))))
}

#[utoipa::path(get, path = "/api/tokens", tag = "people",
    responses((status = 200, description = "The caller's access tokens (never the tokens themselves)", body = Vec<super::openapi::TokenJson>), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.db.tokens(&caller.user.id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewToken {
    name: String,
}

#[utoipa::path(post, path = "/api/tokens", tag = "people",
    request_body(content = super::openapi::NewTokenRequest, content_type = "application/json"),
    responses((status = 201, description = "The new token, shown this once", body = super::openapi::NewTokenJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(request): JsonBody<NewToken>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let name = request.name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(ApiError::BadRequest("a token needs a name of 1 to 100 characters".into()));
    }
    let (id, token) = issue_token(&state.db, &caller.user.id, name).await?;
    tracing::info!(token = %id, user = %caller.user.id, "access token created");
    Ok((StatusCode::CREATED, Json(json!({ "id": id, "name": name, "token": token }))))
}

/// Makes and stores a new access token: its ID and the token.
pub async fn issue_token(
    db: &crate::Db,
    user: &str,
    name: &str,
) -> Result<(String, String), sqlx::Error> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let token = secret::generate(secret::TOKEN_PREFIX);
    db.create_token(&id, &secret::hash(&token), user, name).await?;
    Ok((id, token))
}

#[utoipa::path(delete, path = "/api/tokens/{id}", tag = "people",
    params(("id" = String, Path, description = "The token's ID")),
    responses((status = 204, description = "Revoked"), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn delete_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if state.db.delete_token(&caller.user.id, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no token {id:?}")))
    }
}
