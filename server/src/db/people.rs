//! Storage of people and their access: accounts, browser sessions, personal
//! access tokens, each design's members with their role, and share links.
//! Session IDs and tokens arrive here already hashed (`auth::secret`); this
//! module never sees a secret in the clear except a password hash.

use super::{Db, now};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A person's role on one design, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the design and its comments, and follows its room live;
    /// nothing more.
    Viewer,
    /// A viewer who also comments: starts threads, replies, resolves and
    /// reopens them (`api/comments.rs`); never changes the design.
    Reviewer,
    /// Also changes the design: saves revisions and edits in its room.
    Editor,
    /// Everything, including members, share links and deleting the design.
    Owner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Editor => "editor",
            Self::Reviewer => "reviewer",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "owner" => Some(Self::Owner),
            "editor" => Some(Self::Editor),
            "reviewer" => Some(Self::Reviewer),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }
}

/// An account.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub admin: bool,
}

/// An account with its password hash, for signing in.
#[derive(Debug)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// A member of a design.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Member {
    pub user_id: String,
    pub email: String,
    pub role: Role,
}

/// A personal access token as listed (never the token itself).
#[derive(Debug, Serialize)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// A share link as listed (never its token).
#[derive(Debug, Serialize)]
pub struct ShareInfo {
    pub id: String,
    pub created_by: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Why adding an account failed.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this email exists")]
    Exists,
    #[error("the server already has accounts")]
    NotEmpty,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub(super) fn user(row: &AnyRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        admin: row.try_get::<i64, _>("is_admin")? != 0,
    })
}

