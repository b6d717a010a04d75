//! Sign-in with the company's identity provider through OpenID Connect:
//! the authorization-code flow with PKCE, state and nonce, on the
//! `openidconnect` crate. [`Oidc`] holds the configuration and the
//! provider's discovered metadata (endpoints and signing keys); it
//! discovers at start and again when a sign-in begins while the provider
//! was unreachable or its metadata is older than [`REDISCOVER_AFTER`] (so a
//! rotated signing key is picked up). `api/oidc.rs` is the HTTP side.
//!
//! Everything that fails here is an [`OidcError`]: a short code the
//! sign-in page turns into one sentence, and a cause that is only logged.

use crate::db::oidc::{Identity, PendingLogin};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreErrorResponseType, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, StandardErrorResponse, TokenResponse, reqwest,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long a sign-in may take at the provider before its state expires.
pub const LOGIN_TTL: Duration = Duration::from_secs(10 * 60);
/// How old discovered metadata may be before a sign-in discovers again.
pub const REDISCOVER_AFTER: Duration = Duration::from_secs(15 * 60);
/// How many sign-ins may be under way at the provider at once (started and
/// neither called back nor expired) unless configured otherwise; past it a
/// new sign-in is refused with [`OidcError::Busy`] until some finish or
/// expire, so that a flood of starts cannot grow the table without bound.
pub const MAX_PENDING_LOGINS: usize = 1_000;
/// How long the server waits for the provider on each request.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The client as discovery makes it: the authorization endpoint set, the
/// token and user-info endpoints as the provider's metadata has them.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How the server signs in with its identity provider (`vpcraft serve
/// --oidc-*`).
#[derive(Clone)]
pub struct OidcConfig {
    /// The issuer URL, whose `/.well-known/openid-configuration` is read.
    pub issuer: String,
    pub client_id: String,
    /// The client secret (read from a file; never logged or printed).
    pub client_secret: Option<String>,
    /// Where the provider sends the browser back:
    /// `<public address>/api/auth/oidc/callback`.
    pub redirect_url: String,
    /// The provider's name on the sign-in button.
    pub display_name: String,
    /// When set, only identities whose email is of this domain (compared
    /// without case, exactly: not its subdomains) sign in
    /// (`--oidc-allowed-domain`).
    pub allowed_domain: Option<String>,
    /// How many sign-ins may be under way at once
    /// ([`MAX_PENDING_LOGINS`] by default).
    pub max_pending: usize,
}

impl OidcConfig {
    /// A configuration with no domain filter and the default cap.
    pub fn new(
        issuer: String,
        client_id: String,
        client_secret: Option<String>,
        redirect_url: String,
        display_name: String,
    ) -> Self {
        Self {
            issuer,
            client_id,
            client_secret,
            redirect_url,
            display_name,
            allowed_domain: None,
            max_pending: MAX_PENDING_LOGINS,
        }
    }
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("redirect_url", &self.redirect_url)
            .field("display_name", &self.display_name)
            .field("allowed_domain", &self.allowed_domain)
            .field("max_pending", &self.max_pending)
            .finish()
    }
}

/// Why a sign-in through the provider failed. [`OidcError::code`] is what
/// the browser is told; the cause is only logged.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// Discovery or the token request could not reach the provider.
    #[error("the identity provider cannot be reached: {0}")]
    Unreachable(String),
    /// The person declined at the provider (`error=access_denied`).
    #[error("the sign-in was cancelled at the identity provider")]
    Denied,
    /// Any other error the provider sent back to the callback.
    #[error("the identity provider refused the sign-in: {0}")]
    Refused(String),
    /// The callback's state does not match this browser's sign-in, or the
    /// sign-in expired or was already used.
    #[error("the sign-in's state does not match: {0}")]
    State(&'static str),
    /// The code exchange failed or the ID token did not verify.
    #[error("the provider's answer did not verify: {0}")]
    Token(String),
    /// The provider did not vouch for the email of an identity not linked yet.
    #[error("the provider did not vouch for the email address")]
    UnverifiedEmail,
    /// The email is not of the domain `--oidc-allowed-domain` admits (or
    /// the provider sent no email).
    #[error("the email address is not of the allowed domain")]
    Domain,
    /// Too many sign-ins are under way at once.
    #[error("too many sign-ins are in progress")]
    Busy,
    /// Storage failed.
    #[error("storage failed: {0}")]
    Internal(String),
}

