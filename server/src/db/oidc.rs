//! Storage of sign-ins through the company's identity provider (OpenID
//! Connect): the sign-ins on their way through the provider
//! (`oidc_logins`, keyed by the hash of the browser's flow cookie, used
//! once) and the provider accounts linked to vpcraft accounts
//! (`external_identities`).

use super::people::{CreateUserError, User, normalize_email, user};
use super::{Db, now};
use sqlx::Row;

/// What the callback of a sign-in checks, kept from its start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// A person as the provider vouched for them in a verified ID token.
/// `email_verified` is true only when the token says so: a provider that
/// never sends the claim is treated as one that did not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
}

/// Why an identity could not be signed in.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Neither linked before nor carrying a verified email.
    #[error("the provider did not vouch for the email address")]
    UnverifiedEmail,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Db {
    /// Keeps a sign-in's state, nonce and PKCE verifier until `expires_at`
    /// under the hash of the browser's flow cookie, and drops expired ones.
    /// Answers false, storing nothing, when `max_pending` sign-ins are
    /// already under way.
    pub async fn create_oidc_login(
        &self,
        id_hash: &str,
        login: &PendingLogin,
        expires_at: &str,
        max_pending: usize,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1")
            .bind(now())
            .execute(&mut *tx)
            .await?;
        let pending: i64 = sqlx::query("SELECT COUNT(*) AS n FROM oidc_logins")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if usize::try_from(pending).unwrap_or(usize::MAX) >= max_pending {
            tx.commit().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO oidc_logins (id_hash, state, nonce, pkce_verifier, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(&login.state)
        .bind(&login.nonce)
        .bind(&login.pkce_verifier)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// How many sign-ins are stored (live or expired but not yet dropped).
    pub async fn count_oidc_logins(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM oidc_logins")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")
    }

    /// Takes a live sign-in by its cookie's hash: the row is deleted, so a
    /// callback can be answered once only.
    pub async fn take_oidc_login(
        &self,
        id_hash: &str,
    ) -> Result<Option<PendingLogin>, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT state, nonce, pkce_verifier FROM oidc_logins \
             WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM oidc_logins WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map(|row| {
            Ok(PendingLogin {
                state: row.try_get("state")?,
                nonce: row.try_get("nonce")?,
                pkce_verifier: row.try_get("pkce_verifier")?,
            })
        })
        .transpose()
    }

    /// The account of a provider identity: the one linked to it before;
    /// else the account with its email when the provider verified that
    /// email (now linked), or a new account with that email (the
    /// administrator when it is the server's first), whether verified or
    /// not: an unverified email never takes over an existing account, but
    /// it may start a new one. Accounts made here have no password.
    pub async fn oidc_user(&self, identity: &Identity) -> Result<User, LinkError> {
        if let Some(user) = self.linked_user(identity).await? {
            return Ok(user);
        }
        let email = match &identity.email {
            Some(email) => normalize_email(email),
            None => return Err(LinkError::UnverifiedEmail),
        };
        let existing = self.user_by_email(&email).await?;
        let user = match existing {
            Some(user) if identity.email_verified => user,
            Some(_) => return Err(LinkError::UnverifiedEmail),
            None => match self.create_user(&email, "", false, false).await {
                Ok(user) => user,
                // Another sign-in of the same person made it meanwhile.
                Err(CreateUserError::Exists) if identity.email_verified => {
                    self.user_by_email(&email).await?.ok_or(sqlx::Error::RowNotFound)?
                }
                Err(CreateUserError::Exists) => return Err(LinkError::UnverifiedEmail),
                Err(CreateUserError::NotEmpty) => return Err(sqlx::Error::RowNotFound.into()),
                Err(CreateUserError::Db(e)) => return Err(e.into()),
            },
        };
        let linked = sqlx::query(
            "INSERT INTO external_identities (issuer, subject, user_id, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&identity.issuer)
        .bind(&identity.subject)
        .bind(&user.id)
        .bind(now())
        .execute(&self.pool)
        .await;
        match linked {
            Ok(_) => Ok(user),
            // A concurrent sign-in of the same identity linked it first.
            Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => {
                self.linked_user(identity).await?.ok_or(sqlx::Error::RowNotFound.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The account linked to a provider identity.
    async fn linked_user(&self, identity: &Identity) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.is_admin FROM external_identities x \
             JOIN users u ON u.id = x.user_id WHERE x.issuer = $1 AND x.subject = $2",
        )
        .bind(&identity.issuer)
        .bind(&identity.subject)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user).transpose()
    }
}
