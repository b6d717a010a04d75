//! Who may talk to the server: the Host a request names must be one the
//! server answers to (so a DNS-rebinding page cannot reach a server on
//! 127.0.0.1 under its own name), and a write must come from the server's
//! own origin with a body type no HTML form can send (so any other web page
//! the user visits cannot change designs).

use crate::AppState;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The host names the server answers to.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    names: Vec<String>,
}

impl Default for HostPolicy {
    /// The loopback names: a server on 127.0.0.1 is reached only as itself.
    fn default() -> Self {
        Self { names: vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()] }
    }
}

impl HostPolicy {
    /// The loopback names and `extra` (host names without a port, such as
    /// the name of the machine when the server listens on every address).
    pub fn with(extra: impl IntoIterator<Item = String>) -> Self {
        let mut policy = Self::default();
        for name in extra {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !policy.names.contains(&name) {
                policy.names.push(name);
            }
        }
        policy
    }

    /// Whether a `Host` header value (a name with an optional port) names
    /// this server.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        self.names.contains(&name)
    }

    fn listed(&self) -> String {
        self.names.join(", ")
    }
}

/// The name part of `host[:port]`, brackets kept for IPv6 literals.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// The body types a page of another site can send without asking first
/// (a CORS "simple request"): never accepted on a write.
const FORM_TYPES: &[&str] =
    &["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/// Refuses requests for another host, and writes from another origin or
/// with a form's body type, before any handler runs.
pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match verdict(&state.hosts, request.method(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

fn verdict(hosts: &HostPolicy, method: &Method, headers: &HeaderMap) -> Result<(), ApiError> {
    let host = headers.get(header::HOST).map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if let Some(host) = host
        && !hosts.allows(host)
    {
        return Err(ApiError::Forbidden(format!(
            "this server answers only to {}: start it with --allowed-host to add a name",
            hosts.listed()
        )));
    }
    if method.is_safe() {
        return Ok(());
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let authority = origin.split_once("://").map(|(_, rest)| rest);
        if host.is_none() || authority != host {
            return Err(ApiError::Forbidden(format!(
                "a write from origin {origin:?} is refused: only the server's own pages may write"
            )));
        }
    }
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        let media = content_type.to_str().unwrap_or_default();
        let media = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if FORM_TYPES.contains(&media.as_str()) {
            return Err(ApiError::UnsupportedMediaType(format!(
                "a body of type {media} is refused: send application/json (or application/yaml \
                 for a template)"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.clone(), HeaderValue::from_str(v).unwrap())).collect()
    }

    #[test]
    fn host_names_are_compared_without_the_port() {
        let policy = HostPolicy::with(["Designer.Example".to_owned()]);
        assert!(policy.allows("127.0.0.1:8080"));
        assert!(policy.allows("localhost"));
        assert!(policy.allows("[::1]:8080"));
        assert!(policy.allows("designer.example:443"));
        assert!(!policy.allows("attacker.example:8080"));
        assert!(!policy.allows("127.0.0.1.attacker.example"));
        assert!(!policy.allows("[::2]:8080"));
    }

    #[test]
    fn writes_need_the_servers_own_origin_and_no_form_body() {
        let policy = HostPolicy::default();
        let same = headers(&[
            (header::HOST, "127.0.0.1:8080"),
            (header::ORIGIN, "http://127.0.0.1:8080"),
            (header::CONTENT_TYPE, "application/json"),
        ]);
        assert!(verdict(&policy, &Method::POST, &same).is_ok());
        let cli = headers(&[(header::HOST, "127.0.0.1:8080")]);
        assert!(verdict(&policy, &Method::PUT, &cli).is_ok(), "clients without Origin may write");
        let other = headers(&[
            (header::HOST, "127.0.0.1:8080"),
            (header::ORIGIN, "https://attacker.example"),
        ]);
        assert!(matches!(verdict(&policy, &Method::DELETE, &other), Err(ApiError::Forbidden(_))));
        assert!(verdict(&policy, &Method::GET, &other).is_ok(), "reads are the browser's to guard");
        let form = headers(&[
            (header::HOST, "127.0.0.1:8080"),
            (header::CONTENT_TYPE, "text/plain;charset=UTF-8"),
        ]);
        assert!(matches!(
            verdict(&policy, &Method::POST, &form),
            Err(ApiError::UnsupportedMediaType(_))
        ));
        let rebound = headers(&[(header::HOST, "attacker.example:8080")]);
        assert!(matches!(verdict(&policy, &Method::GET, &rebound), Err(ApiError::Forbidden(_))));
    }
}
