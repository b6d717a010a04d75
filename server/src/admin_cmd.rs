//! `vpcraft admin`: accounts and access tokens made from the command line,
//! straight in the database, for scripted setups. The password is read from
//! standard input (never an argument, which other users of the machine can
//! see in the process list); the token is printed once on standard output.

use crate::Db;
use crate::auth::password;
use crate::db::people::CreateUserError;
use anyhow::{Context, bail};
use std::io::BufRead;

/// What `vpcraft admin` does.
#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Add an account; the password is the first line of standard input.
    /// The first account of a server is its administrator.
    CreateUser {
        /// The database URL (sqlite://FILE or postgres://...).
        #[arg(long, env = "VPCRAFT_DATABASE")]
        database: String,
        #[arg(long)]
        email: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
    },
    /// Make a personal access token for an account and print it (for CI:
    /// send it as `Authorization: Bearer TOKEN`).
    CreateToken {
        #[arg(long, env = "VPCRAFT_DATABASE")]
        database: String,
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

/// Runs an admin command, writing what it made to `out`.
pub async fn run(
    command: AdminCommand,
    input: &mut dyn BufRead,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateUser { database, email, admin } => {
            let mut line = String::new();
            input.read_line(&mut line).context("cannot read the password from standard input")?;
            let secret = line.trim_end_matches(['\r', '\n']);
            password::check_new(secret).map_err(anyhow::Error::msg)?;
            if !email.contains('@') {
                bail!("{email:?} is not an email address");
            }
            let hash = password::hash(secret)?;
            let db = Db::connect(&database).await?;
            let user = db.create_user(&email, &hash, admin, false).await.map_err(|e| match e {
                CreateUserError::Exists | CreateUserError::NotEmpty => {
                    anyhow::anyhow!("an account for {} exists", email.trim())
                }
                CreateUserError::Db(e) => e.into(),
            });
            db.close().await;
            let user = user?;
            let what = if user.admin { "administrator" } else { "account" };
            writeln!(out, "created {what} {} ({})", user.email, user.id)?;
        }
        AdminCommand::CreateToken { database, email, name } => {
            let db = Db::connect(&database).await?;
            let made = async {
                let user = db
                    .user_by_email(&email)
                    .await?
                    .with_context(|| format!("no account for {}", email.trim()))?;
                Ok::<_, anyhow::Error>(crate::api::issue_token(&db, &user.id, &name).await?)
            }
            .await;
            db.close().await;
            let (_, token) = made?;
            writeln!(out, "{token}")?;
        }
    }
    Ok(())
}
