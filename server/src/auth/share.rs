//! The holder of a share link: the [`SharedLink`] extractor that every
//! share-link route takes, so the token is read, checked and refused the
//! same way everywhere.

use super::secret;
use crate::AppState;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

/// The header that carries a share link's token.
pub const SHARE_HEADER: &str = "x-share-token";
/// The WebSocket subprotocol a browser names, followed by the share link's
/// token, to open a shared design's room: a browser cannot set headers on a
/// WebSocket, and a token in the address would end up in logs and history.
pub const SHARE_PROTOCOL: &str = "vpcraft-share";

/// A live share link and the design it opens; a handler taking one answers
/// 401 without a token and 404 for a revoked, expired or unknown link.
#[derive(Clone, Debug)]
pub struct SharedLink {
    /// The design the link opens.
    pub design: String,
    /// The hash of the link's token, as stored.
    pub token_hash: String,
}

impl FromRequestParts<AppState> for SharedLink {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = token(&parts.headers) else {
            return Err(ApiError::Unauthorized(format!(
                "send the share link's token in the X-Share-Token header (or, on a WebSocket, \
                 as the subprotocol after {SHARE_PROTOCOL})"
            )));
        };
        let token_hash = secret::hash(&token);
        match state.db.shared_design(&token_hash).await? {
            Some(design) => Ok(Self { design, token_hash }),
            None => Err(ApiError::NotFound(
                "this share link was revoked, has expired or never existed".into(),
            )),
        }
    }
}

impl SharedLink {
    /// True while the link still opens the same design.
    pub async fn is_live(&self, state: &AppState) -> bool {
        matches!(state.db.shared_design(&self.token_hash).await, Ok(Some(d)) if d == self.design)
    }
}

/// The token of a request: its header, or the subprotocol named after
/// [`SHARE_PROTOCOL`].
fn token(headers: &HeaderMap) -> Option<String> {
    if let Some(token) = headers.get(SHARE_HEADER).and_then(|v| v.to_str().ok()) {
        return Some(token.trim().to_owned()).filter(|t| !t.is_empty());
    }
    let offered = headers.get(header::SEC_WEBSOCKET_PROTOCOL)?.to_str().ok()?;
    let mut names = offered.split(',').map(str::trim);
    names.find(|n| *n == SHARE_PROTOCOL)?;
    names.next().filter(|t| !t.is_empty()).map(str::to_owned)
}