impl OidcError {
    /// The stable code in the sign-in page's address (`?oidc_error=CODE`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreachable(_) => "unreachable",
            Self::Denied => "denied",
            Self::Refused(_) => "refused",
            Self::State(_) => "state",
            Self::Token(_) => "token",
            Self::UnverifiedEmail => "unverified_email",
            Self::Domain => "domain",
            Self::Busy => "busy",
            Self::Internal(_) => "internal",
        }
    }
}

/// The provider's discovered metadata as a client.
struct Discovered {
    client: Client,
    issuer: String,
    at: Instant,
}

/// The server's identity provider: configuration, HTTP client and the
/// latest discovery.
pub struct Oidc {
    config: OidcConfig,
    http: reqwest::Client,
    discovered: Mutex<Option<Arc<Discovered>>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc").field("config", &self.config).finish_non_exhaustive()
    }
}

/// Where a sign-in begins: the provider's address to send the browser to,
/// and what its callback will check.
pub struct Begun {
    pub url: String,
    pub pending: PendingLogin,
}

impl Oidc {
    /// Reads the provider's metadata. A provider that cannot be reached is
    /// logged in one sentence and tried again at the next sign-in; the
    /// server starts all the same and local sign-in goes on working.
    pub async fn start(config: OidcConfig) -> anyhow::Result<Arc<Self>> {
        RedirectUrl::new(config.redirect_url.clone()).map_err(|e| {
            anyhow::anyhow!("--oidc-redirect-url {:?} is not a URL: {e}", config.redirect_url)
        })?;
        IssuerUrl::new(config.issuer.clone())
            .map_err(|e| anyhow::anyhow!("--oidc-issuer {:?} is not a URL: {e}", config.issuer))?;
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send the
            // server to any address (server-side request forgery).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()?;
        let oidc = Arc::new(Self { config, http, discovered: Mutex::new(None) });
        match oidc.discovered().await {
            Ok(_) => tracing::info!(issuer = %oidc.config.issuer, "identity provider discovered"),
            Err(e) => tracing::warn!(
                "{e}; sign-in with {} will be tried again at the next attempt, \
                 and local sign-in works meanwhile",
                oidc.config.display_name
            ),
        }
        Ok(oidc)
    }

    /// The provider's name on the sign-in button.
    pub fn display_name(&self) -> &str {
        &self.config.display_name
    }

    /// How many sign-ins may be under way at once.
    pub fn max_pending(&self) -> usize {
        self.config.max_pending
    }

    /// Refuses an identity whose email is not of the allowed domain (when
    /// one is configured); a linked identity is checked too, so narrowing
    /// the domain later keeps others out.
    pub fn check_domain(&self, identity: &Identity) -> Result<(), OidcError> {
        match &self.config.allowed_domain {
            None => Ok(()),
            Some(domain) => match &identity.email {
                Some(email) if email_in_domain(email, domain) => Ok(()),
                _ => Err(OidcError::Domain),
            },
        }
    }

    /// The latest discovery, made again when missing or old (keeping the
    /// old one when the provider cannot be reached now).
    async fn discovered(&self) -> Result<Arc<Discovered>, OidcError> {
        let mut slot = self.discovered.lock().await;
        if let Some(current) = slot.as_ref().filter(|d| d.at.elapsed() < REDISCOVER_AFTER) {
            return Ok(current.clone());
        }
        match self.discover().await {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                *slot = Some(fresh.clone());
                Ok(fresh)
            }
            Err(e) => match slot.as_ref() {
                Some(old) => {
                    tracing::warn!("{e}; keeping the metadata read before");
                    Ok(old.clone())
                }
                None => Err(e),
            },
        }
    }

    async fn discover(&self) -> Result<Discovered, OidcError> {
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| OidcError::Unreachable(e.to_string()))?;
        let metadata =
            CoreProviderMetadata::discover_async(issuer, &self.http).await.map_err(|e| {
                OidcError::Unreachable(format!(
                    "discovery at {} failed: {}",
                    self.config.issuer,
                    error_chain(&e)
                ))
            })?;
        let redirect = RedirectUrl::new(self.config.redirect_url.clone())
            .map_err(|e| OidcError::Internal(e.to_string()))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect);
        Ok(Discovered { client, issuer: self.config.issuer.clone(), at: Instant::now() })
    }

    /// A new sign-in: the provider's authorization address (scopes openid,
    /// email and profile; a PKCE S256 challenge; a random state and nonce)
    /// and what the callback must check.
    pub async fn begin(&self) -> Result<Begun, OidcError> {
        let discovered = self.discovered().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = discovered
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Begun {
            url: url.into(),
            pending: PendingLogin {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        })
    }

    /// Exchanges the callback's code (with the PKCE verifier) and verifies
    /// the ID token: signature by the provider's published keys, issuer,
    /// audience (this client alone), expiry and the sign-in's nonce.
    pub async fn finish(&self, code: String, pending: PendingLogin) -> Result<Identity, OidcError> {
        let discovered = self.discovered().await?;
        let client = &discovered.client;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Token(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(exchange_error)?;
        let id_token = response
            .id_token()
            .ok_or_else(|| OidcError::Token("the token response has no ID token".into()))?;
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|e| OidcError::Token(format!("the ID token was refused: {e}")))?;
        Ok(Identity {
            issuer: discovered.issuer.clone(),
            subject: claims.subject().as_str().to_owned(),
            email: claims.email().map(|email| email.as_str().to_owned()),
            email_verified: claims.email_verified() == Some(true),
        })
    }
}

