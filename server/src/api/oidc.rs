//! `/api/auth/oidc/start` and `/api/auth/oidc/callback`: signing in with
//! the company's identity provider (`auth/oidc.rs` talks to it).
//!
//! Both are browser navigations, not API calls: they answer with
//! redirects. The start stores the sign-in's state, nonce and PKCE
//! verifier (`db/oidc.rs`) under a random ID that the browser keeps in its
//! own short-lived cookie, `vpcraft_oidc`. That cookie is `SameSite=Lax`,
//! unlike the session's `Strict` one, because the provider sends the
//! browser back with a cross-site navigation, which carries only Lax
//! cookies; it holds nothing but the ID, is limited to these two paths and
//! is cleared by the callback, which uses the stored sign-in once.
//!
//! A sign-in that fails for any reason lands on the sign-in page at
//! `/?oidc_error=CODE` (one of [`OidcError::code`]), which the app shows
//! as one sentence; the cause is only logged.

use crate::AppState;
use crate::auth::oidc::{LOGIN_TTL, OidcError, state_matches};
use crate::auth::secret;
use crate::db::oidc::LinkError;
use crate::error::ApiError;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

/// The flow cookie's name.
pub const FLOW_COOKIE: &str = "vpcraft_oidc";
/// The paths the flow cookie is sent to.
const FLOW_PATH: &str = "/api/auth/oidc";

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/oidc/start", get(start)).route("/auth/oidc/callback", get(callback))
}

/// Sends the browser to the identity provider.
async fn start(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let oidc = state.oidc.clone().ok_or_else(not_configured)?;
    let begun = match oidc.begin().await {
        Ok(begun) => begun,
        Err(e) => return Ok(failed(&e)),
    };
    let id = secret::generate("");
    let expires =
        chrono::Utc::now() + chrono::Duration::from_std(LOGIN_TTL).map_err(anyhow::Error::from)?;
    let stored = state
        .db
        .create_oidc_login(
            &secret::hash(&id),
            &begun.pending,
            &crate::db::at(expires),
            oidc.max_pending(),
        )
        .await?;
    if !stored {
        return Ok(failed(&OidcError::Busy));
    }
    let mut response = redirect(&begun.url);
    response.headers_mut().append(header::SET_COOKIE, flow_cookie(Some(&id), &headers));
    Ok(response)
}

/// What the provider sends the browser back with.
#[derive(Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Checks the provider's answer and signs the person in.
async fn callback(
    State(state): State<AppState>,
    Query(query): Query<Callback>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let oidc = state.oidc.clone().ok_or_else(not_configured)?;
    // The stored sign-in is taken (and so used up) whatever the outcome.
    let pending = match flow_id(&headers) {
        Some(id) => state.db.take_oidc_login(&secret::hash(id)).await?,
        None => None,
    };
    let outcome = async {
        if let Some(error) = query.error {
            return Err(match error.as_str() {
                "access_denied" => OidcError::Denied,
                _ => OidcError::Refused(error.chars().take(64).collect()),
            });
        }
        let pending = pending.ok_or(OidcError::State(
            "no sign-in of this browser is in progress (expired, used or never begun)",
        ))?;
        let received = query.state.as_deref().unwrap_or_default();
        if !state_matches(received, &pending.state) {
            return Err(OidcError::State("the callback's state is not the one sent"));
        }
        let code = query.code.ok_or(OidcError::Refused("the callback has no code".into()))?;
        let identity = oidc.finish(code, pending).await?;
        oidc.check_domain(&identity)?;
        state.db.oidc_user(&identity).await.map_err(|e| match e {
            LinkError::UnverifiedEmail => OidcError::UnverifiedEmail,
            LinkError::Db(e) => OidcError::Internal(e.to_string()),
        })
    }
    .await;
    let mut response = match outcome {
        Ok(user) => {
            let cookie = super::session::new_session(&state, &user, &headers).await?;
            let mut response = redirect("/");
            response.headers_mut().append(header::SET_COOKIE, cookie);
            response
        }
        Err(e) => failed(&e),
    };
    response.headers_mut().append(header::SET_COOKIE, flow_cookie(None, &headers));
    Ok(response)
}

fn not_configured() -> ApiError {
    ApiError::NotFound("sign-in with an identity provider is not configured on this server".into())
}

/// Logs why a sign-in failed and sends the browser to the sign-in page
/// with the error's code.
fn failed(error: &OidcError) -> Response {
    match error {
        OidcError::Internal(_) | OidcError::Unreachable(_) | OidcError::Busy => {
            tracing::warn!("a sign-in with the identity provider failed: {error}");
        }
        _ => tracing::info!("a sign-in with the identity provider failed: {error}"),
    }
    redirect(&format!("/?oidc_error={}", error.code()))
}

/// A `303 See Other` to `location`, never cached.
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The flow cookie's ID in the request.
fn flow_id(headers: &HeaderMap) -> Option<&str> {
    crate::auth::cookie(headers, FLOW_COOKIE)
}

/// The `Set-Cookie` value of the flow cookie (or, with `None`, clearing
/// it): HttpOnly, SameSite=Lax, sent only to `/api/auth/oidc`, for as long
/// as a sign-in may take; `Secure` behind an HTTPS proxy.
fn flow_cookie(id: Option<&str>, headers: &HeaderMap) -> HeaderValue {
    crate::auth::set_cookie(FLOW_COOKIE, FLOW_PATH, "Lax", id.map(|id| (id, LOGIN_TTL)), headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_cookie_is_lax_and_limited_to_the_oidc_paths() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            flow_cookie(Some("abc"), &headers),
            "vpcraft_oidc=abc; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600"
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(
            flow_cookie(None, &headers),
            "vpcraft_oidc=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
        );
        headers
            .insert(header::COOKIE, HeaderValue::from_static("vpcraft_session=x; vpcraft_oidc=f"));
        assert_eq!(flow_id(&headers), Some("f"));
    }
}