/// Emails compare without case or surrounding space.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Db {
    /// How many accounts exist.
    pub async fn count_users(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await
    }

    /// Adds an account. The first account of a server is its administrator
    /// and becomes the owner of every design stored before accounts
    /// existed; with `only_first`, adding fails unless there are no
    /// accounts yet (the first-visit setup).
    pub async fn create_user(
        &self,
        email: &str,
        password_hash: &str,
        admin: bool,
        only_first: bool,
    ) -> Result<User, CreateUserError> {
        let email = normalize_email(email);
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mut tx = self.begin_write().await?;
        let existing: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut *tx).await?;
        if only_first && existing > 0 {
            return Err(CreateUserError::NotEmpty);
        }
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
            .bind(&email)
            .fetch_one(&mut *tx)
            .await?;
        if taken > 0 {
            return Err(CreateUserError::Exists);
        }
        let first = existing == 0;
        let admin = admin || first;
        let inserted = sqlx::query(
            "INSERT INTO users (id, email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&email)
        .bind(password_hash)
        .bind(i64::from(admin))
        .bind(now())
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            // A concurrent insert of the same email (or of the first account).
            return Err(match e.as_database_error().map(|d| d.is_unique_violation()) {
                Some(true) => CreateUserError::Exists,
                _ => e.into(),
            });
        }
        if first {
            let claimed = sqlx::query("INSERT INTO first_account (id, user_id) VALUES (1, $1)")
                .bind(&id)
                .execute(&mut *tx)
                .await;
            if let Err(e) = claimed {
                return Err(match e.as_database_error().map(|d| d.is_unique_violation()) {
                    Some(true) => CreateUserError::NotEmpty,
                    _ => e.into(),
                });
            }
            sqlx::query(
                "INSERT INTO design_members (design_id, user_id, role) \
                 SELECT d.id, $1, 'owner' FROM designs d \
                 WHERE NOT EXISTS (SELECT 1 FROM design_members m WHERE m.design_id = d.id)",
            )
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(User { id, email, admin })
    }

    /// An account and its password hash by email.
    pub async fn credentials(&self, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
        let row =
            sqlx::query("SELECT id, email, is_admin, password_hash FROM users WHERE email = $1")
                .bind(normalize_email(email))
                .fetch_optional(&self.pool)
                .await?;
        row.map(|row| {
            Ok(Credentials { user: user(&row)?, password_hash: row.try_get("password_hash")? })
        })
        .transpose()
    }

    /// An account by email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, sqlx::Error> {
        Ok(self.credentials(email).await?.map(|c| c.user))
    }

    /// Starts a session for `user` that ends at `expires_at`.
    pub async fn create_session(
        &self,
        id_hash: &str,
        user: &str,
        expires_at: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id_hash)
            .bind(user)
            .bind(now())
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account of a live session.
    pub async fn session_user(&self, id_hash: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.is_admin FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2",
        )
        .bind(id_hash)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user).transpose()
    }

    /// Ends a session (and every expired one).
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1 OR expires_at <= $2")
            .bind(id_hash)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a personal access token's hash.
    pub async fn create_token(
        &self,
        id: &str,
        token_hash: &str,
        user: &str,
        name: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO access_tokens (id, token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(token_hash)
        .bind(user)
        .bind(name)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The account a token belongs to, noting its use to the minute. Noting
    /// is best effort: a database that cannot write (its disk is full)
    /// still lets the token read.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.is_admin FROM access_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        if row.is_some() {
            let noted = sqlx::query(
                "UPDATE access_tokens SET last_used_at = $1 \
                 WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(now())
            .bind(token_hash)
            .bind(super::at(chrono::Utc::now() - chrono::Duration::minutes(1)))
            .execute(&self.pool)
            .await;
            if let Err(e) = noted {
                tracing::warn!(error = ?e, "cannot note a token's use");
            }
        }
        row.as_ref().map(user).transpose()
    }

    /// A user's tokens, newest first.
    pub async fn tokens(&self, user: &str) -> Result<Vec<TokenInfo>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at FROM access_tokens WHERE user_id = $1 \
             ORDER BY created_at DESC, id",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TokenInfo {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    created_at: row.try_get("created_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of a user's tokens; false when the user has no such token.
    pub async fn delete_token(&self, user: &str, id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM access_tokens WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A user's role on a design; `None` when the user is not a member or
    /// there is no such design.
    pub async fn role(&self, design: &str, user: &str) -> Result<Option<Role>, sqlx::Error> {
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM design_members WHERE design_id = $1 AND user_id = $2",
        )
        .bind(design)
        .bind(user)
        .fetch_optional(&self.pool)
        .await?;
        Ok(role.as_deref().and_then(Role::parse))
    }

    /// A design's members, owners first.
    pub async fn members(&self, design: &str) -> Result<Vec<Member>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT m.user_id, u.email, m.role FROM design_members m JOIN users u ON u.id = m.user_id \
             WHERE m.design_id = $1 ORDER BY u.email",
        )
        .bind(design)
        .fetch_all(&self.pool)
        .await?;
        let mut members = rows
            .iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(Member {
                    user_id: row.try_get("user_id")?,
                    email: row.try_get("email")?,
                    role: Role::parse(&role).unwrap_or(Role::Viewer),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        members.sort_by(|a, b| b.role.cmp(&a.role).then_with(|| a.email.cmp(&b.email)));
        Ok(members)
    }

    /// Gives `user` a role on a design (adding or changing the membership).
    /// Refuses (false) to leave a design without an owner.
    pub async fn set_member(
        &self,
        design: &str,
        user: &str,
        role: Role,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        if role != Role::Owner && self.is_last_owner(&mut tx, design, user).await? {
            return Ok(false);
        }
        sqlx::query("DELETE FROM design_members WHERE design_id = $1 AND user_id = $2")
            .bind(design)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO design_members (design_id, user_id, role) VALUES ($1, $2, $3)")
            .bind(design)
            .bind(user)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes a member; `None` when not a member, `Some(false)` when that
    /// would leave the design without an owner.
    pub async fn remove_member(
        &self,
        design: &str,
        user: &str,
    ) -> Result<Option<bool>, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        if self.is_last_owner(&mut tx, design, user).await? {
            return Ok(Some(false));
        }
        let done = sqlx::query("DELETE FROM design_members WHERE design_id = $1 AND user_id = $2")
            .bind(design)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((done.rows_affected() > 0).then_some(true))
    }

    async fn is_last_owner(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        design: &str,
        user: &str,
    ) -> Result<bool, sqlx::Error> {
        let owners: Vec<String> = sqlx::query_scalar(
            "SELECT user_id FROM design_members WHERE design_id = $1 AND role = 'owner'",
        )
        .bind(design)
        .fetch_all(&mut **tx)
        .await?;
        Ok(owners.len() == 1 && owners[0] == user)
    }

    /// Stores a share link's hash.
    pub async fn create_share(
        &self,
        id: &str,
        token_hash: &str,
        design: &str,
        by: &str,
        expires_at: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO share_links (id, token_hash, design_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(token_hash)
        .bind(design)
        .bind(by)
        .bind(now())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A design's share links, newest first.
    pub async fn shares(&self, design: &str) -> Result<Vec<ShareInfo>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT s.id, u.email, s.created_at, s.expires_at, s.revoked_at FROM share_links s \
             JOIN users u ON u.id = s.created_by WHERE s.design_id = $1 ORDER BY s.created_at DESC, s.id",
        )
        .bind(design)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ShareInfo {
                    id: row.try_get("id")?,
                    created_by: row.try_get("email")?,
                    created_at: row.try_get("created_at")?,
                    expires_at: row.try_get("expires_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes a share link of a design; false when it has no such link.
    pub async fn revoke_share(&self, design: &str, id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE share_links SET revoked_at = $1 WHERE id = $2 AND design_id = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .bind(design)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The design a live share link (not revoked, not expired) opens.
    pub async fn shared_design(&self, token_hash: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT design_id FROM share_links WHERE token_hash = $1 AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_optional(&self.pool)
        .await
    }
}