/// Why the code exchange failed, in words that never quote the token
/// response (which could hold a token).
fn exchange_error<RE: std::error::Error + 'static>(
    error: RequestTokenError<RE, StandardErrorResponse<CoreErrorResponseType>>,
) -> OidcError {
    match error {
        RequestTokenError::ServerResponse(response) => OidcError::Token(format!(
            "the provider refused the code exchange ({})",
            response.error().as_ref()
        )),
        RequestTokenError::Request(e) => {
            OidcError::Unreachable(format!("the code exchange failed: {}", error_chain(&e)))
        }
        RequestTokenError::Parse(_, _) => {
            OidcError::Token("the provider's token response could not be read".into())
        }
        RequestTokenError::Other(text) => OidcError::Token(text),
    }
}

/// Whether `email`'s domain (after its last `@`) is `domain`, without case;
/// a leading `@` on `domain` is allowed.
pub fn email_in_domain(email: &str, domain: &str) -> bool {
    let domain = domain.trim().trim_start_matches('@');
    match email.trim().rsplit_once('@') {
        Some((local, host)) => !local.is_empty() && host.eq_ignore_ascii_case(domain),
        None => false,
    }
}

/// An error with its sources, in one line for the log.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Compares the callback's state with the stored one without a timing
/// side channel (hashes compared, as the `openidconnect` crate advises).
pub fn state_matches(received: &str, stored: &str) -> bool {
    super::secret::hash(received) == super::secret::hash(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_secret_never_shows_in_debug_output() {
        let config = OidcConfig::new(
            "https://idp.example.com".into(),
            "vpcraft".into(),
            Some("s3cret-value".into()),
            "https://vpcraft.example.com/api/auth/oidc/callback".into(),
            "Example SSO".into(),
        );
        let text = format!("{config:?}");
        assert!(!text.contains("s3cret-value"), "{text}");
        assert!(text.contains(r#"client_secret: Some("***")"#), "{text}");
    }

    #[test]
    fn states_match_only_when_equal() {
        assert!(state_matches("abc", "abc"));
        assert!(!state_matches("abc", "abd"));
        assert!(!state_matches("", "abc"));
    }

    #[test]
    fn each_error_has_its_code() {
        assert_eq!(OidcError::Denied.code(), "denied");
        assert_eq!(OidcError::State("x").code(), "state");
        assert_eq!(OidcError::Token("x".into()).code(), "token");
        assert_eq!(OidcError::UnverifiedEmail.code(), "unverified_email");
        assert_eq!(OidcError::Unreachable("x".into()).code(), "unreachable");
        assert_eq!(OidcError::Domain.code(), "domain");
        assert_eq!(OidcError::Busy.code(), "busy");
    }

    #[test]
    fn an_email_is_in_a_domain_by_its_last_at_sign_without_case() {
        assert!(email_in_domain("ann@Example.com", "example.com"));
        assert!(email_in_domain("ann@example.com", "@EXAMPLE.COM"));
        assert!(!email_in_domain("ann@sub.example.com", "example.com"));
        assert!(!email_in_domain("ann@example.com.evil.test", "example.com"));
        assert!(!email_in_domain("example.com@evil.test", "example.com"));
        assert!(!email_in_domain("@example.com", "example.com"));
        assert!(!email_in_domain("example.com", "example.com"));
    }
}
