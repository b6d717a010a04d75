//! An administrator for tests that are about something else than signing
//! in: an account with an access token, and a router that sends the token
//! with every request that carries no credentials of its own.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use vpcraft_server::Db;

/// The password of the accounts tests make.
pub const PASSWORD: &str = "a long enough password";

/// Adds an account (the administrator when it is the first) and returns
/// its ID and a new access token.
pub async fn account(db: &Db, email: &str) -> (String, String) {
    let hash = vpcraft_server::auth::password::hash(PASSWORD).unwrap();
    let user = db.create_user(email, &hash, false, false).await.unwrap();
    let (_, token) = vpcraft_server::api::issue_token(db, &user.id, "tests").await.unwrap();
    (user.id, token)
}

/// `router` acting as the holder of `token`.
pub fn with_token(router: Router, token: &str) -> Router {
    let value = HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
    router.layer(axum::middleware::map_request(move |mut request: Request<Body>| {
        let value = value.clone();
        async move {
            if !request.headers().contains_key(header::AUTHORIZATION) {
                request.headers_mut().insert(header::AUTHORIZATION, value);
            }
            request
        }
    }))
}
