//! Who is calling: a browser session (an HttpOnly, SameSite=Strict cookie)
//! or a personal access token (`Authorization: Bearer`), resolved by the
//! [`Caller`] extractor; and what a caller may do with a design
//! ([`require`]).
//!
//! Cross-site request forgery: a write authenticated by the session cookie
//! must carry an `Origin` header, and `guard` refuses any Origin that is not
//! the server's own. Browsers send Origin on every cross-origin request and
//! on every same-origin write, so a page of another site can neither ride
//! the cookie (SameSite=Strict keeps it off cross-site requests anyway) nor
//! hide where it comes from. A double-submit token would add nothing that
//! these two do not already give, so there is none. Token-authenticated
//! requests are not forgeable by a browser and need no Origin.

pub mod limit;
pub mod oidc;
pub mod password;
pub mod secret;
pub mod share;

use crate::AppState;
use crate::db::Role;
use crate::db::people::User;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use std::time::Duration;

/// The session cookie's name.
pub const COOKIE: &str = "vpcraft_session";
/// How long a session lasts after sign-in.
pub const SESSION_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// How a caller proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
}

/// The signed-in account making a request; a handler taking a `Caller`
/// answers 401 to anyone else.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: User,
    pub via: Via,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(|| {
                    ApiError::Unauthorized("use Authorization: Bearer with an access token".into())
                })?;
            let user = state.db.token_user(&secret::hash(token)).await?.ok_or_else(|| {
                ApiError::Unauthorized("the access token is not valid (revoked or mistyped)".into())
            })?;
            return Ok(Self { user, via: Via::Token });
        }
        let id = session_id(&parts.headers)
            .ok_or_else(|| ApiError::Unauthorized("sign in first".into()))?;
        let user =
            state.db.session_user(&secret::hash(id)).await?.ok_or_else(|| {
                ApiError::Unauthorized("the session has ended: sign in again".into())
            })?;
        if !parts.method.is_safe() {
            require_origin(&parts.headers)?;
        }
        Ok(Self { user, via: Via::Session })
    }
}

/// Refuses a browser write without an `Origin` header (see the module's
/// note on forgery); `guard` has already checked any Origin present.
pub fn require_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    if headers.contains_key(header::ORIGIN) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "a write with a session cookie must carry the Origin header of the server's own page"
                .into(),
        ))
    }
}

/// The session ID in the request's cookies.
pub fn session_id(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, COOKIE)
}

/// The non-empty value of the request's cookie `name`.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value that stores a session ID (or, with `None`, clears
/// it). `Secure` when the request came through an HTTPS proxy.
pub fn session_cookie(id: Option<&str>, headers: &HeaderMap) -> HeaderValue {
    set_cookie(COOKIE, "/", "Strict", id.map(|id| (id, SESSION_TTL)), headers)
}

/// The `Set-Cookie` value of an HttpOnly cookie `name` sent to `path`: with
/// `Some((value, lifetime))` it stores the value, with `None` it clears the
/// cookie. `Secure` when the request came through an HTTPS proxy.
pub fn set_cookie(
    name: &str,
    path: &str,
    same_site: &str,
    value: Option<(&str, Duration)>,
    headers: &HeaderMap,
) -> HeaderValue {
    let secure = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let (value, max_age) = value.map_or(("", 0), |(value, ttl)| (value, ttl.as_secs()));
    let mut cookie =
        format!("{name}={value}; Path={path}; HttpOnly; SameSite={same_site}; Max-Age={max_age}");
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The caller's role on a design when it is at least `least`: a design the
/// caller is not a member of does not exist for them (404), one where the
/// role is too small is 403.
pub async fn require(
    state: &AppState,
    caller: &Caller,
    design: &str,
    least: Role,
    action: &str,
) -> Result<Role, ApiError> {
    match state.db.role(design, &caller.user.id).await? {
        None => Err(ApiError::NotFound(format!("no design {design:?}"))),
        Some(role) if role < least => Err(ApiError::Forbidden(format!(
            "{action} needs the {} role; yours on this design is {}",
            least.as_str(),
            role.as_str()
        ))),
        Some(role) => Ok(role),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_id_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; vpcraft_session=abc ; b=2"));
        assert_eq!(session_id(&headers), Some("abc"));
        headers.insert(header::COOKIE, HeaderValue::from_static("vpcraft_session="));
        assert_eq!(session_id(&headers), None);
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site_strict() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            session_cookie(Some("abc"), &headers),
            "vpcraft_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800"
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(
            session_cookie(None, &headers),
            "vpcraft_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
        );
    }
}
